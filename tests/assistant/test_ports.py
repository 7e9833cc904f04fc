"""Responders and tools are ports chosen from the settings: a new one is a module plus a line of registration,
the turn gives it the conversation (recent turns, state, customer), and what ran is on record."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlmodel import Session, select

from assistant.compliance.documents import gather_facts, transparency_sheet
from assistant.compliance.review import explain
from assistant.records.tables import Turn
from assistant.runtime import build_runtime
from assistant.turn import RESPONDERS, TOOLS
from guardrails import PiiDetector
from retrieval import ShopEmbeddings
from tests.assistant.example_responder import Recording
from tests.conftest import make_settings


@pytest.fixture
def registered(monkeypatch: pytest.MonkeyPatch) -> None:
    """The example tool and responder, registered as a merchant's would be: one line each."""
    monkeypatch.setitem(TOOLS, "shop_hours", "tests.assistant.example_tool")
    monkeypatch.setitem(RESPONDERS, "recording", "tests.assistant.example_responder")


def turn_row(engine, client_id: str) -> Turn:  # type: ignore[no-untyped-def]
    with Session(engine) as session:
        return session.exec(select(Turn).where(Turn.client_id == client_id)).one()


@pytest.mark.usefixtures("registered")
def test_an_enabled_tool_answers_its_intent_cited_and_grounded(
    demo_data_dir: Path, embeddings: ShopEmbeddings, detector: PiiDetector
) -> None:
    runtime = build_runtime(make_settings(demo_data_dir, tools=["shop_hours"]), embeddings, detector)
    chat = runtime.chat
    opened = chat.open(None, "en")
    frame = chat.answer(
        chat.accept(opened.conversation.id, "h1", "what are your opening hours in Lyon?", "en").turn, "en"
    )
    assert "10:00 to 19:00" in frame["text"] and "ready in 2 hours" in frame["text"]
    assert [(s["id"], s["kind"]) for s in frame["sources"]] == [("tool:shop_hours:lyon", "tool")]
    row = turn_row(runtime.store.engine, "h1")
    (call,) = [s for s in json.loads(row.sources or "[]") if s.get("tool")]
    assert call["id"] == "tool:shop_hours:lyon" and call["tool"] == "shop_hours"
    assert "Lyon" in call["returned"]  # the audit keeps what the tool returned
    assert json.loads(row.flags or "[]") == []  # the row's facts back the answer's figures
    other = chat.answer(chat.accept(opened.conversation.id, "h2", "what is your return policy?", "en").turn, "en")
    assert all(s["kind"] != "tool" for s in other["sources"])  # the tool had nothing to say: the policies answer
    assert explain(row)["tools"] == ["shop_hours"] and explain(turn_row(runtime.store.engine, "h2"))["tools"] == []


@pytest.mark.usefixtures("registered")
def test_a_responder_chosen_by_the_settings_sees_the_conversation(
    demo_data_dir: Path, embeddings: ShopEmbeddings, detector: PiiDetector
) -> None:
    runtime = build_runtime(make_settings(demo_data_dir, responder="recording"), embeddings, detector)
    chat = runtime.chat
    responder = chat.pipeline.responder
    assert isinstance(responder, Recording) and chat.models.responder == "recording"
    opened = chat.open(None, "en", customer_id="cust-7")
    first = chat.answer(chat.accept(opened.conversation.id, "c1", "a tent for two people", "en").turn, "en")
    shown = [product["id"] for product in first["products"]]
    assert shown
    chat.answer(chat.accept(opened.conversation.id, "c2", "how much is it?", "en").turn, "en")
    context = responder.contexts[-1]
    assert [past.shopper_text for past in context.history] == ["a tent for two people"]
    assert context.state.products_shown == tuple(shown) and context.state.focus == shown[0]
    assert context.state.last_search == "a tent for two people"
    assert context.customer_id == "cust-7" and context.conversation_id == opened.conversation.id
    assert turn_row(runtime.store.engine, "c2").responder == "recording"
    facts = gather_facts(runtime.settings)
    assert facts.responder == "recording"


@pytest.mark.parametrize(
    ("setting", "value", "said"),
    [("responder", "oracle", "COMPTOIR_RESPONDER"), ("tools", ["orders"], "COMPTOIR_TOOLS")],
)
def test_an_unknown_responder_or_tool_is_a_clear_start_up_error(
    demo_data_dir: Path, embeddings: ShopEmbeddings, detector: PiiDetector, setting: str, value: object, said: str
) -> None:
    with pytest.raises(ValueError, match=said):
        build_runtime(make_settings(demo_data_dir, **{setting: value}), embeddings, detector)


def test_the_tools_setting_reads_a_comma_separated_list(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("COMPTOIR_TOOLS", "shop_hours, orders")
    assert make_settings(tmp_path).tools == ["shop_hours", "orders"]


@pytest.mark.usefixtures("registered")
def test_the_transparency_sheet_names_the_responder_and_tools_that_run(tmp_path: Path) -> None:
    settings = make_settings(tmp_path, tools=["shop_hours"])
    sheet = transparency_sheet(settings, gather_facts(settings))
    assert "shop_hours" in sheet
