"""The compliance review: conversations found by filters, each turn explained, and exports of both.

What a compliance officer reads is what is stored: the shoppers' words redacted (placeholders, never the
vault's originals), the answers as sent, and how each was made. Turn filters (language, intent, confidence,
rating, guardrail flag, text) apply together to one turn: a conversation matches when one of its turns
matches them all. Conversation filters (dates, hand-over and its reason, customer) apply to the conversation.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import asdict, dataclass, fields
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.compiler import compiles
from sqlmodel import Session, col, select

from assistant.records.tables import AuditEvent, Conversation, StaffMessage, Turn, as_utc
from assistant.staff.desk import preview
from assistant.turn.intents import Intent
from escalation.policy import Reason
from escalation.queue import Handover
from guardrails.flags import GuardrailFlag, details

FLAGS = {
    "pii": "personal data found and redacted",
    "injection": "instructions to the assistant set aside (injection attempt)",
    "grounding": "answer failed the grounding check",
}
"""The guardrail filters and how the console names them."""
FLAGGED_BY = {"injection": GuardrailFlag.INJECTION_ATTEMPT, "grounding": GuardrailFlag.GROUNDING_FAILED}
"""The guardrail flag each filter finds on a turn (``pii`` reads the turn's redactions instead)."""
RATINGS = ("up", "down", "none")
INTENTS = tuple(intent.value for intent in Intent)
REASONS = tuple(reason.value for reason in Reason)
PAGE_SIZE = 50
EXPORT_LIMIT = 10_000
"""The most conversations one export of a filtered set holds; narrow the filters for more."""

CSV_COLUMNS = (
    "conversation_id", "seq", "created_at", "lang", "shopper_text", "answered_at", "answer_text", "intent",
    "intent_confidence", "confidence", "responder", "responder_version", "embedding_model", "latency_ms", "sources",
    "flags", "redactions", "escalation", "routed_to", "rating",
)  # fmt: skip


class BadQuery(ValueError):
    """A filter that cannot be read, said plainly."""


@dataclass(frozen=True)
class Query:
    """The filters of a search; ``None`` means any."""

    start: date | None = None
    end: date | None = None
    lang: str | None = None
    intent: str | None = None
    escalated: bool | None = None
    reason: str | None = None
    max_confidence: float | None = None
    min_confidence: float | None = None
    rating: str | None = None
    flag: str | None = None
    text: str | None = None
    customer: str | None = None
    page: int = 1

    @classmethod
    def parse(cls, params: Mapping[str, str]) -> Query:
        """Read filters from query parameters (empty ones ignored); :class:`BadQuery` names a wrong one."""
        values = {key: value.strip() for key, value in params.items() if isinstance(value, str) and value.strip()}
        unknown = sorted(set(values) - {f.name for f in fields(cls)})
        if unknown:
            plain = re.fullmatch(r"[a-z_]{1,32}", unknown[0]) is not None  # anything else may be what was typed
            raise BadQuery(f"unknown filter {unknown[0]!r}" if plain else "unknown filter")
        out: dict[str, Any] = {}
        for name in ("start", "end"):
            if name in values:
                try:
                    out[name] = date.fromisoformat(values[name])
                except ValueError:
                    raise BadQuery(f"{name} must be a date like 2026-11-28") from None
        if out.get("start") and out.get("end") and out["start"] > out["end"]:
            raise BadQuery("start is after end")
        for name in ("max_confidence", "min_confidence"):
            if name in values:
                try:
                    number = float(values[name])
                except ValueError:
                    number = -1.0
                if not 0.0 <= number <= 1.0:
                    raise BadQuery(f"{name} must be a number from 0 to 1")
                out[name] = number
        choices = {"lang": ("en", "fr"), "intent": INTENTS, "reason": REASONS, "rating": RATINGS, "flag": tuple(FLAGS)}
        for name, allowed in choices.items():
            if name in values:
                if values[name] not in allowed:
                    raise BadQuery(f"{name} must be one of {', '.join(allowed)}")
                out[name] = values[name]
        if "escalated" in values:
            if values["escalated"] not in ("yes", "no"):
                raise BadQuery("escalated must be yes or no")
            out["escalated"] = values["escalated"] == "yes"
            if not out["escalated"] and "reason" in out:
                raise BadQuery("a hand-over reason needs escalated=yes (or no escalated filter)")
        for name, limit in (("text", 200), ("customer", 128)):
            if name in values:
                out[name] = values[name][:limit]
        if "page" in values:
            if not values["page"].isascii() or not values["page"].isdigit() or not 1 <= int(values["page"]) <= 100_000:
                raise BadQuery("page must be a whole number from 1")
            out["page"] = int(values["page"])
        return cls(**out)

    def params(self) -> dict[str, str]:
        """The filters as query parameters (for links to the next page and to exports)."""
        out: dict[str, str] = {}
        for name, value in asdict(self).items():
            if value is None or (name == "page" and value == 1):
                continue
            out[name] = ("yes" if value else "no") if isinstance(value, bool) else str(value)
        return out

    def described(self) -> dict[str, Any]:
        """The filters in force, for an export's header and its audit record."""
        return {key: value for key, value in self.params().items() if key != "page"}


@dataclass(frozen=True)
class Row:
    """One conversation in a result list."""

    id: str
    created_at: str
    last_seen_at: str
    locale: str
    customer: bool
    turns: int
    matched: int
    escalated: bool
    state: str | None
    reasons: list[str]
    lowest_confidence: float | None
    ratings: dict[str, int]
    flags: list[str]
    preview: str


@dataclass(frozen=True)
class Page:
    """One page of results, with how many conversations match in all."""

    query: Query
    total: int
    rows: list[Row]
    size: int = PAGE_SIZE

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.size))


def _day_start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


def _turn_conditions(query: Query) -> list[sa.ColumnElement[bool]]:
    conditions: list[sa.ColumnElement[bool]] = []
    if query.lang:
        conditions.append(col(Turn.lang) == query.lang)
    if query.intent:
        conditions.append(col(Turn.intent) == query.intent)
    if query.max_confidence is not None:
        conditions.append(col(Turn.confidence) <= query.max_confidence)
    if query.min_confidence is not None:
        conditions.append(col(Turn.confidence) >= query.min_confidence)
    if query.rating == "up":
        conditions.append(col(Turn.rating) == 1)
    elif query.rating == "down":
        conditions.append(col(Turn.rating) == -1)
    elif query.rating == "none":
        conditions.append(sa.and_(col(Turn.answer_frame).is_not(None), col(Turn.rating).is_(None)))
    if query.flag == "pii":
        conditions.append(col(Turn.redactions).is_not(None))
    elif query.flag in FLAGGED_BY:
        conditions.append(col(Turn.flags).like(f'%"{FLAGGED_BY[query.flag].value}"%'))
    if query.text:
        pattern = "%" + query.text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        conditions.append(
            sa.or_(
                _Holds(col(Turn.shopper_text), pattern),
                _Holds(col(Turn.answer_text), pattern),
            )
        )
    return conditions


class _Holds(sa.ColumnElement[bool]):
    """``column`` holds the LIKE ``pattern`` (lower case) whatever the case: ``lower(column) LIKE pattern``, which
    PostgreSQL runs twice as fast as ILIKE; SQLite's LIKE already ignores case (ASCII, as its ``lower`` does), so
    it is used bare there, which halves that text search too."""

    inherit_cache = True
    type = sa.Boolean()

    def __init__(self, column: Any, pattern: str):
        self.column, self.pattern = column, sa.literal(pattern)


@compiles(_Holds)
def _holds(element: _Holds, compiler: Any, **kw: Any) -> str:
    return compiler.process(sa.func.lower(element.column).like(element.pattern, escape="\\"), **kw)


@compiles(_Holds, "sqlite")
def _holds_sqlite(element: _Holds, compiler: Any, **kw: Any) -> str:
    return compiler.process(element.column.like(element.pattern, escape="\\"), **kw)


def _filtered(statement: Any, query: Query, dialect: str) -> Any:
    """``statement``, a select from ``conversations``, narrowed to the conversations ``query`` matches.

    The turn filters are one pass over the turns: SQLite runs ``IN (subquery)`` that way; PostgreSQL's planner
    would rather probe the turns once per conversation (twice as slow at 100,000 turns), so there the matching
    ids are kept aside (a materialised CTE) and joined.
    """
    cid = col(Conversation.id)
    turn_conditions = _turn_conditions(query)
    if turn_conditions:
        turns = sa.select(col(Turn.conversation_id)).where(*turn_conditions)
        if dialect == "sqlite":
            statement = statement.where(cid.in_(turns))
        else:
            matched = turns.distinct().cte("matched").prefix_with("MATERIALIZED")
            statement = statement.join(matched, matched.c.conversation_id == cid)
    if query.start:
        statement = statement.where(col(Conversation.created_at) >= _day_start(query.start))
    if query.end:
        statement = statement.where(col(Conversation.created_at) < _day_start(query.end + timedelta(days=1)))
    if query.customer:
        statement = statement.where(col(Conversation.customer_id) == query.customer)
    if query.escalated is not None or query.reason:
        person = sa.or_(col(Handover.queued_at).is_not(None), col(Handover.assigned_at).is_not(None))
        handed = [col(Handover.conversation_id) == cid, person]
        if query.reason:
            handed.append(col(Handover.reasons).like(f'%"{query.reason}"%'))
        found = sa.exists().where(*handed)
        statement = statement.where(~found if query.escalated is False else found)
    return statement


def search(engine: sa.Engine, query: Query, size: int = PAGE_SIZE) -> Page:
    """The conversations matching ``query``, most recently active first, one page of ``size``."""
    with Session(engine) as session:
        statement = (
            _filtered(
                select(Conversation, sa.func.count().over()), query, engine.dialect.name
            )  # the page and the total in one pass
            .order_by(col(Conversation.last_seen_at).desc(), col(Conversation.id))
            .offset((query.page - 1) * size)
            .limit(size)
        )
        found = list(session.exec(statement).all())
        if found:
            total = found[0][1]
        else:  # past the last page
            total = session.exec(
                _filtered(select(sa.func.count()).select_from(Conversation), query, engine.dialect.name)
            ).one()
        rows = _rows(session, [conversation for conversation, _ in found], _turn_conditions(query))
    return Page(query, int(total), rows, size)


def _rows(session: Session, conversations: list[Conversation], conditions: list[Any]) -> list[Row]:
    """Each conversation's figures for the list, from its turns and hand-over (two queries for the page)."""
    ids = [c.id for c in conversations]
    if not ids:
        return []
    turns: dict[str, list[Any]] = {cid: [] for cid in ids}
    matched_column = sa.and_(*conditions) if conditions else sa.true()
    statement = (
        sa.select(
            col(Turn.conversation_id), col(Turn.seq), col(Turn.shopper_text), col(Turn.confidence), col(Turn.rating),
            col(Turn.flags), col(Turn.redactions), sa.case((matched_column, 1), else_=0),
        )
        .where(col(Turn.conversation_id).in_(ids))
        .order_by(col(Turn.conversation_id), col(Turn.seq))
    )  # fmt: skip
    for row in session.execute(statement):
        turns[row[0]].append(row)
    handovers = {
        h.conversation_id: h for h in session.exec(select(Handover).where(col(Handover.conversation_id).in_(ids))).all()
    }
    rows = []
    for conversation in conversations:
        own = turns[conversation.id]
        handover = handovers.get(conversation.id)
        escalated = handover is not None and (handover.queued_at is not None or handover.assigned_at is not None)
        flags: set[str] = set()
        for turn in own:
            flags.update(_flag_names(turn[5], turn[6]))
        confidences = [turn[3] for turn in own if turn[3] is not None]
        rows.append(
            Row(
                id=conversation.id,
                created_at=as_utc(conversation.created_at).isoformat(),
                last_seen_at=as_utc(conversation.last_seen_at).isoformat(),
                locale=conversation.locale,
                customer=conversation.customer_id is not None,
                turns=len(own),
                matched=sum(turn[7] for turn in own),
                escalated=escalated,
                state=handover.state if handover is not None else None,
                reasons=json.loads(handover.reasons) if escalated and handover is not None else [],
                lowest_confidence=min(confidences) if confidences else None,
                ratings={"up": sum(t[4] == 1 for t in own), "down": sum(t[4] == -1 for t in own)},
                flags=sorted(flags),
                preview=preview(own[0][2], 140) if own else "",
            )
        )
    return rows


def _flag_names(flags: str | None, redactions: str | None) -> list[str]:
    """The filter names (``pii``, ``injection``, ``grounding``) a turn raised."""
    raised = set(json.loads(flags or "[]"))
    names = ["pii"] if redactions else []
    return names + [name for name, flag in FLAGGED_BY.items() if flag in raised]


def explain(turn: Turn) -> dict[str, Any]:
    """How an answer was made, as the audit record keeps it: sources and scores, intent, confidence, the
    responder and models with their versions, each guardrail's verdict, and the hand-over decision."""
    frame = turn.frame() or {}
    raised = json.loads(turn.flags or "[]")
    redactions = json.loads(turn.redactions or "null") or {}
    cited = {str(s.get("id")): s for s in frame.get("sources", []) if isinstance(s, dict)}
    sources = []
    for source in json.loads(turn.sources or "[]"):
        if isinstance(source, dict):
            shown = cited.get(str(source.get("id")), {})
            sources.append({**source, "title": shown.get("title"), "cited": bool(shown)})
    injection = details(GuardrailFlag.INJECTION, raised)
    guardrails = [
        {
            "name": "personal data",
            "verdict": "redacted" if redactions else "none found",
            "detail": ", ".join(f"{count} {kind}" for kind, count in sorted(redactions.items())) or "",
        },
        {
            "name": "instruction screen",
            "verdict": "injection attempt: refused" if GuardrailFlag.INJECTION_ATTEMPT in raised else "passed",
            "detail": ", ".join(injection),
        },
        {
            "name": "grounding",
            "verdict": "failed: safe answer given instead" if GuardrailFlag.GROUNDING_FAILED in raised else "passed",
            "detail": "false urgency" if GuardrailFlag.FALSE_URGENCY in raised else "",
        },
        {
            "name": "AI disclosure",
            "verdict": "answer marked as AI" if frame.get("ai") is True else "NOT marked as AI",
            "detail": "",
        },
    ]
    model = _model(turn, sources, raised)
    if model is not None:
        guardrails.append({"name": "language model", "verdict": model["verdict"], "detail": model["detail"]})
    decision = json.loads(turn.escalation) if turn.escalation else None
    return {
        "turn": turn.id,
        "seq": turn.seq,
        "answered_at": as_utc(turn.answered_at).isoformat() if turn.answered_at else None,
        "lang": turn.lang,
        "intent": turn.intent,
        "intent_confidence": turn.intent_confidence,
        "confidence": turn.confidence,
        "responder": turn.responder,
        "responder_version": turn.responder_version,
        "embedding_model": turn.embedding_model,
        "model": model,
        "tools": sorted({str(s["tool"]) for s in sources if s.get("tool")}),
        "tool_calls": [
            {"tool": str(s["tool"]), "arguments": s.get("arguments") or {}, "returned": s.get("returned", "")}
            for s in sources
            if s.get("tool")
        ],
        "latency_ms": turn.latency_ms,
        "sources": sources,
        "products": frame.get("products", []),
        "flags": raised,
        "guardrails": guardrails,
        "escalation": decision,
        "routed_to": turn.routed_to,
        "rating": {1: "up", -1: "down"}.get(turn.rating or 0),
    }


def _model(turn: Turn, sources: list[dict[str, Any]], raised: list[str]) -> dict[str, Any] | None:
    """What a language model did for the turn (``None`` when the shop ran none): the model, the ids of its prompt's
    data block, and why its answer was not used, if it was not."""
    if turn.responder != "llm":
        return None
    data = [str(source["id"]) for source in sources if source.get("prompt")]
    fallback = details(GuardrailFlag.LLM_FALLBACK, raised)
    if fallback:
        verdict, detail = "answer not used: the extractive answer was sent", ", ".join(fallback)
    elif data:
        verdict, detail = "answer written by the model, every sentence checked", ""
    else:
        verdict, detail = "not asked: a fixed answer", ""
    return {"name": turn.responder_version, "data": data, "fallback": fallback, "verdict": verdict, "detail": detail}


def conversation(engine: sa.Engine, conversation_id: str) -> dict[str, Any] | None:
    """One conversation for review: its facts, hand-over, every turn with its explanation, the agents' messages
    and notes, and its audit trail. ``None`` when there is no such conversation (it may have been erased)."""
    with Session(engine) as session:
        found = session.get(Conversation, conversation_id)
        if found is None:
            return None
        turns = session.exec(select(Turn).where(Turn.conversation_id == conversation_id).order_by(col(Turn.seq))).all()
        staff = session.exec(
            select(StaffMessage).where(StaffMessage.conversation_id == conversation_id).order_by(col(StaffMessage.at))
        ).all()
        handover = session.get(Handover, conversation_id)
        events = session.exec(
            select(AuditEvent).where(AuditEvent.conversation_id == conversation_id).order_by(col(AuditEvent.seq))
        ).all()
    return {
        "id": found.id,
        "created_at": as_utc(found.created_at).isoformat(),
        "last_seen_at": as_utc(found.last_seen_at).isoformat(),
        "locale": found.locale,
        "customer_id": found.customer_id,
        "handover": None
        if handover is None
        else {
            "state": handover.state,
            "reasons": json.loads(handover.reasons),
            "queued_at": _iso(handover.queued_at),
            "assigned_to": handover.assigned_to,
            "assigned_at": _iso(handover.assigned_at),
            "closed_at": _iso(handover.closed_at),
            "resolution": handover.resolution,
        },
        "turns": [
            {
                "seq": turn.seq,
                "at": as_utc(turn.created_at).isoformat(),
                "shopper": turn.shopper_text,
                "answer": turn.answer_text,
                "explanation": explain(turn) if turn.answer_frame is not None else None,
                "routed_to": turn.routed_to,
            }
            for turn in turns
        ],
        "staff": [
            {"at": as_utc(m.at).isoformat(), "kind": m.kind, "author": m.author_name, "text": m.text} for m in staff
        ],
        "audit": [
            {
                "seq": e.seq,
                "at": as_utc(e.at).isoformat(),
                "actor": e.actor,
                "action": e.action,
                "detail": json.loads(e.detail),
            }
            for e in events
        ],
    }


def _iso(moment: datetime | None) -> str | None:
    return as_utc(moment).isoformat() if moment else None


def matching_ids(engine: sa.Engine, query: Query, limit: int = EXPORT_LIMIT) -> list[str]:
    """Every conversation id the query matches (most recent first); :class:`BadQuery` above ``limit``."""
    with Session(engine) as session:
        statement = (
            _filtered(select(col(Conversation.id)), query, engine.dialect.name)
            .order_by(col(Conversation.last_seen_at).desc(), col(Conversation.id))
            .limit(limit + 1)
        )
        ids = list(session.exec(statement).all())
    if len(ids) > limit:
        raise BadQuery(f"more than {limit} conversations match: narrow the filters to export them")
    return ids


def export_json(engine: sa.Engine, ids: list[str], query: Query | None, officer: str) -> Iterator[str]:
    """A JSON document of the conversations ``ids`` (each as :func:`conversation` gives it), written piece by piece."""
    header = {
        "format": "comptoir-review-export/1",
        "exported_at": datetime.now(UTC).isoformat(),
        "exported_by": officer,
        "filters": query.described() if query is not None else None,
        "count": len(ids),
    }
    yield json.dumps(header, ensure_ascii=False)[:-1] + ', "conversations": ['
    first = True
    for cid in ids:
        found = conversation(engine, cid)
        if found is None:
            continue
        yield ("" if first else ",") + "\n" + json.dumps(found, ensure_ascii=False)
        first = False
    yield "\n]}\n"


def export_csv(engine: sa.Engine, ids: list[str]) -> Iterator[str]:
    """One CSV row per turn of the conversations ``ids``, with how each answer was made (JSON in its cells)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    yield buffer.getvalue()
    for start in range(0, len(ids), 200):
        chunk = ids[start : start + 200]
        order = {cid: index for index, cid in enumerate(chunk)}
        with Session(engine) as session:
            turns = session.exec(select(Turn).where(col(Turn.conversation_id).in_(chunk))).all()
        for turn in sorted(turns, key=lambda t: (order[t.conversation_id], t.seq)):
            buffer.seek(0)
            buffer.truncate()
            writer.writerow([_cell(getattr(turn, name)) for name in CSV_COLUMNS])
            yield buffer.getvalue()


def _cell(value: Any) -> Any:
    if isinstance(value, datetime):
        return as_utc(value).isoformat()
    if isinstance(value, str) and value[:1] in "=+-@\t\r":  # a spreadsheet would run it as a formula
        return "'" + value
    return "" if value is None else value


AUDIT_COLUMNS = ("seq", "at", "conversation_id", "actor", "action", "detail", "prev_hash", "hash")


def export_audit(engine: sa.Engine, start: date | None = None, end: date | None = None) -> Iterator[str]:
    """The audit log as CSV, oldest first, 1,000 records a read (``start``/``end``: UTC days, both included).
    With the hashes, so a copy kept elsewhere can be checked against the chain later."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(AUDIT_COLUMNS)
    yield buffer.getvalue()
    after = 0
    while True:
        statement = select(AuditEvent).where(col(AuditEvent.seq) > after)
        if start:
            statement = statement.where(col(AuditEvent.at) >= _day_start(start))
        if end:
            statement = statement.where(col(AuditEvent.at) < _day_start(end + timedelta(days=1)))
        with Session(engine) as session:
            events = session.exec(statement.order_by(col(AuditEvent.seq)).limit(1000)).all()
        if not events:
            return
        buffer.seek(0)
        buffer.truncate()
        for event in events:
            writer.writerow([_cell(getattr(event, name)) for name in AUDIT_COLUMNS])
        yield buffer.getvalue()
        after = events[-1].seq
