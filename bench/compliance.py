"""The compliance search over a large record: 100,000 turns written straight into a fresh database, then the
officer's usual filters timed through ``assistant.compliance.review.search`` (what ``/compliance/search.json`` runs).

The turns look like a shop's: our labelled shopper questions with a conversation's worth of variation, 70%
English, answers with confidence, a tenth handed over with reasons, a tenth rated, some personal data, a few
injection attempts and grounding failures, spread over 90 days.
"""

from __future__ import annotations

import json
import random
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import sqlalchemy as sa

from assistant.compliance.review import INTENTS, Query, search
from assistant.records.store import ConversationStore, make_engine

REASONS = ("low_confidence", "request", "complaint", "refund_dispute", "frustration", "gdpr")
FILTERS: list[dict[str, str]] = [
    {},
    {"lang": "fr"},
    {"intent": "policy", "max_confidence": "0.5"},
    {"escalated": "yes", "reason": "complaint"},
    {"escalated": "no", "rating": "down"},
    {"flag": "injection"},
    {"flag": "pii", "lang": "en"},
    {"flag": "grounding"},
    {"text": "refund"},
    {"start": "{recent}", "intent": "product_search", "min_confidence": "0.7"},
    {"rating": "up", "page": "3"},
    {"escalated": "yes", "lang": "fr", "max_confidence": "0.4"},
]


def seed(url: str, turns: int, texts: list[str], *, seed_value: int = 7) -> tuple[int, float]:
    """Write ``turns`` turns in conversations of 1 to 9 turns; how many conversations, and the seconds it took."""
    rng = random.Random(seed_value)
    engine = make_engine(url)
    ConversationStore(engine).create_schema()
    metadata = sa.MetaData()
    conversations, turn_table, handovers = (
        sa.Table(name, metadata, autoload_with=engine) for name in ("conversations", "turns", "handovers")
    )
    now = datetime.now(UTC)
    started = time.perf_counter()
    written = count = 0
    batch_conversations: list[dict[str, object]] = []
    batch_turns: list[dict[str, object]] = []
    batch_handovers: list[dict[str, object]] = []

    def flush() -> None:
        with engine.begin() as connection:
            connection.execute(conversations.insert(), batch_conversations)
            connection.execute(turn_table.insert(), batch_turns)
            if batch_handovers:
                connection.execute(handovers.insert(), batch_handovers)
        batch_conversations.clear()
        batch_turns.clear()
        batch_handovers.clear()

    while written < turns:
        cid = uuid.uuid4().hex
        opened = now - timedelta(days=rng.uniform(0, 90))
        lang = "fr" if rng.random() < 0.3 else "en"
        size = min(turns - written, rng.randint(1, 9))
        escalated = rng.random() < 0.1
        batch_conversations.append(
            {"id": cid, "token_hash": uuid.uuid4().hex + uuid.uuid4().hex, "locale": lang, "created_at": opened,
             "last_seen_at": opened + timedelta(minutes=size * 2), "keep_originals": True,
             "customer_id": f"cust-{rng.randint(1, 5000)}" if rng.random() < 0.2 else None}
        )  # fmt: skip
        for seq in range(1, size + 1):
            at = opened + timedelta(minutes=seq * 2)
            flags = []
            pii = rng.random() < 0.08
            if pii:
                flags.append("pii_redacted")
            if rng.random() < 0.01:
                flags += ["injection_attempt", "injection:override"]
            if rng.random() < 0.02:
                flags.append("grounding_failed")
            confidence = round(rng.betavariate(5, 2), 3)
            handed = escalated and seq == size
            reasons = [rng.choice(REASONS)] if handed else []
            text = rng.choice(texts) + (" my email is <EMAIL_1>" if pii else "")
            batch_turns.append(
                {"id": uuid.uuid4().hex, "conversation_id": cid, "seq": seq, "client_id": f"m{seq}", "created_at": at,
                 "lang": lang, "shopper_text": text, "answered_at": at + timedelta(seconds=1),
                 "answer_text": "Here is what I found in our catalogue and policies.",
                 "answer_frame": json.dumps({"type": "message", "ai": True, "text": "…"}),
                 "intent": rng.choice(INTENTS), "intent_confidence": confidence, "confidence": confidence,
                 "sources": json.dumps([{"id": f"p{rng.randint(1, 9999)}", "score": confidence}]),
                 "responder": "template", "responder_version": "1", "embedding_model": "all-MiniLM-L6-v2",
                 "latency_ms": rng.uniform(20, 90), "flags": json.dumps(flags),
                 "redactions": json.dumps({"EMAIL": 1}) if pii else None,
                 "escalation": json.dumps({"escalate": handed, "reasons": reasons, "priority": 0}),
                 "routed_to": None, "rating": rng.choice((1, -1)) if rng.random() < 0.1 else None}
            )  # fmt: skip
        if escalated:
            batch_handovers.append(
                {"conversation_id": cid, "state": "closed", "priority": 0, "reasons": json.dumps(reasons),
                 "queued_at": opened + timedelta(minutes=size * 2), "assigned_to": "camille",
                 "assigned_at": opened + timedelta(minutes=size * 2 + 3), "closed_at": opened + timedelta(minutes=30),
                 "resolution": "answered", "contact_left": False, "updated_at": opened + timedelta(minutes=30)}
            )  # fmt: skip
        written += size
        count += 1
        if len(batch_turns) >= 5000:
            flush()
    flush()
    if engine.dialect.name == "postgresql":
        with engine.begin() as connection:  # what autovacuum does to a database that grew this much
            connection.execute(sa.text("ANALYZE"))
    engine.dispose()
    return count, time.perf_counter() - started


def timed_searches(url: str, rounds: int = 10) -> tuple[list[float], dict[str, int]]:
    """Milliseconds per search over every filter of :data:`FILTERS`, ``rounds`` times; and what each matched."""
    engine = make_engine(url)
    recent = (datetime.now(UTC) - timedelta(days=14)).date().isoformat()
    queries = [Query.parse({k: v.format(recent=recent) for k, v in f.items()}) for f in FILTERS]
    search(engine, queries[0])  # open the connection and warm the page cache
    timings: list[float] = []
    matched: dict[str, int] = {}
    for _ in range(rounds):
        for query in queries:
            started = time.perf_counter()
            page = search(engine, query)
            timings.append((time.perf_counter() - started) * 1000)
            matched[json.dumps(query.described())] = page.total
    engine.dispose()
    return timings, matched


def compliance_figures(
    root: Path, texts: list[str], percentiles: Callable[[list[float]], str], turns: int, postgres: str | None = None
) -> None:
    """Seed ``turns`` turns in SQLite (and in a fresh schema of the ``postgres`` database, if given) and print the
    filtered search's latency on each."""
    url = f"sqlite:///{root / 'compliance' / 'comptoir.db'}"
    _measure("SQLite", url, texts, percentiles, turns, show_matches=True)
    if postgres:
        schema = f"comptoir_bench_{uuid.uuid4().hex[:8]}"
        admin = sa.create_engine(postgres)
        with admin.begin() as connection:
            connection.execute(sa.text(f"CREATE SCHEMA {schema}"))
        try:
            separator = "&" if "?" in postgres else "?"
            _measure("PostgreSQL", f"{postgres}{separator}options=-csearch_path%3D{schema}", texts, percentiles, turns)
        finally:
            with admin.begin() as connection:
                connection.execute(sa.text(f"DROP SCHEMA {schema} CASCADE"))
            admin.dispose()


def _measure(
    name: str,
    url: str,
    texts: list[str],
    percentiles: Callable[[list[float]], str],
    turns: int,
    show_matches: bool = False,
) -> None:
    conversations, seconds = seed(url, turns, texts)
    print(f"compliance record ({name}): {turns} turns in {conversations} conversations written in {seconds:.1f} s")
    timings, matched = timed_searches(url)
    print(f"compliance filtered search ({name}), {turns} turns, {len(FILTERS)} filter sets: {percentiles(timings)}")
    for filters, total in matched.items() if show_matches else ():
        print(f"  {filters}: {total} conversations")
