"""Orders: what the shop's own systems say of an order a shopper placed. One port, ``OrderSource``, with adapters
chosen by ``COMPTOIR_ORDERS__SOURCE``: ``none`` (the assistant cannot see orders), ``local`` (an order book in the
database, filled by ``comptoir orders import``).

An order carries the e-mail address and postcode it was placed with, because a guest proves who they are with them;
an adapter hands them over in memory only, and the local book keeps them encrypted (``assistant.orders.book``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Protocol

from pydantic import SecretStr
from sqlalchemy.engine import Engine

from assistant.config import OrderSettings


class OrderStatus(StrEnum):
    """Where an order stands, in the words every adapter maps its platform's states to."""

    PLACED = "placed"
    """Received, not yet paid or confirmed."""
    PREPARING = "preparing"
    """Paid, being picked and packed."""
    SHIPPED = "shipped"
    """Handed to the carrier."""
    DELIVERED = "delivered"
    READY_FOR_PICKUP = "ready_for_pickup"
    """A click-and-collect order waiting in the store."""
    COLLECTED = "collected"
    CANCELLED = "cancelled"
    RETURNED = "returned"
    """Sent back, in whole or in part."""


class RefundState(StrEnum):
    """Where the refund of an order stands."""

    NONE = "none"
    PENDING = "pending"
    """Agreed, not yet paid back."""
    REFUNDED = "refunded"


@dataclass(frozen=True)
class OrderLine:
    """One item of an order."""

    title: str
    quantity: int = 1
    sku: str | None = None


@dataclass(frozen=True)
class Order:
    """An order as the shop's systems know it."""

    number: str
    status: OrderStatus
    placed_on: date
    items: tuple[OrderLine, ...] = ()
    customer_id: str | None = None
    """The merchant's id of a known customer (the one their signed token names); ``None`` for a guest order."""
    email: str | None = field(default=None, repr=False)
    postcode: str | None = field(default=None, repr=False)
    carrier: str | None = None
    tracking_number: str | None = None
    tracking_url: str | None = None
    shipped_on: date | None = None
    expected_on: date | None = None
    delivered_on: date | None = None
    total: Decimal | None = None
    currency: str = "EUR"
    refund_state: RefundState = RefundState.NONE
    refund_amount: Decimal | None = None
    refunded_on: date | None = None


class OrderSource(Protocol):
    """Where the assistant finds an order."""

    name: str

    def find(self, number: str) -> Order | None:
        """The order with this number (as the shopper typed it), or ``None``."""
        ...

    def of_customer(self, customer_id: str) -> list[Order]:
        """A known customer's orders, newest first."""
        ...


def order_number(value: str) -> str:
    """The form an order number is compared in: upper case, no spaces ("cmd 2024 12345" is "CMD-2024-12345")."""
    parts = [part for part in value.replace("#", " ").replace("-", " ").split() if part]
    return "-".join(parts).upper()


def make_order_source(settings: OrderSettings, engine: Engine, pseudonym_key: bytes) -> OrderSource | None:
    """The order source ``COMPTOIR_ORDERS__SOURCE`` names (``None`` for ``none``); adapters are imported only when
    chosen. A platform without its address or credentials is a clear start-up error (naming the setting, never
    showing a credential)."""
    source = settings.source
    if source == "none":
        return None
    if source == "local":
        from assistant.orders.book import LocalOrderBook, order_sealer

        return LocalOrderBook(engine, order_sealer(pseudonym_key))
    if source == "shopify":
        from assistant.orders.shopify import ShopifyOrders

        base, token = _needed(settings, "base_url"), _needed(settings, "token")
        return ShopifyOrders(base, token, settings.api_version, settings.timeout_seconds)
    if source == "woocommerce":
        from assistant.orders.woocommerce import WooCommerceOrders

        base, key, secret = (_needed(settings, name) for name in ("base_url", "key", "secret"))
        return WooCommerceOrders(base, key, secret, settings.timeout_seconds)
    raise ValueError(
        f"COMPTOIR_ORDERS__SOURCE={source!r} is no order source; choose none, local, shopify or woocommerce"
    )


def _needed(settings: OrderSettings, name: str) -> str:
    value = getattr(settings, name)
    if value is None:
        raise ValueError(f"COMPTOIR_ORDERS__SOURCE={settings.source} needs COMPTOIR_ORDERS__{name.upper()}")
    return str(value.get_secret_value() if isinstance(value, SecretStr) else value)
