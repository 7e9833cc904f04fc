"""The local order book: a merchant's file imported all or nothing, every bad row named, e-mail addresses and
postcodes kept sealed, orders found by the number as a shopper types it; the demo shop's 50 orders."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from assistant.cli import DEMO_DIR
from assistant.config import OrderSettings
from assistant.orders import OrderStatus, RefundState, make_order_source, order_number
from assistant.orders.book import ImportRefused, LocalOrderBook, order_sealer, read_orders
from assistant.records.store import ConversationStore, make_engine
from tests.conftest import make_settings

HEADER = "number,status,placed_on,email,postcode,customer_id,items,carrier,tracking_number,tracking_url,total"


@pytest.fixture
def book(tmp_path: Path) -> LocalOrderBook:
    settings = make_settings(tmp_path)
    store = ConversationStore(make_engine(settings.sqlalchemy_url))
    store.create_schema()
    return LocalOrderBook(store.engine, order_sealer(settings.pseudonym_key()))


def _csv(tmp_path: Path, *rows: str) -> Path:
    path = tmp_path / "orders.csv"
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def test_a_merchants_csv_is_imported_and_read_back(book: LocalOrderBook, tmp_path: Path) -> None:
    path = _csv(
        tmp_path,
        "CMD-2026-00042,shipped,2026-11-20,Jeanne.Dupont@Example.org,38000,,"
        '"2 x Trek 500 jacket (SS-0001); Summit boots",DPD,6123,https://trace.dpd.fr/fr/trace/6123,259.80',
        "CMD-2026-00043,delivered,2026-11-02,paul@example.org,,cust-7,Headlamp,,,,19.90",
    )
    assert book.import_file(path) == 2 and book.count() == 2
    order = book.find("cmd 2026 00042")
    assert order is not None and order.number == "CMD-2026-00042" and order.status is OrderStatus.SHIPPED
    assert order.email == "Jeanne.Dupont@Example.org" and order.postcode == "38000"
    assert [(line.title, line.quantity, line.sku) for line in order.items] == [
        ("Trek 500 jacket", 2, "SS-0001"),
        ("Summit boots", 1, None),
    ]
    assert order.tracking_url == "https://trace.dpd.fr/fr/trace/6123" and order.total == Decimal("259.80")
    assert order.placed_on == date(2026, 11, 20) and order.refund_state is RefundState.NONE
    assert [o.number for o in book.of_customer("cust-7")] == ["CMD-2026-00043"]
    assert book.find("CMD-2026-99999") is None


def test_a_second_import_replaces_the_orders_it_names(book: LocalOrderBook, tmp_path: Path) -> None:
    book.import_file(_csv(tmp_path, "CMD-1,placed,2026-11-20,a@example.org,,,,,,,"))
    book.import_file(_csv(tmp_path, "CMD-1,shipped,2026-11-20,a@example.org,,,,Colissimo,8X,,"))
    order = book.find("CMD-1")
    assert (
        book.count() == 1 and order is not None and order.status is OrderStatus.SHIPPED and order.carrier == "Colissimo"
    )


def test_no_readable_email_or_postcode_is_written_to_the_database(book: LocalOrderBook, tmp_path: Path) -> None:
    book.import_file(_csv(tmp_path, "CMD-7,delivered,2026-11-20,unique.shopper@example.org,69003,,,,,,"))
    found = []
    for file in (tmp_path).rglob("*"):
        if file.is_file() and file.suffix != ".csv":
            data = file.read_bytes()
            found += [(file.name, value) for value in (b"unique.shopper", b"69003") if value in data]
    assert found == []


@pytest.mark.parametrize(
    ("row", "problem"),
    [
        ("CMD-8,lost,2026-11-20,a@example.org,,,,,,,", "status 'lost' is none of"),
        ("CMD-8,shipped,20/11/2026,a@example.org,,,,,,,", "placed_on is not a date"),
        ("CMD-8,shipped,2026-11-20,not-an-address,,,,,,,", "email is not an e-mail address"),
        ("CMD-8,shipped,2026-11-20,,,,,,,,", "no email"),
        ("CMD-8,shipped,2026-11-20,a@example.org,,,,,,javascript:alert(1),", "tracking_url is not a web address"),
        ("CMD-8,shipped,2026-11-20,a@example.org,,,,,,,-3", "total is not an amount"),
    ],
)
def test_a_file_with_a_bad_row_changes_nothing_and_names_the_row(
    book: LocalOrderBook, tmp_path: Path, row: str, problem: str
) -> None:
    path = _csv(tmp_path, "CMD-1,placed,2026-11-20,a@example.org,,,,,,,", row)
    with pytest.raises(ImportRefused) as refused:
        book.import_file(path)
    assert len(refused.value.problems) == 1 and refused.value.problems[0].startswith("orders.csv:line 3: ")
    assert problem in refused.value.problems[0]
    assert book.count() == 0


def test_files_that_are_no_order_files_are_refused_with_the_reason(tmp_path: Path) -> None:
    no_header = tmp_path / "a.csv"
    no_header.write_text("order,mail\nCMD-1,a@example.org\n")
    with pytest.raises(ImportRefused, match="the header lacks number, status, placed_on, email"):
        read_orders(no_header)
    twice = tmp_path / "b.json"
    twice.write_text(json.dumps([{"number": "CMD-1", "status": "placed", "placed_on": "2026-11-20",
                                  "email": "a@example.org"}] * 2))  # fmt: skip
    with pytest.raises(ImportRefused, match="order 2: order CMD-1 appears twice"):
        read_orders(twice)
    broken = tmp_path / "c.json"
    broken.write_text("[{")
    with pytest.raises(ImportRefused, match="c.json"):
        read_orders(broken)


def test_an_unknown_column_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "d.json"
    path.write_text(json.dumps({"number": "CMD-1", "status": "placed", "placed_on": "2026-11-20",
                                "email": "a@example.org", "password": "x"}))  # fmt: skip
    with pytest.raises(ImportRefused, match="unknown column password"):
        read_orders(path)


def test_the_demo_book_has_orders_in_every_state() -> None:
    orders = read_orders(DEMO_DIR / "orders.json")
    assert len(orders) == 50
    assert {order.status for order in orders} == set(OrderStatus)
    assert {order.refund_state for order in orders} == set(RefundState)
    assert all(order.tracking_url for order in orders if order.status is OrderStatus.SHIPPED)
    assert all(order.email and order.email.endswith("@example.org") for order in orders)
    assert sum(order.customer_id == "cust-1001" for order in orders) >= 3


def test_order_numbers_compare_as_typed() -> None:
    assert order_number(" cmd-2026-10001 ") == order_number("CMD 2026 10001") == "CMD-2026-10001"
    assert order_number("#1001") == "1001"


def test_the_settings_choose_the_source(tmp_path: Path) -> None:
    engine = make_engine(make_settings(tmp_path).sqlalchemy_url)
    assert make_order_source(OrderSettings(), engine, b"k" * 32) is None
    assert isinstance(make_order_source(OrderSettings(source="local"), engine, b"k" * 32), LocalOrderBook)
    with pytest.raises(ValueError, match="needs COMPTOIR_ORDERS__TOKEN"):
        make_order_source(OrderSettings(source="shopify", base_url="http://127.0.0.1:9"), engine, b"k" * 32)
    with pytest.raises(ValueError, match="needs COMPTOIR_ORDERS__BASE_URL"):
        make_order_source(OrderSettings(source="woocommerce"), engine, b"k" * 32)


def test_the_command_imports_the_demo_orders_and_refuses_a_bad_file(tmp_path: Path) -> None:
    env = {"COMPTOIR_DATA_DIR": str(tmp_path / "data"), "PATH": "/usr/bin:/bin"}
    done = subprocess.run(
        [sys.executable, "-m", "assistant.cli", "orders", "import", "--demo"], env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert "50 orders imported from orders.json; the book holds 50" in done.stdout
    bad = _csv(tmp_path, "CMD-1,placed,yesterday,a@example.org,,,,,,,")
    done = subprocess.run(
        [sys.executable, "-m", "assistant.cli", "orders", "import", str(bad)], env=env, capture_output=True, text=True
    )
    assert done.returncode == 2
    assert "orders.csv:line 2: placed_on is not a date" in done.stderr and "nothing imported" in done.stderr
