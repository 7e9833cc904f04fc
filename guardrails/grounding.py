"""Grounded output: every price, stock level, discount and duration in an answer comes from its sources.

Claims are read by kind: a price must be one of the cited products' prices (or an amount the cited
passages or the shopper wrote), a stock level one of their stock counts, a discount a percentage the
sources give, a duration the same number of the same unit in a source. Any other number must appear
somewhere in the sources. Urgency and scarcity ("only 2 left!", "offer ends tonight") pass only when the
data says so: a stock count that is low, a deadline a source states.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from guardrails.flags import GuardrailFlag

_NUM = r"\d{1,3}(?:[ \u202f\u00a0]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)*"
_NUMBER = re.compile(rf"(?<![\w.]){_NUM}(?!\w)")
_PRICE = re.compile(rf"(?:[€$£]\s?(?P<a>{_NUM})|(?<![\w.])(?P<b>{_NUM})\s?(?:€|eur\b|euros?\b|\$|£))", re.IGNORECASE)
_PERCENT = re.compile(rf"(?<![\w.])(?P<n>{_NUM})\s?(?:%|pour ?cent\b|percent\b|per cent\b)", re.IGNORECASE)
_UNITS = {
    "hour": r"hours?|heures?|h",
    "day": r"(?:business |working |calendar )?days?|jours?(?: ouvrés| ouvrables| calendaires)?",
    "week": r"weeks?|semaines?",
    "month": r"months?|mois",
    "year": r"years?|ans|an|années?",
}
_DURATION = re.compile(
    rf"(?<![\w.])(?P<n>{_NUM})(?:\s?(?:-|–|to|à|a|ou|or)\s?(?P<m>{_NUM}))?\s+(?P<unit>"
    + "|".join(f"(?P<{kind}>{pattern})" for kind, pattern in _UNITS.items())
    + r")\b",
    re.IGNORECASE,
)
_MEASURE = r"(?!\s?(?:[mck]?g|[mck]?m|[mcd]?l|w|wh|mah|lm|lumens?|°|%|x)(?![^\W\d_]))"
"""A number with a unit of measure after it ("with 100 g", "just 290 g") is never a stock count."""
_STOCK = re.compile(
    rf"(?:\b(?:only|just|plus que|seulement|encore|il en reste|il reste|with|avec)\s+(?P<a>{_NUM})\b{_MEASURE}"
    rf"(?=[^.!?\n]{{0,30}}(?:left|in stock|remaining|available|restants?|en stock|disponibles?|pièces?|\W*$|!))"
    rf"|(?<![\w.])(?P<b>{_NUM})\s+(?:left|in stock|remaining|still available|restants?|en stock|disponibles?)\b)",
    re.IGNORECASE,
)
_SCARCITY = re.compile(
    r"\b(?:only|just|plus que|seulement|hurry|vite|dépêchez|depechez|last (?:few|ones|pieces|chance|units?)|"
    r"almost gone|selling fast|going fast|se vend vite|presque épuisé|bientôt épuisé|derniers? (?:articles|pièces|exemplaires)|"
    r"stock limité|limited stock|while stocks last|dans la limite des stocks)\b",
    re.IGNORECASE,
)
_DEADLINE = re.compile(
    r"\b(?:offer ends?|sale ends?|ends (?:tonight|today|soon|at midnight)|expires? (?:tonight|today|soon)|"
    r"last chance|limited time|today only|tonight only|don't miss|ne (?:ratez|manquez) pas|dernière chance|"
    r"offre (?:se termine|expire|valable jusqu'à ce soir)|se termine (?:ce soir|aujourd'hui|bientôt)|"
    r"aujourd'hui seulement|ce soir seulement|durée limitée|temps limité|before it's too late|avant qu'il ne soit trop tard)",
    re.IGNORECASE,
)

SAFE_ANSWER = {
    "en": "I can't confirm that from our catalog and policies. Please check the product page, or ask our "
    "customer service.",
    "fr": "Je ne peux pas le confirmer d'après notre catalogue et nos conditions. Consultez la fiche produit "
    "ou demandez à notre service client.",
}


@dataclass(frozen=True)
class GroundingVerdict:
    """Whether an answer's claims are all backed by its sources, which are not, and any invented urgency."""

    grounded: bool
    unsupported: tuple[str, ...] = ()
    false_urgency: tuple[str, ...] = ()

    @property
    def flags(self) -> tuple[str, ...]:
        """The audit flags of a failed check."""
        if self.grounded:
            return ()
        return (GuardrailFlag.GROUNDING_FAILED, *((GuardrailFlag.FALSE_URGENCY,) if self.false_urgency else ()))


def figures(text: str) -> set[Decimal]:
    """The numbers in a text, as values: ``1 299,00`` and ``1,299.00`` are both 1299."""
    return {value for match in _NUMBER.finditer(text) if (value := _value(match.group())) is not None}


def _value(token: str | None) -> Decimal | None:
    if token is None:
        return None
    token = re.sub(r"[ \u202f\u00a0]", "", token)
    if "," in token and "." in token:
        token = (
            token.replace(",", "") if token.rfind(".") > token.rfind(",") else token.replace(".", "").replace(",", ".")
        )
    elif "," in token:
        head, _, tail = token.rpartition(",")
        thousands = len(tail) == 3 and head.isdigit() and len(head) <= 3
        token = f"{head}{tail}" if thousands else f"{head.replace(',', '')}.{tail}"
    try:
        return Decimal(token).normalize()
    except InvalidOperation:
        return None


@dataclass
class _Evidence:
    """What the sources of a turn establish."""

    prices: set[Decimal] = field(default_factory=set)
    stocks: set[Decimal] = field(default_factory=set)
    percents: set[Decimal] = field(default_factory=set)
    durations: set[tuple[Decimal, str]] = field(default_factory=set)
    numbers: set[Decimal] = field(default_factory=set)
    texts: list[str] = field(default_factory=list)

    def read(self, value: Any, key: str = "") -> None:
        if isinstance(value, dict):
            for name, item in value.items():
                self.read(item, str(name))
        elif isinstance(value, (list, tuple)):
            for item in value:
                self.read(item, key)
        elif value is not None and not isinstance(value, bool):
            text = str(value)
            number = _value(text) if re.fullmatch(r"[\d.,]+", text) else None
            if key == "price" and number is not None:
                self.prices.add(number)
            elif key == "stock" and number is not None:
                self.stocks.add(number)
            self.text(text)

    def add(self, other: _Evidence) -> None:
        """What ``other`` establishes, added to this."""
        self.prices |= other.prices
        self.stocks |= other.stocks
        self.percents |= other.percents
        self.durations |= other.durations
        self.numbers |= other.numbers
        self.texts += other.texts

    def text(self, text: str) -> None:
        self.texts.append(text.casefold())
        self.numbers |= figures(text)
        self.prices |= {v for m in _PRICE.finditer(text) if (v := _value(m["a"] or m["b"])) is not None}
        self.percents |= {v for m in _PERCENT.finditer(text) if (v := _value(m["n"])) is not None}
        for m in _DURATION.finditer(text):
            unit = next(kind for kind in _UNITS if m[kind])
            self.durations |= {(v, unit) for v in (_value(m["n"]), _value(m["m"])) if v is not None}


class GroundingCheck:
    """Reads the claims of an answer by kind and looks for each in the turn's sources."""

    def __init__(self, *, low_stock_threshold: int = 3, remembered: int = 4096):
        self.low_stock_threshold = low_stock_threshold
        self._remembered = remembered
        self._read: OrderedDict[int | str, tuple[Any, _Evidence]] = OrderedDict()
        """What each source establishes, read once: an object of the index by its identity (the object kept with it
        so that its identity is not reused), a product card by its content."""
        self._lock = threading.Lock()

    def check(
        self, answer_text: str, *, shopper_text: str, sources: Iterable[Any], cards: Iterable[dict[str, Any]] = ()
    ) -> GroundingVerdict:
        """``sources`` are the products and passages (or their dicts) the answer was built from; ``cards``, dicts
        made of catalog values only (the product cards shown): the same ones come back turn after turn, so what
        each establishes is remembered by its content (a tool's row, which may be the shopper's, is not)."""
        evidence = _Evidence()
        for source in sources:
            evidence.add(self._evidence(source))
        for card in cards:
            evidence.add(self._card(card))
        said = figures(shopper_text)
        unsupported: list[str] = []
        claimed: set[tuple[int, int]] = set()

        def claim(kind: str, match: re.Match[str], value: Decimal | None, backed: bool) -> None:
            claimed.add(match.span())
            if value is not None and not backed:
                unsupported.append(f"{kind}:{value:f}")

        for m in _PRICE.finditer(answer_text):
            v = _value(m["a"] or m["b"])
            claim("price", m, v, v in evidence.prices or v in said)
        for m in _PERCENT.finditer(answer_text):
            v = _value(m["n"])
            claim("discount", m, v, v in evidence.percents)
        for m in _DURATION.finditer(answer_text):
            unit = next(kind for kind in _UNITS if m[kind])
            for v in (_value(m["n"]), _value(m["m"])):
                claim("duration", m, v, (v, unit) in evidence.durations or v in said)
        low_stock = {s for s in evidence.stocks if s <= self.low_stock_threshold}
        for m in _STOCK.finditer(answer_text):
            v = _value(m["a"] or m["b"])
            claim("stock", m, v, v in evidence.stocks)
        for m in _NUMBER.finditer(answer_text):
            if any(a <= m.start() < b for a, b in claimed):
                continue
            v = _value(m.group())
            if v is not None and v not in evidence.numbers and v not in said:
                unsupported.append(f"number:{v:f}")
        urgency = self._urgency(answer_text, evidence, low_stock)
        problems = tuple(dict.fromkeys(unsupported))
        return GroundingVerdict(not problems and not urgency, problems, urgency)

    def _evidence(self, source: Any) -> _Evidence:
        if not hasattr(source, "to_dict"):  # a dict made for this turn (a tool's result)
            fresh = _Evidence()
            fresh.read(source)
            return fresh
        return self._remember(id(source), source, source.to_dict)

    def _card(self, card: dict[str, Any]) -> _Evidence:
        return self._remember(repr(card), None, lambda: card)  # the repr of plain values: same repr, same values

    def _remember(self, key: int | str, source: Any, values: Callable[[], Any]) -> _Evidence:
        """What ``values()`` establishes, read once per ``key``; ``source`` is kept with it when the key is an
        object's identity, so that the identity is not reused."""
        with self._lock:
            known = self._read.get(key)
            if known is not None and known[0] is source:
                self._read.move_to_end(key)
                return known[1]
        read = _Evidence()
        read.read(values())
        with self._lock:
            self._read[key] = (source, read)
            while len(self._read) > self._remembered:
                self._read.popitem(last=False)
        return read

    def _urgency(self, answer_text: str, evidence: _Evidence, low_stock: set[Decimal]) -> tuple[str, ...]:
        """Pressure the data does not justify: a deadline no source states, scarcity without a low stock."""
        invented = []
        sources = " ".join(evidence.texts)
        for m in _DEADLINE.finditer(answer_text):
            if m.group().casefold() not in sources:
                invented.append(m.group())
        for m in _SCARCITY.finditer(answer_text):
            window = answer_text[m.start() : m.end() + 40]
            count = _STOCK.search(window)
            stated = _value(count["a"] or count["b"]) if count else None
            if stated is not None and stated in low_stock:
                continue
            if m.group().casefold() in {"only", "just", "seulement"} and count is None:
                continue  # "only" as in "only in blue": no pressure
            if m.group().casefold() not in sources:
                invented.append(m.group())
        return tuple(invented)
