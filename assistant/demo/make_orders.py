#!/usr/bin/env python3
"""Build the demo shop's order book: 50 orders of "Sommet Sports" in every state, as ``comptoir orders import``
reads them.

Run it with ``python3 assistant/demo/make_orders.py``; it rewrites ``assistant/demo/orders.json`` next to this file.
Standard library only; ``random.Random(11)``, so the file is the same on every run.

The shoppers are invented (first names and surnames common in France, e-mail addresses at example.org, which no one
can own); the items come from the demo catalog; dates sit around 1 December 2026; each state (placed, preparing,
shipped, delivered, ready for pickup, collected, cancelled, returned) has several orders, three of them for the known
customer ``cust-1001`` (the id a signed customer token of the demo names); returned orders have a refund pending or
made, delivered ones sometimes a partial refund.
"""

from __future__ import annotations

import json
import random
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

HERE = Path(__file__).resolve().parent
FIRST = ["camille", "lucas", "lea", "hugo", "chloe", "louis", "manon", "jules", "ines", "arthur", "sarah", "noah",
         "emma", "gabriel", "julie", "paul", "clara", "tom", "alice", "nathan"]  # fmt: skip
LAST = ["martin", "bernard", "dubois", "thomas", "robert", "richard", "petit", "durand", "leroy", "moreau", "simon",
        "laurent", "lefebvre", "michel", "garcia", "david", "bertrand", "roux", "vincent", "fournier"]  # fmt: skip
POSTCODES = ["38000", "38100", "69003", "75011", "73000", "74000", "13001", "31000", "67000", "1000", "1204", "06000"]
CARRIERS = {
    "Colissimo": "https://www.laposte.fr/outils/suivre-vos-envois?code={code}",
    "DPD": "https://trace.dpd.fr/fr/trace/{code}",
    "Chronopost": "https://www.chronopost.fr/tracking-no-cms/suivi-page?listeNumerosLT={code}",
}
STATES = (
    ["placed"] * 5 + ["preparing"] * 7 + ["shipped"] * 10 + ["delivered"] * 12 + ["ready_for_pickup"] * 4
    + ["collected"] * 3 + ["cancelled"] * 4 + ["returned"] * 5
)  # fmt: skip
TODAY = date(2026, 12, 1)


def main() -> None:
    rng = random.Random(11)
    catalog = json.loads((HERE / "catalog.json").read_text(encoding="utf-8"))
    orders = []
    for index, status in enumerate(STATES):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        placed = TODAY - timedelta(days=rng.randint(0, 3) if status in ("placed", "preparing") else rng.randint(3, 40))
        products = rng.sample(catalog, rng.choice([1, 1, 2, 3]))
        items = [
            {"title": p["title"], "quantity": rng.choice([1, 1, 1, 2]), "sku": p["sku"]} for p in products
        ]  # fmt: skip
        total = sum(Decimal(str(p["price"])) * item["quantity"] for p, item in zip(products, items, strict=True))
        order: dict[str, object] = {
            "number": f"CMD-2026-{10001 + index * 37:05d}",
            "status": status,
            "placed_on": placed.isoformat(),
            "email": f"{first}.{last}{rng.randint(1, 99)}@example.org",
            "postcode": rng.choice(POSTCODES),
            "items": items,
            "total": str(total),
            "currency": "EUR",
        }
        if index % 16 == 0:
            order["customer_id"] = "cust-1001"
        if status in ("shipped", "delivered", "returned"):
            carrier = rng.choice(sorted(CARRIERS))
            code = f"{rng.choice('678')}{rng.randint(10**11, 10**12 - 1)}"
            shipped = placed + timedelta(days=rng.randint(0, 2))
            order |= {
                "carrier": carrier,
                "tracking_number": code,
                "tracking_url": CARRIERS[carrier].format(code=code),
                "shipped_on": shipped.isoformat(),
                "expected_on": (shipped + timedelta(days=rng.randint(2, 4))).isoformat(),
            }
            if status != "shipped":
                order["delivered_on"] = (shipped + timedelta(days=rng.randint(2, 4))).isoformat()
        if status == "returned":
            refunded = rng.random() < 0.5
            order |= {"refund_state": "refunded" if refunded else "pending", "refund_amount": str(total)}
            if refunded:
                order["refunded_on"] = (TODAY - timedelta(days=rng.randint(0, 5))).isoformat()
        if status == "delivered" and rng.random() < 0.15:
            amount = Decimal(str(products[0]["price"]))
            order |= {"refund_state": "pending", "refund_amount": str(amount)}
        if status == "cancelled":
            order |= {"refund_state": "refunded", "refund_amount": str(total), "refunded_on": placed.isoformat()}
        orders.append(order)
    path = HERE / "orders.json"
    path.write_text(json.dumps(orders, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{len(orders)} orders -> {path}")


if __name__ == "__main__":
    main()
