"""The shapes that travel through a turn: what was retrieved, the answer, and how it is shown."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from assistant.intents import IntentResult
from retrieval import Filters, Hit, PolicyPassage, Product


@dataclass(frozen=True)
class Retrieved:
    """What retrieval found for a turn."""

    products: list[Hit] = field(default_factory=list)
    passages: list[Hit] = field(default_factory=list)
    filters: Filters = field(default_factory=Filters)
    relaxed: bool = False

    def sources(self) -> list[dict[str, Any]]:
        """Every retrieved source with its scores, for the audit log."""
        return [
            {"id": h.source_id, "score": h.score, "dense": h.dense, "lexical": h.lexical}
            for h in [*self.products, *self.passages]
        ]


@dataclass(frozen=True)
class TurnContext:
    """Everything a responder may use to answer one shopper message."""

    text: str
    lang: str
    intent: IntentResult
    retrieved: Retrieved


@dataclass(frozen=True)
class Answer:
    """The assistant's reply: text, product cards, cited sources, and a confidence in [0, 1]."""

    text: str
    confidence: float
    products: list[dict[str, Any]] = field(default_factory=list)
    sources: list[dict[str, Any]] = field(default_factory=list)


def product_card(product: Product, lang: str, low_stock_threshold: int) -> dict[str, Any]:
    """A product as the widget shows it; every field comes from the catalog row."""
    return {
        "id": product.id,
        "sku": product.sku,
        "title": product.text("title", lang),
        "brand": product.brand,
        "category": product.text("category", lang),
        "price": product.price,
        "currency": product.currency,
        "availability": product.availability(low_stock_threshold),
        "stock": product.stock,
        "sizes": product.sizes,
        "colours": product.colours,
        "url": product.url,
        "image_url": product.image_url,
    }


def product_source(hit: Hit, lang: str) -> dict[str, Any]:
    """A cited product."""
    assert isinstance(hit.item, Product)
    return {
        "id": hit.source_id,
        "kind": "product",
        "title": hit.item.text("title", lang),
        "url": hit.item.url,
        "score": hit.score,
    }


def passage_source(hit: Hit) -> dict[str, Any]:
    """A cited policy passage."""
    assert isinstance(hit.item, PolicyPassage)
    return {
        "id": hit.source_id,
        "kind": "policy",
        "title": f"{hit.item.title} — {hit.item.heading}" if hit.item.heading != hit.item.title else hit.item.title,
        "url": hit.item.url,
        "score": hit.score,
        "quote": hit.item.text,
    }
