"""Conversations and the audit record of every turn, through SQLModel (SQLite by default)."""

from __future__ import annotations

import hashlib
import json
import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cache, partial
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, create_engine, select

from assistant.batching import MicroBatcher
from assistant.records import audit as chain
from assistant.records.audit import AuditAction
from assistant.records.tables import (
    KEPT_ON_ERASURE,
    AuditEvent,
    Consent,
    Conversation,
    PiiEntry,
    Preference,
    StaffMessage,
    Turn,
    as_stored,
    new_values,
    now,
)


class ConversationHeld(Exception):
    """A person holds the conversation: the assistant's answer to one of its messages is not written."""


_HANDOVERS = sa.table("handovers", sa.column("conversation_id"), sa.column("state"))
"""The hand-over state, as far as the store reads it: whether an agent holds a conversation."""


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
    handover: str | None = None
    """The conversation's hand-over state as the message was stored (``""``: it never went to a person); ``None``:
    not read."""

    def redacted_kinds(self) -> list[str]:
        """The kinds of personal value redacted from the message (``EMAIL``, ``PERSON``, ...)."""
        return sorted(json.loads(self.turn.redactions or "{}"))


def conversation_tables(bind: sa.Engine | sa.Connection) -> list[sa.Table]:
    """``conversations`` and every table with a ``conversation_id`` column, as the database has them now
    (read from the database, so a table added by a migration is included without naming it here)."""
    metadata = sa.MetaData()
    names = sa.inspect(bind).get_table_names()
    tables = [sa.Table(name, metadata, autoload_with=bind) for name in sorted(names)]
    found = [table for table in tables if table.name == "conversations" or "conversation_id" in table.c]
    return [table for table in metadata.sorted_tables if table in found]


def hash_token(token: str) -> str:
    """Tokens are kept hashed: a copy of the database does not let anyone resume a conversation."""
    return hashlib.sha256(token.encode()).hexdigest()


POOL_SIZE = 20
"""Database connections a process keeps open (as many again may be opened at a peak, and closed after)."""


def make_engine(url: str) -> Engine:
    """An engine; SQLite gets WAL and full fsync so that a committed turn survives a crash."""
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        # connections are kept for the threads that run turns: a new one costs its pragmas and the WAL's set-up
        engine = create_engine(
            url, connect_args={"check_same_thread": False, "timeout": 30}, pool_size=POOL_SIZE, max_overflow=POOL_SIZE
        )

        @event.listens_for(engine, "connect")
        def _pragmas(connection: Any, _record: Any) -> None:
            cursor = connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=FULL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA secure_delete=ON")  # deleted personal data is overwritten, not left in free pages
            cursor.close()

        return engine
    # PostgreSQL counts every process's connections against its max_connections (100 by default)
    return create_engine(url, pool_pre_ping=True, pool_size=POOL_SIZE // 2, max_overflow=POOL_SIZE // 2)


_CONVERSATIONS: sa.Table = Conversation.__table__  # type: ignore[attr-defined]
_INSERT_CONVERSATION = sa.insert(_CONVERSATIONS)
_TURNS: sa.Table = Turn.__table__  # type: ignore[attr-defined]
_INSERT_TURN = sa.insert(_TURNS)
_SEEN_AND_LAST = sa.select(
    sa.select(_TURNS.c.id)
    .where(_TURNS.c.conversation_id == sa.bindparam("c"), _TURNS.c.client_id == sa.bindparam("k"))
    .scalar_subquery(),
    sa.select(sa.func.max(_TURNS.c.seq)).where(_TURNS.c.conversation_id == sa.bindparam("c")).scalar_subquery(),
    sa.select(_HANDOVERS.c.state).where(_HANDOVERS.c.conversation_id == sa.bindparam("c")).scalar_subquery(),
)
"""A message's turn if this client id was stored already, the conversation's last ``seq``, and its hand-over state:
one statement."""
_ANSWERED_BEFORE = (
    sa.select(_TURNS)
    .where(
        _TURNS.c.conversation_id == sa.bindparam("c"),
        _TURNS.c.seq < sa.bindparam("s"),
        _TURNS.c.answered_at.is_not(None),
    )
    .order_by(_TURNS.c.seq.desc())
    .limit(sa.bindparam("n"))
)
_PII: sa.Table = PiiEntry.__table__  # type: ignore[attr-defined]
_PSEUDONYMS = sa.select(_PII.c.digest, _PII.c.placeholder).where(_PII.c.conversation_id == sa.bindparam("c"))
_CONVERSATION = sa.select(_CONVERSATIONS).where(_CONVERSATIONS.c.id == sa.bindparam("c"))
_ANSWERED_AT = sa.select(_TURNS.c.answered_at).where(_TURNS.c.id == sa.bindparam("b_turn"))


@cache
def _claim(names: tuple[str, ...]) -> sa.Update:
    """The conditional UPDATE that writes an answer (``names``: the fields written) into a turn not answered yet of
    a conversation no agent holds, giving the row back as stored; built once per set of fields (the turn's
    pipeline always writes the same ones) so that its compiled form is reused."""
    held = sa.exists().where(
        _HANDOVERS.c.conversation_id == sa.bindparam("b_conversation"), _HANDOVERS.c.state == "assigned"
    )
    return (
        sa.update(_TURNS)
        .where(_TURNS.c.id == sa.bindparam("b_turn"), _TURNS.c.answered_at.is_(None), ~held)
        .values({name: sa.bindparam(f"v_{name}") for name in ("answered_at", *names)})
        .returning(*_TURNS.columns)
    )


class _Held:
    """A job's answer: an agent holds the conversation (raised as :class:`ConversationHeld` outside the batch)."""


class ConversationStore:
    """Reads and writes conversations and turns.

    The writes of every turn (a message stored before its acknowledgement, an answer with its audit record) go
    through one writing thread that runs those waiting as one transaction: threads of one process never contend
    for the database's write lock (SQLite makes a writer that finds another one sleep, up to 100 ms at a time) and
    a burst of turns costs one commit per batch. A batch that fails is run again one job at a time, so a job's
    own error (a duplicate message) reaches only its caller.
    """

    def __init__(self, engine: Engine, *, max_batch: int = 64):
        self.engine = engine
        self._writes: MicroBatcher[Callable[[Session], Any], Any] = MicroBatcher(
            self._run_writes, window=0.0, max_size=max_batch, name="write", alone=(IntegrityError, LookupError)
        )

    def create_schema(self) -> None:
        """Bring the database to the newest schema (Alembic migrations in ``assistant/records/migrations``)."""
        from assistant.records.migrate import migrate

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
        opened: Opened = self._writes(partial(self._open, token, locale, disclosure))
        return opened

    @staticmethod
    def _open(token: str | None, locale: str, disclosure: str | None, session: Session) -> Opened:
        if token:
            found = session.exec(select(Conversation).where(Conversation.token_hash == hash_token(token))).first()
            if found is not None:
                found.last_seen_at = now()
                found.locale = locale
                session.add(found)
                session.flush()
                return Opened(found, token, resumed=True)
        token = secrets.token_urlsafe(24)
        values = new_values(Conversation, token_hash=hash_token(token), locale=locale)
        session.connection().execute(_INSERT_CONVERSATION, values)
        conversation = as_stored(Conversation, values)  # what it holds is what was written
        if disclosure is not None:
            chain.append(
                session, conversation.id, "assistant", AuditAction.AI_DISCLOSED, {"locale": locale, "text": disclosure}
            )
        return Opened(conversation, token, resumed=False)

    def resumes(self, token: str | None) -> bool:
        """Whether ``token`` names a conversation that :meth:`open` would resume (nothing is changed)."""
        if not token:
            return False
        with Session(self.engine) as session:
            found = session.exec(select(Conversation.id).where(Conversation.token_hash == hash_token(token))).first()
            return found is not None

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
        job = partial(self._accept, conversation_id, client_id, text, lang, redactions, entries)
        try:
            accepted: Accepted = self._writes(job)
        except IntegrityError:
            with Session(self.engine) as session:
                existing = self._by_client_id(session, conversation_id, client_id)
            if existing is None:
                raise
            return Accepted(existing, duplicate=True)
        return accepted

    def _accept(
        self,
        conversation_id: str,
        client_id: str,
        text: str,
        lang: str,
        redactions: dict[str, int] | None,
        entries: Sequence[PiiEntry],
        session: Session,
    ) -> Accepted:
        connection = session.connection()
        existing, last, handover = connection.execute(_SEEN_AND_LAST, {"c": conversation_id, "k": client_id}).one()
        if existing is not None:
            turn = session.get(Turn, existing)
            if turn is None:
                raise LookupError(f"turn {existing} vanished")
            return Accepted(turn, duplicate=True, handover=handover or "")
        values = new_values(
            Turn,
            conversation_id=conversation_id,
            seq=(last or 0) + 1,
            client_id=client_id,
            shopper_text=text,
            lang=lang,
            redactions=json.dumps(redactions) if redactions else None,
        )
        connection.execute(_INSERT_TURN, values)
        turn = as_stored(Turn, values)  # what it holds is what was written
        if entries:
            session.add_all(entries)
            session.flush()  # a conflict shows here, in this message's own job
        return Accepted(turn, duplicate=False, handover=handover or "")

    def complete(self, turn: Turn, **fields: Any) -> Turn | None:
        """Write the answer and how it was made into the turn's row, with its audit record.

        A turn is answered once: ``None`` when it was answered already (the same message sent on two sockets, or
        by two processes, at the same moment); the first answer stands and nothing is written. A conversation an
        agent took meanwhile raises :class:`ConversationHeld` (nothing is written either): one conditional UPDATE
        checks both.
        """
        done: Turn | None | _Held = self._writes(partial(self._complete, turn, fields))
        if isinstance(done, _Held):
            raise ConversationHeld(turn.conversation_id)
        return done

    def _complete(self, turn: Turn, fields: dict[str, Any], session: Session) -> Turn | None | _Held:
        connection = session.connection()
        claim = _claim(tuple(fields))
        values = {"b_turn": turn.id, "b_conversation": turn.conversation_id, "v_answered_at": now()}
        values |= {f"v_{name}": value for name, value in fields.items()}
        stored = connection.execute(claim, values).first()  # the row as stored now (RETURNING)
        if stored is None:  # nothing written: answered already, or held by an agent
            answered = connection.execute(_ANSWERED_AT, {"b_turn": turn.id}).first()
            if answered is None:
                raise LookupError(f"turn {turn.id} vanished")
            return None if answered[0] is not None else _Held()
        row = as_stored(Turn, stored._mapping)
        chain.record_turn(session, row)
        return row

    def _run_writes(self, jobs: list[Callable[[Session], Any]]) -> list[Any]:
        """The jobs of one batch in one transaction, in order; one commit (one fsync) for them all. The turns'
        own writes are Core statements compiled once (the ORM's unit of work cost more than the database)."""
        with Session(self.engine, expire_on_commit=False) as session:
            try:
                results = [job(session) for job in jobs]
                session.commit()
            except BaseException:
                session.rollback()  # the objects of the batch's jobs become new again for their retry one by one
                raise
        return results

    def turn(self, turn_id: str) -> Turn | None:
        """One turn by its id."""
        with Session(self.engine) as session:
            return session.get(Turn, turn_id)

    def transcript(self, conversation_id: str) -> list[Turn]:
        """Every turn of a conversation, oldest first."""
        with Session(self.engine) as session:
            statement = select(Turn).where(Turn.conversation_id == conversation_id).order_by(Turn.seq)  # type: ignore[arg-type]
            return list(session.exec(statement).all())

    def answered_before(self, conversation_id: str, seq: int, count: int) -> list[Turn]:
        """The last ``count`` answered turns before turn number ``seq``, oldest first."""
        with self.engine.connect() as connection:
            return self._answered_before(connection, conversation_id, seq, count)

    @staticmethod
    def _answered_before(connection: sa.Connection, conversation_id: str, seq: int, count: int) -> list[Turn]:
        rows = connection.execute(_ANSWERED_BEFORE, {"c": conversation_id, "s": seq, "n": count}).all()
        return [as_stored(Turn, row._mapping) for row in reversed(rows)]

    def before(self, conversation_id: str, seq: int, count: int) -> tuple[Conversation | None, list[Turn]]:
        """The conversation and its last ``count`` answered turns before turn number ``seq`` (oldest first), read
        on one connection: what a turn needs to know before it is answered. (Every turn reads these, with Core
        statements compiled once: the ORM's session cost several times the reads themselves.)"""
        with self.engine.connect() as connection:
            found = connection.execute(_CONVERSATION, {"c": conversation_id}).first()
            turns = self._answered_before(connection, conversation_id, seq, count)
        return (None if found is None else as_stored(Conversation, found._mapping)), turns

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
        """The conversation's placeholders by the keyed hash of their value (read for every message)."""
        with self.engine.connect() as connection:
            return {
                digest: placeholder for digest, placeholder in connection.execute(_PSEUDONYMS, {"c": conversation_id})
            }

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
                chain.record_turn(session, row)
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
            chain.append(
                session, conversation_id, "shopper", AuditAction.ANSWER_RATED, {"turn": turn_id, "rating": rating}
            )
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
            event = chain.append(session, conversation_id, actor, action, detail)
            session.commit()
            return event

    def audit_in(self, session: Session, conversation_id: str | None, actor: str, action: str, **detail: Any) -> None:
        """Chain an audit event into ``session``'s transaction: it is kept if, and only if, the change it records is."""
        chain.append(session, conversation_id, actor, action, detail)

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
            self.delete_conversations(session, [conversation_id])
            chain.append(session, conversation_id, actor, AuditAction.CONVERSATION_ERASED, {})
            session.commit()
            return True

    def checkpoint(self) -> bool:
        """SQLite: copy the write-ahead log into the database file and empty it, so that deleted text stays in
        neither (``secure_delete`` overwrites it in the file). False when a reader kept the log from emptying."""
        if self.engine.dialect.name != "sqlite":
            return True
        with self.engine.connect() as connection:
            busy, _, _ = connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)").one()
        return not busy

    @staticmethod
    def delete_conversations(connection: sa.Connection | Session, ids: Sequence[str]) -> None:
        """Delete conversations and everything held about them, in the caller's transaction.

        Every table of the database with a ``conversation_id`` column is cleared of their rows, except
        ``KEPT_ON_ERASURE`` (the audit log and the data-subject requests): the list comes from the schema, so
        a new table cannot be forgotten. Every consent of their customers and what it let us remember go too
        (without them the customer is not remembered until they opt in again). Rows already gone are no error.
        """
        bind = connection.connection() if isinstance(connection, Session) else connection
        customers = sa.select(col(Conversation.customer_id)).where(
            col(Conversation.id).in_(ids), col(Conversation.customer_id).is_not(None)
        )
        for choice in (Consent, Preference):  # all of the customer's: an older opt-in must not come back to life
            bind.execute(sa.delete(choice).where(col(choice.customer_id).in_(customers)))
        for table in reversed(conversation_tables(bind)):
            if table.name != Conversation.__tablename__ and table.name not in KEPT_ON_ERASURE:
                bind.execute(sa.delete(table).where(table.c.conversation_id.in_(ids)))
        bind.execute(sa.delete(Conversation).where(col(Conversation.id).in_(ids)))

    @staticmethod
    def _by_client_id(session: Session, conversation_id: str, client_id: str) -> Turn | None:
        statement = select(Turn).where(Turn.conversation_id == conversation_id, Turn.client_id == client_id)
        return session.exec(statement).first()
