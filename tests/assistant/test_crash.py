"""A real server process killed with SIGKILL: acknowledged messages and sent answers survive."""

from __future__ import annotations

import json
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

import pytest
from websockets.sync.client import connect

from tests.netguard import guarded_environment

pytestmark = pytest.mark.slow


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def server(data_dir: Path, port: int) -> Iterator[subprocess.Popen[bytes]]:
    env = {**guarded_environment(str(data_dir.parent / "network-attempts.log")), "COMPTOIR_DATA_DIR": str(data_dir)}
    process = subprocess.Popen(
        [sys.executable, "-m", "assistant.cli", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.time() + 120
        while time.time() < deadline:
            with suppress(OSError):
                if urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2).status == 200:
                    break
            assert process.poll() is None, "server exited during start-up"
            time.sleep(0.3)
        else:
            raise AssertionError("server did not become ready")
        yield process
    finally:
        if process.poll() is None:
            process.kill()
        process.wait(10)


def frames_until(ws: Any, kind: str, reply_to: str | None = None) -> list[dict[str, Any]]:
    out = []
    while True:
        frame = json.loads(ws.recv(timeout=30))
        out.append(frame)
        if frame["type"] == kind and (reply_to is None or frame.get("reply_to", frame.get("id")) == reply_to):
            return out


def test_kill_9_loses_no_acknowledged_message_and_no_sent_answer(demo_data_dir: Path) -> None:
    port = free_port()
    url = f"ws://127.0.0.1:{port}/ws/chat"
    with server(demo_data_dir, port) as process, connect(url) as ws:
        ws.send(json.dumps({"type": "hello", "session": None, "locale": "en"}))
        token = json.loads(ws.recv(timeout=30))["session"]
        ws.send(json.dumps({"type": "message", "id": "answered", "text": "a warm sleeping bag"}))
        answered = frames_until(ws, "message", "answered")[-1]
        ws.send(json.dumps({"type": "message", "id": "acked", "text": "what is the warranty on tents?"}))
        frames_until(ws, "ack", "acked")
        process.send_signal(signal.SIGKILL)
        process.wait(10)

    with server(demo_data_dir, port), connect(url) as ws:
        ws.send(json.dumps({"type": "hello", "session": token, "locale": "en"}))
        welcome = json.loads(ws.recv(timeout=30))
        history = json.loads(ws.recv(timeout=30))
        assert welcome["resumed"] is True
        assert welcome["disclosure"]
        turns = {t["shopper"]["id"]: t for t in history["turns"]}
        assert turns["answered"]["assistant"]["text"] == answered["text"]
        assert turns["acked"]["shopper"]["text"] == "what is the warranty on tents?"
        if turns["acked"]["assistant"] is None:  # killed before the answer was written: answered now
            late = frames_until(ws, "message", "acked")[-1]
            assert late["ai"] is True
            assert late["text"]
    assert not (demo_data_dir.parent / "network-attempts.log").exists(), "the server tried to reach the network"


def test_the_server_refuses_an_oversized_frame_at_the_transport(demo_data_dir: Path) -> None:
    from websockets.exceptions import ConnectionClosed

    port = free_port()
    with server(demo_data_dir, port), connect(f"ws://127.0.0.1:{port}/ws/chat") as ws:
        ws.send(json.dumps({"type": "hello", "session": None, "locale": "en"}))
        json.loads(ws.recv(timeout=30))
        ws.send(json.dumps({"type": "message", "id": "big", "text": "x" * 40_000}))
        with pytest.raises(ConnectionClosed) as closed:
            ws.recv(timeout=30)
    assert closed.value.rcvd is not None and closed.value.rcvd.code == 1009
