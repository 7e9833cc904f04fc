"""Shoppers rate the assistant's answers: stored on the turn, in the audit chain, back on a resume."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from assistant.records.audit import verify
from assistant.records.tables import Turn
from assistant.runtime import Runtime, build_runtime
from tests.app import app_client, until
from tests.conftest import make_settings


@pytest.fixture
def runtime(demo_data_dir: Any, embeddings: Any, detector: Any) -> Runtime:
    return build_runtime(make_settings(demo_data_dir), embeddings, detector)


@pytest.fixture
def client(runtime: Runtime) -> Iterator[TestClient]:
    with app_client(runtime) as client:
        yield client


def answer(ws: Any, client_id: str, text: str) -> dict[str, Any]:
    ws.send_json({"type": "message", "id": client_id, "text": text})
    return until(ws, "message")


def test_a_rating_is_kept_audited_and_shown_again_on_resume(client: TestClient, runtime: Runtime) -> None:
    with client.websocket_connect("/ws/chat") as ws:
        ws.send_json({"type": "hello", "session": None, "locale": "en"})
        session = until(ws, "welcome")["session"]
        first = answer(ws, "m1", "a waterproof jacket for hiking")
        second = answer(ws, "m2", "what is your return policy?")
        ws.send_json({"type": "rating", "turn": first["turn"], "value": "up"})
        assert until(ws, "rating") == {"type": "rating", "turn": first["turn"], "value": "up", "saved": True}
        ws.send_json({"type": "rating", "turn": second["turn"], "value": "down"})
        until(ws, "rating")
        ws.send_json({"type": "rating", "turn": second["turn"], "value": None})  # taken back
        until(ws, "rating")
        ws.send_json({"type": "rating", "turn": second["turn"], "value": "meh"})
        assert until(ws, "error")["code"] == "bad_frame"
    with client.websocket_connect("/ws/chat") as ws:
        ws.send_json({"type": "hello", "session": session, "locale": "en"})
        history = until(ws, "history")
    assert [t["assistant"]["rating"] for t in history["turns"]] == ["up", None]
    with Session(runtime.store.engine) as db:
        conversation = db.exec(select(Turn.conversation_id).where(Turn.id == first["turn"])).one()
    assert [t.rating for t in runtime.store.transcript(conversation)] == [1, None]
    rated = [json.loads(e.detail) for e in runtime.store.audit_events(conversation) if e.action == "answer_rated"]
    assert rated == [
        {"turn": first["turn"], "rating": 1},
        {"turn": second["turn"], "rating": -1},
        {"turn": second["turn"], "rating": None},
    ]
    assert verify(runtime.store.engine).problem is None  # a rating changes no recorded turn's digest


def test_a_shopper_cannot_rate_another_conversations_answer(client: TestClient) -> None:
    with client.websocket_connect("/ws/chat") as one, client.websocket_connect("/ws/chat") as two:
        for ws in (one, two):
            ws.send_json({"type": "hello", "session": None, "locale": "en"})
            until(ws, "welcome")
        theirs = answer(one, "m1", "a tent for two")
        two.send_json({"type": "rating", "turn": theirs["turn"], "value": "down"})
        assert until(two, "error")["code"] == "not_found"
