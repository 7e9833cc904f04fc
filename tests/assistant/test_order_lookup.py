"""Order look-ups in a conversation (issue: "where is my order?"): identity before any order detail. A guest gives the
order number and the e-mail address or postcode it was placed with (compared through the redactor's keyed hashes);
a known customer sees their own orders; a wrong pair says nothing of whether the order exists; the sixth wrong pair
of a conversation is refused and audited; a change is handed over with the order in the agent's packet; and no raw
e-mail address or postcode is left in any file under the data directory."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr

from assistant.cli import DEMO_DIR
from assistant.compliance.documents import record_of_processing, transparency_sheet
from assistant.compliance.review import conversation
from assistant.config import ChatSettings, CustomerSettings, OrderSettings
from assistant.orders.book import LocalOrderBook
from assistant.records.audit import AuditAction
from assistant.runtime import Runtime, build_runtime
from assistant.turn.customers import sign
from assistant.web.app import create_app
from tests.app import until
from tests.conftest import make_settings

SECRET = "a-secret-the-shop-and-comptoir-share"
SHIPPED = "CMD-2026-10482"  # shipped with DPD, nathan.garcia40@example.org, 75011
PREPARING = "CMD-2026-10223"  # arthur.lefebvre28@example.org, 75011


@pytest.fixture
def shop(demo_data_dir: Path, embeddings: Any, detector: Any) -> Iterator[Runtime]:
    settings = make_settings(
        demo_data_dir,
        orders=OrderSettings(source="local"),
        chat=ChatSettings(burst=20),  # a shopper guessing fast is what the look-up limit is for
        customers=CustomerSettings(token_secret=SecretStr(SECRET)),
    )
    runtime = build_runtime(settings, embeddings, detector)
    assert isinstance(runtime.orders, LocalOrderBook)
    runtime.orders.import_file(DEMO_DIR / "orders.json")
    yield runtime
    runtime.store.engine.dispose()


class Chat:
    """One shopper's conversation over the WebSocket."""

    def __init__(self, ws: Any, locale: str = "en", customer: str | None = None):
        self.ws, self.n = ws, 0
        hello: dict[str, Any] = {"type": "hello", "session": None, "locale": locale}
        if customer is not None:
            hello["customer"] = sign({"sub": customer, "exp": int(time.time()) + 300}, SECRET)
        ws.send_json(hello)
        self.welcome = until(ws, "welcome")

    def say(self, text: str) -> dict[str, Any]:
        self.n += 1
        self.ws.send_json({"type": "message", "id": f"m{self.n}", "text": text})
        return until(self.ws, "message", reply_to=f"m{self.n}")


def _audit(runtime: Runtime, conversation: str) -> list[tuple[str, dict[str, Any]]]:
    return [(e.action, json.loads(e.detail)) for e in runtime.store.audit_events(conversation)]


def _conversation(runtime: Runtime, answer: dict[str, Any]) -> str:
    turn = runtime.store.turn(answer["turn"])
    assert turn is not None
    return turn.conversation_id


def test_where_is_my_order_asks_for_the_number_and_email_then_answers_with_status_and_tracking(shop: Runtime) -> None:
    with TestClient(create_app(shop.settings, shop)) as client, client.websocket_connect("/ws/chat") as ws:
        chat = Chat(ws)
        first = chat.say("where is my order?")
        assert first["act"] == "details" and "order number" in first["text"] and "e-mail" in first["text"]
        second = chat.say(f"it's {SHIPPED}, nathan.garcia40@example.org")
    assert second["act"] == "tools" and second["intent"] == "order"
    assert SHIPPED in second["text"] and "shipped on" in second["text"] and "DPD" in second["text"]
    assert "https://trace.dpd.fr/fr/trace/6309273960683" in second["text"]
    (source,) = second["sources"]
    assert source["facts"] == {"outcome": "found", "number": SHIPPED, "status": "shipped", "verified_by": "email"}
    events = _audit(shop, _conversation(shop, second))
    assert ("order_lookup", {"source": "local", "order": SHIPPED, "verified_by": "email"}) in events


def test_the_number_then_the_postcode_in_two_messages_in_french(shop: Runtime) -> None:
    with TestClient(create_app(shop.settings, shop)) as client, client.websocket_connect("/ws/chat") as ws:
        chat = Chat(ws, "fr")
        first = chat.say(f"bonjour, où en est ma commande {PREPARING} ?")
        assert first["act"] == "details" and "code postal" in first["text"] and PREPARING in first["text"]
        second = chat.say("75011")
    assert second["act"] == "tools" and "en préparation" in second["text"]
    assert second["sources"][0]["facts"]["verified_by"] == "postcode"
    stored = shop.store.transcript(_conversation(shop, second))
    assert stored[-1].shopper_text == "<POSTCODE_1>"  # the postcode the assistant asked for is redacted


def test_a_wrong_email_says_nothing_about_whether_the_order_exists(shop: Runtime) -> None:
    answers = []
    with TestClient(create_app(shop.settings, shop)) as client:
        for number in (SHIPPED, "CMD-2026-99999"):
            with client.websocket_connect("/ws/chat") as ws:
                chat = Chat(ws)
                chat.say("where is my order?")
                answers.append(chat.say(f"{number} someone.else@example.org"))
    real, invented = answers
    assert real["act"] == invented["act"] == "details"
    assert real["text"] == invented["text"] and SHIPPED not in real["text"] and "could not find" in real["text"]
    assert real["sources"][0]["facts"] == invented["sources"][0]["facts"] == {"outcome": "no_match"}


def test_the_sixth_wrong_pair_of_a_conversation_is_refused_and_audited_and_a_person_takes_over(
    shop: Runtime,
) -> None:
    with TestClient(create_app(shop.settings, shop)) as client, client.websocket_connect("/ws/chat") as ws:
        chat = Chat(ws)
        chat.say("where is my order?")
        answers = [chat.say(f"CMD-2026-1{n:04d} guess{n}@example.org") for n in range(5)]
        # the sixth pair is refused unchecked, even the right one
        answers.append(chat.say(f"{SHIPPED} nathan.garcia40@example.org"))
        handoff = until(ws, "handoff")
        conversation = _conversation(shop, answers[-1])
    assert [a["sources"][0]["facts"]["outcome"] for a in answers] == ["no_match"] * 5 + ["refused"]
    assert handoff["type"] == "handoff" and "person" in answers[-1]["text"]
    assert SHIPPED not in answers[-1]["text"] and "DPD" not in answers[-1]["text"]
    refusals = [d for action, d in _audit(shop, conversation) if action == AuditAction.ORDER_LOOKUP_REFUSED]
    assert [d["reason"] for d in refusals] == ["no_match"] * 5 + ["too_many_attempts"]
    assert all("guess" not in json.dumps(d) for d in refusals)  # the typed values are not kept
    row = shop.desk.queue.get(conversation)
    assert row is not None and "order" in json.loads(row.reasons)


def test_a_known_customer_sees_their_own_orders_without_proof_but_not_anothers(shop: Runtime) -> None:
    with TestClient(create_app(shop.settings, shop)) as client, client.websocket_connect("/ws/chat") as ws:
        chat = Chat(ws, customer="cust-1001")
        own = chat.say("where is my order?")
        theirs = chat.say("and where is CMD-2026-10593?")
        anothers = chat.say(f"and where is {SHIPPED}?")
    assert own["act"] == "tools" and own["sources"][0]["facts"]["verified_by"] == "customer"
    assert "other recent orders" in own["text"]
    assert theirs["sources"][0]["facts"]["number"] == "CMD-2026-10593" and "Chronopost" in theirs["text"]
    assert anothers["act"] == "details" and "DPD" not in anothers["text"]  # someone else's: proof is asked


def test_i_want_to_cancel_it_offers_what_is_possible_and_hands_over_with_the_order_in_the_packet(
    shop: Runtime,
) -> None:
    with TestClient(create_app(shop.settings, shop)) as client, client.websocket_connect("/ws/chat") as ws:
        chat = Chat(ws)
        chat.say(f"where is my order {PREPARING}? arthur.lefebvre28@example.org")
        cancel = chat.say("I want to cancel it")
        until(ws, "handoff")
    assert cancel["intent"] == "order_change" and "can still be cancelled" in cancel["text"]
    assert "person" in cancel["text"]
    conversation = _conversation(shop, cancel)
    row = shop.desk.queue.get(conversation)
    assert row is not None and "order_change" in json.loads(row.reasons)
    view = asyncio.run(shop.desk.view(conversation))
    (order,) = view["packet"]["orders"]
    assert order["number"] == PREPARING and order["verified_by"] == "email" and order["status"] == "preparing"
    assert "can still be cancelled" in order["shown"]


def test_je_veux_lannuler_in_french_hands_over_too(shop: Runtime) -> None:
    with TestClient(create_app(shop.settings, shop)) as client, client.websocket_connect("/ws/chat") as ws:
        chat = Chat(ws, "fr")
        chat.say("où est ma commande ?")
        shown = chat.say(f"{SHIPPED} nathan.garcia40@example.org")
        cancel = chat.say("je veux l'annuler")
        until(ws, "handoff")
    assert "expédiée le" in shown["text"]
    assert cancel["intent"] == "order_change" and "ne peut plus être annulée" in cancel["text"]


def test_no_raw_email_or_postcode_is_left_under_the_data_directory(shop: Runtime) -> None:
    conversations = [
        ["where is my order?", PREPARING, "my postcode is 75011"],
        ["where is my order?", f"{SHIPPED} nathan.garcia40@example.org"],
        [f"where is {PREPARING}? code postal 75011"],
    ]
    shown = []
    with TestClient(create_app(shop.settings, shop)) as client:
        for messages in conversations:
            with client.websocket_connect("/ws/chat") as ws:
                chat = Chat(ws)
                shown.append([chat.say(text)["act"] for text in messages][-1])
    assert shown == ["tools", "tools", "tools"]
    shop.store.checkpoint()
    found = []
    for file in shop.settings.data_dir.rglob("*"):
        if file.is_file():
            data = file.read_bytes()
            found += [(file.name, v) for v in (b"nathan.garcia40", b"arthur.lefebvre28", b"75011") if v in data]
    assert found == []


def test_the_compliance_explanation_shows_the_tool_call_redacted(shop: Runtime) -> None:
    with TestClient(create_app(shop.settings, shop)) as client, client.websocket_connect("/ws/chat") as ws:
        chat = Chat(ws)
        chat.say("where is my order?")
        shown = chat.say(f"{SHIPPED} nathan.garcia40@example.org")
    review = conversation(shop.store.engine, _conversation(shop, shown))
    assert review is not None
    explanation = review["turns"][-1]["explanation"]
    (call,) = explanation["tool_calls"]
    assert call["tool"] == "orders" and call["arguments"] == {"number": SHIPPED, "verified_by": "email"}
    assert "DPD" in call["returned"] and "nathan" not in json.dumps(explanation)


def test_the_documents_name_the_order_source_and_its_host_but_no_credential(tmp_path: Path) -> None:
    orders = OrderSettings(source="shopify", base_url="https://outdoor-demo.myshopify.com", token=SecretStr("shpat_x1"))
    settings = make_settings(tmp_path, orders=orders)
    record, sheet = record_of_processing(settings), transparency_sheet(settings)
    assert "outdoor-demo.myshopify.com" in record and "COMPTOIR_ORDERS__SOURCE=shopify" in record
    assert "orders: `shopify`" in sheet and "shpat_x1" not in record + sheet
    local = transparency_sheet(make_settings(tmp_path, orders=OrderSettings(source="local")))
    assert "orders: `local`" in local


def test_a_product_search_after_the_question_is_no_order_number(shop: Runtime) -> None:
    with TestClient(create_app(shop.settings, shop)) as client, client.websocket_connect("/ws/chat") as ws:
        chat = Chat(ws)
        chat.say("where is my order?")
        search = chat.say("never mind, do you have a tent for three people under 300?")
    assert search["intent"] == "product_search" and search["act"] == "products"
