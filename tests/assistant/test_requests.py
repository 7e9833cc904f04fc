"""Requests about a shopper's own order or account, routed right (issue: "where is my order?"): the request model
reads them, the turn says who will act (a person for an order it cannot see, a change or a problem; a link for an
account; the chat's own flow for a data request), and the hand-over policy hands over with the reason.

The route accuracy is measured on files written apart from the router by people who saw only the issue and the demo
shop's policies: tests/data/routes_dev.jsonl (development: the request model's training was checked and completed
against it), tests/data/routes_holdout.jsonl (held out at first; looked at since), and a second set split in two by
a hash of each message: tests/data/routes_dev_b.jsonl (development) and tests/data/routes_holdout_b.jsonl (held
out: only reported). Figures print with ``pytest -s``.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from assistant.config import LinkSettings
from assistant.records.tables import Turn
from assistant.runtime import Runtime, build_runtime
from assistant.turn.evaluation import evaluate_routes, read_routes, route_of
from assistant.turn.intents import Intent
from assistant.turn.scope import REQUEST_PATH, TextModel
from assistant.web.app import create_app
from retrieval import ShopEmbeddings
from tests.app import until
from tests.conftest import make_settings

DATA = Path(__file__).resolve().parents[1] / "data"


def test_the_request_model_fits_the_packaged_embeddings(embeddings: ShopEmbeddings) -> None:
    model = TextModel.for_embeddings(embeddings, REQUEST_PATH)
    assert model is not None and set(model.classes) == {"order", "change", "problem", "account", "data", "none"}
    assert model.embedding_weights.shape == (6, 384)


def test_order_and_account_messages_written_apart_take_their_route(demo_runtime: Runtime) -> None:
    report = evaluate_routes(demo_runtime.chat, read_routes(DATA / "routes_holdout.jsonl"))
    for group, figures in report["summary"].items():
        print(f"first route set, routes {group}: {figures['accuracy']:.3f} ({figures['n']})")
    summary = report["summary"]
    assert summary["all"]["n"] == 220
    # 0.923 (first measured 0.877, then 0.891); looked at while tuning, so no longer held out: the second set is
    assert summary["all"]["accuracy"] >= 0.90
    for route in ("lookup", "handover", "link", "policy"):
        assert summary[route]["accuracy"] >= 0.85, route


def test_order_and_account_messages_of_the_second_set_take_their_route(demo_runtime: Runtime) -> None:
    """The second set, written apart on 4 Dec and split by a hash of each message before it was read: the held-out
    half was measured at 0.840 before any change, 0.908 after messages naming an order number were read as order
    requests (a change chosen on the development half, 0.851 to 0.893)."""
    report = evaluate_routes(demo_runtime.chat, read_routes(DATA / "routes_holdout_b.jsonl"))
    for group, figures in report["summary"].items():
        print(f"held-out routes {group}: {figures['accuracy']:.3f} ({figures['n']})")
    summary = report["summary"]
    assert summary["all"]["n"] == 119
    assert summary["all"]["accuracy"] >= 0.90  # 0.908; the goal
    for route in ("lookup", "handover", "link", "policy"):
        assert summary[route]["accuracy"] >= 0.80, route  # 0.939 / 0.848 / 0.840 / 1.000


def test_a_route_is_its_intents_unless_what_is_said_needs_a_person() -> None:
    assert route_of("order", ["order"]) == "lookup"
    assert route_of("order", ["order", "complaint"]) == "handover"
    assert route_of("account", ["gdpr"]) == "link"
    assert route_of("policy", []) == "policy"
    assert route_of("policy", ["legal"]) == "handover"
    assert route_of("product_search", ["low_confidence"]) == "product_search"


def test_a_labelled_file_with_an_unknown_route_is_refused_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "routes.jsonl"
    path.write_text('{"text": "where is it", "route": "lookup"}\n{"text": "x", "route": "elsewhere"}\n')
    with pytest.raises(ValueError, match=r"routes.jsonl:2: .*elsewhere"):
        read_routes(path)


@pytest.fixture
def linked(demo_data_dir: Path, embeddings: Any, detector: Any) -> Iterator[Runtime]:
    links = LinkSettings(password="https://shop.example/account/password", newsletter="https://shop.example/news")
    runtime = build_runtime(make_settings(demo_data_dir, links=links), embeddings, detector)
    yield runtime
    runtime.store.engine.dispose()


def _ask(client: TestClient, text: str, locale: str = "en") -> tuple[dict[str, Any], dict[str, Any] | None]:
    """A first message in a new conversation: the answer frame and the hand-over frame that follows, if any."""
    with client.websocket_connect("/ws/chat") as ws:
        ws.send_json({"type": "hello", "session": None, "locale": locale})
        until(ws, "welcome")
        ws.send_json({"type": "message", "id": "m1", "text": text})
        answer = until(ws, "message", reply_to="m1")
        handoff = None
        if answer["act"] == "human":
            handoff = until(ws, "handoff")
        return answer, handoff


def _escalation(runtime: Runtime, turn_id: int) -> dict[str, Any]:
    with Session(runtime.store.engine) as session:
        turn = session.exec(select(Turn).where(Turn.id == turn_id)).one()
        return dict(json.loads(turn.escalation or "{}"))


@pytest.mark.parametrize(
    ("text", "locale", "intent", "reason", "priority"),
    [
        ("where is my order? I ordered ten days ago", "en", Intent.ORDER, "order", 0),
        ("elle est où ma commande ?", "fr", Intent.ORDER, "order", 0),
        ("I want to cancel my order", "en", Intent.ORDER_CHANGE, "order_change", 0),
        ("pouvez-vous livrer ma commande à une autre adresse ?", "fr", Intent.ORDER_CHANGE, "order_change", 0),
        ("I was charged twice for the same jacket", "en", Intent.ORDER_PROBLEM, "order_problem", 1),
        ("le colis est marqué livré mais je n'ai rien reçu", "fr", Intent.ORDER_PROBLEM, "order_problem", 1),
    ],
)
def test_what_only_a_person_can_settle_is_handed_over_with_its_reason(
    linked: Runtime, text: str, locale: str, intent: Intent, reason: str, priority: int
) -> None:
    with TestClient(create_app(linked.settings, linked)) as client:
        answer, handoff = _ask(client, text, locale)
    assert answer["intent"] == intent.value and answer["act"] == "human" and answer["ai"] is True
    assert handoff is not None
    decision = _escalation(linked, answer["turn"])
    assert decision["escalate"] and reason in decision["reasons"] and decision["priority"] == priority


@pytest.mark.parametrize(
    ("text", "locale", "expected"),
    [
        ("I forgot my password", "en", "https://shop.example/account/password"),
        ("je n'arrive plus à me connecter à mon compte", "fr", "https://shop.example/account/password"),
        ("unsubscribe me from the newsletter please", "en", "https://shop.example/news"),
    ],
)
def test_an_account_request_gets_the_shops_link_and_no_person(
    linked: Runtime, text: str, locale: str, expected: str
) -> None:
    with TestClient(create_app(linked.settings, linked)) as client:
        answer, handoff = _ask(client, text, locale)
    assert answer["intent"] == Intent.ACCOUNT.value and answer["act"] == "link"
    assert expected in answer["text"] and handoff is None
    assert not _escalation(linked, answer["turn"])["escalate"]


def test_an_account_request_without_a_link_quotes_the_shops_pages(demo_runtime: Runtime) -> None:
    result = demo_runtime.chat.pipeline.run("how do I create an account?", "en")
    assert result.intent.intent is Intent.ACCOUNT and str(result.answer.act) == "link"
    assert result.answer.sources and "https://" not in result.answer.text


def test_a_data_request_points_to_the_chats_own_data_flow(demo_runtime: Runtime) -> None:
    result = demo_runtime.chat.pipeline.run("supprimez toutes mes données personnelles", "fr")
    assert result.intent.intent is Intent.DATA_REQUEST and str(result.answer.act) == "link"
    assert "Vos données" in result.answer.text


@pytest.mark.parametrize(
    "text",
    [
        "how long do refunds usually take?",
        "do you deliver to Switzerland?",
        "combien coûte la livraison en Belgique ?",
        "what is your return policy?",
    ],
)
def test_a_general_policy_question_about_orders_stays_a_policy_answer(demo_runtime: Runtime, text: str) -> None:
    result = demo_runtime.chat.pipeline.run(text, "fr" if "livraison" in text else "en")
    assert result.intent.intent is Intent.POLICY, result.intent


def test_a_product_search_with_a_word_never_seen_stays_a_product_search(demo_runtime: Runtime) -> None:
    for _ in range(20):
        text = f"avez-vous une tente brisval{uuid.uuid4().hex[:6]} pour deux personnes ?"
        assert demo_runtime.chat.pipeline.run(text, "fr").intent.intent is Intent.PRODUCT_SEARCH, text
