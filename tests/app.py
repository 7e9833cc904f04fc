"""The app of a runtime, for tests: through Starlette's test client, or served by uvicorn on loopback."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import uvicorn
from fastapi.testclient import TestClient

from assistant.runtime import Runtime
from assistant.web.app import create_app
from assistant.web.deps import SESSION_COOKIE


@contextmanager
def app_client(runtime: Runtime) -> Iterator[TestClient]:
    """A test client of the app built on ``runtime`` (its lifespan run)."""
    with TestClient(create_app(runtime.settings, runtime)) as client:
        yield client


def until(ws: Any, kind: str, **match: Any) -> dict[str, Any]:
    """The next frame of type ``kind`` (with the given fields) on a test client's WebSocket; those before it are
    read and dropped, up to 200."""
    for _ in range(200):
        frame = ws.receive_json()
        if frame["type"] == kind and all(frame.get(k) == v for k, v in match.items()):
            return frame
    raise AssertionError(f"no {kind} frame")


def staff_cookie(client: TestClient, name: str, password: str) -> dict[str, str]:
    """Log a member of staff in through the real form; the Cookie header of their session, for later requests
    (the client itself keeps no cookie)."""
    response = client.post("/console/login", data={"name": name, "password": password}, follow_redirects=False)
    assert response.status_code == 303, response.text
    token = response.cookies[SESSION_COOKIE]
    client.cookies.clear()
    return {"cookie": f"{SESSION_COOKIE}={token}"}


@contextmanager
def served(runtime: Runtime, **config: Any) -> Iterator[str]:
    """The app built on ``runtime`` served by uvicorn in a thread on a free loopback port; its base URL."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    settings = uvicorn.Config(
        create_app(runtime.settings, runtime), host="127.0.0.1", port=port, log_level="warning", **config
    )
    server = uvicorn.Server(settings)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.time() + 30
    while not server.started and time.time() < deadline:
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)
