"""The Shopify order source: the Admin GraphQL API (``POST {base}/admin/api/{version}/graphql.json`` with the
``X-Shopify-Access-Token`` header). An order is found by its name ("#1001": the shopper types "1001" or "#1001"),
a known customer's orders by ``customer_id``, newest first, page by page (``pageInfo.endCursor``). A throttled
query (``THROTTLED``) or a 429 is waited out within a bound; anything else unusable is an ``OrderSourceError``.
"""

from __future__ import annotations

import time
from datetime import date
from decimal import Decimal
from typing import Any

from assistant.orders import Order, OrderLine, OrderStatus, RefundState, order_number
from assistant.orders.http import LONGEST_WAIT, RETRIES, OrderSourceError, PlatformClient, day

PAGE = 25
"""Orders asked for per page of a customer's orders."""
MOST = 50
"""A known customer's orders read at most (the newest)."""
_FIELDS = """
  id name email createdAt cancelledAt displayFinancialStatus displayFulfillmentStatus returnStatus
  customer { id }
  shippingAddress { zip }
  billingAddress { zip }
  totalPriceSet { shopMoney { amount currencyCode } }
  totalRefundedSet { shopMoney { amount } }
  refunds { createdAt }
  lineItems(first: 50) { nodes { title quantity sku } }
  fulfillments { displayStatus createdAt deliveredAt estimatedDeliveryAt trackingInfo { company number url } }
"""
QUERY = (
    "query Orders($query: String!, $first: Int!, $after: String) {"
    " orders(first: $first, after: $after, query: $query, sortKey: CREATED_AT, reverse: true) {"
    f" nodes {{ {_FIELDS} }} pageInfo {{ hasNextPage endCursor }} }} }}"
)


class ShopifyOrders:
    """Orders read from a Shopify store's Admin GraphQL API."""

    name = "shopify"

    def __init__(self, base_url: str, token: str, version: str = "2025-07", timeout: float = 5.0):
        self.path = f"/admin/api/{version}/graphql.json"
        self.client = PlatformClient(
            base_url, {"X-Shopify-Access-Token": token, "Content-Type": "application/json"}, timeout
        )

    def find(self, number: str) -> Order | None:
        """The order named ``#number``, or ``None``."""
        wanted = order_number(number)
        if not wanted:
            return None
        nodes, _ = self._page(f"name:{wanted}", 5, None)
        return next((read_order(node) for node in nodes if order_number(node.get("name", "")) == wanted), None)

    def of_customer(self, customer_id: str) -> list[Order]:
        """A customer's orders, newest first (``customer_id`` is Shopify's numeric id or its ``gid://``)."""
        numeric = customer_id.rsplit("/", 1)[-1]
        if not numeric.isdigit():
            return []
        orders: list[Order] = []
        after: str | None = None
        while len(orders) < MOST:
            nodes, after = self._page(f"customer_id:{numeric}", PAGE, after)
            orders += [read_order(node) for node in nodes]
            if after is None:
                break
        return orders[:MOST]

    def _page(self, query: str, first: int, after: str | None) -> tuple[list[dict[str, Any]], str | None]:
        """One page of orders and the cursor of the next (``None``: the last page)."""
        body = {"query": QUERY, "variables": {"query": query, "first": first, "after": after}}
        for attempt in range(RETRIES + 1):
            answer = self.client.request("POST", self.path, json=body).json()
            errors = answer.get("errors") or []
            throttled = any((e.get("extensions") or {}).get("code") == "THROTTLED" for e in errors)
            if throttled and attempt < RETRIES:
                time.sleep(min(_restore_seconds(answer), LONGEST_WAIT))
                continue
            if errors:
                codes = sorted({str((e.get("extensions") or {}).get("code", "ERROR")) for e in errors})
                raise OrderSourceError(f"Shopify answered errors: {', '.join(codes)}")
            orders = (answer.get("data") or {}).get("orders") or {}
            info = orders.get("pageInfo") or {}
            return list(orders.get("nodes") or []), info.get("endCursor") if info.get("hasNextPage") else None
        raise AssertionError("unreachable")


def _restore_seconds(answer: dict[str, Any]) -> float:
    """How long until a throttled query's cost is available again (from ``extensions.cost``), at least 0.1 s."""
    cost = (answer.get("extensions") or {}).get("cost") or {}
    status = cost.get("throttleStatus") or {}
    needed = float(cost.get("requestedQueryCost") or 0) - float(status.get("currentlyAvailable") or 0)
    rate = float(status.get("restoreRate") or 50)
    return max(0.1, needed / rate if rate else 1.0)


def read_order(node: dict[str, Any]) -> Order:
    """A Shopify order node in Comptoir's words."""
    fulfillments = node.get("fulfillments") or []
    last = fulfillments[-1] if fulfillments else {}
    tracking = (last.get("trackingInfo") or [{}])[0] if last else {}
    money = (node.get("totalPriceSet") or {}).get("shopMoney") or {}
    refunded = Decimal(str(((node.get("totalRefundedSet") or {}).get("shopMoney") or {}).get("amount") or "0"))
    refunds = node.get("refunds") or []
    financial = node.get("displayFinancialStatus") or ""
    refund_state = RefundState.REFUNDED if refunded > 0 else RefundState.NONE
    if financial == "PENDING" and node.get("returnStatus") in ("RETURNED", "INSPECTION_COMPLETE"):
        refund_state = RefundState.PENDING
    address = node.get("shippingAddress") or node.get("billingAddress") or {}
    return Order(
        number=str(node["name"]),
        status=_status(node, last),
        placed_on=day(node["createdAt"]) or date.today(),
        items=tuple(
            OrderLine(str(line["title"]), int(line.get("quantity") or 1), line.get("sku") or None)
            for line in (node.get("lineItems") or {}).get("nodes") or []
        ),
        customer_id=((node.get("customer") or {}).get("id") or "").rsplit("/", 1)[-1] or None,
        email=node.get("email"),
        postcode=address.get("zip"),
        carrier=tracking.get("company") if tracking else None,
        tracking_number=tracking.get("number") if tracking else None,
        tracking_url=tracking.get("url") if tracking else None,
        shipped_on=day(last.get("createdAt")) if last else None,
        expected_on=day(last.get("estimatedDeliveryAt")) if last else None,
        delivered_on=day(last.get("deliveredAt")) if last else None,
        total=Decimal(str(money["amount"])) if money.get("amount") is not None else None,
        currency=str(money.get("currencyCode") or "EUR"),
        refund_state=refund_state,
        refund_amount=refunded if refunded > 0 else None,
        refunded_on=day(refunds[-1].get("createdAt")) if refunds and refunded > 0 else None,
    )


def _status(node: dict[str, Any], last: dict[str, Any]) -> OrderStatus:
    if node.get("cancelledAt"):
        return OrderStatus.CANCELLED
    if node.get("returnStatus") in ("RETURNED", "INSPECTION_COMPLETE"):
        return OrderStatus.RETURNED
    shown = last.get("displayStatus") if last else None
    if shown == "DELIVERED":
        return OrderStatus.DELIVERED
    if shown == "READY_FOR_PICKUP":
        return OrderStatus.READY_FOR_PICKUP
    if shown == "PICKED_UP":
        return OrderStatus.COLLECTED
    fulfilment = node.get("displayFulfillmentStatus") or ""
    if fulfilment in ("FULFILLED", "PARTIALLY_FULFILLED"):
        return OrderStatus.SHIPPED
    if node.get("displayFinancialStatus") in ("PAID", "PARTIALLY_REFUNDED", "REFUNDED"):
        return OrderStatus.PREPARING
    return OrderStatus.PLACED
