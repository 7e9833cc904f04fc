"""Consent to be remembered across conversations, and what is remembered.

Nothing about a shopper is carried from one conversation to the next unless they opted in from the widget.
Only a known customer (``customer_id``, from the merchant's signed token) can be recognised in a later
conversation, so only they are offered the choice. Each opt-in and withdrawal is kept as a row of
``consents`` (the history) and chained in the audit log; a withdrawal deletes what was remembered.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy import Column, Text
from sqlmodel import Field, Session, SQLModel, col, select

if TYPE_CHECKING:
    from assistant.store import ConversationStore

PERSONALISATION = "personalisation"
"""The one purpose asked about: remember my language and interests to suggest things in later conversations."""


def _now() -> datetime:
    return datetime.now(UTC)


class Consent(SQLModel, table=True):
    """One opt-in or withdrawal, as the shopper gave it (rows are only added)."""

    __tablename__ = "consents"

    id: int | None = Field(default=None, primary_key=True)
    conversation_id: str = Field(index=True, description="The conversation in which the choice was made.")
    customer_id: str | None = Field(default=None, index=True, max_length=128)
    purpose: str = Field(max_length=32)
    granted: bool
    at: datetime = Field(default_factory=_now)


class Preference(SQLModel, table=True):
    """What is remembered about a known customer who opted in: their language and the topics they asked about."""

    __tablename__ = "preferences"

    customer_id: str = Field(primary_key=True, max_length=128)
    conversation_id: str = Field(index=True, description="The conversation it was last learnt from.")
    locale: str | None = Field(default=None, max_length=8)
    interests: str = Field(default="[]", sa_column=Column(Text, nullable=False))
    updated_at: datetime = Field(default_factory=_now)


CONSENT_GIVEN = "consent_given"
CONSENT_WITHDRAWN = "consent_withdrawn"
"""The audit actions of an opt-in and of its withdrawal."""

MAX_INTERESTS = 5
"""How many distinct topics are remembered (the latest ones)."""


class NoCustomer(ValueError):
    """A guest asked to be remembered: only a known customer can be recognised in a later conversation."""


def interests(preference: Preference) -> list[str]:
    """The topics remembered, oldest first."""
    topics = json.loads(preference.interests or "[]")
    return [topic for topic in topics if isinstance(topic, str)]


class ConsentBook:
    """Known customers' consent to be remembered, and the one way to remember or recall anything about them.

    ``remember`` and ``recall`` read the customer's latest choice first: without an opt-in nothing is written
    and nothing is given back.
    """

    def __init__(self, store: ConversationStore):
        self.store = store
        self.engine = store.engine

    def record(self, conversation_id: str, customer_id: str | None, granted: bool) -> Consent:
        """Keep the customer's choice, made in ``conversation_id``, and chain it into the audit log.

        A withdrawal also deletes what was remembered. Raises :class:`NoCustomer` for a guest.
        """
        if customer_id is None:
            raise NoCustomer("Consent to be remembered needs a signed-in customer; a guest is never recognised later.")
        consent = Consent(
            conversation_id=conversation_id, customer_id=customer_id, purpose=PERSONALISATION, granted=granted
        )
        with Session(self.engine) as db:
            db.add(consent)
            if not granted:
                db.execute(sa.delete(Preference).where(col(Preference.customer_id) == customer_id))
            action = CONSENT_GIVEN if granted else CONSENT_WITHDRAWN
            self.store.audit_in(db, conversation_id, "shopper", action, purpose=PERSONALISATION)  # with the choice
            db.commit()
            db.refresh(consent)
        return consent

    def granted(self, customer_id: str | None) -> bool:
        """Whether the customer's latest choice is to be remembered (a guest never is)."""
        if customer_id is None:
            return False
        with Session(self.engine) as db:
            return self._granted(db, customer_id)

    def remember(self, conversation_id: str, customer_id: str | None, locale: str, interest: str | None) -> bool:
        """Learn the customer's language and one more topic, only if they opted in; whether anything was kept."""
        if customer_id is None:
            return False
        with Session(self.engine) as db:
            if not self._granted(db, customer_id):
                return False
            row = db.get(Preference, customer_id) or Preference(customer_id=customer_id, conversation_id="")
            topics = interests(row)
            if interest:
                topics = [*(topic for topic in topics if topic != interest), interest][-MAX_INTERESTS:]
            row.conversation_id, row.locale, row.updated_at = conversation_id, locale, _now()
            row.interests = json.dumps(topics, ensure_ascii=False)
            db.add(row)
            db.flush()
            if not self._granted(db, customer_id):  # read again inside the write: a withdrawal made meanwhile wins
                db.rollback()
                return False
            db.commit()
            return True

    def recall(self, customer_id: str | None) -> Preference | None:
        """What is remembered about the customer, only if they opted in."""
        if customer_id is None:
            return None
        with Session(self.engine) as db:
            if not self._granted(db, customer_id):
                return None
            return db.get(Preference, customer_id)

    @staticmethod
    def _granted(db: Session, customer_id: str) -> bool:
        statement = (
            select(Consent.granted)
            .where(Consent.customer_id == customer_id, Consent.purpose == PERSONALISATION)
            .order_by(col(Consent.id).desc())
            .limit(1)
        )
        return bool(db.exec(statement).first())
