"""Consent to be remembered across conversations, and what is remembered.

Nothing about a shopper is carried from one conversation to the next unless they opted in from the widget.
Only a known customer (``customer_id``, from the merchant's signed token) can be recognised in a later
conversation, so only they are offered the choice. Each opt-in and withdrawal is kept as a row of
``consents`` (the history) and chained in the audit log; a withdrawal deletes what was remembered.
"""

from __future__ import annotations

import json

import sqlalchemy as sa
from sqlmodel import Session, col, select

from assistant.records.audit import AuditAction
from assistant.records.store import ConversationStore
from assistant.records.tables import Consent, Preference, now

PERSONALISATION = "personalisation"
"""The one purpose asked about: remember my language and interests to suggest things in later conversations."""


MAX_INTERESTS = 5
"""How many distinct topics are remembered (the latest ones)."""


class NoCustomer(ValueError):
    """A guest asked to be remembered: only a known customer can be recognised in a later conversation."""


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
            action = AuditAction.CONSENT_GIVEN if granted else AuditAction.CONSENT_WITHDRAWN
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
            topics = row.topics()
            if interest:
                topics = [*(topic for topic in topics if topic != interest), interest][-MAX_INTERESTS:]
            row.conversation_id, row.locale, row.updated_at = conversation_id, locale, now()
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
