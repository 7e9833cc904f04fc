"""Consent to be remembered: nothing about a known customer crosses conversations unless they opted in."""

from __future__ import annotations

import json
import time
from typing import Any

from fastapi.testclient import TestClient
from sqlmodel import Session, select

from assistant.compliance.subjects import erase, find_conversations
from assistant.records.audit import verify
from assistant.records.tables import Consent, Preference
from assistant.runtime import Runtime
from assistant.turn.customers import sign
from tests import customers as shop
from tests.app import until
from tests.customers import SECRET

runtime = shop.runtime
client = shop.client
"""A shop that takes its customers' signed tokens (tests/customers.py)."""


def token(customer: str) -> str:
    return sign({"sub": customer, "exp": int(time.time()) + 300}, SECRET)


def hello(ws: Any, customer: str | None, locale: str = "en", session: str | None = None) -> dict[str, Any]:
    frame: dict[str, Any] = {"type": "hello", "session": session, "locale": locale}
    if customer is not None:
        frame["customer"] = token(customer)
    ws.send_json(frame)
    return until(ws, "welcome")


def ask(ws: Any, client_id: str, text: str) -> dict[str, Any]:
    ws.send_json({"type": "message", "id": client_id, "text": text})
    return until(ws, "message")


def preferences(runtime: Runtime) -> list[Preference]:
    with Session(runtime.store.engine) as db:
        return list(db.exec(select(Preference)).all())


def consents(runtime: Runtime) -> list[Consent]:
    with Session(runtime.store.engine) as db:
        return list(db.exec(select(Consent).order_by(Consent.id)).all())  # type: ignore[arg-type]


def actions(runtime: Runtime, session: str) -> list[tuple[str, str, dict[str, Any]]]:
    (conversation,) = find_conversations(runtime.store, session=session)
    return [(e.actor, e.action, json.loads(e.detail)) for e in runtime.store.audit_events(conversation)]


def test_without_an_opt_in_nothing_is_remembered(client: TestClient, runtime: Runtime) -> None:
    with client.websocket_connect("/ws/chat") as ws:
        first = hello(ws, "cust-42")
        assert first["consent"] == {"remember": False} and "remembered" not in first
        assert ask(ws, "m1", "a waterproof jacket for hiking")["products"]
        ask(ws, "m2", "a tent for two")
    assert preferences(runtime) == [] and consents(runtime) == []
    with client.websocket_connect("/ws/chat") as ws:
        later = hello(ws, "cust-42")
    assert later["session"] != first["session"]
    assert later["consent"] == {"remember": False} and "remembered" not in later


def test_an_opt_in_is_recorded_and_a_later_conversation_is_greeted_with_what_was_learnt(
    client: TestClient, runtime: Runtime
) -> None:
    with client.websocket_connect("/ws/chat") as ws:
        session = hello(ws, "cust-42")["session"]
        ask(ws, "m1", "a waterproof jacket for hiking")  # before the opt-in: not remembered
        ws.send_json({"type": "consent", "remember": True})
        assert until(ws, "consent") == {"type": "consent", "remember": True}
        tents = ask(ws, "m2", "a tent for two")
        ask(ws, "m3", "what is your return policy?")  # no product: the language only
        boots = ask(ws, "m4", "hiking boots for women")
    (conversation,) = find_conversations(runtime.store, session=session)
    (consent,) = consents(runtime)
    assert (consent.conversation_id, consent.customer_id, consent.purpose, consent.granted) == (
        conversation,
        "cust-42",
        "personalisation",
        True,
    )
    assert ("shopper", "consent_given", {"purpose": "personalisation"}) in actions(runtime, session)
    (remembered,) = preferences(runtime)
    assert [tents["products"][0]["category"], boots["products"][0]["category"]] == ["Tents", "Hiking boots"]
    assert remembered.customer_id == "cust-42" and remembered.conversation_id == conversation
    assert remembered.locale == "en" and remembered.topics() == ["Tents", "Hiking boots"]  # not the jacket

    with client.websocket_connect("/ws/chat") as ws:
        later = hello(ws, "cust-42", session=None)
    assert later["consent"] == {"remember": True}
    assert later["remembered"] == {"locale": "en", "interests": remembered.topics()}

    with client.websocket_connect("/ws/chat") as ws:
        other = hello(ws, "cust-7")
    assert other["consent"] == {"remember": False} and "remembered" not in other

    with client.websocket_connect("/ws/chat") as ws:  # a resume is greeted as before, not welcomed back
        resumed = hello(ws, "cust-42", session=session)
    assert resumed["resumed"] is True and resumed["consent"] == {"remember": True} and "remembered" not in resumed
    assert verify(runtime.store.engine).problem is None


def test_a_withdrawal_forgets_the_customer(client: TestClient, runtime: Runtime) -> None:
    with client.websocket_connect("/ws/chat") as ws:
        hello(ws, "cust-42")
        ws.send_json({"type": "consent", "remember": True})
        until(ws, "consent")
        ask(ws, "m1", "a tent for two")
    assert len(preferences(runtime)) == 1
    with client.websocket_connect("/ws/chat") as ws:
        welcomed = hello(ws, "cust-42", locale="fr")
        assert welcomed["remembered"]["interests"]
        ws.send_json({"type": "consent", "remember": False})  # the widget's "Forget me"
        assert until(ws, "consent") == {"type": "consent", "remember": False}
        ask(ws, "m1", "une veste imperméable")  # after the withdrawal: not remembered
    assert preferences(runtime) == []
    assert [c.granted for c in consents(runtime)] == [True, False]
    assert ("shopper", "consent_withdrawn", {"purpose": "personalisation"}) in actions(runtime, welcomed["session"])
    with client.websocket_connect("/ws/chat") as ws:
        later = hello(ws, "cust-42")
    assert later["consent"] == {"remember": False} and "remembered" not in later
    assert runtime.consents.recall("cust-42") is None
    assert verify(runtime.store.engine).problem is None


def test_erasing_the_conversation_of_a_withdrawal_does_not_bring_an_older_opt_in_back(
    client: TestClient, runtime: Runtime
) -> None:
    with client.websocket_connect("/ws/chat") as ws:
        hello(ws, "cust-42")
        ws.send_json({"type": "consent", "remember": True})
        until(ws, "consent")
        ask(ws, "m1", "a tent for two")
    with client.websocket_connect("/ws/chat") as ws:
        withdrawn = hello(ws, "cust-42")
        ws.send_json({"type": "consent", "remember": False})
        until(ws, "consent")
    erase(runtime.store, find_conversations(runtime.store, session=withdrawn["session"]), actor="dpo")
    assert consents(runtime) == [] and preferences(runtime) == []  # every choice of that customer went with it
    assert runtime.consents.granted("cust-42") is False
    with client.websocket_connect("/ws/chat") as ws:
        later = hello(ws, "cust-42")
    assert later["consent"] == {"remember": False} and "remembered" not in later


def test_a_guest_cannot_opt_in(client: TestClient, runtime: Runtime) -> None:
    with client.websocket_connect("/ws/chat") as ws:
        welcome = hello(ws, None)
        assert welcome["customer"] is False and "consent" not in welcome and "remembered" not in welcome
        ws.send_json({"type": "consent", "remember": True})
        refused = until(ws, "error")
        ws.send_json({"type": "consent", "remember": "yes"})
        bad = until(ws, "error")
        ask(ws, "m1", "a tent for two")
    assert refused["code"] == "no_customer" and "signed-in customer" in refused["message"]
    assert bad["code"] == "bad_frame"
    assert consents(runtime) == [] and preferences(runtime) == []


def test_a_consent_before_hello_is_refused(client: TestClient, runtime: Runtime) -> None:
    with client.websocket_connect("/ws/chat") as ws:
        ws.send_json({"type": "consent", "remember": True})
        assert until(ws, "error")["code"] == "not_started"
    assert consents(runtime) == []


def test_only_the_last_five_distinct_topics_are_kept(runtime: Runtime) -> None:
    book = runtime.consents
    conversation = runtime.chat.open(None, "en", customer_id="cust-42").conversation.id
    assert book.remember(conversation, "cust-42", "en", "Tents") is False  # no opt-in yet: the gate is shut
    assert preferences(runtime) == []
    book.record(conversation, "cust-42", True)
    for topic in ["Tents", "Jackets", "Headlamps", "Tents", "Backpacks", "Sleeping bags", None, "Hiking boots"]:
        assert book.remember(conversation, "cust-42", "fr", topic) is True
    remembered = book.recall("cust-42")
    assert remembered is not None and remembered.locale == "fr"
    assert remembered.topics() == ["Headlamps", "Tents", "Backpacks", "Sleeping bags", "Hiking boots"]
