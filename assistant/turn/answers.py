"""The shapes that travel through a turn: what was retrieved, the answer, and how it is shown."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Protocol

from assistant.records.tables import Turn
from assistant.turn.intents import Intent, IntentResult
from assistant.turn.tools import ToolRow
from retrieval import Filters, Hit, PolicyPassage, Product


class Act(StrEnum):
    """What a reply does; the widget, the audit and the evaluation read it."""

    PRODUCTS = "products"
    """Products shown for a search."""
    PRODUCT = "product"
    """One product's attribute answered."""
    COMPARE = "compare"
    POLICY = "policy"
    CLARIFY = "clarify"
    """A question back to the shopper: which product, what use or budget."""
    DECLINE = "decline"
    """Out of scope, said politely."""
    GREETING = "greeting"
    THANKS = "thanks"
    HUMAN = "human"
    NOTHING = "nothing"
    """Nothing found."""
    TOOLS = "tools"
    DETAILS = "details"
    """A question back for what a look-up needs (an order's number, the e-mail address or postcode it was placed
    with): the next message answers it."""
    LINK = "link"
    """A link or the chat's own flow for something the shopper does themselves (a password, a data request)."""
    REFUSED = "refused"
    """A message the guardrails refused, or an answer they replaced."""
    ANSWER = "answer"


@dataclass(frozen=True)
class Retrieved:
    """What retrieval found for a turn."""

    products: list[Hit] = field(default_factory=list)
    passages: list[Hit] = field(default_factory=list)
    filters: Filters = field(default_factory=Filters)
    relaxed: bool = False
    tools: list[ToolRow] = field(default_factory=list)
    """Rows the enabled tools returned for the turn."""
    query: str | None = None
    """The words the catalog was searched with, when not the message itself (a refined search)."""

    def sources(self) -> list[dict[str, Any]]:
        """Every retrieved source with its scores, for the audit log."""
        hits = [
            {"id": h.source_id, "score": h.score, "dense": h.dense, "lexical": h.lexical}
            for h in [*self.products, *self.passages]
        ]
        return hits + [{"id": row.source_id, "tool": row.tool, **row.call} for row in self.tools]

    def evidence(self, cited: set[str]) -> list[Any]:
        """The cited sources as the grounding check reads them: catalog rows, passages and tool rows."""
        items = [hit.item for hit in [*self.products, *self.passages] if hit.source_id in cited]
        return items + [row.evidence() for row in self.tools if row.source_id in cited]


@dataclass(frozen=True)
class PastTurn:
    """An earlier turn of the conversation, as stored (redacted)."""

    shopper_text: str
    answer_text: str | None
    intent: str | None
    lang: str
    products: tuple[str, ...] = ()
    """The ids of the products the answer showed, in order."""
    policies: tuple[str, ...] = ()
    """The source ids of the policy passages the answer cited."""
    act: str | None = None
    """What the answer did (an :class:`Act` value); ``None`` for turns stored before answers said so."""
    query: str | None = None
    """The words the answer searched the catalog with, when it showed search results."""
    tool_rows: tuple[dict[str, Any], ...] = ()
    """The tool rows the answer cited, as sent (``tool``, ``facts``, ``asks``)."""

    @classmethod
    def of(cls, turn: Turn) -> PastTurn:
        """A stored turn, read back."""
        return cls.read(turn.shopper_text, turn.intent, turn.lang, turn.frame())

    @classmethod
    def read(cls, shopper_text: str, intent: str | None, lang: str, frame: dict[str, Any] | None) -> PastTurn:
        """A turn from the shopper's (redacted) text and the answer frame sent for it (``None``: unanswered)."""
        frame = frame or {}
        return cls(
            shopper_text=shopper_text,
            answer_text=frame.get("text"),
            intent=intent,
            lang=lang,
            products=tuple(str(p["id"]) for p in frame.get("products", []) if "id" in p),
            policies=tuple(str(s["id"]) for s in frame.get("sources", []) if s.get("kind") == "policy"),
            act=frame.get("act"),
            query=(frame.get("search") or {}).get("query"),
            tool_rows=tuple(s for s in frame.get("sources", []) if s.get("kind") == "tool"),
        )


@dataclass(frozen=True)
class ConversationState:
    """What the conversation has established so far, derived from its stored turns (so it survives a restart
    and a resume): the products shown and in what order, the product in focus, the last product search, the last
    policy page cited, the language and what the last answer did."""

    products_shown: tuple[str, ...] = ()
    focus: str | None = None
    """The product the shopper is most likely talking about: the one the last product answer was about, or the
    first one it showed."""
    last_shown: tuple[str, ...] = ()
    """The products of the last answer that showed any, in order (what "the second one" counts in)."""
    last_search: str | None = None
    """The shopper's words of the last product search (with the refinements since), whose filters are in force."""
    last_policy: str | None = None
    lang: str | None = None
    last_act: str | None = None
    asked: bool = False
    """The last answer showed a few products for a broad request and asked what for and what budget: the next
    message answers that question."""
    discussed: tuple[str, ...] = ()
    """The products the answers were about, one per answer (its first product), oldest first, each once: what
    "compare the two" means when the last answer showed one."""
    last_text: str | None = None
    """The shopper's previous message (the question an answer asked back may have been about it)."""

    @classmethod
    def derive(cls, history: Sequence[PastTurn]) -> ConversationState:
        """The state after ``history`` (oldest first)."""
        shown: list[str] = []
        last_shown: tuple[str, ...] = ()
        focus = last_search = last_policy = lang = last_act = None
        discussed: list[str] = []
        for past in history:
            shown += [pid for pid in past.products if pid not in shown]
            if past.products:
                focus, last_shown = past.products[0], past.products
                discussed = [pid for pid in discussed if pid != focus] + [focus]
            if past.query:
                last_search = past.query
            elif past.intent == Intent.PRODUCT_SEARCH and past.act in (None, "products"):
                last_search = past.shopper_text
            if past.policies:
                last_policy = past.policies[0]
            lang, last_act = past.lang, past.act
        asked = bool(history) and history[-1].act == "clarify" and bool(history[-1].query)
        last_text = history[-1].shopper_text if history else None
        return cls(
            tuple(shown),
            focus,
            last_shown,
            last_search,
            last_policy,
            lang,
            last_act,
            asked,
            tuple(discussed),
            last_text,
        )


@dataclass(frozen=True)
class TurnContext:
    """Everything a responder or a tool may use to answer one shopper message."""

    text: str
    lang: str
    intent: IntentResult
    retrieved: Retrieved
    history: tuple[PastTurn, ...] = ()
    """The conversation's recent turns (redacted), oldest first."""
    state: ConversationState = field(default_factory=ConversationState)
    customer_id: str | None = None
    """The conversation's verified customer id (from the shop's signed token), if any."""
    conversation_id: str | None = None
    follow: str = "new"
    """How the message relates to the conversation (a ``Follow`` value): ``focus``, ``compare``, ``clarify``..."""
    client: str | None = None
    """The client's network address (look-ups that can be guessed at are limited per address)."""
    flags: tuple[str, ...] = ()
    """What the guardrails already flagged in the message (the learned injection judge): a responder that would
    send the text out of the process answers it without doing so."""

    def said(self) -> str:
        """What the shopper's side of the conversation stated for this turn, as the grounding check reads it: the
        message, the words a refined search repeats, and the price a "cheaper than" refers to."""
        said = f"{self.text} {self.retrieved.query}" if self.retrieved.query else self.text
        if self.retrieved.filters.cheaper_than is not None:
            said = f"{said} {self.retrieved.filters.cheaper_than}"
        return said


class Deltas(Protocol):
    """Where a streaming responder sends each part of its answer once it is checked."""

    def __call__(self, text: str, *, lang: str) -> None:
        """``text`` to append to what was sent, in the turn's language ``lang``."""
        ...


@dataclass(frozen=True)
class Answer:
    """The assistant's reply: text, product cards, cited sources, and a confidence in [0, 1]."""

    text: str
    confidence: float
    products: list[dict[str, Any]] = field(default_factory=list)
    sources: list[dict[str, Any]] = field(default_factory=list)
    act: str = Act.ANSWER
    """What kind of reply it is (:class:`Act`): products shown, a comparison, a clarifying question, a decline..."""
    search: dict[str, Any] | None = None
    """For search results: the words searched and the filters applied, so that a follow-up can refine them."""
    flags: tuple[str, ...] = ()
    """What the responder flags for the audit (``llm_fallback:<why>``: the model's answer was not used)."""
    prompt_ids: tuple[str, ...] = ()
    """The sources a language model was shown for this answer (its prompt's data block), for the explanation."""


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


def tool_source(row: ToolRow) -> dict[str, Any]:
    """A cited tool row."""
    source: dict[str, Any] = {
        "id": row.source_id,
        "kind": "tool",
        "tool": row.tool,
        "title": row.title,
        "url": row.url,
        "score": 1.0,
    }
    if row.facts:
        source["facts"] = row.facts
    if row.asks:
        source["asks"] = row.asks
    return source
