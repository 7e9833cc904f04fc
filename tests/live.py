"""A real ``comptoir serve`` process on loopback, for tests that need the whole server."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

import pytest

from tests.netguard import guarded_environment


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until_answers(url: str, process: subprocess.Popen[bytes], timeout: float, exited: str) -> None:
    """Until ``url`` answers 200; fails with ``exited`` if ``process`` dies first, or after ``timeout`` seconds."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        with suppress(OSError):
            if urllib.request.urlopen(url, timeout=2).status == 200:
                return
        assert process.poll() is None, exited
        time.sleep(0.1)
    raise AssertionError(f"{url} did not answer within {timeout:.0f} s")


@contextmanager
def server(
    data_dir: Path, port: int, env: dict[str, str] | None = None, output: Path | None = None
) -> Iterator[subprocess.Popen[bytes]]:
    """``comptoir serve`` on ``port`` over ``data_dir``, ready when this yields; killed when it ends.

    ``output`` receives what the process prints (its console log); by default it is discarded.
    """
    environment = {
        **guarded_environment(str(data_dir.parent / "network-attempts.log")),
        "COMPTOIR_DATA_DIR": str(data_dir),
        **(env or {}),
    }
    sink = output.open("ab") if output else subprocess.DEVNULL
    process = subprocess.Popen(
        [sys.executable, "-m", "assistant.cli", "serve", "--port", str(port)],
        env=environment,
        stdout=sink,
        stderr=sink,
    )
    try:
        wait_until_answers(f"http://127.0.0.1:{port}/healthz", process, 120, "server exited during start-up")
        yield process
    finally:
        if process.poll() is None:
            process.kill()
        process.wait(10)
        if output:
            sink.close()  # type: ignore[union-attr]


def frames_until(ws: Any, kind: str, reply_to: str | None = None) -> list[dict[str, Any]]:
    out = []
    while True:
        frame = json.loads(ws.recv(timeout=30))
        out.append(frame)
        if frame["type"] == kind and (reply_to is None or frame.get("reply_to", frame.get("id")) == reply_to):
            return out


@contextmanager
def chroma_server(path: Path, port: int) -> Iterator[str]:
    """A Chroma server (``chroma run`` from this environment) storing in ``path``; yields its URL once it answers.

    It listens on loopback only, with telemetry off; what it prints goes to ``path`` with the suffix ``.log``.
    Killed when the block ends.
    """
    url = f"http://127.0.0.1:{port}"
    environment = {
        **guarded_environment(str(path.parent / "network-attempts.log")),
        "ANONYMIZED_TELEMETRY": "False",
    }
    command = [str(Path(sys.executable).parent / "chroma"), "run", "--path", str(path)]
    with path.with_suffix(".log").open("ab") as sink:
        process = subprocess.Popen(
            [*command, "--host", "127.0.0.1", "--port", str(port)], env=environment, stdout=sink, stderr=sink
        )
        try:
            wait_until_answers(
                f"{url}/api/v2/heartbeat", process, 60, f"chroma exited during start-up; see {path.with_suffix('.log')}"
            )
            yield url
        finally:
            if process.poll() is None:
                process.kill()
            process.wait(10)


def frames_until_reply(ws: Any, client_id: str) -> list[dict[str, Any]]:
    """Frames up to the assistant's answer to ``client_id``, or up to the ``handoff`` frame that says a
    person has the conversation (a message acknowledged while queued or held gets no answer from the assistant).
    """
    out: list[dict[str, Any]] = []
    acknowledged = False
    while True:
        frame = json.loads(ws.recv(timeout=30))
        out.append(frame)
        acknowledged = acknowledged or (frame["type"] == "ack" and frame.get("id") == client_id)
        if frame["type"] in ("message", "error") and frame.get("reply_to") == client_id:
            return out
        if acknowledged and frame["type"] == "handoff":
            return out


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def staff_login(port: int, name: str, password: str) -> str:
    """A console session token, through the login form (its redirect not followed)."""
    body = urllib.parse.urlencode({"name": name, "password": password, "next": "/console"}).encode()
    opener = urllib.request.build_opener(_NoRedirect)
    with pytest.raises(urllib.error.HTTPError) as redirect:  # the redirect, not followed
        opener.open(urllib.request.Request(f"http://127.0.0.1:{port}/console/login", data=body), timeout=30)
    with redirect.value as answer:
        assert answer.code == 303, f"login answered {answer.code}"
        return str(answer.headers["set-cookie"]).split(";")[0].split("=", 1)[1]
