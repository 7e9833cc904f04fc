"""A graceful shutdown in one process: the answer in flight is sent, then every socket is told to reconnect."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from starlette.websockets import WebSocketDisconnect

from assistant.runtime import Runtime
from assistant.web.app import create_app
from assistant.web.drain import RESTART


@pytest.fixture
def client(demo_runtime: Runtime) -> Iterator[TestClient]:
    with TestClient(create_app(demo_runtime.settings, demo_runtime)) as test_client:
        yield test_client


def hello(socket: Any) -> dict[str, Any]:
    socket.send_json({"type": "hello", "session": None, "locale": "en"})
    welcome: dict[str, Any] = socket.receive_json()
    assert welcome["type"] == "welcome"
    return welcome


def begin_drain(client: TestClient) -> None:
    assert client.portal is not None
    client.portal.call(client.app.state.drain.begin)  # type: ignore[attr-defined]


def until_closed(socket: Any) -> tuple[list[dict[str, Any]], int]:
    """The frames read until the server closed the socket, and its close code."""
    frames = []
    try:
        while True:
            frames.append(socket.receive_json())
    except WebSocketDisconnect as closed:
        return frames, int(closed.code)


def test_the_answer_in_flight_is_sent_then_the_socket_closes_with_1012(client: TestClient) -> None:
    with client.websocket_connect("/ws/chat") as socket:
        hello(socket)
        socket.send_json({"type": "message", "id": "d1", "text": "a tent for two people"})
        assert socket.receive_json()["type"] == "ack"  # the message is stored: the turn is in flight
        begin_drain(client)
        frames, code = until_closed(socket)
        assert [f["type"] for f in frames if f["type"] == "message"] == ["message"]
        assert frames[-1]["type"] == "message" and frames[-1]["reply_to"] == "d1"
        assert code == RESTART


def test_an_idle_socket_is_told_to_reconnect_and_a_new_one_too(client: TestClient) -> None:
    with client.websocket_connect("/ws/chat") as idle:
        hello(idle)
        begin_drain(client)
        assert until_closed(idle)[1] == RESTART
    with client.websocket_connect("/ws/chat") as late:
        assert until_closed(late) == ([], RESTART)


def test_readyz_says_draining_while_healthz_stays_live(client: TestClient) -> None:
    assert client.get("/readyz").status_code == 200
    begin_drain(client)
    ready = client.get("/readyz")
    assert ready.status_code == 503
    assert ready.json() == {"status": "draining"}
    assert client.get("/healthz").status_code == 200
