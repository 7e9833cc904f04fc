"""Conversations and the audit record of every turn, through SQLModel (SQLite by default)."""

from __future__ import annotations

import hashlib
import json
import secrets
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Column, Text, UniqueConstraint, event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Field, Session, SQLModel, col, create_engine, select

from assistant import audit as chain
from assistant.consent import Consent, Preference


def _now() -> datetime:
    return datetime.now(UTC)


def as_utc(moment: datetime) -> datetime:
    """A stored time with its zone: SQLite gives back naive datetimes, written in UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _new_id() -> str:
    return uuid.uuid4().hex


class Conversation(SQLModel, table=True):
    """One shopper's conversation; the shopper holds a token whose hash is kept here."""

    __tablename__ = "conversations"

    id: str = Field(default_factory=_new_id, primary_key=True)
    token_hash: str = Field(index=True, unique=True)
    locale: str = "en"
    created_at: datetime = Field(default_factory=_now, index=True)
    last_seen_at: datetime = Field(default_factory=_now, index=True)
    keep_originals: bool = Field(
        default=True,
        description="Whether the shopper lets the vault keep the personal data they type (when there is one).",
    )
    assigned_agent: str | None = Field(default=None, description="The agent holding the conversation, if any.")
    customer_id: str | None = Field(
        default=None, index=True, max_length=128, description="The merchant's customer id, from a signed token."
    )


class Turn(SQLModel, table=True):
    """The audit record of one turn: the shopper's message, the answer, and how it was made.

    The row is written when the message arrives (before it is acknowledged) and completed before the
    answer is sent, so an acknowledged message and an answer the shopper saw are never lost.
    """

    __tablename__ = "turns"
    __table_args__ = (UniqueConstraint("conversation_id", "client_id", name="uq_turn_client_id"),)

    id: str = Field(default_factory=_new_id, primary_key=True)
    conversation_id: str = Field(foreign_key="conversations.id", index=True)
    seq: int
    client_id: str = Field(max_length=128)
    created_at: datetime = Field(default_factory=_now, index=True)
    lang: str
    shopper_text: str = Field(sa_column=Column(Text, nullable=False))
    answered_at: datetime | None = None
    answer_text: str | None = Field(default=None, sa_column=Column(Text))
    answer_frame: str | None = Field(default=None, sa_column=Column(Text))
    intent: str | None = None
    intent_confidence: float | None = None
    sources: str | None = Field(default=None, sa_column=Column(Text))
    confidence: float | None = None
    responder: str | None = None
    responder_version: str | None = None
    embedding_model: str | None = None
    latency_ms: float | None = None
    flags: str | None = Field(default=None, description="JSON list of guardrail flags raised on the turn")
    redactions: str | None = Field(default=None, description="JSON count of the values redacted, by placeholder kind")
    escalation: str | None = Field(
        default=None, description="JSON of the hand-over decision: escalate, reasons, priority"
    )
    routed_to: str | None = Field(
        default=None,
        max_length=16,
        description="``queue`` or ``agent`` when a person, not the assistant, was to answer the message",
    )
    rating: int | None = Field(default=None, description="The shopper's rating of the answer: 1 up, -1 down")

    def frame(self) -> dict[str, Any] | None:
        """The answer frame as it was sent."""
        return json.loads(self.answer_frame) if self.answer_frame else None


class PiiEntry(SQLModel, table=True):
    """One personal value of a conversation: its placeholder, a keyed hash of it, and (vault) its sealed form."""

    __tablename__ = "pii_entries"
    __table_args__ = (
        UniqueConstraint("conversation_id", "placeholder", name="uq_pii_placeholder"),
        UniqueConstraint("conversation_id", "digest", name="uq_pii_digest"),
    )

    id: int | None = Field(default=None, primary_key=True)
    conversation_id: str = Field(foreign_key="conversations.id", index=True)
    placeholder: str = Field(max_length=40)
    entity: str = Field(max_length=40)
    digest: str = Field(max_length=64)
    sealed: bytes | None = Field(default=None, description="The original value, encrypted with the vault key.")
    created_at: datetime = Field(default_factory=_now)


class AuditEvent(SQLModel, table=True):
    """Something done to a conversation (a reveal from the vault, an erasure) or a turn recorded.

    Records form a hash chain (``assistant.audit``): ``seq`` is the position, ``prev_hash`` the hash of the
    record before, ``hash`` this record's own.
    """

    __tablename__ = "audit_events"

    id: int | None = Field(default=None, primary_key=True)
    seq: int = Field(index=True, unique=True)
    prev_hash: str = Field(max_length=64)
    hash: str = Field(max_length=64)
    at: datetime = Field(default_factory=_now, index=True)
    conversation_id: str | None = Field(default=None, index=True)
    actor: str
    action: str = Field(index=True)
    detail: str = Field(default="{}", sa_column=Column(Text, nullable=False))


class StaffMessage(SQLModel, table=True):
    """What a member of staff wrote in a conversation: a message to the shopper or an internal note.

    Its text is redacted like a shopper's, with the conversation's placeholders.
    """

    __tablename__ = "staff_messages"

    id: str = Field(default_factory=_new_id, primary_key=True)
    conversation_id: str = Field(foreign_key="conversations.id", index=True)
    at: datetime = Field(default_factory=_now, index=True)
    kind: str = Field(max_length=8, description="``message`` (the shopper sees it) or ``note`` (staff only)")
    author: str = Field(max_length=64)
    author_name: str = Field(max_length=120)
    text: str = Field(sa_column=Column(Text, nullable=False))


@dataclass(frozen=True)
class Opened:
    """A conversation opened or resumed, with the token to give the shopper."""

    conversation: Conversation
    token: str
    resumed: bool


@dataclass(frozen=True)
class Accepted:
    """A shopper message stored; ``duplicate`` when its client id was seen before."""

    turn: Turn
    duplicate: bool


_HANDOVERS = sa.table(  # the hand-over's own room (escalation/queue.py); read and deleted here, never written
    "handovers",
    sa.column("conversation_id", sa.String),
    sa.column("state", sa.String),
    sa.column("updated_at", sa.DateTime),
)
_WITH_A_PERSON = ("queued", "assigned")
"""Hand-over states in which a person is handling the conversation (or about to)."""


def _inactive_since(moment: datetime) -> sa.ColumnElement[bool]:
    """Conversations in which nothing happened since ``moment``: not opened, no turn, no agent, no hand-over move."""
    cid = col(Conversation.id)
    recent_turn = sa.exists().where(
        col(Turn.conversation_id) == cid, sa.or_(col(Turn.created_at) >= moment, col(Turn.answered_at) >= moment)
    )
    recent_staff = sa.exists().where(col(StaffMessage.conversation_id) == cid, col(StaffMessage.at) >= moment)
    recent_move = sa.exists().where(_HANDOVERS.c.conversation_id == cid, _HANDOVERS.c.updated_at >= moment)
    return sa.and_(col(Conversation.last_seen_at) < moment, ~recent_turn, ~recent_staff, ~recent_move)


def hash_token(token: str) -> str:
    """Tokens are kept hashed: a copy of the database does not let anyone resume a conversation."""
    return hashlib.sha256(token.encode()).hexdigest()


def make_engine(url: str) -> Engine:
    """An engine; SQLite gets WAL and full fsync so that a committed turn survives a crash."""
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})

        @event.listens_for(engine, "connect")
        def _pragmas(connection: Any, _record: Any) -> None:
            cursor = connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=FULL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA secure_delete=ON")  # deleted personal data is overwritten, not left in free pages
            cursor.close()

        return engine
    return create_engine(url, pool_pre_ping=True)


class ConversationStore:
    """Reads and writes conversations and turns."""

    def __init__(self, engine: Engine):
        self.engine = engine

    def create_schema(self) -> None:
        """Bring the database to the newest schema (Alembic migrations in ``assistant/migrations``)."""
        from assistant.migrate import migrate

        migrate(self.engine)

    def ready(self) -> bool:
        """Whether the database answers."""
        with Session(self.engine) as session:
            session.exec(select(1)).one()
        return True

    def open(self, token: str | None, locale: str, disclosure: str | None = None) -> Opened:
        """Resume the conversation of ``token``, or start a new one.

        A new conversation is opened with ``disclosure``, the sentence telling the shopper they talk to an AI:
        it is chained into the audit log (``ai_disclosed``) in the same transaction as the conversation.
        """
        with Session(self.engine) as session:
            if token:
                found = session.exec(select(Conversation).where(Conversation.token_hash == hash_token(token))).first()
                if found is not None:
                    found.last_seen_at = _now()
                    found.locale = locale
                    session.add(found)
                    session.commit()
                    session.refresh(found)
                    return Opened(found, token, resumed=True)
            token = secrets.token_urlsafe(24)
            conversation = Conversation(token_hash=hash_token(token), locale=locale)
            session.add(conversation)
            if disclosure is not None:
                session.flush()
                self._append(
                    session, conversation.id, "assistant", chain.DISCLOSED, {"locale": locale, "text": disclosure}
                )
            session.commit()
            session.refresh(conversation)
            return Opened(conversation, token, resumed=False)

    def accept(
        self,
        conversation_id: str,
        client_id: str,
        text: str,
        lang: str,
        *,
        redactions: dict[str, int] | None = None,
        entries: Sequence[PiiEntry] = (),
    ) -> Accepted:
        """Store a shopper message (redacted) with its new placeholders, or find the turn of this client id.

        A conflict on a placeholder (another process redacted a message of this conversation at the same
        moment) raises ``IntegrityError``; the caller redacts again.
        """
        with Session(self.engine) as session:
            existing = self._by_client_id(session, conversation_id, client_id)
            if existing is not None:
                return Accepted(existing, duplicate=True)
            seq = len(session.exec(select(Turn.id).where(Turn.conversation_id == conversation_id)).all()) + 1
            turn = Turn(
                conversation_id=conversation_id,
                seq=seq,
                client_id=client_id,
                shopper_text=text,
                lang=lang,
                redactions=json.dumps(redactions) if redactions else None,
            )
            session.add(turn)
            session.add_all(entries)
            try:
                session.commit()
            except IntegrityError:
                session.rollback()
                existing = self._by_client_id(session, conversation_id, client_id)
                if existing is None:
                    raise
                return Accepted(existing, duplicate=True)
            session.refresh(turn)
            return Accepted(turn, duplicate=False)

    def complete(self, turn: Turn, **fields: Any) -> Turn:
        """Write the answer and how it was made into the turn's row."""
        with Session(self.engine) as session:
            row = session.get(Turn, turn.id)
            if row is None:
                raise LookupError(f"turn {turn.id} vanished")
            for name, value in fields.items():
                setattr(row, name, value)
            row.answered_at = _now()
            session.add(row)
            session.flush()
            self._record_turn(session, row)
            session.commit()
            session.refresh(row)
            return row

    def transcript(self, conversation_id: str) -> list[Turn]:
        """Every turn of a conversation, oldest first."""
        with Session(self.engine) as session:
            statement = select(Turn).where(Turn.conversation_id == conversation_id).order_by(Turn.seq)  # type: ignore[arg-type]
            return list(session.exec(statement).all())

    def answered_before(self, conversation_id: str, seq: int, count: int) -> list[Turn]:
        """The last ``count`` answered turns before turn number ``seq``, oldest first."""
        with Session(self.engine) as session:
            statement = (
                select(Turn)
                .where(Turn.conversation_id == conversation_id, col(Turn.seq) < seq, col(Turn.answered_at).is_not(None))
                .order_by(col(Turn.seq).desc())
                .limit(count)
            )
            return list(reversed(session.exec(statement).all()))

    def conversation(self, conversation_id: str) -> Conversation | None:
        """One conversation by id."""
        with Session(self.engine) as session:
            return session.get(Conversation, conversation_id)

    def update_conversation(self, conversation_id: str, **fields: Any) -> None:
        """Change fields of a conversation (its vault consent, its assigned agent)."""
        with Session(self.engine) as session:
            row = session.get(Conversation, conversation_id)
            if row is None:
                raise LookupError(f"no conversation {conversation_id}")
            for name, value in fields.items():
                setattr(row, name, value)
            session.add(row)
            session.commit()

    def pseudonyms(self, conversation_id: str) -> dict[str, str]:
        """The conversation's placeholders by the keyed hash of their value."""
        with Session(self.engine) as session:
            rows = session.exec(select(PiiEntry).where(PiiEntry.conversation_id == conversation_id)).all()
            return {row.digest: row.placeholder for row in rows}

    def pii_entry(self, conversation_id: str, placeholder: str) -> PiiEntry | None:
        """One placeholder of a conversation."""
        with Session(self.engine) as session:
            statement = select(PiiEntry).where(
                PiiEntry.conversation_id == conversation_id, PiiEntry.placeholder == placeholder
            )
            return session.exec(statement).first()

    def forget_originals(self, conversation_id: str) -> int:
        """Drop the sealed originals of a conversation, keeping its placeholders; how many were dropped."""
        with Session(self.engine) as session:
            statement = select(PiiEntry).where(
                PiiEntry.conversation_id == conversation_id, col(PiiEntry.sealed).is_not(None)
            )
            rows = session.exec(statement).all()
            for row in rows:
                row.sealed = None
                session.add(row)
            session.commit()
            return len(rows)

    def route(self, turn_id: str, to: str) -> None:
        """Mark a shopper message as one a person answers (``queue`` or ``agent``), never the assistant."""
        with Session(self.engine) as session:
            session.execute(sa.update(Turn).where(col(Turn.id) == turn_id).values(routed_to=to))
            row = session.get(Turn, turn_id)
            if row is not None:
                self._record_turn(session, row)
            session.commit()

    def rate(self, conversation_id: str, turn_id: str, rating: int | None) -> bool:
        """The shopper rates an answer of the assistant in their conversation (``None`` takes it back).

        False when there is no such answered turn in that conversation. The rating is its own audit event.
        """
        with Session(self.engine) as session:
            row = session.get(Turn, turn_id)
            if row is None or row.conversation_id != conversation_id or row.answer_frame is None:
                return False
            row.rating = rating
            session.add(row)
            self._append(session, conversation_id, "shopper", "answer_rated", {"turn": turn_id, "rating": rating})
            session.commit()
            return True

    def add_staff_message(self, message: StaffMessage, entries: Sequence[PiiEntry] = ()) -> StaffMessage:
        """Store an agent's message or note (already redacted) with its new placeholders."""
        with Session(self.engine) as session:
            session.add(message)
            session.add_all(entries)
            session.commit()
            session.refresh(message)
            return message

    def staff_messages(self, conversation_id: str, kind: str | None = None) -> list[StaffMessage]:
        """The agents' messages (and notes, unless ``kind`` says otherwise) of a conversation, oldest first."""
        with Session(self.engine) as session:
            statement = select(StaffMessage).where(StaffMessage.conversation_id == conversation_id)
            if kind is not None:
                statement = statement.where(StaffMessage.kind == kind)
            return list(session.exec(statement.order_by(col(StaffMessage.at))).all())

    def summaries(self, conversation_ids: Sequence[str]) -> dict[str, tuple[str, str]]:
        """Each conversation's language and the shopper's last message (redacted), for lists."""
        if not conversation_ids:
            return {}
        with Session(self.engine) as session:
            locales = dict(
                session.exec(
                    select(Conversation.id, Conversation.locale).where(col(Conversation.id).in_(conversation_ids))
                ).all()
            )
            last = (
                select(Turn.conversation_id, sa.func.max(Turn.seq).label("seq"))
                .where(col(Turn.conversation_id).in_(conversation_ids))
                .group_by(col(Turn.conversation_id))
                .subquery()
            )
            texts = dict(
                session.exec(
                    select(Turn.conversation_id, Turn.shopper_text).join(
                        last, sa.and_(col(Turn.conversation_id) == last.c.conversation_id, col(Turn.seq) == last.c.seq)
                    )
                ).all()
            )
        return {cid: (locales.get(cid, "en"), texts.get(cid, "")) for cid in conversation_ids}

    def active_since(self, moment: datetime, limit: int) -> list[tuple[str, datetime]]:
        """Conversations with a shopper message since ``moment``, the most recent first."""
        with Session(self.engine) as session:
            statement = (
                select(Turn.conversation_id, sa.func.max(Turn.created_at).label("last"))
                .where(col(Turn.created_at) >= moment)
                .group_by(col(Turn.conversation_id))
                .order_by(sa.desc("last"))
                .limit(limit)
            )
            return [(cid, last) for cid, last in session.exec(statement).all()]

    def audit(self, conversation_id: str | None, actor: str, action: str, **detail: Any) -> AuditEvent:
        """Write an audit event, chained to the one before it."""
        with Session(self.engine) as session:
            event = self._append(session, conversation_id, actor, action, detail)
            session.commit()
            session.refresh(event)
            return event

    def audit_in(self, session: Session, conversation_id: str | None, actor: str, action: str, **detail: Any) -> None:
        """Chain an audit event into ``session``'s transaction: it is kept if, and only if, the change it records is."""
        self._append(session, conversation_id, actor, action, detail)

    def audit_events(self, conversation_id: str) -> list[AuditEvent]:
        """The audit events of a conversation, oldest first."""
        with Session(self.engine) as session:
            statement = select(AuditEvent).where(AuditEvent.conversation_id == conversation_id).order_by(AuditEvent.id)  # type: ignore[arg-type]
            return list(session.exec(statement).all())

    def erase(self, conversation_id: str, actor: str) -> bool:
        """Delete a conversation, its turns and its vault entries; the erasure itself is recorded."""
        with Session(self.engine) as session:
            conversation = session.get(Conversation, conversation_id)
            if conversation is None:
                return False
            self._delete_conversations(session, [conversation_id])
            self._append(session, conversation_id, actor, chain.ERASED, {})
            session.commit()
            return True

    @staticmethod
    def _append(
        session: Session, conversation_id: str | None, actor: str, action: str, detail: dict[str, Any]
    ) -> AuditEvent:
        """Add an audit event at the end of the chain, in the session's transaction (which holds the chain's lock)."""
        connection = session.connection()
        chain.lock_chain(connection)
        seq, prev_hash = chain.chain_head(connection)
        at, text = _now(), json.dumps(detail, ensure_ascii=False)
        event = AuditEvent(
            seq=seq + 1,
            prev_hash=prev_hash,
            hash=chain.record_hash(seq + 1, prev_hash, at, conversation_id, actor, action, text),
            at=at,
            conversation_id=conversation_id,
            actor=actor,
            action=action,
            detail=text,
        )
        session.add(event)
        session.flush()
        return event

    @classmethod
    def _record_turn(cls, session: Session, row: Turn) -> None:
        """Chain a digest of a completed (answered or routed) turn, as stored, into the audit log."""
        session.refresh(row)  # the values as the database gives them back
        fields = {name: getattr(row, name) for name in chain.TURN_FIELDS}
        detail = {"turn": row.id, "seq": row.seq, "digest": chain.turn_digest(fields)}
        cls._append(session, row.conversation_id, "assistant", chain.TURN_RECORDED, detail)

    def purge_inactive(
        self,
        before: datetime,
        *,
        dry_run: bool = False,
        batch: int = 500,
        actor: str = "retention",
        detail: dict[str, Any] | None = None,
    ) -> tuple[int, int]:
        """Delete every conversation with no activity since ``before``, and everything held about it.

        A conversation is inactive when it was last opened, and its turns were written and answered, and
        agents wrote in it, and its hand-over last moved, all before ``before``. One waiting for a person or
        held by an agent is kept. Returns how many were (with ``dry_run``: would be) deleted and how many
        were kept for a person. Several processes may purge at once: on PostgreSQL each locks the rows it
        deletes and skips those another holds; on SQLite each batch runs under the write lock.

        Each batch's deletes and its ``conversations_purged`` audit record (the count, the cutoff and
        ``detail``, never the ids) are one transaction: a crash leaves both or neither. A purge that finds
        nothing to delete is recorded too.
        """
        inactive = _inactive_since(before)
        held = sa.exists().where(
            _HANDOVERS.c.conversation_id == col(Conversation.id), _HANDOVERS.c.state.in_(_WITH_A_PERSON)
        )
        with self.engine.connect() as connection:
            skipped = connection.execute(sa.select(sa.func.count()).where(inactive, held)).scalar_one()
            if dry_run:
                return connection.execute(sa.select(sa.func.count()).where(inactive, ~held)).scalar_one(), skipped
        purged = 0
        while True:
            with Session(self.engine) as session:
                connection = session.connection()
                if connection.dialect.name == "sqlite":
                    connection.exec_driver_sql("BEGIN IMMEDIATE")  # the choice and the deletes under one write lock
                statement = (
                    sa.select(col(Conversation.id))
                    .where(inactive, ~held)
                    .limit(batch)
                    .with_for_update(skip_locked=True)  # PostgreSQL: rows another purge is deleting are left to it
                )
                ids = list(connection.execute(statement).scalars())
                if ids:
                    self._delete_conversations(connection, ids)
                if ids or purged == 0:
                    record = {"count": len(ids), "skipped": skipped, **(detail or {}), "before": before.isoformat()}
                    self._append(session, None, actor, chain.PURGED, record)
                session.commit()
            purged += len(ids)
            if len(ids) < batch:
                return purged, skipped

    def checkpoint(self) -> bool:
        """SQLite: copy the write-ahead log into the database file and empty it, so that deleted text stays in
        neither (``secure_delete`` overwrites it in the file). False when a reader kept the log from emptying."""
        if self.engine.dialect.name != "sqlite":
            return True
        with self.engine.connect() as connection:
            busy, _, _ = connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)").one()
        return not busy

    @staticmethod
    def _delete_conversations(connection: sa.Connection | Session, ids: Sequence[str]) -> None:
        """Delete conversations and everything held about them: turns, vault entries, agents' messages and
        notes, hand-over; every consent of their customers and what it let us remember (without them the
        customer is not remembered until they opt in again); their audit events (and their data-subject
        requests) stay. Rows already gone are no error."""
        customers = sa.select(col(Conversation.customer_id)).where(
            col(Conversation.id).in_(ids), col(Conversation.customer_id).is_not(None)
        )
        for choice in (Consent, Preference):  # all of the customer's: an older opt-in must not come back to life
            connection.execute(
                sa.delete(choice)
                .where(sa.or_(col(choice.conversation_id).in_(ids), col(choice.customer_id).in_(customers)))
                .execution_options(synchronize_session=False)
            )
        for model in (PiiEntry, Turn, StaffMessage):
            connection.execute(
                sa.delete(model).where(col(model.conversation_id).in_(ids)).execution_options(synchronize_session=False)
            )
        connection.execute(sa.delete(_HANDOVERS).where(_HANDOVERS.c.conversation_id.in_(ids)))
        connection.execute(
            sa.delete(Conversation).where(col(Conversation.id).in_(ids)).execution_options(synchronize_session=False)
        )

    @staticmethod
    def _by_client_id(session: Session, conversation_id: str, client_id: str) -> Turn | None:
        statement = select(Turn).where(Turn.conversation_id == conversation_id, Turn.client_id == client_id)
        return session.exec(statement).first()
