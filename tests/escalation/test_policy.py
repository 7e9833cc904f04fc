"""The hand-over decision: its reasons in EN and FR, over a conversation, on our labelled set."""

from __future__ import annotations

import json

import pytest
from sqlmodel import Session, select

from assistant.cli import main
from assistant.records.tables import Turn
from assistant.runtime import Runtime
from escalation import EscalationPolicy, TurnSignal
from escalation.calibration import Labelled, calibrate
from escalation.queue import State
from guardrails.evaluation import read_jsonl
from tests.conftest import DATA

SURE = 0.8


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("I want to talk to a real person", "request"),
        ("je veux parler à un conseiller svp", "request"),
        ("I'm going to contact my lawyer about this", "legal"),
        ("je vais saisir le médiateur", "legal"),
        ("delete all my personal data please", "gdpr"),
        ("je demande l'effacement de mes données", "gdpr"),
        ("the stove caught fire in my tent", "safety"),
        ("le casque s'est fendu à la première chute", "safety"),
        ("you charged me twice and refused my refund", "refund_dispute"),
        ("c'est la troisième fois que ma commande arrive en retard, inadmissible", "complaint"),
        ("THIS IS THE WORST CHAT I HAVE EVER USED", "frustration"),
        ("vous ne comprenez rien", "frustration"),
    ],
)
def test_the_words_give_the_reason(text: str, reason: str) -> None:
    decision = EscalationPolicy().decide(TurnSignal(text, "policy", SURE))
    assert decision.escalate and reason in decision.reasons
    assert decision.priority == (1 if reason in {"legal", "gdpr", "safety", "refund_dispute", "complaint"} else 0)


@pytest.mark.parametrize(
    "text",
    [
        "what is your return policy for a refund?",
        "is this helmet safety certified?",
        "GORE-TEX OR NOT?",
        "MERCI BEAUCOUP !!! super rapide",
        "my lawyer friend recommended these boots",
        "do you have a privacy policy?",
    ],
)
def test_near_misses_stay_with_the_assistant(text: str) -> None:
    assert not EscalationPolicy().decide(TurnSignal(text, "policy", SURE)).escalate


def test_confidence_once_under_the_threshold_or_twice_just_above() -> None:
    policy = EscalationPolicy(0.25)
    assert policy.decide(TurnSignal("tent pegs?", "product_search", 0.2)).reasons == ("low_confidence",)
    shaky = TurnSignal("tent pegs?", "product_search", 0.35)
    assert not policy.decide(shaky).escalate
    assert policy.decide(TurnSignal("stove fuel?", "product_search", 0.33), [shaky]).reasons == (
        "low_confidence_twice",
    )
    assert not policy.decide(TurnSignal("hello", "greeting", 0.1)).escalate  # a greeting's score says nothing


def test_the_same_question_again_and_a_failed_grounding_hand_over() -> None:
    policy = EscalationPolicy()
    first = TurnSignal("when will my order CMD-1234 arrive please", "policy", SURE)
    again = TurnSignal("when will my order CMD-1234 arrive ???", "policy", SURE)
    assert policy.decide(again, [first]).reasons == ("repeated_question",)
    failed = TurnSignal("price of the tent?", "product_question", 0.0, ("grounding_failed",))
    assert "grounding_failed" in policy.decide(failed).reasons


def test_each_turn_records_its_decision(demo_runtime: Runtime) -> None:
    chat = demo_runtime.chat
    conversation = chat.open(None, "fr").conversation.id
    for client_id, text in [("a", "une tente 2 places"), ("b", "je veux parler à un conseiller")]:
        chat.answer(chat.accept(conversation, client_id, text, "fr").turn, "fr")
    with Session(demo_runtime.store.engine) as session:
        rows = session.exec(select(Turn).where(Turn.conversation_id == conversation).order_by(Turn.seq)).all()  # type: ignore[arg-type]
    decisions = [json.loads(row.escalation or "{}") for row in rows]
    assert decisions[0] == {"escalate": False, "reasons": [], "priority": 0}
    assert decisions[1]["escalate"] is True and "request" in decisions[1]["reasons"]
    assert chat.queue.state(conversation) is State.QUEUED and chat.queue.position(conversation) is not None


def test_the_labelled_set_meets_the_floor(demo_runtime: Runtime) -> None:
    records = read_jsonl(DATA / "escalation.jsonl")
    assert len(records) >= 200 and {r["lang"] for r in records} == {"en", "fr"}
    messages = [Labelled(demo_runtime.chat.rehearse(r["text"], r["lang"]), r["escalate"]) for r in records]
    (row,) = calibrate(messages, [demo_runtime.settings.escalation.confidence_threshold])
    assert row.precision >= 0.85 and row.recall >= 0.85, row


def test_calibrate_prints_a_row_per_threshold(demo_runtime: Runtime, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("COMPTOIR_DATA_DIR", str(demo_runtime.settings.data_dir))
    from assistant.config import get_settings

    get_settings.cache_clear()
    try:
        assert main(["calibrate", str(DATA / "escalation.jsonl"), "--thresholds", "0.2,0.3", "--json"]) == 0
    finally:
        get_settings.cache_clear()
    rows = json.loads(capsys.readouterr().out)
    assert [row["threshold"] for row in rows] == [0.2, 0.3]
    assert all(0 <= row["precision"] <= 1 and 0 <= row["recall"] <= 1 for row in rows)


def test_calibrate_refuses_a_record_without_a_label(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "hello"}\n', encoding="utf-8")
    assert main(["calibrate", str(bad)]) == 2
    assert "record 1: escalate must be true or false" in capsys.readouterr().err
