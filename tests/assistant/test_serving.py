"""``comptoir serve`` as the on-call runs it: SIGTERM drains, ``--workers N`` shares the port and the metrics."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import pytest
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import connect

from bench.chaos import workers_of
from bench.load import stop
from tests.live import free_port, wait_until_answers
from tests.netguard import guarded_environment


def environment(tmp_path: Path, data_dir: Path, **extra: str) -> dict[str, str]:
    return {
        **guarded_environment(str(tmp_path / "network-attempts.log")),
        "COMPTOIR_DATA_DIR": str(data_dir),
        "COMPTOIR_CHAT__CONVERSATIONS_PER_MINUTE": "1000",
        **extra,
    }


def start(env: dict[str, str], port: int, *args: str, output: Path) -> subprocess.Popen[bytes]:
    with output.open("ab") as sink:
        return subprocess.Popen(
            [sys.executable, "-m", "assistant.cli", "serve", "--port", str(port), *args],
            env=env,
            stdout=sink,
            stderr=sink,
        )


@pytest.fixture
def data_dir(demo_index_dir: Path, tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(demo_index_dir / "index", target / "index")
    return target


def hello(ws: Any) -> None:
    ws.send(json.dumps({"type": "hello", "session": None, "locale": "en"}))
    assert json.loads(ws.recv(timeout=30))["type"] == "welcome"


def until_closed(ws: Any) -> tuple[list[dict[str, Any]], int | None]:
    """The frames read until the server closed the socket, and its close code."""
    frames = []
    try:
        while True:
            frames.append(json.loads(ws.recv(timeout=30)))
    except ConnectionClosed as closed:
        return frames, closed.rcvd.code if closed.rcvd is not None else None


def scrape(port: int) -> str:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=10) as response:
        return str(response.read().decode())


def total(text: str, name: str) -> float:
    return sum(float(line.rsplit(" ", 1)[1]) for line in text.splitlines() if line.startswith(name + "{"))


@pytest.mark.slow
def test_sigterm_sends_the_answer_in_flight_then_closes_with_1012_and_exits(data_dir: Path, tmp_path: Path) -> None:
    port, log = free_port(), tmp_path / "server.log"
    server = start(environment(tmp_path, data_dir), port, output=log)
    try:
        wait_until_answers(f"http://127.0.0.1:{port}/healthz", server, 120, "server exited during start-up")
        with connect(f"ws://127.0.0.1:{port}/ws/chat", open_timeout=30) as ws:
            hello(ws)
            ws.send(json.dumps({"type": "message", "id": "t1", "text": "a tent for two people"}))
            assert json.loads(ws.recv(timeout=30))["type"] == "ack"
            server.send_signal(signal.SIGTERM)
            frames, code = until_closed(ws)
        assert [f.get("reply_to") for f in frames if f["type"] == "message"] == ["t1"]
        assert code == 1012
        assert server.wait(60) in (0, -signal.SIGTERM)  # uvicorn ends by the signal it was sent, as told
        assert "draining" in log.read_text()
    finally:
        if server.poll() is None:
            server.kill()
            server.wait(10)


@pytest.mark.slow
def test_several_workers_without_redis_are_refused_with_the_setting_to_set(data_dir: Path, tmp_path: Path) -> None:
    env = environment(tmp_path, data_dir)
    env.pop("COMPTOIR_REDIS_URL", None)
    done = subprocess.run(
        [sys.executable, "-m", "assistant.cli", "serve", "--port", str(free_port()), "--workers", "2"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode != 0
    assert "COMPTOIR_REDIS_URL" in done.stderr


@pytest.mark.slow
def test_two_workers_share_the_port_and_one_scrape_counts_both(data_dir: Path, tmp_path: Path) -> None:
    redis = os.environ.get("COMPTOIR_TEST_REDIS_URL")
    if not redis:
        pytest.skip("set COMPTOIR_TEST_REDIS_URL: two workers pass hand-over events through Redis")
    port, log = free_port(), tmp_path / "server.log"
    server = start(environment(tmp_path, data_dir, COMPTOIR_REDIS_URL=redis), port, "--workers", "2", output=log)
    try:
        wait_until_answers(f"http://127.0.0.1:{port}/readyz", server, 240, "server exited during start-up")
        deadline = time.time() + 120
        while len(workers_of(server.pid)) < 2 and time.time() < deadline:
            time.sleep(0.5)
        assert len(workers_of(server.pid)) == 2
        with ExitStack() as sockets:
            for number in range(8):
                ws = sockets.enter_context(connect(f"ws://127.0.0.1:{port}/ws/chat", open_timeout=60))
                hello(ws)
                ws.send(json.dumps({"type": "message", "id": f"w{number}", "text": "a headlamp"}))
                while json.loads(ws.recv(timeout=60))["type"] != "message":
                    pass
            text = scrape(port)
            assert total(text, "comptoir_turns_total") == 8
            assert total(text, "comptoir_websocket_connections") == 8
        served_by = {
            line.split("[")[1].split("]")[0] for line in log.read_text().splitlines() if "Started server" in line
        }
        assert len(served_by) >= 2  # both workers started their server
        assert len(list((data_dir / "logs").glob("comptoir-*.log"))) >= 2  # a rotating file per worker
        victim = workers_of(server.pid)[0]
        os.kill(victim, signal.SIGKILL)
        deadline = time.time() + 180
        while time.time() < deadline and not (
            len(workers_of(server.pid)) == 2 and victim not in workers_of(server.pid)
        ):
            time.sleep(0.5)
        assert victim not in workers_of(server.pid) and len(workers_of(server.pid)) == 2  # the supervisor replaced it
        assert total(scrape(port), "comptoir_websocket_connections") == 0
    finally:
        stop(server)
