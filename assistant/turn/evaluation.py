"""Retrieval quality on a labelled file of shopper questions: hit@1 and hit@5 per language and kind."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path
from typing import Any

from assistant.turn.intents import Intent
from assistant.turn.pipeline import Retriever
from retrieval import HybridSearch


def read_questions(path: Path) -> list[dict[str, Any]]:
    """Labelled questions, one JSON object a line: ``{q, lang, kind, expected}``."""
    questions = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            questions.append(
                {"q": item["q"], "lang": item["lang"], "kind": item["kind"], "expected": list(item["expected"])}
            )
        except (ValueError, KeyError, TypeError) as exc:
            raise ValueError(f"{path.name}:{number}: not a labelled question ({exc})") from exc
    return questions


def ranked_ids(search: HybridSearch, question: dict[str, Any], k: int = 5) -> list[str]:
    """What the assistant would retrieve for a question: product ids or policy page names."""
    if question["kind"] == "policy":
        pages = [
            hit.key.split("#")[0].split("/")[-1] for hit in search.passages(question["q"], question["lang"], k=3 * k)
        ]
        return list(dict.fromkeys(pages))[:k]
    return [
        hit.key
        for hit in Retriever(search, k=k).retrieve(question["q"], question["lang"], Intent.PRODUCT_SEARCH).products
    ]


def evaluate_retrieval(search: HybridSearch, questions: list[dict[str, Any]]) -> dict[str, Any]:
    """hit@1 and hit@5, overall and per language and kind, and the questions missed at 5."""
    groups: dict[str, list[tuple[bool, bool]]] = defaultdict(list)
    missed = []
    for question in questions:
        ranked = ranked_ids(search, question)
        expected = set(question["expected"])
        hit1, hit5 = bool(ranked[:1] and ranked[0] in expected), bool(expected & set(ranked[:5]))
        for group in ("all", question["lang"], f"{question['lang']}/{question['kind']}"):
            groups[group].append((hit1, hit5))
        if not hit5:
            missed.append({"q": question["q"], "got": ranked[:5], "expected": question["expected"][:5]})
    summary = {
        group: {
            "n": len(rows),
            "hit@1": round(sum(r[0] for r in rows) / len(rows), 3),
            "hit@5": round(sum(r[1] for r in rows) / len(rows), 3),
        }
        for group, rows in sorted(groups.items())
    }
    return {"summary": summary, "missed": missed}
