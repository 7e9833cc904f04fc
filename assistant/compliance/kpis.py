"""The compliance KPIs: key figures over a period of UTC days, each with the sentence that defines it.

Conversation figures are about the conversations opened in the period in which the shopper wrote at least one
message (a conversation merely opened, by a widget or a ``hello``, is in none of them), with everything that
happened in them up to now; message figures are about the shopper messages received in the period. All of them are read from
one snapshot of the database, counted by SQL where the database can; JSON columns (stored as text) are read
in Python. ``docs/kpis.md`` carries the same definitions.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.orm import Mapped
from sqlmodel import col

from assistant.records.audit import AuditAction
from assistant.records.tables import AuditEvent, Conversation, Turn, as_utc
from escalation.queue import Handover, HandoverEvent
from guardrails import GuardrailFlag
from guardrails.flags import details

MAX_DAYS = 366
DEFAULT_DAYS = 30

_PICKED_UP = (HandoverEvent.CLAIMED, HandoverEvent.TAKEN_OVER)
"""The audit actions of an agent picking a conversation up."""

WITH_A_PERSON, RATED_DOWN, RESOLVED, UNKNOWN, UNANSWERED = (
    "with_a_person", "rated_down", "resolved", "unknown", "unanswered",
)  # fmt: skip
"""Where a conversation ended up: each conversation is in exactly one of these."""

DEFINITIONS: dict[str, str] = {
    "conversations": "Conversations opened in the period in which the shopper wrote at least one message; one that "
    "was only opened (the widget opened and left, a `hello` with nothing after it) is not counted, nor is one erased "
    "on request or purged by age. The other conversation figures are about these conversations.",
    "conversations_per_day": "The conversations counted in `conversations`, by the UTC day they were opened, days "
    "with none included.",
    "resolved_by_assistant": "Conversations opened in the period in which the shopper gave an answer a thumbs-up, "
    "gave none a thumbs-down, and no person was involved (never queued for an agent, never claimed or taken over, "
    "no message routed to a person); a conversation the shopper simply left is not counted here.",
    "answered_outcome_unknown": "Conversations opened in the period that the assistant answered with no person "
    "involved and that the shopper never rated: whether the shopper got what they needed is unknown.",
    "answered_rated_down": "Conversations opened in the period with no person involved in which the shopper gave "
    "at least one answer a thumbs-down.",
    "unanswered": "Conversations opened in the period in which the shopper wrote but got no answer from the "
    "assistant and no person was involved, such as a message received just before the server stopped, whose "
    "shopper never came back for the answer.",
    "handover_rate": "Share of the conversations opened in the period that went to a person: queued for an agent "
    "(by the hand-over policy or because the shopper asked) or taken over by an agent.",
    "handover_reasons": "For the conversations opened in the period that were queued for a person, how many were "
    "queued for each reason (`request` is the shopper asking for a person, in words or with the widget's button); "
    "one conversation can count for several reasons.",
    "agent_wait": "For the conversations opened in the period, the time from entering the agents' queue to an agent "
    "claiming or taking the conversation over, read from the audit log's `escalated` and `claimed`/`taken_over` "
    "records: median and 95th percentile of the waits an agent ended, and how many waits no agent ended (closed "
    "from the queue or still waiting).",
    "ratings": "Thumbs-up and thumbs-down standing on the answers to the shopper messages received in the period, "
    "and the share of thumbs-up among them.",
    "answer_latency": "Median and 95th percentile of the time the assistant spent computing its answers to the "
    "shopper messages received in the period (the injection check, intent, retrieval, the answer and its "
    "grounding check; redaction, storage and the network are not included).",
    "redactions": "Personal values replaced by placeholders in the shopper messages received in the period, "
    "by placeholder kind.",
    "injection_attempts": "Shopper messages received in the period that the injection detector flagged as an "
    "attempt to instruct the assistant (`injection_attempt`); each was answered with a refusal.",
    "model_answers": "When the shop runs a language model: of the answers to the shopper messages received in the "
    "period, how many the model wrote (`written`), how many it was asked for but were replaced by the extractive "
    "answer (`fallbacks`, by reason: `timeout`, `error`, `malformed`, `grounding`, `person`, `language`), and how many "
    "were fixed answers it is not asked for (greetings, hand-overs, refusals).",
    "ai_label_coverage": "Share of the assistant's answers to the shopper messages received in the period whose "
    "answer frame, as sent and stored, is marked `ai: true`; with no answers there is no figure.",
    "disclosure_coverage": "Share of the conversations counted in `conversations` (opened in the period, with at "
    "least one shopper message) whose opening, with the sentence saying the shopper is talking to an AI, is "
    "recorded in the audit log (`ai_disclosed`); with no conversations there is no figure.",
}

_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True)
class Period:
    """UTC days from ``start`` to ``end``, both included."""

    start: date
    end: date

    @classmethod
    def parse(cls, start: str | None, end: str | None, today: date) -> Period:
        """The period of a ``from``/``to`` query (``YYYY-MM-DD``, both optional); ``ValueError`` says what is wrong.

        Without ``to`` the period ends ``today``; without ``from`` it is the 30 days ending on ``to``.
        """
        last = _day("to", end) if end else today
        first = _day("from", start) if start else last - timedelta(days=DEFAULT_DAYS - 1)
        if first > last:
            raise ValueError(f"The period starts ({first}) after it ends ({last}).")
        length = (last - first).days + 1
        if length > MAX_DAYS:
            raise ValueError(f"A period is at most {MAX_DAYS} days; {first} to {last} is {length} days.")
        return cls(first, last)

    def days(self) -> list[date]:
        """Every day of the period, in order."""
        return [self.start + timedelta(days=n) for n in range((self.end - self.start).days + 1)]

    def bounds(self) -> tuple[datetime, datetime]:
        """The first day's midnight (UTC, included) and the midnight after the last day (excluded)."""
        return datetime.combine(self.start, time(), UTC), datetime.combine(self.end + timedelta(days=1), time(), UTC)

    def as_dict(self) -> dict[str, Any]:
        """The period as the JSON gives it."""
        return {"from": self.start.isoformat(), "to": self.end.isoformat(), "days": len(self.days())}


def _day(name: str, text: str) -> date:
    if _DAY.fullmatch(text):
        try:
            return date.fromisoformat(text)
        except ValueError:
            pass
    raise ValueError(f"'{name}' must be a valid date written YYYY-MM-DD, such as 2025-03-31.")


def compute(engine: Engine, period: Period) -> dict[str, Any]:
    """Every KPI of ``period``: ``{"period": {...}, "kpis": {name: {"value": ..., "definition": ...}}}``."""
    start, end = period.bounds()
    wrote = sa.exists().where(col(Turn.conversation_id) == col(Conversation.id))
    counted = sa.and_(col(Conversation.created_at) >= start, col(Conversation.created_at) < end, wrote)
    cohort = sa.select(col(Conversation.id)).where(counted)
    received = sa.and_(col(Turn.created_at) >= start, col(Turn.created_at) < end)
    with _snapshot(engine) as connection:
        outcomes = _outcomes(connection, counted)
        total = sum(outcomes.values())
        values: dict[str, Any] = {
            "conversations": total,
            "conversations_per_day": _per_day(connection, counted, period),
            "resolved_by_assistant": _share(outcomes[RESOLVED], total),
            "answered_outcome_unknown": _share(outcomes[UNKNOWN], total),
            "answered_rated_down": _share(outcomes[RATED_DOWN], total),
            "unanswered": _share(outcomes[UNANSWERED], total),
            "handover_rate": _share(outcomes[WITH_A_PERSON], total),
            "handover_reasons": _reasons(connection, cohort),
            "agent_wait": _waits(connection, cohort),
            "ratings": _ratings(connection, received),
            "answer_latency": _latency(connection, received),
            "redactions": _redactions(connection, received),
            "injection_attempts": _injections(connection, received),
            "model_answers": _model_answers(connection, received),
            "ai_label_coverage": _ai_labels(connection, received),
            "disclosure_coverage": _disclosures(connection, counted),
        }
    kpis = {name: {"value": value, "definition": DEFINITIONS[name]} for name, value in values.items()}
    return {"period": period.as_dict(), "kpis": kpis}


@contextmanager
def _snapshot(engine: Engine) -> Iterator[Connection]:
    """A connection reading the database as of one moment, so that the figures agree with each other."""
    with engine.connect() as connection:
        if connection.dialect.name == "postgresql":
            connection.execution_options(isolation_level="REPEATABLE READ", postgresql_readonly=True)
        elif connection.dialect.name == "sqlite":
            connection.exec_driver_sql("BEGIN")
        yield connection


# -- conversations ----------------------------------------------------------------------------------


def _per_day(connection: Connection, opened: sa.ColumnElement[bool], period: Period) -> list[dict[str, Any]]:
    days = sa.select(_utc_day(connection, col(Conversation.created_at)).label("day")).where(opened).subquery()
    counts = {
        str(day)[:10]: count
        for day, count in connection.execute(sa.select(days.c.day, sa.func.count()).group_by(days.c.day))
    }
    return [{"day": day.isoformat(), "conversations": counts.get(day.isoformat(), 0)} for day in period.days()]


def _utc_day(connection: Connection, moment: Mapped[datetime]) -> sa.ColumnElement[Any]:
    """The UTC day of a stored time (SQLite keeps UTC text; PostgreSQL converts whatever the session's zone)."""
    if connection.dialect.name == "postgresql":
        return sa.cast(sa.func.timezone("UTC", moment), sa.Date)
    return sa.func.date(moment, type_=sa.String)


def _with_a_person(conversation: Mapped[str]) -> sa.ColumnElement[bool]:
    """A person was involved: the conversation was queued for an agent, claimed or taken over, or a message of
    it was routed to a person (the audit log keeps every move; the hand-over row and the turns say it too)."""
    moved = sa.exists().where(
        col(AuditEvent.conversation_id) == conversation,
        col(AuditEvent.action).in_((HandoverEvent.ESCALATED, *_PICKED_UP)),
    )
    handed = sa.exists().where(
        col(Handover.conversation_id) == conversation,
        sa.or_(col(Handover.queued_at).is_not(None), col(Handover.assigned_at).is_not(None)),
    )
    routed = sa.exists().where(col(Turn.conversation_id) == conversation, col(Turn.routed_to).is_not(None))
    return sa.or_(moved, handed, routed)


def _outcomes(connection: Connection, opened: sa.ColumnElement[bool]) -> dict[str, int]:
    """How many conversations ended up where: a person first, then a thumbs-down, a thumbs-up, an answer."""
    conversation = col(Conversation.id)

    def has_turn(*where: sa.ColumnElement[bool]) -> sa.Exists:
        return sa.exists().where(col(Turn.conversation_id) == conversation, *where)

    outcome = sa.case(
        (_with_a_person(conversation), WITH_A_PERSON),
        (has_turn(col(Turn.rating) == -1), RATED_DOWN),
        (has_turn(col(Turn.rating) == 1), RESOLVED),
        (has_turn(col(Turn.answer_frame).is_not(None)), UNKNOWN),
        else_=UNANSWERED,
    )
    each = sa.select(outcome.label("outcome")).where(opened).subquery()
    counts = dict.fromkeys((WITH_A_PERSON, RATED_DOWN, RESOLVED, UNKNOWN, UNANSWERED), 0)
    for name, count in connection.execute(sa.select(each.c.outcome, sa.func.count()).group_by(each.c.outcome)):
        counts[name] = count
    return counts


def _reasons(connection: Connection, cohort: sa.Select[Any]) -> dict[str, int]:
    """Conversations per hand-over reason: those of every ``escalated`` record, and those added to the
    hand-over while it was already waiting or held (kept on the hand-over row only)."""
    found: dict[str, set[str]] = {}
    escalations = sa.select(col(AuditEvent.conversation_id), col(AuditEvent.detail)).where(
        col(AuditEvent.action) == HandoverEvent.ESCALATED, col(AuditEvent.conversation_id).in_(cohort)
    )
    for conversation, detail in connection.execute(escalations):
        parsed = _parsed(detail)
        found.setdefault(str(conversation), set()).update(
            _names(parsed.get("reasons") if isinstance(parsed, dict) else None)
        )
    handovers = sa.select(col(Handover.conversation_id), col(Handover.reasons)).where(
        col(Handover.conversation_id).in_(cohort)
    )
    for conversation, reasons in connection.execute(handovers):
        found.setdefault(str(conversation), set()).update(_names(_parsed(reasons)))
    counts = Counter(reason for reasons in found.values() for reason in reasons)
    return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))


def _waits(connection: Connection, cohort: sa.Select[Any]) -> dict[str, Any]:
    """Each entry into the queue, paired with the first claim, take-over or close of that conversation after it."""
    table = AuditEvent.metadata.tables["audit_events"]
    queued, move, later = table.alias("queued"), table.alias("move"), table.alias("later")
    first_move = (
        sa.select(sa.func.min(later.c.seq))
        .where(
            later.c.conversation_id == queued.c.conversation_id,
            later.c.seq > queued.c.seq,
            later.c.action.in_((*_PICKED_UP, HandoverEvent.CLOSED)),
        )
        .correlate(queued)
        .scalar_subquery()
    )
    statement = (
        sa.select(queued.c.at, move.c.action, move.c.at)
        .select_from(queued.outerjoin(move, move.c.seq == first_move))
        .where(queued.c.action == HandoverEvent.ESCALATED, queued.c.conversation_id.in_(cohort))
    )
    waits: list[float] = []
    never = still = 0
    for queued_at, action, moved_at in connection.execute(statement):
        if action in _PICKED_UP:
            waits.append((as_utc(moved_at) - as_utc(queued_at)).total_seconds())
        else:
            never += 1
            still += action is None
    return {
        "waited": len(waits) + never,
        "picked_up": len(waits),
        "never_picked_up": never,
        "still_waiting": still,
        "median_seconds": _rounded(percentile(waits, 0.5), 1),
        "p95_seconds": _rounded(percentile(waits, 0.95), 1),
    }


def _disclosures(connection: Connection, opened: sa.ColumnElement[bool]) -> dict[str, Any]:
    disclosed = sa.exists().where(
        col(AuditEvent.conversation_id) == col(Conversation.id), col(AuditEvent.action) == AuditAction.AI_DISCLOSED
    )
    total, count = connection.execute(sa.select(sa.func.count(), _count_if(disclosed)).where(opened)).one()
    return _share(count or 0, total)


# -- shopper messages -------------------------------------------------------------------------------


def _ratings(connection: Connection, received: sa.ColumnElement[bool]) -> dict[str, Any]:
    rating = col(Turn.rating)
    up, down = connection.execute(sa.select(_count_if(rating == 1), _count_if(rating == -1)).where(received)).one()
    up, down = up or 0, down or 0
    return {"up": up, "down": down, "share_up": round(up / (up + down), 4) if up + down else None}


def _latency(connection: Connection, received: sa.ColumnElement[bool]) -> dict[str, Any]:
    statement = sa.select(col(Turn.latency_ms)).where(
        received, col(Turn.answer_frame).is_not(None), col(Turn.latency_ms).is_not(None)
    )
    latencies = [value for value in connection.execute(statement).scalars() if value is not None]
    return {
        "answers": len(latencies),
        "p50_ms": _rounded(percentile(latencies, 0.5), 1),
        "p95_ms": _rounded(percentile(latencies, 0.95), 1),
    }


def _redactions(connection: Connection, received: sa.ColumnElement[bool]) -> dict[str, int]:
    counts: Counter[str] = Counter()
    statement = sa.select(col(Turn.redactions)).where(received, col(Turn.redactions).is_not(None))
    for text in _stream(connection, statement):
        parsed = _parsed(text)
        if isinstance(parsed, dict):
            counts.update({str(kind): n for kind, n in parsed.items() if isinstance(n, int) and n > 0})
    return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))


def _injections(connection: Connection, received: sa.ColumnElement[bool]) -> int:
    flag = GuardrailFlag.INJECTION_ATTEMPT
    statement = sa.select(col(Turn.flags)).where(received, col(Turn.flags).contains(flag.value))
    return sum(1 for text in _stream(connection, statement) if flag in _names(_parsed(text)))


def _model_answers(connection: Connection, received: sa.ColumnElement[bool]) -> dict[str, Any]:
    """The answers a language model wrote, those it failed (by reason) and the fixed ones."""
    statement = sa.select(col(Turn.flags), col(Turn.sources)).where(
        received, col(Turn.responder) == "llm", col(Turn.answered_at).is_not(None)
    )
    written = fixed = 0
    fallbacks: Counter[str] = Counter()
    for flags, sources in connection.execute(statement):
        why = details(GuardrailFlag.LLM_FALLBACK, _names(_parsed(flags)))
        if why:
            fallbacks.update(why[:1])
        elif any(isinstance(s, dict) and s.get("prompt") for s in _parsed(sources) or []):
            written += 1
        else:
            fixed += 1
    return {"written": written, "fallbacks": dict(sorted(fallbacks.items())), "fixed": fixed}


def _ai_labels(connection: Connection, received: sa.ColumnElement[bool]) -> dict[str, Any]:
    statement = sa.select(col(Turn.answer_frame)).where(received, col(Turn.answer_frame).is_not(None))
    answers = labelled = 0
    for text in _stream(connection, statement):
        frame = _parsed(text)
        answers += 1
        labelled += isinstance(frame, dict) and frame.get("ai") is True
    return _share(labelled, answers)


# -- helpers ----------------------------------------------------------------------------------------


def percentile(values: Sequence[float], fraction: float) -> float | None:
    """The ``fraction`` percentile, interpolated between the two nearest values as PostgreSQL's
    ``percentile_cont`` does; ``None`` for no values."""
    if not values:
        return None
    ordered = sorted(values)
    position = (len(ordered) - 1) * fraction
    low = math.floor(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def _share(count: int, of: int) -> dict[str, Any]:
    return {"count": count, "of": of, "share": round(count / of, 4) if of else None}


def _rounded(value: float | None, digits: int) -> float | None:
    return None if value is None else round(value, digits)


def _count_if(condition: sa.ColumnElement[bool]) -> sa.ColumnElement[Any]:
    return sa.func.sum(sa.case((condition, 1), else_=0))


def _stream(connection: Connection, statement: sa.Select[Any]) -> Iterator[Any]:
    """One column of many rows, fetched a batch at a time."""
    yield from connection.execute(statement.execution_options(yield_per=1000)).scalars()


def _parsed(text: str | None) -> Any:
    """A JSON column's value, or ``None`` when it holds no valid JSON."""
    try:
        return json.loads(text) if text else None
    except ValueError:
        return None


def _names(value: Any) -> list[str]:
    """The strings of a JSON list (reasons, flags); anything else holds none."""
    return [item for item in value if isinstance(item, str)] if isinstance(value, list) else []
