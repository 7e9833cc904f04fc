"""Conversations and the audit record of every turn, through SQLModel (SQLite by default)."""

from __future__ import annotations

import hashlib
import json
import secrets
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Column, Text, UniqueConstraint, event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Field, Session, SQLModel, create_engine, select


def _now() -> datetime:
    return datetime.now(UTC)


def _new_id() -> str:
    return uuid.uuid4().hex


class Conversation(SQLModel, table=True):
    """One shopper's conversation; the shopper holds a token whose hash is kept here."""

    __tablename__ = "conversations"

    id: str = Field(default_factory=_new_id, primary_key=True)
    token_hash: str = Field(index=True, unique=True)
    locale: str = "en"
    created_at: datetime = Field(default_factory=_now)
    last_seen_at: datetime = Field(default_factory=_now)


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

    def frame(self) -> dict[str, Any] | None:
        """The answer frame as it was sent."""
        return json.loads(self.answer_frame) if self.answer_frame else None


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
            cursor.close()

        return engine
    return create_engine(url, pool_pre_ping=True)


class ConversationStore:
    """Reads and writes conversations and turns."""

    def __init__(self, engine: Engine):
        self.engine = engine

    def create_schema(self) -> None:
        """Create the tables that are missing."""
        SQLModel.metadata.create_all(self.engine)

    def ready(self) -> bool:
        """Whether the database answers."""
        with Session(self.engine) as session:
            session.exec(select(1)).one()
        return True

    def open(self, token: str | None, locale: str) -> Opened:
        """Resume the conversation of ``token``, or start a new one."""
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
            session.commit()
            session.refresh(conversation)
            return Opened(conversation, token, resumed=False)

    def accept(self, conversation_id: str, client_id: str, text: str, lang: str) -> Accepted:
        """Store a shopper message, or find the turn that already holds this client id."""
        with Session(self.engine) as session:
            existing = self._by_client_id(session, conversation_id, client_id)
            if existing is not None:
                return Accepted(existing, duplicate=True)
            seq = len(session.exec(select(Turn.id).where(Turn.conversation_id == conversation_id)).all()) + 1
            turn = Turn(conversation_id=conversation_id, seq=seq, client_id=client_id, shopper_text=text, lang=lang)
            session.add(turn)
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
            session.commit()
            session.refresh(row)
            return row

    def transcript(self, conversation_id: str) -> list[Turn]:
        """Every turn of a conversation, oldest first."""
        with Session(self.engine) as session:
            statement = select(Turn).where(Turn.conversation_id == conversation_id).order_by(Turn.seq)  # type: ignore[arg-type]
            return list(session.exec(statement).all())

    @staticmethod
    def _by_client_id(session: Session, conversation_id: str, client_id: str) -> Turn | None:
        statement = select(Turn).where(Turn.conversation_id == conversation_id, Turn.client_id == client_id)
        return session.exec(statement).first()
