"""A shopper asks, from the widget, for a copy of their data or its erasure: a request in the compliance queue."""

from __future__ import annotations

import json
import time

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from assistant.compliance.subjects import find_conversations
from assistant.records.audit import verify
from assistant.records.tables import SubjectRequest
from assistant.runtime import Runtime
from assistant.turn.customers import sign
from tests import customers as shop
from tests.app import until
from tests.customers import SECRET

runtime = shop.runtime
client = shop.client
"""A shop that takes its customers' signed tokens (tests/customers.py)."""


def conversation_of(runtime: Runtime, session: str) -> str:
    (conversation,) = find_conversations(runtime.store, session=session)
    return conversation


def filed(runtime: Runtime) -> list[SubjectRequest]:
    with Session(runtime.store.engine) as db:
        return list(db.exec(select(SubjectRequest).order_by(SubjectRequest.created_at)).all())  # type: ignore[arg-type]


def test_a_shopper_asks_for_a_copy_and_for_erasure(client: TestClient, runtime: Runtime) -> None:
    customer = sign({"sub": "cust-42", "exp": int(time.time()) + 300}, SECRET)
    with client.websocket_connect("/ws/chat") as ws:
        ws.send_json({"type": "hello", "session": None, "locale": "en", "customer": customer})
        session = until(ws, "welcome")["session"]
        ws.send_json({"type": "data_request", "kind": "access"})
        access = until(ws, "data_request")
        ws.send_json({"type": "data_request", "kind": "erasure"})
        erasure = until(ws, "data_request")
        ws.send_json({"type": "data_request", "kind": "erasure"})  # pressed twice
        again = until(ws, "data_request")
    conversation = conversation_of(runtime, session)

    assert access["kind"] == "access" and access["status"] == "open" and access["ai"] is True
    assert "data-protection team" in access["message"] and "one month" in access["message"]
    assert "12(3)" in access["message"] and "erased" not in access["message"]
    assert erasure["kind"] == "erasure" and erasure["status"] == "open"
    assert "This conversation will be erased" in erasure["message"]
    assert "closing the chat does not cancel" in erasure["message"]
    assert again["id"] == erasure["id"] and again["message"] == erasure["message"]

    rows = filed(runtime)
    assert [(r.id, r.kind, r.status, r.conversation_id, r.customer_id) for r in rows] == [
        (access["id"], "access", "open", conversation, "cust-42"),
        (erasure["id"], "erasure", "open", conversation, "cust-42"),
    ]
    events = [e for e in runtime.store.audit_events(conversation) if e.action == "subject_request_filed"]
    assert [json.loads(e.detail) for e in events] == [
        {"request": access["id"], "kind": "access"},
        {"request": erasure["id"], "kind": "erasure"},
    ]
    assert all(e.actor == "shopper" for e in events)
    assert verify(runtime.store.engine).problem is None


def test_a_guest_asks_in_french_and_is_answered_in_french(client: TestClient, runtime: Runtime) -> None:
    with client.websocket_connect("/ws/chat") as ws:
        ws.send_json({"type": "hello", "session": None, "locale": "fr"})
        session = until(ws, "welcome")["session"]
        ws.send_json({"type": "data_request", "kind": "erasure"})
        frame = until(ws, "data_request")
    assert "équipe de protection des données" in frame["message"] and "un mois" in frame["message"]
    assert "fermer la discussion n'annule pas la demande" in frame["message"]
    (row,) = filed(runtime)
    assert row.conversation_id == conversation_of(runtime, session) and row.customer_id is None


@pytest.mark.parametrize("kind", ["delete", None, 3, "ACCESS"])
def test_a_request_of_an_unknown_kind_is_refused(client: TestClient, runtime: Runtime, kind: object) -> None:
    with client.websocket_connect("/ws/chat") as ws:
        ws.send_json({"type": "hello", "session": None, "locale": "en"})
        until(ws, "welcome")
        ws.send_json({"type": "data_request", "kind": kind})
        refused = until(ws, "error")
        ws.send_json({"type": "ping"})  # the connection stays usable
        assert ws.receive_json() == {"type": "pong"}
    assert refused["code"] == "bad_frame" and '"access"' in refused["message"] and '"erasure"' in refused["message"]
    assert filed(runtime) == []


def test_a_request_before_hello_is_refused(client: TestClient, runtime: Runtime) -> None:
    with client.websocket_connect("/ws/chat") as ws:
        ws.send_json({"type": "data_request", "kind": "access"})
        assert until(ws, "error")["code"] == "not_started"
    assert filed(runtime) == []
