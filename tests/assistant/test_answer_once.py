"""A message id is answered once: the same message sent on two sockets at the same instant gets one answer (the
other socket replays it) and one ``turn_recorded`` audit row."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from assistant.records import ConversationStore
from assistant.records.audit import AuditAction, verify
from assistant.records.tables import AuditEvent, Turn
from assistant.runtime import Runtime, build_runtime
from assistant.web.app import create_app
from tests.conftest import make_settings
from tests.databases import at_once, postgres_engines


@pytest.fixture
def runtime(demo_data_dir, embeddings, detector) -> Runtime:  # type: ignore[no-untyped-def]
    return build_runtime(make_settings(demo_data_dir), embeddings, detector)


@pytest.fixture
def client(runtime: Runtime) -> Iterator[TestClient]:
    with TestClient(create_app(runtime.settings, runtime)) as test_client:
        yield test_client


def recorded(store: ConversationStore, turn_id: str) -> list[AuditEvent]:
    """The ``turn_recorded`` rows of one turn."""
    with Session(store.engine) as session:
        rows = session.exec(select(AuditEvent).where(AuditEvent.action == AuditAction.TURN_RECORDED)).all()
    return [row for row in rows if json.loads(row.detail or "{}").get("turn") == turn_id]


def answer_of(ws: Any, client_id: str) -> dict[str, Any]:
    """The frames after a message until its answer; the answer."""
    while True:
        frame = ws.receive_json()
        if frame["type"] in ("message", "error") and frame.get("reply_to") == client_id:
            return frame


def test_one_message_sent_on_two_sockets_at_once_is_answered_once(client: TestClient, runtime: Runtime) -> None:
    with client.websocket_connect("/ws/chat") as first, client.websocket_connect("/ws/chat") as second:
        first.send_json({"type": "hello", "session": None, "locale": "en"})
        token = first.receive_json()["session"]
        second.send_json({"type": "hello", "session": token, "locale": "en"})
        assert second.receive_json()["resumed"] is True
        message = {"type": "message", "id": "race-1", "text": "a warm sleeping bag for winter"}
        first.send_json(message)
        second.send_json(message)
        answers = [answer_of(first, "race-1"), answer_of(second, "race-1")]
    assert [a["type"] for a in answers] == ["message", "message"]
    assert sorted(bool(a.get("replay")) for a in answers) == [False, True]
    assert answers[0]["text"] == answers[1]["text"] and answers[0]["turn"] == answers[1]["turn"]
    with Session(runtime.store.engine) as session:
        turns = session.exec(select(Turn).where(Turn.client_id == "race-1")).all()
    assert len(turns) == 1
    assert len(recorded(runtime.store, turns[0].id)) == 1
    assert verify(runtime.store.engine).problem is None


def test_a_turn_answered_while_another_caller_held_it_is_a_replay(runtime: Runtime) -> None:
    chat = runtime.chat
    opened = chat.open(None, "en")
    held_by_first = chat.accept(opened.conversation.id, "m1", "a headlamp for night hikes", "en").turn
    held_by_second = chat.accept(opened.conversation.id, "m1", "a headlamp for night hikes", "en")
    assert held_by_second.duplicate and held_by_second.turn.answer_frame is None  # both hold it unanswered
    first = chat.answer(held_by_first, "en")
    second = chat.answer(held_by_second.turn, "en")
    assert "replay" not in first
    assert second == {**first, "replay": True}
    assert len(recorded(runtime.store, held_by_first.id)) == 1


def test_two_processes_completing_one_turn_on_postgres_write_it_once() -> None:
    with postgres_engines(2) as (one, other):
        stores = [ConversationStore(one), ConversationStore(other)]
        stores[0].create_schema()
        opened = stores[0].open(None, "en", "disclosure")
        turn = stores[0].accept(opened.conversation.id, "m1", "a tent", "en").turn
        outcomes = at_once(
            [lambda store=store, n=n: store.complete(turn, answer_text=f"answer {n}") for n, store in enumerate(stores)]
        )
        assert sorted(outcome is None for outcome in outcomes) == [False, True]
        assert len(recorded(stores[0], turn.id)) == 1
