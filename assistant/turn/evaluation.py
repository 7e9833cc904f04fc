"""Quality on labelled files: retrieval (hit@1 and hit@5 per language and kind; the hybrid search against its two
halves on a catalog written elsewhere), whole conversations (turn accuracy) and the route of requests about orders
and accounts (look-up, link, hand-over or policy answer)."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from assistant.turn.answers import Act, Answer, PastTurn
from assistant.turn.chat import HISTORY_TURNS
from assistant.turn.intents import Intent
from assistant.turn.pipeline import Retriever, TurnPipeline
from retrieval import HybridSearch, fold
from retrieval.index import PRODUCTS


def read_labelled(
    path: Path, what: str, parse: Callable[[dict[str, Any], int], dict[str, Any]]
) -> list[dict[str, Any]]:
    """The records of a JSON-lines file, each read by ``parse`` (the item and its line number); a line that is no
    such record is refused with the file, the line and the reason."""
    records = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            records.append(parse(json.loads(line), number))
        except (ValueError, KeyError, TypeError) as exc:
            raise ValueError(f"{path.name}:{number}: not a labelled {what} ({exc})") from exc
    return records


def read_questions(path: Path) -> list[dict[str, Any]]:
    """Labelled questions, one JSON object a line: ``{q, lang, kind, expected}``."""
    return read_labelled(
        path,
        "question",
        lambda item, _: {
            "q": item["q"],
            "lang": item["lang"],
            "kind": item["kind"],
            "expected": list(item["expected"]),
        },
    )


def shares(groups: Mapping[str, Sequence[tuple[bool, ...]]], names: tuple[str, ...]) -> dict[str, dict[str, Any]]:
    """Per group: its size and, for each name, the share of its rows whose flag at that position is true."""
    return {
        group: {"n": len(rows), **{name: round(sum(r[i] for r in rows) / len(rows), 3) for i, name in enumerate(names)}}
        for group, rows in sorted(groups.items())
    }


def ranked_ids(retriever: Retriever, question: dict[str, Any], k: int = 5) -> list[str]:
    """What the assistant would retrieve for a question: product ids or policy page names."""
    if question["kind"] == "policy":
        hits = retriever.passages(question["q"], question["lang"], k=3 * k)
        return list(dict.fromkeys(hit.key.split("#")[0].split("/")[-1] for hit in hits))[:k]
    retriever = Retriever(retriever.search, k=k)
    return [hit.key for hit in retriever.retrieve(question["q"], question["lang"], Intent.PRODUCT_SEARCH).products]


def evaluate_retrieval(retriever: Retriever, questions: list[dict[str, Any]]) -> dict[str, Any]:
    """hit@1 and hit@5, overall and per language and kind, and the questions missed at 5."""
    groups: dict[str, list[tuple[bool, bool]]] = defaultdict(list)
    missed = []
    for question in questions:
        ranked = ranked_ids(retriever, question)
        expected = set(question["expected"])
        hit1, hit5 = bool(ranked[:1] and ranked[0] in expected), bool(expected & set(ranked[:5]))
        for group in ("all", question["lang"], f"{question['lang']}/{question['kind']}"):
            groups[group].append((hit1, hit5))
        if not hit5:
            missed.append({"q": question["q"], "got": ranked[:5], "expected": question["expected"][:5]})
    return {"summary": shares(groups, ("hit@1", "hit@5")), "missed": missed}


def evaluate_search_methods(
    search: HybridSearch, queries: list[dict[str, Any]], same: Mapping[str, str], k: int = 5
) -> dict[str, Any]:
    """The product search as shoppers get it (filters read from the words, relaxed when nothing passes) against
    plain BM25 and plain dense ranking on the same index: hit@1, hit@5 and empty lists per method and query style.
    ``queries`` are ``{q, expected, style}``; ``same`` maps a product id to the id it counts as (a variant to its
    parent), so that any variant of an expected product is a hit."""
    index = search.handle.current()
    corpus = index.corpora[PRODUCTS]

    def hybrid(query: str) -> list[str]:
        return [hit.key for hit in search.find(query, index.vocabulary.parse(query), k).hits]

    def bm25(query: str) -> list[str]:
        scores = corpus.bm25.scores(query)
        return [corpus.keys[row] for row in np.argsort(-scores, kind="stable")[:k] if scores[row] > 0]

    def dense(query: str) -> list[str]:
        found = index.dense(PRODUCTS, search.embeddings.query_vector(query), k, None)
        return [corpus.keys[row] for row, _ in sorted(found.items(), key=lambda item: -item[1])]

    groups: dict[str, list[tuple[bool, bool, bool]]] = defaultdict(list)
    missed = []
    for query in queries:
        expected = set(query["expected"])
        for method in (hybrid, bm25, dense):
            ranked = [same.get(key, key) for key in method(query["q"])]
            flags = (bool(ranked) and ranked[0] in expected, bool(expected & set(ranked)), not ranked)
            for group in (method.__name__, f"{method.__name__}/{query.get('style', '')}"):
                groups[group].append(flags)
            if method is hybrid and not flags[1]:
                missed.append({"q": query["q"], "got": ranked, "expected": sorted(expected)})
    return {"summary": shares(groups, ("hit@1", "hit@5", "empty")), "missed": missed}


# -- conversations ------------------------------------------------------------------------------------------------

EXPECTED_KINDS = ("product", "compare", "policy", "clarify", "decline")
_YES = {"en": ("yes",), "fr": ("oui",)}
_NO = {"en": ("no",), "fr": ("non",)}


def read_conversations(path: Path) -> list[dict[str, Any]]:
    """Labelled conversations, one JSON object a line: ``{id, lang, turns: [{text, expect: {kind, ...}}]}``.

    ``expect.kind``: ``product`` (``skus``: the products a right answer shows first), ``compare`` (``skus``: the two
    compared), ``policy`` (``page``; ``answer``: yes/no; ``contains``: a fact the answer states), ``clarify`` (a
    question back, such as which product) or ``decline`` (out of scope)."""

    def parse(item: dict[str, Any], number: int) -> dict[str, Any]:
        turns: list[dict[str, Any]] = [{"text": str(t["text"]), "expect": dict(t["expect"])} for t in item["turns"]]
        if not turns or any(t["expect"].get("kind") not in EXPECTED_KINDS for t in turns):
            raise ValueError(f"every turn needs expect.kind, one of {', '.join(EXPECTED_KINDS)}")
        return {"id": str(item.get("id", number)), "lang": item.get("lang", "en"), "turns": turns}

    return read_labelled(path, "conversation", parse)


def judge(expect: dict[str, Any], answer: Answer, lang: str) -> tuple[bool, bool]:
    """Whether the answer is right (the product, pair, page or act expected) and, beyond that, whether it also
    gives every detail the label asks (the yes or no, the fact)."""
    kind = expect["kind"]
    shown = [str(card["id"]) for card in answer.products]
    if kind == "product":
        right = answer.act in (Act.PRODUCTS, Act.PRODUCT) and bool(shown) and shown[0] in expect["skus"]
    elif kind == "compare":
        right = answer.act == Act.COMPARE and set(shown[:2]) == set(expect["skus"])
    elif kind == "policy":
        pages = [policy_page(str(s["id"])) for s in answer.sources if s.get("kind") == "policy"]
        right = answer.act == Act.POLICY and bool(pages) and pages[0] == expect["page"]
    elif kind == "clarify":
        right = answer.act == Act.CLARIFY
    else:
        right = answer.act == Act.DECLINE and not shown
    strict = right
    folded = fold(answer.text)
    if right and expect.get("answer") in ("yes", "no"):
        words = (_YES if expect["answer"] == "yes" else _NO).get(lang, ())
        strict = strict and any(folded.startswith(word) for word in words)
    if right and expect.get("contains"):
        strict = strict and fold(str(expect["contains"])).replace(",", ".") in folded.replace(",", ".")
    return right, strict


def policy_page(source_id: str) -> str:
    """``policy:en/returns#3`` → ``returns``."""
    return source_id.split(":", 1)[-1].split("#")[0].split("/")[-1]


def evaluate_conversations(pipeline: TurnPipeline, conversations: list[dict[str, Any]]) -> dict[str, Any]:
    """Each conversation replayed turn by turn through the pipeline, every turn seeing the ones before as the chat
    service stores them; turn accuracy overall, per language and per kind, and the turns missed."""
    groups: dict[str, list[tuple[bool, bool]]] = defaultdict(list)
    missed = []
    for conversation in conversations:
        history: list[PastTurn] = []
        for number, turn in enumerate(conversation["turns"], start=1):
            result = pipeline.run(turn["text"], conversation["lang"], history=history[-HISTORY_TURNS:])
            right, strict = judge(turn["expect"], result.answer, result.lang)
            kind = turn["expect"]["kind"]
            for group in ("all", conversation["lang"], f"kind/{kind}", f"{conversation['lang']}/{kind}"):
                groups[group].append((right, strict))
            if not right:
                missed.append(
                    {
                        "conversation": conversation["id"],
                        "turn": number,
                        "text": turn["text"],
                        "expect": turn["expect"],
                        "act": str(result.answer.act),
                        "shown": [str(card["id"]) for card in result.answer.products],
                        "answer": result.answer.text[:300],
                    }
                )
            frame = {
                "text": result.answer.text,
                "products": result.answer.products,
                "sources": result.answer.sources,
                "act": str(result.answer.act),
                "search": result.answer.search,
            }
            history.append(PastTurn.read(turn["text"], result.intent.intent.value, result.lang, frame))
    return {"summary": shares(groups, ("accuracy", "strict")), "missed": missed}


def evaluate_scope(pipeline: TurnPipeline, messages: list[dict[str, Any]]) -> dict[str, Any]:
    """Each message as the first of a conversation: the share of out-of-scope messages declined and the share of
    in-scope ones declined (``{text, lang, scope: in|out}``)."""
    groups: dict[str, list[tuple[bool]]] = defaultdict(list)
    wrong = []
    for message in messages:
        result = pipeline.run(message["text"], message.get("lang", "en"))
        declined = result.answer.act == Act.DECLINE
        scope = message["scope"]
        for group in (scope, f"{scope}/{message.get('lang', 'en')}", f"{scope}/{message.get('kind', '')}"):
            groups[group].append((declined,))
        if declined != (scope == "out"):
            wrong.append({"text": message["text"], "scope": scope, "act": str(result.answer.act)})
    return {"summary": shares(groups, ("declined",)), "wrong": wrong}


ROUTES = ("lookup", "handover", "link", "policy")
"""Where a message about an order or an account goes: its order looked up, a link (or the chat's data-request flow),
a person, or the shop's policy pages."""
_ROUTE_OF_INTENT = {
    Intent.ORDER.value: "lookup",
    Intent.ACCOUNT.value: "link",
    Intent.DATA_REQUEST.value: "link",
    Intent.ORDER_CHANGE.value: "handover",
    Intent.ORDER_PROBLEM.value: "handover",
    Intent.HUMAN.value: "handover",
    Intent.POLICY.value: "policy",
}
_HANDOVER_REASONS = frozenset(
    {"request", "complaint", "refund_dispute", "legal", "safety", "frustration", "gdpr", "order_change",
     "order_problem"}
)  # fmt: skip
"""Hand-over reasons that are the route itself (not an unsure answer's)."""


def route_of(intent: str, reasons: Sequence[str]) -> str:
    """The route a first message took: its intent's, unless the hand-over policy sent it to a person for what it
    says (a complaint, a legal threat); a link or a data request keeps its route."""
    route = _ROUTE_OF_INTENT.get(intent, intent)
    if route != "link" and _HANDOVER_REASONS & set(reasons):
        return "handover"
    return route


def read_routes(path: Path) -> list[dict[str, Any]]:
    """Labelled messages, one JSON object a line: ``{text, lang, route: lookup|handover|link|policy, intent?}``."""

    def parse(item: dict[str, Any], _: int) -> dict[str, Any]:
        if item["route"] not in ROUTES:
            raise ValueError(f"route {item['route']!r} is none of {', '.join(ROUTES)}")
        return {"text": str(item["text"]), "lang": item.get("lang", "en"), "route": item["route"]}

    return read_labelled(path, "message", parse)


def evaluate_routes(chat: Any, messages: list[dict[str, Any]]) -> dict[str, Any]:
    """Each message as the first of a conversation, redacted and read as the server reads it (``chat.rehearse``);
    the share of messages whose route is the labelled one, per route and language, and the ones that are not."""
    groups: dict[str, list[tuple[bool]]] = defaultdict(list)
    wrong = []
    for message in messages:
        signal = chat.rehearse(message["text"], message["lang"])
        decision = chat.escalation.decide(signal)
        route = route_of(signal.intent, decision.reasons)
        right = route == message["route"]
        for group in ("all", message["route"], f"{message['route']}/{message['lang']}"):
            groups[group].append((right,))
        if not right:
            wrong.append({**message, "got": route, "intent": signal.intent, "reasons": list(decision.reasons)})
    return {"summary": shares(groups, ("accuracy",)), "wrong": wrong}
