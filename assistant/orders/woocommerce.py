"""The WooCommerce order source: the REST API v3 (``{base}/wp-json/wc/v3/orders``, HTTP Basic with the consumer key
and secret). An order is found by its number (``GET /orders/{id}``; a shop whose numbers differ from the ids, through
a plugin, is searched with ``?search=``), a known customer's orders by ``?customer=``, newest first, page by page
(``X-WP-TotalPages``). The billing e-mail and the shipping (else billing) postcode prove a guest's order. Tracking
comes from the Shipment Tracking extension's order meta (``_wc_shipment_tracking_items``) when the shop has it.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from assistant.orders import Order, OrderLine, OrderStatus, RefundState, order_number
from assistant.orders.http import OrderSourceError, PlatformClient, day

PAGE = 20
MOST = 50
_STATUS = {
    "pending": OrderStatus.PLACED,
    "on-hold": OrderStatus.PLACED,
    "failed": OrderStatus.PLACED,
    "checkout-draft": OrderStatus.PLACED,
    "processing": OrderStatus.PREPARING,
    "completed": OrderStatus.SHIPPED,
    "cancelled": OrderStatus.CANCELLED,
    "refunded": OrderStatus.RETURNED,
}
"""WooCommerce's order statuses in Comptoir's words ("completed": fulfilled, the parcel is on its way or there)."""


class WooCommerceOrders:
    """Orders read from a WooCommerce shop's REST API."""

    name = "woocommerce"

    def __init__(self, base_url: str, key: str, secret: str, timeout: float = 5.0):
        self.client = PlatformClient(base_url, {"Accept": "application/json"}, timeout, auth=(key, secret))

    def find(self, number: str) -> Order | None:
        """The order numbered ``number``, or ``None``."""
        wanted = order_number(number)
        if wanted.isdigit():
            response = self.client.request("GET", f"/wp-json/wc/v3/orders/{wanted}")
            if response.status_code == 200 and order_number(str(response.json().get("number", ""))) == wanted:
                return read_order(response.json())
            if response.status_code not in (200, 404):
                raise OrderSourceError(f"WooCommerce answered {response.status_code}")
        if not wanted:
            return None
        found = self._get("/wp-json/wc/v3/orders", {"search": wanted, "per_page": 5})
        return next((read_order(o) for o in found if order_number(str(o.get("number", ""))) == wanted), None)

    def of_customer(self, customer_id: str) -> list[Order]:
        """A customer's orders, newest first (``customer_id`` is WooCommerce's numeric customer id)."""
        if not customer_id.isdigit():
            return []
        orders: list[Order] = []
        page = 1
        while len(orders) < MOST:
            params = {"customer": customer_id, "per_page": PAGE, "page": page, "orderby": "date", "order": "desc"}
            response = self.client.request("GET", "/wp-json/wc/v3/orders", params=params)
            if response.status_code != 200:
                raise OrderSourceError(f"WooCommerce answered {response.status_code}")
            orders += [read_order(o) for o in response.json()]
            pages = int(response.headers.get("X-WP-TotalPages", "1") or 1)
            if page >= pages:
                break
            page += 1
        return orders[:MOST]

    def _get(self, path: str, params: dict[str, Any]) -> list[dict[str, Any]]:
        response = self.client.request("GET", path, params=params)
        if response.status_code != 200:
            raise OrderSourceError(f"WooCommerce answered {response.status_code}")
        return list(response.json())


def read_order(data: dict[str, Any]) -> Order:
    """A WooCommerce order in Comptoir's words."""
    billing, shipping = data.get("billing") or {}, data.get("shipping") or {}
    tracking = _tracking(data)
    refunded = sum((abs(Decimal(str(r.get("total") or "0"))) for r in data.get("refunds") or []), Decimal(0))
    status = _STATUS.get(str(data.get("status")), OrderStatus.PLACED)
    if status is OrderStatus.SHIPPED and data.get("date_completed") is None and not tracking:
        status = OrderStatus.PREPARING
    customer = data.get("customer_id")
    return Order(
        number=str(data.get("number") or data["id"]),
        status=status,
        placed_on=day(data.get("date_created")) or date.today(),
        items=tuple(
            OrderLine(str(line.get("name")), int(line.get("quantity") or 1), line.get("sku") or None)
            for line in data.get("line_items") or []
        ),
        customer_id=str(customer) if customer else None,
        email=billing.get("email") or None,
        postcode=shipping.get("postcode") or billing.get("postcode") or None,
        carrier=tracking.get("tracking_provider") or tracking.get("custom_tracking_provider") or None,
        tracking_number=tracking.get("tracking_number") or None,
        tracking_url=tracking.get("custom_tracking_link") or None,
        shipped_on=day(tracking.get("date_shipped")) or day(data.get("date_completed")),
        total=Decimal(str(data["total"])) if data.get("total") not in (None, "") else None,
        currency=str(data.get("currency") or "EUR"),
        refund_state=RefundState.REFUNDED if refunded > 0 else RefundState.NONE,
        refund_amount=refunded if refunded > 0 else None,
    )


def _tracking(data: dict[str, Any]) -> dict[str, Any]:
    for meta in data.get("meta_data") or []:
        if meta.get("key") == "_wc_shipment_tracking_items" and meta.get("value"):
            items = meta["value"]
            return dict(items[-1]) if isinstance(items, list) else {}
    return {}
