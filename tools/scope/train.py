"""Train the scope model and the policy model (assistant/turn/scope.py) and write their weights.

    .venv/bin/python -m tools.scope.train [--public-data DIR] [--model scope|policy|topic|all]

Scope model. Out of scope: HWU64's home-assistant requests (public, CC BY 4.0; the intents that a shop chat shares,
such as "yes", "no", "thanks" or "where is my order", are left out), JailbreakBench's 200 requests (MIT), the
out-of-scope examples of the intent classifier, and the out-of-scope lines of tools/scope/training.jsonl (written by
hand, apart from the evaluation sets). In scope: the other intent examples, the in-scope lines of
tools/scope/training.jsonl, and the dev splits of the Luma product queries and of the labelled conversations. The
threshold is chosen on the dev split of the scope set (tests/data/scope.jsonl): the highest share of out-of-scope
messages caught with at most 3 % of in-scope ones caught.

Policy model. About a policy, a service or an order: the in-scope lines of tools/scope/training.jsonl of those kinds
and the policy intent examples; about products: the product lines and intent examples and the dev Luma queries. The
threshold is chosen on the dev conversations' turns that expect a policy passage or a product: the most policy turns
found with at most 2 % of product turns taken for policy ones.

Request model: what a shopper asks the shop to do about their own order or account: "order" (look it up: status,
tracking, refund, return received, invoice), "change" (cancel, change the address, return or exchange an item of it),
"problem" (a payment gone wrong, a damaged, wrong or missing item, a complaint), "account" (password, log-in,
account, newsletter), "data" (a data-subject request), or "none" (anything else: a policy question, a product, small
talk). Trained on tools/scope/requests.jsonl (written by hand), tools/scope/requests_written.jsonl (400 messages
written apart from the router by someone who saw only the issue and the demo shop's policies), the in-scope lines of tools/scope/training.jsonl whose
kind says which, the intent examples (none), the dev conversations' turns that are no policy question (none) and HWU64 less its
shared intents (none); its route accuracy is printed on
a development file given with --requests-dev (written apart from this file; the held-out file is never read here).

Topic model: the in-scope lines of tools/scope/training.jsonl whose kind belongs to a policy topic (delivery and
click and collect: shipping; refunds and exchanges: returns; ...); its accuracy on the dev conversations' policy turns
is printed.

No held-out file is read.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import math
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy.sparse import csr_matrix, hstack
from sklearn.linear_model import LogisticRegression

from assistant.turn.intents import EXAMPLES, Intent
from assistant.turn.scope import POLICY_PATH, REQUEST_PATH, SCOPE_PATH, TOPIC_PATH, terms
from retrieval import ShopEmbeddings

ROOT = Path(__file__).resolve().parents[2]
HWU64 = "intents_en_hwu64/utterances.csv"
JBB = "jailbreakbench/behaviors.csv"
"""JailbreakBench's requests, harmful and benign (MIT): essays, stories, code, advice, none of them a shop's."""
SHARED_WITH_A_SHOP = {
    "takeaway_query",  # "has my order been sent?"
    "general_affirm",
    "general_negate",
    "general_praise",
    "general_confirm",
    "general_repeat",
    "general_explain",
    "general_dontcare",
    "general_commandstop",
}
CLASS_WEIGHT = "balanced"
"""Out-of-scope texts outnumber in-scope ones about six to one; each class weighs the same in the fit."""
POLICY_KINDS = frozenset(
    [
        "account",
        "cancel",
        "change_address",
        "click_collect",
        "contact",
        "damaged",
        "delivery",
        "exchange",
        "gift_card",
        "hours",
        "invoice",
        "order_number",
        "order_problem",
        "order_status",
        "password",
        "payment",
        "personal_data",
        "privacy",
        "promo",
        "refund",
        "repair",
        "returns",
        "store_hours",
        "warranty",
        "wrong_item",
    ]
)
"""Kinds of in-scope training lines that ask about the shop's policies, services or an order."""
PRODUCT_KINDS = frozenset(
    [
        "colour",
        "comparison",
        "followup",
        "gift",
        "price",
        "product_advice",
        "product_context",
        "product_detail",
        "product_search",
        "recommendation",
        "size",
        "size_fit",
        "stock",
    ]
)
"""Kinds of in-scope training lines that ask about products."""
TOPICS = {
    **dict.fromkeys(("delivery", "click_collect", "change_address", "order_status"), "shipping"),
    **dict.fromkeys(("returns", "refund", "exchange", "wrong_item", "cancel"), "returns"),
    **dict.fromkeys(("payment", "promo", "gift_card", "invoice"), "payment"),
    **dict.fromkeys(("warranty", "repair", "damaged"), "warranty"),
    **dict.fromkeys(("privacy", "personal_data", "account", "password"), "privacy"),
    **dict.fromkeys(("contact", "hours", "store_hours"), "contact"),
}
"""The policy topic of each kind of training line."""


def examples(public: Path) -> tuple[list[str], list[bool]]:
    """The scope model's training texts and whether each is out of scope."""
    rows: list[tuple[str, bool]] = []
    with (public / HWU64).open(newline="", encoding="utf-8") as handle:
        rows += [(r["text"], True) for r in csv.DictReader(handle) if r["label"] not in SHARED_WITH_A_SHOP]
    with (public / JBB).open(newline="", encoding="utf-8") as handle:
        rows += [(r["goal"], True) for r in csv.DictReader(handle)]
    rows += [(t, intent is Intent.OUT_OF_SCOPE) for intent, texts in EXAMPLES.items() for t in texts]
    rows += [(d["text"], d["scope"] == "out") for d in _jsonl(ROOT / "tools/scope/training.jsonl")]
    rows += [(d["q"], False) for d in _jsonl(ROOT / "tests/data/luma_queries.jsonl")]
    for conversation in _jsonl(ROOT / "tests/data/conversations.jsonl"):
        rows += [(t["text"], t["expect"]["kind"] == "decline") for t in conversation["turns"]]
    unique = dict(rows)
    return list(unique), list(unique.values())


def policy_examples() -> tuple[list[str], list[bool]]:
    """The policy model's training texts and whether each asks about a policy or service rather than a product:
    the in-scope lines of tools/scope/training.jsonl whose kind says which, the intent examples, and the dev Luma
    product queries (products). The labelled conversations are left out: their turns choose the threshold."""
    rows: list[tuple[str, bool]] = []
    for line in _jsonl(ROOT / "tools/scope/training.jsonl"):
        if line["scope"] == "in" and (line["kind"] in POLICY_KINDS or line["kind"] in PRODUCT_KINDS):
            rows.append((line["text"], line["kind"] in POLICY_KINDS))
    for intent, texts in EXAMPLES.items():
        if intent in (Intent.POLICY, Intent.PRODUCT_SEARCH, Intent.PRODUCT_QUESTION):
            rows += [(t, intent is Intent.POLICY) for t in texts]
    rows += [(d["q"], False) for d in _jsonl(ROOT / "tests/data/luma_queries.jsonl")]
    unique = dict(rows)
    return list(unique), list(unique.values())


REQUEST_KINDS = {
    "order_status": "order",
    "order_number": "order",
    "cancel": "change",
    "change_address": "change",
    "exchange": "change",
    "damaged": "problem",
    "wrong_item": "problem",
    **dict.fromkeys(
        (*PRODUCT_KINDS, "delivery", "returns", "warranty", "click_collect", "hours", "store_hours", "contact",
         "greeting", "goodbye", "thanks", "promo", "repair", "gift_card"),
        "none",
    ),
}  # fmt: skip
"""The request class of the kinds of tools/scope/training.jsonl that have one (refund, payment, account, privacy,
invoice and order-problem lines mix general questions, look-ups and complaints: left out)."""
ROUTES = {"order": "lookup", "change": "handover", "problem": "handover", "account": "link", "data": "link"}
"""The route each request class takes; "none" takes the policy route in a file of order and account messages."""


WRITTEN_INTENTS = {
    **dict.fromkeys(
        ("order_status", "tracking", "delivery_date", "order_items", "refund_status", "return_status", "invoice"),
        "order",
    ),
    **dict.fromkeys(("cancel_order", "change_address", "return_item"), "change"),
    **dict.fromkeys(("payment_problem", "complaint"), "problem"),
    **dict.fromkeys(("password_reset", "account_create", "newsletter"), "account"),
    "data_request": "data",
}
"""The request class of each intent of tools/scope/requests_written.jsonl (a person asked for: none, the intent
classifier's own; a policy question: none)."""


def request_examples(public: Path) -> tuple[list[str], list[str]]:
    """The request model's training texts and the class of each."""
    rows = [(d["text"], d["request"]) for d in _jsonl(ROOT / "tools/scope/requests.jsonl")]
    rows += [
        (d["text"], WRITTEN_INTENTS.get(d["intent"], "none"))
        for d in _jsonl(ROOT / "tools/scope/requests_written.jsonl")
    ]
    rows += [
        (line["text"], REQUEST_KINDS[line["kind"]])
        for line in _jsonl(ROOT / "tools/scope/training.jsonl")
        if line["scope"] == "in" and line["kind"] in REQUEST_KINDS
    ]
    rows += [(t, "none") for intent, texts in EXAMPLES.items() if intent is not Intent.HUMAN for t in texts]
    for conversation in _jsonl(ROOT / "tests/data/conversations.jsonl"):  # the dev split: products, follow-ups
        rows += [(t["text"], "none") for t in conversation["turns"] if t["expect"]["kind"] != "policy"]
    with (public / HWU64).open(newline="", encoding="utf-8") as handle:
        rows += [(r["text"], "none") for r in csv.DictReader(handle) if r["label"] not in SHARED_WITH_A_SHOP][::4]
    unique = dict(rows)
    return list(unique), list(unique.values())


def request_dev(path: Path | None) -> tuple[list[str], list[str]]:
    """A development file of order and account messages: text, route (lookup, handover, link, policy)."""
    rows = _jsonl(path) if path else []
    return [d["text"] for d in rows], [d["route"] for d in rows]


def topic_examples() -> tuple[list[str], list[str]]:
    """The topic model's training texts and the policy topic of each: the in-scope lines of
    tools/scope/training.jsonl whose kind belongs to a topic."""
    rows = [
        (line["text"], TOPICS[line["kind"]])
        for line in _jsonl(ROOT / "tools/scope/training.jsonl")
        if line["scope"] == "in" and line["kind"] in TOPICS
    ]
    unique = dict(rows)
    return list(unique), list(unique.values())


def topic_dev() -> tuple[list[str], list[str]]:
    """The dev conversations' policy turns and the demo page each expects (the demo's pages are named by topic)."""
    turns = [t for c in _jsonl(ROOT / "tests/data/conversations.jsonl") for t in c["turns"]]
    turns = [t for t in turns if t["expect"]["kind"] == "policy" and t["expect"].get("page") in set(TOPICS.values())]
    return [t["text"] for t in turns], [t["expect"]["page"] for t in turns]


def scope_dev() -> tuple[list[str], list[bool]]:
    """The dev split of the scope set: message, out of scope."""
    rows = _jsonl(ROOT / "tests/data/scope.jsonl")
    return [d["text"] for d in rows], [d["scope"] == "out" for d in rows]


def policy_dev() -> tuple[list[str], list[bool]]:
    """The turns of the dev conversations that expect a policy passage or a product: message, about a policy."""
    turns = [t for c in _jsonl(ROOT / "tests/data/conversations.jsonl") for t in c["turns"]]
    turns = [t for t in turns if t["expect"]["kind"] in ("policy", "product", "compare")]
    return [t["text"] for t in turns], [t["expect"]["kind"] == "policy" for t in turns]


def _jsonl(path: Path) -> list[dict]:  # type: ignore[type-arg]
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def tfidf(counts: list[Counter[str]], idf: dict[str, float], index: dict[str, int]) -> csr_matrix:
    """The rows as the model reads them: sublinear term frequency times idf, unit length."""
    data, cols, ptr = [], [], [0]
    for row in counts:
        weighted = {t: (1.0 + math.log(n)) * idf[t] for t, n in row.items() if t in idf}
        norm = math.sqrt(sum(v * v for v in weighted.values())) or 1.0
        for term, value in weighted.items():
            cols.append(index[term])
            data.append(value / norm)
        ptr.append(len(cols))
    return csr_matrix((data, cols, ptr), shape=(len(counts), len(index)))


def fit(texts: list[str], labels: list, dev: tuple[list[str], list], spec: Spec, embeddings: ShopEmbeddings) -> dict:  # type: ignore[type-arg]
    """Fit one model. A yes/no model's threshold is chosen on ``dev``: the lowest with at most ``spec.max_false`` of
    the dev texts outside the class taken for it; a topic model reports its dev accuracy. Returns the weights as
    shipped."""
    counts = [terms(t) for t in texts]
    document_frequency = Counter(term for row in counts for term in row)
    n = len(texts)
    idf = {t: math.log((1 + n) / (1 + df)) + 1.0 for t, df in document_frequency.items() if df >= 2}
    index = {t: i for i, t in enumerate(sorted(idf))}
    features = hstack([tfidf(counts, idf, index), csr_matrix(embeddings.embed_many(texts))]).tocsr()
    weight = CLASS_WEIGHT if spec.max_false or spec.name == "request" else None
    model = LogisticRegression(C=spec.c, max_iter=5000, class_weight=weight).fit(features, np.array(labels))
    word_weights, embedding_weights = model.coef_[:, : len(index)], model.coef_[:, len(index) :]

    dev_texts, dev_labels = dev
    dev_features = hstack(
        [tfidf([terms(t) for t in dev_texts], idf, index), csr_matrix(embeddings.embed_many(dev_texts))]
    ).tocsr()
    payload: dict = {"model": embeddings.version, "trained_on": f"{n} texts: {spec.sources}"}  # type: ignore[type-arg]
    if spec.max_false:
        probability = model.predict_proba(dev_features)[:, 1]
        found = np.array(dev_labels)
        threshold = min(
            (t for t in np.arange(0.30, 0.96, 0.01) if (probability[~found] >= t).mean() <= spec.max_false),
            default=0.95,
        )
        print(
            f"{spec.name}: {n} training texts ({sum(labels)} of the class), {len(index)} terms; dev threshold "
            f"{threshold:.2f}: found {(probability[found] >= threshold).mean():.3f}, "
            f"false {(probability[~found] >= threshold).mean():.3f}"
        )
        payload |= {
            "vocabulary": {t: [round(idf[t], 5), round(float(word_weights[0, i]), 5)] for t, i in index.items()},
            "embedding": [round(float(w), 6) for w in embedding_weights[0]],
            "bias": float(model.intercept_[0]),
            "threshold": round(float(threshold), 2),
        }
    else:
        predicted = model.predict(dev_features) if dev_texts else np.array([])
        if spec.name == "request":
            predicted = np.array([ROUTES.get(str(c), "policy") for c in predicted])
        accuracy = (predicted == np.array(dev_labels)).mean() if dev_texts else float("nan")
        print(f"{spec.name}: {n} training texts, {len(index)} terms; dev accuracy {accuracy:.3f} ({len(dev_texts)})")
        payload |= {
            "vocabulary": {
                t: [round(idf[t], 5), [round(float(w), 5) for w in word_weights[:, i]]] for t, i in index.items()
            },
            "embedding": [[round(float(w), 6) for w in row] for row in embedding_weights],
            "bias": [float(b) for b in model.intercept_],
            "classes": [str(c) for c in model.classes_],
        }
    return payload


@dataclass(frozen=True)
class Spec:
    name: str
    c: float
    max_false: float
    """The largest share of dev texts outside the class that the threshold may take for it (0: a topic model)."""
    sources: str


SCOPE = Spec(
    "scope",
    32.0,
    0.03,
    "HWU64 (CC BY 4.0) less shared intents, JailbreakBench requests (MIT), tools/scope/training.jsonl, intent "
    "examples, dev splits of tests/data/luma_queries.jsonl and conversations.jsonl",
)
POLICY = Spec(
    "policy",
    8.0,
    0.02,
    "the in-scope lines of tools/scope/training.jsonl, intent examples, dev split of tests/data/luma_queries.jsonl",
)

TOPIC = Spec("topic", 8.0, 0.0, "the in-scope lines of tools/scope/training.jsonl of a policy topic")
REQUEST = Spec(
    "request",
    8.0,
    0.0,
    "tools/scope/requests.jsonl, the in-scope lines of tools/scope/training.jsonl of a request kind, intent examples, "
    "a quarter of HWU64 (CC BY 4.0) less shared intents",
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--public-data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--model", choices=("scope", "policy", "topic", "request", "all"), default="all")
    parser.add_argument("--requests-dev", type=Path, help="request model: a development file {text, route}")
    args = parser.parse_args()

    embeddings = ShopEmbeddings()
    jobs = []
    if args.model in ("scope", "all"):
        jobs.append((SCOPE, *examples(args.public_data), scope_dev(), SCOPE_PATH))
    if args.model in ("policy", "all"):
        jobs.append((POLICY, *policy_examples(), policy_dev(), POLICY_PATH))
    if args.model in ("topic", "all"):
        jobs.append((TOPIC, *topic_examples(), topic_dev(), TOPIC_PATH))
    if args.model in ("request", "all"):
        jobs.append((REQUEST, *request_examples(args.public_data), request_dev(args.requests_dev), REQUEST_PATH))
    for spec, texts, labels, dev, path in jobs:
        payload = fit(texts, labels, dev, spec, embeddings)
        with gzip.open(path, "wt", encoding="utf-8") as handle:
            json.dump(payload, handle, ensure_ascii=False, separators=(",", ":"))
        print(f"wrote {path} ({path.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
