"""Who may see an order. A known customer (the merchant's signed token names them) sees their own orders. A guest
gives the order number and the e-mail address or postcode the order was placed with; the redactor has already
replaced that value by a placeholder and kept a keyed hash of it, so the hash of the order's own value is compared
with the conversation's hashes: what the shopper typed is never read again, and never stored.

A wrong pair says nothing of whether the order exists. Wrong pairs are counted per conversation and per client
address (the address as a keyed hash, in the database, so that every server process counts them); past either
limit a look-up is refused before the order source is asked. Every look-up shown and every one refused is a record
of the audit log.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

import sqlalchemy as sa
from sqlmodel import Field, Session, SQLModel, col, select

from assistant.orders import Order, OrderSource, order_number
from assistant.records import AuditAction, ConversationStore
from assistant.records.tables import now as utc_now
from guardrails.entities import EMAIL
from guardrails.postcodes import ORDER_CUE, POSTCODE

ACTOR = "assistant"
"""The actor of the look-ups in the audit log."""
CANDIDATES = 3
"""Order numbers tried for one look-up at most (a message may hold a postcode or a quantity that looks like one)."""

_WRITTEN = re.compile(r"#\s?(\d{3,12})\b|\b([A-Za-z]{2,5}(?:[-\s]?\d{2,}){1,3})\b")
"""An order number as written: after "#", or letters then digits ("CMD-2026-10001", "cmd 2026 10001")."""
_BARE = re.compile(r"(?<![\w<#-])(\d{3,12})(?![\w>-])")


def order_numbers(text: str, *, bare: bool = False) -> list[str]:
    """The order numbers a (redacted) message may hold, in their compared form, first written first: numbers
    written as order numbers, numbers after "order" / "commande", and with ``bare`` (the assistant asked for one)
    any other number of 3 to 12 digits."""
    found: list[str] = []
    for match in _WRITTEN.finditer(text):
        value = match[1] or match[2]
        if sum(ch.isdigit() for ch in value) >= 4:
            found.append(order_number(value))
    for match in _BARE.finditer(text):
        if bare or ORDER_CUE.search(text[max(0, match.start() - 30) : match.start()]):
            found.append(order_number(match[1]))
    return list(dict.fromkeys(found))


class Verified(StrEnum):
    """How the shopper proved an order theirs."""

    CUSTOMER = "customer"
    """A known customer, by the merchant's signed token: the order is on their account."""
    EMAIL = "email"
    POSTCODE = "postcode"


class Outcome(StrEnum):
    """What a look-up came to."""

    FOUND = "found"
    NO_MATCH = "no_match"
    """No order has this number with this e-mail address or postcode (which of the two is wrong is not said)."""
    REFUSED = "refused"
    """Too many wrong pairs in the conversation or from the client address: not looked up."""


@dataclass(frozen=True)
class Access:
    """The order a shopper may see, and how they proved it theirs."""

    outcome: Outcome
    order: Order | None = None
    verified_by: Verified | None = None


class LookupFailure(SQLModel, table=True):
    """One wrong pair (order number, e-mail or postcode), counted for its conversation and its client address."""

    __tablename__ = "order_lookup_failures"

    id: int | None = Field(default=None, primary_key=True)
    conversation_id: str = Field(index=True, max_length=64)
    address: str = Field(index=True, max_length=64, description="A keyed hash of the client's address.")
    at: datetime = Field(index=True)


@dataclass(frozen=True)
class LookupLimits:
    """Wrong pairs allowed per conversation and per client address within ``window`` before look-ups are refused."""

    per_conversation: int = 5
    per_address: int = 20
    window: timedelta = timedelta(hours=1)


class OrderAccess:
    """Finds the order a shopper may see: a known customer's own, or a guest's that their proof matches."""

    def __init__(
        self,
        source: OrderSource,
        store: ConversationStore,
        digest: Callable[[str, str, str], str],
        key: bytes,
        limits: LookupLimits = LookupLimits(),
        clock: Callable[[], datetime] = utc_now,
    ):
        self.source = source
        self.store = store
        self.digest = digest
        """The redactor's keyed hash of a value within a conversation: ``digest(conversation_id, entity, value)``."""
        self.limits = limits
        self.clock = clock
        self._key = key

    def of_customer(self, conversation_id: str, customer_id: str, numbers: Sequence[str] = ()) -> list[Order]:
        """A known customer's orders, newest first; with ``numbers``, only those of theirs (none: not theirs)."""
        orders = self.source.of_customer(customer_id)
        if numbers:
            orders = [order for order in orders if order_number(order.number) in numbers]
        if orders:
            self._audit(conversation_id, AuditAction.ORDER_LOOKUP, order=orders[0].number, verified_by="customer")
        return orders

    def again(self, conversation_id: str, number: str, verified_by: Verified) -> Order | None:
        """An order this conversation was already shown, read afresh (its status may have moved)."""
        order = self.source.find(number)
        if order is not None:
            self._audit(conversation_id, AuditAction.ORDER_LOOKUP, order=order.number, verified_by=verified_by.value)
        return order

    def check(self, conversation_id: str, address: str, numbers: Sequence[str], proofs: Collection[str]) -> Access:
        """The order numbered one of ``numbers`` whose e-mail address or postcode hashes to one of ``proofs`` (the
        conversation's keyed hashes), or why not. A wrong pair counts against the conversation and the address."""
        client = self._client(address)
        if self._refused(conversation_id, client):
            self._audit(conversation_id, AuditAction.ORDER_LOOKUP_REFUSED, reason="too_many_attempts")
            return Access(Outcome.REFUSED)
        for number in numbers[:CANDIDATES]:
            order = self.source.find(number)
            verified = self._proved(conversation_id, order, proofs) if order is not None else None
            if order is not None and verified is not None:
                self._audit(conversation_id, AuditAction.ORDER_LOOKUP, order=order.number, verified_by=verified.value)
                return Access(Outcome.FOUND, order, verified)
        failures = self._count_failure(conversation_id, client)
        self._audit(conversation_id, AuditAction.ORDER_LOOKUP_REFUSED, reason="no_match", attempt=failures)
        return Access(Outcome.NO_MATCH)

    # -- the steps --------------------------------------------------------------------------------------

    def _proved(self, conversation_id: str, order: Order, proofs: Collection[str]) -> Verified | None:
        if order.email and self.digest(conversation_id, EMAIL, order.email) in proofs:
            return Verified.EMAIL
        if order.postcode and self.digest(conversation_id, POSTCODE, order.postcode) in proofs:
            return Verified.POSTCODE
        return None

    def _client(self, address: str) -> str:
        return hmac.new(self._key, f"order-lookup\0{address}".encode(), hashlib.sha256).hexdigest()

    def _refused(self, conversation_id: str, client: str) -> bool:
        since = self.clock() - self.limits.window
        with Session(self.store.engine) as db:
            recent = col(LookupFailure.at) > since
            count = sa.func.count()
            here = db.exec(select(count).where(col(LookupFailure.conversation_id) == conversation_id, recent)).one()
            there = db.exec(select(count).where(col(LookupFailure.address) == client, recent)).one()
        return here >= self.limits.per_conversation or there >= self.limits.per_address

    def _count_failure(self, conversation_id: str, client: str) -> int:
        """Record one wrong pair (forgetting those older than the window); the conversation's count now."""
        moment = self.clock()
        with Session(self.store.engine) as db:
            db.exec(sa.delete(LookupFailure).where(col(LookupFailure.at) <= moment - self.limits.window))  # type: ignore[call-overload]
            db.add(LookupFailure(conversation_id=conversation_id, address=client, at=moment))
            db.commit()
            statement = select(sa.func.count()).where(col(LookupFailure.conversation_id) == conversation_id)
            return int(db.exec(statement).one())

    def _audit(self, conversation_id: str, action: AuditAction, **detail: object) -> None:
        self.store.audit(conversation_id, ACTOR, action, source=self.source.name, **detail)
