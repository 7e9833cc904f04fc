"""Small real HTTP servers on loopback that answer as Shopify's Admin GraphQL API and WooCommerce's REST API v3 do,
in their documented shapes: the order sources are tested against these, never against a mock object.

Each server holds its orders in the platform's own shape and can be told to misbehave: answer 429 with a
``Retry-After`` (``rate_limit``), throttle a GraphQL query (``throttle``), answer slowly (``delay``), fail with a 5xx
(``fail``). Every request is logged (method, path, query or GraphQL variables) so that tests can see the paging.
"""

from __future__ import annotations

import base64
import json
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import parse_qs, urlparse

from tests.loopback import serving

SHOPIFY_TOKEN = "shpat_loopback_test_token"
WOO_KEY, WOO_SECRET = "ck_loopback_key", "cs_loopback_secret"
VERSION = "2025-07"


class Platform:
    """What both servers share: orders, misbehaviour knobs and the request log."""

    def __init__(self) -> None:
        self.orders: list[dict[str, Any]] = []
        self.requests: list[dict[str, Any]] = []
        self.rate_limit = 0
        """The next requests answered 429 with ``Retry-After: retry_after``."""
        self.retry_after = "1"
        self.throttle = 0
        self.delay = 0.0
        self.fail = 0
        self.url = ""
        self.served: list[float] = []
        """Seconds each answer took the server (from the request read to the answer written)."""


class _Handler(BaseHTTPRequestHandler):
    platform: Platform

    def log_message(self, *args: Any) -> None:  # quiet
        pass

    _started = 0.0

    def parse_request(self) -> bool:
        self._started = time.perf_counter()
        return super().parse_request()

    def _send(self, status: int, body: Any, headers: dict[str, str] | None = None) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)
        self.platform.served.append(time.perf_counter() - self._started)

    def _misbehave(self) -> bool:
        platform = self.platform
        if platform.delay:
            time.sleep(platform.delay)
        if platform.rate_limit > 0:
            platform.rate_limit -= 1
            self._send(429, {"errors": "Exceeded 2 calls per second for api client. Reduce request rates to resume "
                             "uninterrupted service."}, {"Retry-After": platform.retry_after})  # fmt: skip
            return True
        if platform.fail > 0:
            platform.fail -= 1
            self._send(503, {"errors": "Service Unavailable"})
            return True
        return False


class _ShopifyHandler(_Handler):
    def do_POST(self) -> None:
        path = urlparse(self.path).path
        body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", "0"))) or b"{}")
        self.platform.requests.append({"method": "POST", "path": path, "variables": body.get("variables")})
        if self.headers.get("X-Shopify-Access-Token") != SHOPIFY_TOKEN:
            self._send(401, {"errors": "[API] Invalid API key or access token (unrecognized login or wrong password)"})
            return
        if path != f"/admin/api/{VERSION}/graphql.json":
            self._send(404, {"errors": "Not Found"})
            return
        if self._misbehave():
            return
        if "orders(" not in body.get("query", ""):
            self._send(200, {"errors": [{"message": "Field 'orderz' doesn't exist on type 'QueryRoot'",
                                         "extensions": {"code": "undefinedField"}}]})  # fmt: skip
            return
        cost = {"requestedQueryCost": 52, "actualQueryCost": 12,
                "throttleStatus": {"maximumAvailable": 2000.0, "currentlyAvailable": 1988, "restoreRate": 100.0}}  # fmt: skip
        if self.platform.throttle > 0:
            self.platform.throttle -= 1
            throttled = {**cost, "throttleStatus": {**cost["throttleStatus"], "currentlyAvailable": 22}}
            self._send(200, {"errors": [{"message": "Throttled", "extensions": {"code": "THROTTLED"}}],
                             "extensions": {"cost": throttled}})  # fmt: skip
            return
        variables = body.get("variables") or {}
        matching = [o for o in self.platform.orders if _shopify_matches(o, str(variables.get("query", "")))]
        matching.sort(key=lambda o: o["createdAt"], reverse=True)
        start = int(base64.b64decode(variables["after"]).decode()) if variables.get("after") else 0
        first = int(variables.get("first") or 50)
        page = matching[start : start + first]
        more = start + first < len(matching)
        cursor = base64.b64encode(str(start + first).encode()).decode() if page else None
        data = {"orders": {"nodes": page, "pageInfo": {"hasNextPage": more, "endCursor": cursor}}}
        self._send(200, {"data": data, "extensions": {"cost": cost}})


def _shopify_matches(order: dict[str, Any], query: str) -> bool:
    field, _, value = query.partition(":")
    if field == "name":
        return bool(order["name"].lstrip("#") == value.lstrip("#"))
    if field == "customer_id":
        return bool(order.get("customer") and order["customer"]["id"].rsplit("/", 1)[-1] == value)
    return False


class _WooHandler(_Handler):
    def do_GET(self) -> None:
        url = urlparse(self.path)
        query = {k: v[0] for k, v in parse_qs(url.query).items()}
        self.platform.requests.append({"method": "GET", "path": url.path, "query": query})
        expected = "Basic " + base64.b64encode(f"{WOO_KEY}:{WOO_SECRET}".encode()).decode()
        if self.headers.get("Authorization") != expected:
            self._send(401, {"code": "woocommerce_rest_cannot_view", "message": "Sorry, you cannot list resources.",
                             "data": {"status": 401}})  # fmt: skip
            return
        if self._misbehave():
            return
        prefix = "/wp-json/wc/v3/orders"
        if url.path.startswith(prefix + "/"):
            wanted = url.path[len(prefix) + 1 :]
            found = next((o for o in self.platform.orders if str(o["id"]) == wanted), None)
            if found is None:
                self._send(404, {"code": "woocommerce_rest_shop_order_invalid_id", "message": "Invalid ID.",
                                 "data": {"status": 404}})  # fmt: skip
            else:
                self._send(200, found)
            return
        if url.path != prefix:
            self._send(404, {"code": "rest_no_route", "message": "No route was found matching the URL and request "
                             "method.", "data": {"status": 404}})  # fmt: skip
            return
        orders = list(self.platform.orders)
        if "customer" in query:
            orders = [o for o in orders if str(o.get("customer_id")) == query["customer"]]
        if "search" in query:
            orders = [o for o in orders if query["search"] in (str(o["number"]), str(o["id"]))]
        orders.sort(key=lambda o: o["date_created"], reverse=True)
        per_page, page = int(query.get("per_page", "10")), int(query.get("page", "1"))
        pages = max(1, -(-len(orders) // per_page))
        chunk = orders[(page - 1) * per_page : page * per_page]
        self._send(200, chunk, {"X-WP-Total": str(len(orders)), "X-WP-TotalPages": str(pages)})


@contextmanager
def serve(handler: type[_Handler]) -> Iterator[Platform]:
    """A platform server on a free loopback port, for the length of the block."""
    platform = Platform()
    with serving(type("Bound", (handler,), {"platform": platform})) as url:
        platform.url = url
        yield platform


def shopify() -> Any:
    """A Shopify store on loopback."""
    return serve(_ShopifyHandler)


def woocommerce() -> Any:
    """A WooCommerce shop on loopback."""
    return serve(_WooHandler)


def shopify_order(number: int, *, customer: int | None = None, day: int = 20, shipped: bool = True) -> dict[str, Any]:
    """An order node as the Admin GraphQL API returns it for the query of ``assistant.orders.shopify``."""
    fulfillments = (
        [{"displayStatus": "IN_TRANSIT", "createdAt": f"2026-11-{day + 1:02d}T09:12:00Z", "deliveredAt": None,
          "estimatedDeliveryAt": f"2026-11-{day + 4:02d}T18:00:00Z",
          "trackingInfo": [{"company": "DHL Express", "number": f"JD01460000{number}",
                            "url": f"https://www.dhl.com/en/express/tracking.html?AWB=JD01460000{number}"}]}]
        if shipped else []
    )  # fmt: skip
    return {
        "id": f"gid://shopify/Order/{5500000000 + number}",
        "name": f"#{number}",
        "email": f"shopper{number}@example.org",
        "createdAt": f"2026-11-{day:02d}T15:30:00Z",
        "cancelledAt": None,
        "displayFinancialStatus": "PAID",
        "displayFulfillmentStatus": "FULFILLED" if shipped else "UNFULFILLED",
        "returnStatus": "NO_RETURN",
        "customer": {"id": f"gid://shopify/Customer/{customer}"} if customer else None,
        "shippingAddress": {"zip": "69003"},
        "billingAddress": {"zip": "69003"},
        "totalPriceSet": {"shopMoney": {"amount": "129.9", "currencyCode": "EUR"}},
        "totalRefundedSet": {"shopMoney": {"amount": "0.0"}},
        "refunds": [],
        "lineItems": {"nodes": [{"title": "Kerbos 2 Tent", "quantity": 1, "sku": "TNT-KRB-002"}]},
        "fulfillments": fulfillments,
    }


def woo_order(number: int, *, customer: int = 0, day: int = 20, status: str = "completed") -> dict[str, Any]:
    """An order as WooCommerce's REST API v3 returns it (the fields Comptoir reads, and a few it does not)."""
    return {
        "id": number,
        "parent_id": 0,
        "number": str(number),
        "order_key": f"wc_order_{number}",
        "status": status,
        "currency": "EUR",
        "date_created": f"2026-11-{day:02d}T15:30:00",
        "date_completed": f"2026-11-{day + 1:02d}T09:00:00" if status == "completed" else None,
        "total": "89.00",
        "customer_id": customer,
        "billing": {"first_name": "Zoé", "last_name": "Martin", "email": f"shopper{number}@example.org",
                    "postcode": "75011", "country": "FR"},
        "shipping": {"first_name": "Zoé", "last_name": "Martin", "postcode": "75011", "country": "FR"},
        "line_items": [{"id": 1, "name": "Luciole Headlamp 400", "quantity": 2, "sku": "LMP-LUC-400"}],
        "refunds": [],
        "meta_data": [
            {"id": 9, "key": "_wc_shipment_tracking_items",
             "value": [{"tracking_provider": "Colissimo", "tracking_number": f"6A{number}",
                        "custom_tracking_link": f"https://www.laposte.fr/outils/suivre-vos-envois?code=6A{number}",
                        "date_shipped": "1763715600"}]}
        ] if status == "completed" else [],
    }  # fmt: skip
