"""The tables Comptoir keeps, in one place: conversations, turns, vault entries, the audit log, staff messages,
consents and preferences, and data-subject requests. (Staff accounts live with ``assistant.staff``; the
hand-over row with ``escalation.queue``.)"""

from __future__ import annotations

import copy
import json
import uuid
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any, TypeVar

from sqlalchemy import Column, Text, UniqueConstraint
from sqlalchemy.orm import class_mapper, make_transient_to_detached
from sqlalchemy.orm.attributes import instance_dict
from sqlmodel import Field, SQLModel

M = TypeVar("M", bound=SQLModel)

KEPT_ON_ERASURE = ("audit_events", "subject_requests")
"""Tables with a ``conversation_id`` that an erasure leaves as they are: the audit log (a hash chain) and the
requests served; neither holds shopper text. Every other such table is cleared (see ``ConversationStore``)."""


def now() -> datetime:
    """The current time in UTC."""
    return datetime.now(UTC)


def as_utc(moment: datetime) -> datetime:
    """A stored time with its zone: SQLite gives back naive datetimes, written in UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def new_id() -> str:
    """A new random id."""
    return uuid.uuid4().hex


def as_stored(model: type[M], values: Mapping[Any, Any]) -> M:
    """A ``model`` row holding ``values`` (every column) as the database has them, detached as if it had been
    loaded: for a row that a Core statement has just written or read back. It is built the way the ORM builds the
    rows it loads; a model's constructor sets and checks each field through the ORM's events, ten times slower,
    and a turn builds several rows."""
    row = class_mapper(model).class_manager.new_instance()  # class_mapper: the mappers are configured first
    instance_dict(row).update(values)
    make_transient_to_detached(row)
    return row


def new_values(model: type[SQLModel], **values: Any) -> dict[str, Any]:
    """Every column of a new ``model`` row: ``values``, and the model's defaults for the others."""
    full = {}
    for name, field in model.model_fields.items():
        if name in values:
            full[name] = values[name]
        elif field.default_factory is not None:
            full[name] = field.default_factory()  # type: ignore[call-arg]
        elif field.is_required():
            raise TypeError(f"a new {model.__name__} needs {name}")
        else:  # a mutable default is copied, as the model's constructor does: rows never share one
            full[name] = copy.deepcopy(field.default) if isinstance(field.default, (list, dict, set)) else field.default
    return full


class Conversation(SQLModel, table=True):
    """One shopper's conversation; the shopper holds a token whose hash is kept here."""

    __tablename__ = "conversations"

    id: str = Field(default_factory=new_id, primary_key=True)
    token_hash: str = Field(index=True, unique=True)
    locale: str = "en"
    created_at: datetime = Field(default_factory=now, index=True)
    last_seen_at: datetime = Field(default_factory=now, index=True)
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

    id: str = Field(default_factory=new_id, primary_key=True)
    conversation_id: str = Field(foreign_key="conversations.id", index=True)
    seq: int
    client_id: str = Field(max_length=128)
    created_at: datetime = Field(default_factory=now, index=True)
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
    created_at: datetime = Field(default_factory=now)


class AuditEvent(SQLModel, table=True):
    """Something done to a conversation (a reveal from the vault, an erasure) or a turn recorded.

    Records form a hash chain (``assistant.records.audit``): ``seq`` is the position, ``prev_hash`` the hash of the
    record before, ``hash`` this record's own.
    """

    __tablename__ = "audit_events"

    id: int | None = Field(default=None, primary_key=True)
    seq: int = Field(index=True, unique=True)
    prev_hash: str = Field(max_length=64)
    hash: str = Field(max_length=64)
    at: datetime = Field(default_factory=now, index=True)
    conversation_id: str | None = Field(default=None, index=True)
    actor: str
    action: str = Field(index=True)
    detail: str = Field(default="{}", sa_column=Column(Text, nullable=False))


class StaffMessage(SQLModel, table=True):
    """What a member of staff wrote in a conversation: a message to the shopper or an internal note.

    Its text is redacted like a shopper's, with the conversation's placeholders.
    """

    __tablename__ = "staff_messages"

    id: str = Field(default_factory=new_id, primary_key=True)
    conversation_id: str = Field(foreign_key="conversations.id", index=True)
    at: datetime = Field(default_factory=now, index=True)
    kind: str = Field(max_length=8, description="``message`` (the shopper sees it) or ``note`` (staff only)")
    author: str = Field(max_length=64)
    author_name: str = Field(max_length=120)
    text: str = Field(sa_column=Column(Text, nullable=False))


class Consent(SQLModel, table=True):
    """One opt-in or withdrawal, as the shopper gave it (rows are only added)."""

    __tablename__ = "consents"

    id: int | None = Field(default=None, primary_key=True)
    conversation_id: str = Field(index=True, description="The conversation in which the choice was made.")
    customer_id: str | None = Field(default=None, index=True, max_length=128)
    purpose: str = Field(max_length=32)
    granted: bool
    at: datetime = Field(default_factory=now)


class Preference(SQLModel, table=True):
    """What is remembered about a known customer who opted in: their language and the topics they asked about."""

    __tablename__ = "preferences"

    customer_id: str = Field(primary_key=True, max_length=128)
    conversation_id: str = Field(index=True, description="The conversation it was last learnt from.")
    locale: str | None = Field(default=None, max_length=8)
    interests: str = Field(default="[]", sa_column=Column(Text, nullable=False))
    updated_at: datetime = Field(default_factory=now)

    def topics(self) -> list[str]:
        """The topics remembered, oldest first."""
        topics = json.loads(self.interests or "[]")
        return [topic for topic in topics if isinstance(topic, str)]


class SubjectRequest(SQLModel, table=True):
    """A shopper's request, from the widget, for a copy of their data or its erasure: the compliance queue.

    It holds no shopper text and is kept after the erasure it asked for, as the record that it was served.
    """

    __tablename__ = "subject_requests"

    id: str = Field(default_factory=new_id, primary_key=True)
    conversation_id: str = Field(index=True)
    customer_id: str | None = Field(default=None, max_length=128)
    kind: str = Field(max_length=16, description="``access`` (a copy) or ``erasure``")
    created_at: datetime = Field(default_factory=now)
    status: str = Field(
        default="open",
        index=True,
        max_length=16,
        description="``open``, ``ready`` (a copy waits in the shopper's chat), ``done`` or ``refused``",
    )
    handled_by: str | None = Field(default=None, max_length=64)
    handled_at: datetime | None = None
    outcome: str | None = Field(default=None, sa_column=Column(Text))
