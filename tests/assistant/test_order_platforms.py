"""The Shopify and WooCommerce order sources against real HTTP servers on loopback that answer in each platform's
documented shapes (tests/platforms.py): orders found by number, a customer's orders page by page, rate limiting
waited out with ``Retry-After``, errors and timeouts turned into a clear ``OrderSourceError`` that never shows a
credential, and a whole conversation whose order comes from the loopback Shopify store."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr

from assistant.config import ChatSettings, OrderSettings
from assistant.orders import OrderStatus, RefundState
from assistant.orders.http import OrderSourceError
from assistant.orders.shopify import ShopifyOrders
from assistant.orders.woocommerce import WooCommerceOrders
from assistant.runtime import Runtime, build_runtime
from assistant.web.app import create_app
from tests.app import until
from tests.conftest import make_settings
from tests.platforms import (
    SHOPIFY_TOKEN,
    VERSION,
    WOO_KEY,
    WOO_SECRET,
    Platform,
    shopify,
    shopify_order,
    woo_order,
    woocommerce,
)


@pytest.fixture
def store() -> Iterator[Platform]:
    with shopify() as platform:
        platform.orders = [shopify_order(1001), shopify_order(1002, shipped=False)]
        platform.orders += [shopify_order(2000 + n, customer=77, day=1 + n % 20) for n in range(30)]
        yield platform


@pytest.fixture
def shop() -> Iterator[Platform]:
    with woocommerce() as platform:
        platform.orders = [woo_order(4521), woo_order(4522, status="processing")]
        platform.orders += [woo_order(5000 + n, customer=12, day=1 + n % 20) for n in range(45)]
        yield platform


def _shopify(store: Platform, timeout: float = 5.0, token: str = SHOPIFY_TOKEN) -> ShopifyOrders:
    return ShopifyOrders(store.url, token, VERSION, timeout)


def _woo(shop: Platform, timeout: float = 5.0, secret: str = WOO_SECRET) -> WooCommerceOrders:
    return WooCommerceOrders(shop.url, WOO_KEY, secret, timeout)


# -- Shopify ------------------------------------------------------------------------------------------


def test_shopify_finds_an_order_by_its_name_with_its_fulfilment_and_tracking(store: Platform) -> None:
    for typed in ("#1001", "1001", " # 1001"):
        order = _shopify(store).find(typed)
        assert order is not None and order.number == "#1001" and order.status is OrderStatus.SHIPPED
    assert order.email == "shopper1001@example.org" and order.postcode == "69003"
    assert order.carrier == "DHL Express" and order.tracking_url is not None and "JD014600001001" in order.tracking_url
    assert order.expected_on is not None and order.expected_on.isoformat() == "2026-11-24"
    assert [(line.title, line.quantity) for line in order.items] == [("Kerbos 2 Tent", 1)]
    unshipped = _shopify(store).find("1002")
    assert unshipped is not None and unshipped.status is OrderStatus.PREPARING and unshipped.carrier is None
    assert _shopify(store).find("9999") is None
    assert store.requests[0]["variables"]["query"] == "name:1001"


def test_shopify_reads_a_customers_orders_page_by_page_newest_first(store: Platform) -> None:
    orders = _shopify(store).of_customer("gid://shopify/Customer/77")
    assert len(orders) == 30 and orders == sorted(orders, key=lambda o: o.placed_on, reverse=True)
    pages = [r["variables"] for r in store.requests]
    assert [p["after"] is None for p in pages] == [True, False] and pages[0]["first"] == 25
    assert _shopify(store).of_customer("12") == []


def test_shopify_waits_out_a_429_with_its_retry_after(store: Platform) -> None:
    store.rate_limit, store.retry_after = 1, "1"
    started = time.monotonic()
    order = _shopify(store).find("1001")
    assert order is not None and time.monotonic() - started >= 1.0 and len(store.requests) == 2


def test_shopify_waits_out_a_throttled_query(store: Platform) -> None:
    store.throttle = 1
    assert _shopify(store).find("1001") is not None and len(store.requests) == 2


def test_shopify_failures_are_clear_errors_without_the_token(store: Platform) -> None:
    with pytest.raises(OrderSourceError, match="refused our credentials \\(401\\)") as refused:
        _shopify(store, token="shpat_wrong_secret_value").find("1001")
    assert "shpat" not in str(refused.value)
    store.rate_limit, store.retry_after = 5, "30"
    with pytest.raises(OrderSourceError, match="rate limiting us for longer"):
        _shopify(store).find("1001")
    store.rate_limit, store.fail = 0, 1
    with pytest.raises(OrderSourceError, match="answered 503"):
        _shopify(store).find("1001")
    store.delay = 1.0
    with pytest.raises(OrderSourceError, match="did not answer in time"):
        _shopify(store, timeout=0.3).find("1001")


def test_an_unreachable_store_is_a_clear_error() -> None:
    with pytest.raises(OrderSourceError, match="cannot be reached"):
        ShopifyOrders("http://127.0.0.1:9", SHOPIFY_TOKEN, VERSION, 1.0).find("1001")


# -- WooCommerce --------------------------------------------------------------------------------------


def test_woocommerce_finds_an_order_by_its_number_with_billing_email_and_tracking(shop: Platform) -> None:
    order = _woo(shop).find("#4521")
    assert order is not None and order.number == "4521" and order.status is OrderStatus.SHIPPED
    assert order.email == "shopper4521@example.org" and order.postcode == "75011"
    assert order.carrier == "Colissimo" and order.tracking_number == "6A4521"
    assert [(line.title, line.quantity, line.sku) for line in order.items] == [
        ("Luciole Headlamp 400", 2, "LMP-LUC-400")
    ]
    preparing = _woo(shop).find("4522")
    assert (
        preparing is not None
        and preparing.status is OrderStatus.PREPARING
        and preparing.refund_state is RefundState.NONE
    )
    assert _woo(shop).find("9999") is None
    assert shop.requests[0]["path"] == "/wp-json/wc/v3/orders/4521"


def test_woocommerce_reads_a_customers_orders_by_its_total_pages(shop: Platform) -> None:
    orders = _woo(shop).of_customer("12")
    assert len(orders) == 45 and orders == sorted(orders, key=lambda o: o.placed_on, reverse=True)
    assert [r["query"]["page"] for r in shop.requests] == ["1", "2", "3"]


def test_woocommerce_waits_out_a_429_and_reports_other_failures(shop: Platform) -> None:
    shop.rate_limit, shop.retry_after = 1, "1"
    assert _woo(shop).find("4521") is not None and len(shop.requests) == 2
    with pytest.raises(OrderSourceError, match="refused our credentials \\(401\\)") as refused:
        _woo(shop, secret="cs_wrong").find("4521")
    assert "cs_" not in str(refused.value) and "ck_" not in str(refused.value)
    shop.delay = 1.0
    with pytest.raises(OrderSourceError, match="did not answer in time"):
        _woo(shop, timeout=0.3).find("4521")


# -- a conversation against the loopback store ----------------------------------------------------------


@pytest.fixture
def runtime(store: Platform, demo_data_dir: Path, embeddings: Any, detector: Any) -> Iterator[Runtime]:
    orders = OrderSettings(source="shopify", base_url=store.url, token=SecretStr(SHOPIFY_TOKEN), timeout_seconds=1.0)
    settings = make_settings(demo_data_dir, orders=orders, chat=ChatSettings(burst=20))
    runtime = build_runtime(settings, embeddings, detector)
    yield runtime
    runtime.store.engine.dispose()


def _say(ws: Any, n: int, text: str) -> dict[str, Any]:
    ws.send_json({"type": "message", "id": f"m{n}", "text": text})
    return until(ws, "message", reply_to=f"m{n}")


def test_a_conversation_shows_a_shopify_order_and_hands_over_when_the_store_is_down(
    runtime: Runtime, store: Platform
) -> None:
    with TestClient(create_app(runtime.settings, runtime)) as client:
        with client.websocket_connect("/ws/chat") as ws:
            ws.send_json({"type": "hello", "session": None, "locale": "en"})
            until(ws, "welcome")
            _say(ws, 1, "where is my order?")
            shown = _say(ws, 2, "#1001 shopper1001@example.org")
        store.fail = 5
        with client.websocket_connect("/ws/chat") as ws:
            ws.send_json({"type": "hello", "session": None, "locale": "fr"})
            until(ws, "welcome")
            _say(ws, 1, "où est ma commande ?")
            down = _say(ws, 2, "#1001 shopper1001@example.org")
            handoff = until(ws, "handoff")
    assert "#1001" in shown["text"] and "DHL Express" in shown["text"] and "JD014600001001" in shown["text"]
    assert shown["sources"][0]["facts"]["verified_by"] == "email"
    assert "système de commandes" in down["text"] and handoff["type"] == "handoff"
