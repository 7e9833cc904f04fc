"""The audit log as a hash chain: each record carries the hash of the one before it.

A record's hash is SHA-256 over a canonical JSON of its chain position (``seq``), the previous record's
hash, its time (UTC, ISO 8601), conversation, actor, action and detail (as stored). A completed turn is
recorded by a ``turn_recorded`` event holding a digest of the turn's audited fields, so a turn row changed
afterwards is found as well. ``verify`` walks the chain and names the first record that was changed,
removed or inserted.

Appending is serialised across processes: a PostgreSQL advisory lock held by the inserting transaction,
or SQLite's write lock (``BEGIN IMMEDIATE``) taken before the last record is read.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session

from assistant.records.tables import AuditEvent, Turn, as_stored, now

GENESIS = "0" * 64
"""The ``prev_hash`` of the first record."""


class AuditAction(StrEnum):
    """What an audit record says was done. The hand-over's own moves (queued, claimed, taken over, handed
    back, closed) are named by ``escalation.HandoverEvent``, the room that makes them."""

    TURN_RECORDED = "turn_recorded"
    """A turn completed (answered or routed to a person): a digest of its audited fields."""
    AI_DISCLOSED = "ai_disclosed"
    """A new conversation was opened with the sentence saying the shopper talks to an AI (EU AI Act art. 50)."""
    ANSWER_RATED = "answer_rated"
    CONVERSATION_ERASED = "conversation_erased"
    """One conversation erased on request: its turns are gone on purpose."""
    CONVERSATIONS_PURGED = "conversations_purged"
    """A purge by age: every conversation inactive since before its ``before`` (in the detail) is gone on purpose."""
    VAULT_ACCEPTED = "vault_accepted"
    VAULT_DECLINED = "vault_declined"
    PII_REVEALED = "pii_revealed"
    PII_REVEAL_REFUSED = "pii_reveal_refused"
    CONTACT_LEFT = "contact_left"
    AGENT_MESSAGE = "agent_message"
    NOTE_ADDED = "note_added"
    STAFF_LOGIN = "staff_login"
    STAFF_LOGIN_FAILED = "staff_login_failed"
    """A wrong name or password: the account's name if it exists, never the password nor a name typed in vain."""
    STAFF_LOCKED_OUT = "staff_locked_out"
    """Too many failed logins for one account name or from one client address: logins there are refused a while."""
    STAFF_UNLOCKED = "staff_unlocked"
    """A lock-out ended: it expired (recorded at the next login attempt) or an administrator cleared it."""
    TRANSCRIPT_VIEWED = "transcript_viewed"
    TRANSCRIPTS_EXPORTED = "transcripts_exported"
    DATA_EXPORTED = "data_exported"
    """A data-subject copy (one record per conversation exported)."""
    SUBJECT_REQUEST_FILED = "subject_request_filed"
    SUBJECT_REQUEST_SERVED = "subject_request_served"
    CONSENT_GIVEN = "consent_given"
    CONSENT_WITHDRAWN = "consent_withdrawn"
    AUDIT_LOG_EXPORTED = "audit_log_exported"
    ORDER_LOOKUP = "order_lookup"
    """The assistant showed an order to the shopper who proved it theirs (how, in the detail)."""
    ORDER_LOOKUP_REFUSED = "order_lookup_refused"
    """An order look-up that showed nothing: a number and an e-mail or postcode that are no order's (the typed
    values are not kept), or one past the limit of wrong pairs per conversation or client address."""


TURN_FIELDS = (
    "id", "conversation_id", "seq", "client_id", "created_at", "lang", "shopper_text", "answered_at",
    "answer_text", "answer_frame", "intent", "intent_confidence", "sources", "confidence", "responder",
    "responder_version", "embedding_model", "latency_ms", "flags", "redactions", "escalation", "routed_to",
)  # fmt: skip
"""The fields of a turn its ``turn_recorded`` digest covers."""

_REAL_FIELDS = tuple(
    column.name
    for column in Turn.__table__.columns  # type: ignore[attr-defined]
    if column.name in TURN_FIELDS and isinstance(column.type, sa.Float)
)

_LOCK_KEY = 0x41756469  # "Audi"


def utc_iso(moment: datetime) -> str:
    """A stored time as UTC ISO 8601 with microseconds (SQLite gives back naive datetimes, written in UTC)."""
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return aware.astimezone(UTC).isoformat(timespec="microseconds")


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def record_hash(
    seq: int, prev_hash: str, at: datetime, conversation_id: str | None, actor: str, action: str, detail: str
) -> str:
    """The hash of one audit record."""
    body = {
        "seq": seq,
        "prev_hash": prev_hash,
        "at": utc_iso(at),
        "conversation_id": conversation_id,
        "actor": actor,
        "action": action,
        "detail": detail,
    }
    return hashlib.sha256(_canonical(body).encode()).hexdigest()


def turn_digest(turn: Mapping[str, Any]) -> str:
    """SHA-256 of a turn's audited fields (``turn`` maps field names to the stored values)."""
    values = {name: turn[name] for name in TURN_FIELDS}
    for name in ("created_at", "answered_at"):
        if values[name] is not None:
            values[name] = utc_iso(values[name])
    for name in _REAL_FIELDS:  # a REAL column holds 1.0 where 1 was written; SQLite's RETURNING gives back the 1
        if values[name] is not None:
            values[name] = float(values[name])
    return hashlib.sha256(_canonical(values).encode()).hexdigest()


_INSERT = sa.insert(AuditEvent.__table__)  # type: ignore[attr-defined]
_HEAD = "comptoir.audit_head"
"""Where a session keeps the head of the chain it appended to, with the transaction holding the chain's lock."""


def append(
    session: Session, conversation_id: str | None, actor: str, action: str, detail: dict[str, Any]
) -> AuditEvent:
    """Add a record at the end of the chain, in ``session``'s transaction: it is kept if, and only if, the change
    it records is. The chain's lock is held until that transaction ends, so within it the head is read once: the
    records of a batch of turns are chained one after the other without reading the last one back each time."""
    connection = session.connection()
    transaction = session.get_transaction()
    held = session.info.get(_HEAD)
    if held is not None and held[0] is transaction:
        seq, prev_hash = held[1], held[2]
    else:
        lock_chain(connection)
        seq, prev_hash = chain_head(connection)
    at, text = now(), json.dumps(detail, ensure_ascii=False)
    values = {
        "seq": seq + 1,
        "prev_hash": prev_hash,
        "hash": record_hash(seq + 1, prev_hash, at, conversation_id, actor, str(action), text),
        "at": at,
        "conversation_id": conversation_id,
        "actor": actor,
        "action": str(action),
        "detail": text,
    }
    key = connection.execute(_INSERT, values).inserted_primary_key
    session.info[_HEAD] = (transaction, seq + 1, values["hash"])
    return as_stored(AuditEvent, {"id": key[0] if key else None, **values})


def record_turn(session: Session, row: Turn) -> None:
    """Chain a digest of a completed (answered or routed) turn, as stored, into the audit log; ``row`` is as the
    database gave it back after the change (read after the UPDATE, in the same transaction)."""
    fields = {name: getattr(row, name) for name in TURN_FIELDS}
    detail = {"turn": row.id, "seq": row.seq, "digest": turn_digest(fields)}
    append(session, row.conversation_id, "assistant", AuditAction.TURN_RECORDED, detail)


def lock_chain(connection: sa.Connection) -> None:
    """Hold the chain's write lock until ``connection``'s transaction ends.

    PostgreSQL: a transaction-scoped advisory lock. SQLite: the database's write lock, taken with
    ``BEGIN IMMEDIATE`` when no transaction is open (the driver opens one only before a write, which has
    already taken the lock).
    """
    if connection.dialect.name == "postgresql":
        connection.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOCK_KEY})
    elif connection.dialect.name == "sqlite":
        driver = connection.connection.driver_connection
        if driver is not None and not driver.in_transaction:
            connection.exec_driver_sql("BEGIN IMMEDIATE")


def chain_head(connection: sa.Connection) -> tuple[int, str]:
    """The last record's ``seq`` and hash, or ``(0, GENESIS)`` for an empty log; call under ``lock_chain``."""
    row = connection.execute(sa.text("SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1")).first()
    return (0, GENESIS) if row is None else (int(row[0]), str(row[1]))


@dataclass(frozen=True)
class Problem:
    """The first bad record found: ``kind`` is ``changed``, ``removed`` or ``inserted``; ``rewritten`` when a head
    hash kept from an earlier check is no longer in the chain."""

    kind: str
    seq: int
    record_id: int | None
    at: str | None
    action: str | None
    explanation: str

    def describe(self) -> str:
        """One line naming the record: ``audit log broken: record seq 7 (id 7, <time>, <action>) was changed: ...``."""
        if self.kind == "rewritten":
            return f"audit log broken: {self.explanation}"
        about = [f"id {self.record_id}"] if self.record_id is not None else []
        about += [part for part in (self.at, self.action) if part]
        where = f"record seq {self.seq}" + (f" ({', '.join(about)})" if about else "")
        return f"audit log broken: {where} was {self.kind}: {self.explanation}"


@dataclass(frozen=True)
class Verdict:
    """What ``verify`` found: the number of records, the head of the chain, the first problem if any."""

    records: int
    head_seq: int
    head_hash: str
    problem: Problem | None

    @property
    def intact(self) -> bool:
        return self.problem is None


_AUDIT = sa.table(
    "audit_events",
    *(sa.column(name) for name in ("id", "seq", "prev_hash", "hash", "conversation_id", "actor", "action", "detail")),
    sa.column("at", sa.DateTime()),
)
_TURNS = sa.table(
    "turns",
    *(
        sa.column(name, sa.DateTime()) if name in ("created_at", "answered_at") else sa.column(name)
        for name in TURN_FIELDS
    ),
)


def verify(engine: sa.Engine, expect_head: str | None = None) -> Verdict:
    """Walk the chain in ``seq`` order, then check each recorded turn against its row (one snapshot of both).

    ``expect_head`` is a head hash kept outside Comptoir from an earlier check: the chain must still hold a
    record with that hash, or its history up to there was rewritten (the whole log hashed again) or cut back.
    """
    with engine.connect() as connection:
        if connection.dialect.name == "postgresql":
            connection.execution_options(isolation_level="REPEATABLE READ")
        elif connection.dialect.name == "sqlite":
            connection.exec_driver_sql("BEGIN")  # a read transaction: the log and the turns as of one moment
        records = [
            dict(row._mapping) for row in connection.execute(sa.select(_AUDIT).order_by(_AUDIT.c.seq, _AUDIT.c.id))
        ]
        problem = _walk(records)
        if problem is None:
            problem = _check_turns(connection, records)
        if problem is None and expect_head and not any(r["hash"] == expect_head.strip() for r in records):
            explanation = (
                f"no record has the hash kept from an earlier check ({expect_head.strip()[:64]}): the log was "
                "rewritten or cut back since"
            )
            problem = Problem("rewritten", 0, None, None, None, explanation)
    head = records[-1] if records else None
    return Verdict(
        records=len(records),
        head_seq=int(head["seq"]) if head else 0,
        head_hash=str(head["hash"]) if head else GENESIS,
        problem=problem,
    )


def _problem(kind: str, record: Mapping[str, Any], explanation: str) -> Problem:
    return Problem(kind, int(record["seq"]), record["id"], utc_iso(record["at"]), record["action"], explanation)


def _own_hash(record: Mapping[str, Any]) -> str:
    return record_hash(
        int(record["seq"]), str(record["prev_hash"]), record["at"], record["conversation_id"],
        record["actor"], record["action"], record["detail"],
    )  # fmt: skip


def _walk(records: list[dict[str, Any]]) -> Problem | None:
    """The first record that does not follow the one before it, and why."""
    previous: dict[str, Any] | None = None
    before_previous_hash = GENESIS
    for index, record in enumerate(records):
        expected_seq = int(previous["seq"]) + 1 if previous else 1
        expected_prev = str(previous["hash"]) if previous else GENESIS
        seq = int(record["seq"])
        consistent = _own_hash(record) == record["hash"]
        linked = record["prev_hash"] == expected_prev
        if consistent and linked and seq == expected_seq:
            before_previous_hash, previous = expected_prev, record
            continue
        following = records[index + 1] if index + 1 < len(records) else None
        if seq < expected_seq:
            return _problem("inserted", record, f"its seq repeats a position already taken (expected {expected_seq})")
        if seq > expected_seq:
            return Problem(
                "removed", expected_seq, None, None, None,
                f"missing before record seq {seq} (id {record['id']}, {utc_iso(record['at'])}, {record['action']})",
            )  # fmt: skip
        if linked:
            return _problem("changed", record, "its content no longer matches its hash")
        if previous is not None and record["prev_hash"] == before_previous_hash:
            return _problem("inserted", previous, f"record seq {seq} follows the record before it")
        if following is not None and following["prev_hash"] == expected_prev:
            return _problem("inserted", record, "the record after it follows the record before it")
        if consistent and previous is not None:
            return _problem("changed", previous, f"record seq {seq} holds another hash for it (rewritten)")
        return _problem("inserted", record, "it follows no record of the chain")
    return None


def _check_turns(connection: sa.Connection, records: list[dict[str, Any]]) -> Problem | None:
    """Each turn's last ``turn_recorded`` digest against the turn as stored now.

    A recorded turn that is gone is fine when a later record erased its conversation, or purged
    conversations inactive since a moment after the turn was recorded.
    """
    latest: dict[str, tuple[dict[str, Any], str]] = {}
    erased: dict[str, int] = {}
    purged: list[tuple[int, str]] = []
    for record in records:
        if record["action"] == AuditAction.TURN_RECORDED:
            try:
                detail = json.loads(record["detail"])
                latest[str(detail["turn"])] = (record, str(detail["digest"]))
            except (ValueError, TypeError, KeyError):
                return _problem("changed", record, "its detail names no turn and digest")
        elif record["action"] == AuditAction.CONVERSATION_ERASED and record["conversation_id"]:
            erased[str(record["conversation_id"])] = int(record["seq"])
        elif record["action"] == AuditAction.CONVERSATIONS_PURGED:
            try:
                purged.append(
                    (int(record["seq"]), utc_iso(datetime.fromisoformat(json.loads(record["detail"])["before"])))
                )
            except (ValueError, TypeError, KeyError):
                continue  # a purge without its cutoff covers nothing
    if not latest:
        return None
    rows: dict[str, dict[str, Any]] = {}
    ids = list(latest)
    for start in range(0, len(ids), 500):
        statement = sa.select(_TURNS).where(_TURNS.c.id.in_(ids[start : start + 500]))
        rows.update((str(row._mapping["id"]), dict(row._mapping)) for row in connection.execute(statement))
    problems: list[Problem] = []
    for turn_id, (record, digest) in latest.items():
        row = rows.get(turn_id)
        if row is None:
            seq, at = int(record["seq"]), utc_iso(record["at"])
            covered = erased.get(str(record["conversation_id"]), 0) > seq or any(
                purge_seq > seq and before > at for purge_seq, before in purged
            )
            if not covered:
                problems.append(
                    _problem("removed", record, f"turn {turn_id} is gone and no erasure or purge covers it")
                )
        elif turn_digest(row) != digest:
            problems.append(_problem("changed", record, f"turn {turn_id} no longer matches its recorded digest"))
    return min(problems, key=lambda problem: problem.seq) if problems else None
