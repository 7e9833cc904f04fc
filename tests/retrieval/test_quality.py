"""Retrieval quality on our labelled EN/FR shopper questions against the demo catalog."""

from __future__ import annotations

from assistant.runtime import Runtime
from assistant.turn.evaluation import evaluate_retrieval, read_questions
from tests.conftest import DATA

FLOORS = {"hit@1": 0.85, "hit@5": 0.93}


def test_hit_at_1_and_5_hold_their_floor(demo_runtime: Runtime) -> None:
    questions = read_questions(DATA / "questions.jsonl")
    assert sum(q["lang"] == "en" for q in questions) >= 30
    assert sum(q["lang"] == "fr" for q in questions) >= 30
    report = evaluate_retrieval(demo_runtime.chat.pipeline.retriever, questions)
    for group, figures in report["summary"].items():
        print(f"{group:>12}: n={figures['n']:3d}  hit@1={figures['hit@1']:.3f}  hit@5={figures['hit@5']:.3f}")
    overall = report["summary"]["all"]
    assert overall["hit@1"] >= FLOORS["hit@1"], report["missed"]
    assert overall["hit@5"] >= FLOORS["hit@5"], report["missed"]
    for lang in ("en", "fr"):
        assert report["summary"][lang]["hit@5"] >= FLOORS["hit@5"] - 0.05, report["missed"]
