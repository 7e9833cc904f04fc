"""The local order book: orders in the database, imported from a merchant's CSV or JSON file.

Columns (CSV header, or JSON keys; one object per order, or a list of them):

| column | required | meaning |
|---|---|---|
| `number` | yes | the order number the shopper sees ("CMD-2024-12345") |
| `status` | yes | placed, preparing, shipped, delivered, ready_for_pickup, collected, cancelled, returned |
| `placed_on` | yes | the order's date, YYYY-MM-DD |
| `email` | yes | the e-mail address it was placed with |
| `postcode` | no | the delivery postcode |
| `customer_id` | no | the merchant's id of a known customer |
| `items` | no | "2 x Trek 500 jacket (SS-0001); Summit boots" or, in JSON, [{"title", "quantity", "sku"}] |
| `carrier`, `tracking_number`, `tracking_url` | no | the parcel |
| `shipped_on`, `expected_on`, `delivered_on` | no | dates, YYYY-MM-DD |
| `total`, `currency` | no | "129.90", "EUR" |
| `refund_state`, `refund_amount`, `refunded_on` | no | none, pending, refunded; an amount; a date |

The e-mail address and the postcode are stored encrypted with a key derived from the shop's pseudonym key
(``COMPTOIR_SECRET_KEY``): the database holds no readable copy of either. An import is all or nothing: a file with
one bad row changes nothing and names every bad row.
"""

from __future__ import annotations

import base64
import csv
import hashlib
import hmac
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from sqlalchemy import Column, LargeBinary, Text, func
from sqlalchemy.engine import Engine
from sqlmodel import Field, Session, SQLModel, select

from assistant.orders import Order, OrderLine, OrderStatus, RefundState, order_number
from guardrails import Sealer

COLUMNS = (
    "number", "status", "placed_on", "email", "postcode", "customer_id", "items", "carrier", "tracking_number",
    "tracking_url", "shipped_on", "expected_on", "delivered_on", "total", "currency", "refund_state",
    "refund_amount", "refunded_on",
)  # fmt: skip
REQUIRED = ("number", "status", "placed_on", "email")


class OrderRow(SQLModel, table=True):
    """One order of the local book; its e-mail address and postcode sealed."""

    __tablename__ = "orders"

    number: str = Field(primary_key=True, max_length=64)
    customer_id: str | None = Field(default=None, index=True, max_length=128)
    status: str = Field(max_length=24)
    placed_on: date
    email_sealed: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    postcode_sealed: bytes | None = Field(default=None, sa_column=Column(LargeBinary, nullable=True))
    items: str = Field(default="[]", sa_column=Column(Text, nullable=False))
    """The lines, as JSON: [{"title", "quantity", "sku"}]."""
    carrier: str | None = Field(default=None, max_length=64)
    tracking_number: str | None = Field(default=None, max_length=128)
    tracking_url: str | None = Field(default=None, max_length=512)
    shipped_on: date | None = None
    expected_on: date | None = None
    delivered_on: date | None = None
    total: str | None = Field(default=None, max_length=32)
    currency: str = Field(default="EUR", max_length=3)
    refund_state: str = Field(default="none", max_length=16)
    refund_amount: str | None = Field(default=None, max_length=32)
    refunded_on: date | None = None


class ImportRefused(ValueError):
    """A file the importer will not take; ``problems`` names each bad row (nothing was written)."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems[:20]) + (f"; and {len(problems) - 20} more" if len(problems) > 20 else ""))
        self.problems = problems


def order_sealer(pseudonym_key: bytes) -> Sealer:
    """The key that seals the order book's e-mail addresses and postcodes, derived from the pseudonym key."""
    derived = hmac.new(pseudonym_key, b"comptoir order book", hashlib.sha256).digest()
    return Sealer(base64.urlsafe_b64encode(derived))


@dataclass
class LocalOrderBook:
    """Orders kept in the database (``COMPTOIR_ORDERS__SOURCE=local``)."""

    engine: Engine
    sealer: Sealer
    name: str = "local"

    def find(self, number: str) -> Order | None:
        with Session(self.engine) as session:
            row = session.get(OrderRow, order_number(number))
            return self._order(row) if row is not None else None

    def of_customer(self, customer_id: str) -> list[Order]:
        with Session(self.engine) as session:
            statement = select(OrderRow).where(OrderRow.customer_id == customer_id)
            rows = sorted(session.exec(statement).all(), key=lambda r: (r.placed_on, r.number), reverse=True)
            return [self._order(row) for row in rows]

    def count(self) -> int:
        """How many orders the book holds."""
        with Session(self.engine) as session:
            return int(session.exec(select(func.count()).select_from(OrderRow)).one())

    def load(self, orders: Iterable[Order]) -> int:
        """Write these orders (an order already in the book is replaced), all in one transaction."""
        written = 0
        with Session(self.engine) as session:
            for order in orders:
                existing = session.get(OrderRow, order.number)
                if existing is not None:
                    session.delete(existing)
                    session.flush()
                session.add(self._row(order))
                written += 1
            session.commit()
        return written

    def import_file(self, path: Path) -> int:
        """Read a CSV or JSON file of orders and write them; ``ImportRefused`` (nothing written) for a bad file."""
        return self.load(read_orders(path))

    def _row(self, order: Order) -> OrderRow:
        return OrderRow(
            number=order.number,
            customer_id=order.customer_id,
            status=order.status.value,
            placed_on=order.placed_on,
            email_sealed=self.sealer.seal(order.email or ""),
            postcode_sealed=self.sealer.seal(order.postcode) if order.postcode else None,
            items=json.dumps([line.__dict__ for line in order.items], ensure_ascii=False),
            carrier=order.carrier,
            tracking_number=order.tracking_number,
            tracking_url=order.tracking_url,
            shipped_on=order.shipped_on,
            expected_on=order.expected_on,
            delivered_on=order.delivered_on,
            total=None if order.total is None else str(order.total),
            currency=order.currency,
            refund_state=order.refund_state.value,
            refund_amount=None if order.refund_amount is None else str(order.refund_amount),
            refunded_on=order.refunded_on,
        )

    def _order(self, row: OrderRow) -> Order:
        return Order(
            number=row.number,
            status=OrderStatus(row.status),
            placed_on=row.placed_on,
            items=tuple(OrderLine(**line) for line in json.loads(row.items)),
            customer_id=row.customer_id,
            email=self.sealer.open(row.email_sealed) or None,
            postcode=self.sealer.open(row.postcode_sealed) if row.postcode_sealed else None,
            carrier=row.carrier,
            tracking_number=row.tracking_number,
            tracking_url=row.tracking_url,
            shipped_on=row.shipped_on,
            expected_on=row.expected_on,
            delivered_on=row.delivered_on,
            total=None if row.total is None else Decimal(row.total),
            currency=row.currency,
            refund_state=RefundState(row.refund_state),
            refund_amount=None if row.refund_amount is None else Decimal(row.refund_amount),
            refunded_on=row.refunded_on,
        )


def read_orders(path: Path) -> list[Order]:
    """The orders of a CSV or JSON file; ``ImportRefused`` naming every bad row."""
    try:
        records = list(_records(path))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise ImportRefused([f"{path.name}: {exc}"]) from exc
    orders, problems, seen = [], [], set()
    for where, record in records:
        try:
            order = parse_order(record)
        except ValueError as exc:
            problems.append(f"{path.name}:{where}: {exc}")
            continue
        if order.number in seen:
            problems.append(f"{path.name}:{where}: order {order.number} appears twice")
        seen.add(order.number)
        orders.append(order)
    if problems:
        raise ImportRefused(problems)
    if not orders:
        raise ImportRefused([f"{path.name}: no order in the file"])
    return orders


def _records(path: Path) -> Iterator[tuple[str, dict[str, Any]]]:
    """(where, record) for each order of the file: "line N" of a CSV, "order N" of a JSON list."""
    text = path.read_text(encoding="utf-8-sig")
    if path.suffix.lower() == ".json":
        data = json.loads(text)
        items = data if isinstance(data, list) else [data]
        for number, item in enumerate(items, start=1):
            if not isinstance(item, dict):
                raise ValueError(f"order {number} is not a JSON object")
            yield f"order {number}", item
        return
    reader = csv.DictReader(text.splitlines())
    missing = [column for column in REQUIRED if column not in (reader.fieldnames or [])]
    if missing:
        raise ValueError(f"the header lacks {', '.join(missing)} (columns: {', '.join(COLUMNS)})")
    for record in reader:
        yield f"line {reader.line_num}", {k: v for k, v in record.items() if k is not None}


def parse_order(record: dict[str, Any]) -> Order:
    """One order from a record of the file; a ``ValueError`` saying what is wrong."""
    unknown = sorted(set(record) - set(COLUMNS))
    if unknown:
        raise ValueError(f"unknown column {', '.join(unknown)}")
    value = {k: (v.strip() if isinstance(v, str) else v) for k, v in record.items() if v not in (None, "")}
    missing = [column for column in REQUIRED if column not in value]
    if missing:
        raise ValueError(f"no {', '.join(missing)}")
    email = str(value["email"])
    if "@" not in email or " " in email:
        raise ValueError("email is not an e-mail address")
    placed_on = _date(value["placed_on"], "placed_on")
    assert placed_on is not None  # required, and present
    return Order(
        number=order_number(str(value["number"])),
        status=_choice(OrderStatus, value["status"], "status"),
        placed_on=placed_on,
        items=_items(value.get("items")),
        customer_id=_text(value.get("customer_id")),
        email=email,
        postcode=_text(value.get("postcode")),
        carrier=_text(value.get("carrier")),
        tracking_number=_text(value.get("tracking_number")),
        tracking_url=_url(value.get("tracking_url")),
        shipped_on=_date(value.get("shipped_on"), "shipped_on"),
        expected_on=_date(value.get("expected_on"), "expected_on"),
        delivered_on=_date(value.get("delivered_on"), "delivered_on"),
        total=_amount(value.get("total"), "total"),
        currency=str(value.get("currency", "EUR")).upper()[:3],
        refund_state=_choice(RefundState, value.get("refund_state", "none"), "refund_state"),
        refund_amount=_amount(value.get("refund_amount"), "refund_amount"),
        refunded_on=_date(value.get("refunded_on"), "refunded_on"),
    )


def _choice(kind: type[OrderStatus] | type[RefundState], raw: Any, name: str) -> Any:
    try:
        return kind(str(raw).strip().lower())
    except ValueError:
        raise ValueError(f"{name} {str(raw)[:40]!r} is none of {', '.join(k.value for k in kind)}") from None


def _date(raw: Any, name: str) -> date | None:
    if raw in (None, ""):
        return None
    try:
        return date.fromisoformat(str(raw)[:10])
    except ValueError:
        raise ValueError(f"{name} is not a date (YYYY-MM-DD)") from None


def _amount(raw: Any, name: str) -> Decimal | None:
    if raw in (None, ""):
        return None
    try:
        amount = Decimal(str(raw).replace(",", "."))
    except InvalidOperation:
        raise ValueError(f"{name} is not an amount") from None
    if not amount.is_finite() or amount < 0:
        raise ValueError(f"{name} is not an amount")
    return amount


def _text(raw: Any) -> str | None:
    return None if raw in (None, "") else str(raw)[:512]


def _url(raw: Any) -> str | None:
    if raw in (None, ""):
        return None
    if not str(raw).startswith(("https://", "http://")):
        raise ValueError("tracking_url is not a web address")
    return str(raw)[:512]


def _items(raw: Any) -> tuple[OrderLine, ...]:
    if raw in (None, ""):
        return ()
    if isinstance(raw, list):
        lines = []
        for item in raw:
            if not isinstance(item, dict) or not item.get("title"):
                raise ValueError("items: each needs a title")
            lines.append(OrderLine(str(item["title"]), int(item.get("quantity", 1)), _text(item.get("sku"))))
        return tuple(lines)
    lines = []
    for part in str(raw).split(";"):
        part = part.strip()
        if not part:
            continue
        quantity, _, rest = part.partition(" x ")
        if not rest or not quantity.strip().isdigit():
            quantity, rest = "1", part
        title, _, sku = rest.rpartition(" (") if rest.endswith(")") else (rest, "", "")
        lines.append(OrderLine(title.strip(), int(quantity), sku.rstrip(")").strip() or None))
    return tuple(lines)
