"""Filters taken from the shopper's own words: price bounds, stock, category, brand, size, colour."""

from __future__ import annotations

import math
import re
from dataclasses import asdict, dataclass, field, replace
from decimal import Decimal
from typing import Any

from retrieval.catalog import Product
from retrieval.terms import age_named, gender_named
from retrieval.text import fold, tokens

COLOURS = {
    "black": "black", "noir": "black", "noire": "black", "noirs": "black", "noires": "black",
    "blue": "blue", "bleu": "blue", "bleue": "blue", "bleus": "blue", "bleues": "blue",
    "red": "red", "rouge": "red", "rouges": "red",
    "green": "green", "vert": "green", "verte": "green", "verts": "green", "vertes": "green",
    "grey": "grey", "gray": "grey", "gris": "grey", "grise": "grey", "grises": "grey",
    "orange": "orange", "oranges": "orange",
    "yellow": "yellow", "jaune": "yellow", "jaunes": "yellow",
    "white": "white", "blanc": "white", "blanche": "white", "blancs": "white", "blanches": "white",
    "navy": "navy", "marine": "navy",
    "purple": "purple", "violet": "purple", "violette": "purple", "violets": "purple",
    "khaki": "khaki", "kaki": "khaki",
    "pink": "pink", "rose": "pink", "roses": "pink",
    "brown": "brown", "marron": "brown", "marrons": "brown",
    "beige": "beige", "beiges": "beige",
}  # fmt: skip

_AMOUNT = r"(?P<{name}>\d{{1,6}}(?:[.,]\d{{1,2}})?)"
_CURRENCY = r"(?:€|eur\b|euros?\b|e\b)"
_UNIT_AFTER = re.compile(
    r"^\s*(?:kg|g|l|litres?|liters?|people|persons?|personnes?|places?|cm|mm|m|km|w|lm|lumens?|"
    r"mah|ah|°|degr|jours?|days?|ans?|years?|x|h|min)\b",
)
_MAX_WORDS = (
    r"under|below|less than|cheaper than|max(?:imum)?|up to|at most|no more than|not more than|<=?|"
    r"moins de|moins cher que|en dessous de|en-dessous de|au-dessous de|sous|jusqu'?\s?a|"
    r"pas plus de|inferieur a|budget(?: is| of| de| est(?: de)?)?|maxi"
)
_MIN_WORDS = r"over|above|more than|at least|min(?:imum)?|>=?|plus de|au moins|au-dessus de|a partir de|superieur a"
_BETWEEN = re.compile(
    rf"(?<![a-z0-9])(?:between|entre|from|de)\s+{_CURRENCY}?\s*{_AMOUNT.format(name='low')}\s*{_CURRENCY}?\s*"
    rf"(?:and|et|to|a|-)\s*{_CURRENCY}?\s*{_AMOUNT.format(name='high')}"
)
_RANGE = re.compile(rf"{_AMOUNT.format(name='low')}\s*{_CURRENCY}?\s*-\s*{_AMOUNT.format(name='high')}\s*{_CURRENCY}")
_MAX = re.compile(
    rf"(?<![a-z0-9])(?:{_MAX_WORDS})\s*(?P<cur>{_CURRENCY})?\s*{_AMOUNT.format(name='amount')}\s*(?P<cur2>{_CURRENCY})?"
)
_MIN = re.compile(
    rf"(?<![a-z0-9])(?<!pas )(?<!pas\xa0)(?:{_MIN_WORDS})\s*(?P<cur>{_CURRENCY})?\s*{_AMOUNT.format(name='amount')}\s*(?P<cur2>{_CURRENCY})?"
)
_AROUND = re.compile(
    rf"(?<![a-z0-9])(?:budget(?: is| of| de| est(?: de)?)?\s+)?(?:around|about|approximately|roughly|environ|autour de|"
    rf"dans les|aux alentours de|~)\s*(?P<cur>{_CURRENCY})?\s*{_AMOUNT.format(name='amount')}\s*(?P<cur2>{_CURRENCY})?"
)
AROUND = (Decimal("0.75"), Decimal("1.25"))
""""Around 200" reads as a range from 150 to 250."""
_MAX_AFTER = re.compile(
    rf"{_AMOUNT.format(name='amount')}\s*{_CURRENCY}\s*(?:max(?:imum)?|maxi|or less|ou moins|au plus)\b"
)
_IN_STOCK = re.compile(r"\b(?:in stock|available now|available|en stock|disponibles?|dispo|livrable)\b")
_SIZE = re.compile(r"\b(?:size|taille|pointure|eu)\s*:?\s*(?P<size>xxs|xs|s|m|l|xl|xxl|xxxl|\d{2}(?:[.,]5)?)\b")
_LETTER_SIZE = re.compile(r"\b(?:en|in)\s+(?P<size>xxs|xs|xl|xxl|xxxl|s|m|l)\b|\b(?P<bare>xxs|xs|xl|xxl|xxxl)\b")


@dataclass(frozen=True)
class Filters:
    """Constraints on the products a search may return; empty means none."""

    min_price: Decimal | None = None
    max_price: Decimal | None = None
    in_stock: bool = False
    categories: frozenset[str] = field(default_factory=frozenset)
    brands: frozenset[str] = field(default_factory=frozenset)
    size: str | None = None
    colour: str | None = None
    hinted_categories: frozenset[str] = field(default_factory=frozenset)
    """Categories the shopper's words name: ranked first, not required ("bike helmet" names Bikes)."""
    around: Decimal | None = None
    """The budget the shopper named with "around" (the price bounds hold the range read from it)."""
    gender: str | None = None
    """Who the shopper says the product is for (``men``, ``women``, ``kids``): ranks, never excludes."""
    age: int | None = None
    """The child's age the shopper gives: products whose description's age range holds it rank first."""
    cheaper_than: Decimal | None = None
    """The price a "cheaper" follow-up is cheaper than (the lowest shown): only products below it pass."""

    def __bool__(self) -> bool:
        return self.constrains()

    def constrains(self) -> bool:
        """Whether any hard constraint is set (hinted categories only reorder)."""
        return Filters(hinted_categories=self.hinted_categories, gender=self.gender, age=self.age) != replace(
            self, around=None
        )

    def accepts(self, product: Product) -> bool:
        """Whether ``product`` meets every constraint."""
        price = Decimal(product.price)
        if self.max_price is not None and price > self.max_price:
            return False
        if self.cheaper_than is not None and price >= self.cheaper_than:
            return False
        if self.min_price is not None and price < self.min_price:
            return False
        if self.in_stock and product.stock <= 0:
            return False
        if self.categories and not self.categories & set(product.category.values()):
            return False
        if self.brands and product.brand not in self.brands:
            return False
        return self._variant_ok(product)

    def _variant_ok(self, product: Product) -> bool:
        """Size and colour hold only where the catalog records them for this product: a product whose variants
        name no colour (the colour is in its title, or nowhere) passes a colour filter, and ranks by
        :meth:`evident` instead."""
        size = self.size if any(v.size for v in product.variants) else None
        colour = self.colour if any(v.colour for v in product.variants) else None
        if size is None and colour is None:
            return True
        for variant in product.variants:
            size_ok = size is None or (variant.size or "").casefold() == size.casefold()
            colour_ok = colour is None or (variant.colour or "") == colour
            stock_ok = not self.in_stock or variant.stock is None or variant.stock > 0
            if size_ok and colour_ok and stock_ok:
                return True
        return False

    def evident(self, product: Product) -> bool:
        """Whether the product shows the size and colour asked for, in its variants or in its title: such products
        rank before the ones that merely pass because the catalog does not record the attribute."""
        if self.size is None and self.colour is None:
            return False
        title = " ".join(product.title.values())
        colour_shown = (
            self.colour is None
            or any(v.colour == self.colour for v in product.variants)
            or self.colour in {COLOURS.get(w) for w in re.findall(r"[a-z]+", fold(title))}
        )
        size_shown = (
            self.size is None
            or any((v.size or "").casefold() == self.size.casefold() for v in product.variants)
            or self.size.casefold() in {w.casefold() for w in re.findall(r"[A-Za-z0-9.]+", title)}
        )
        return colour_shown and size_shown

    def without(self, names: tuple[str, ...]) -> Filters:
        """These filters less the named ones (names from :data:`RELAXABLE`)."""
        cleared: dict[str, Any] = {}
        for name in names:
            if name == "price":
                cleared.update(min_price=None, max_price=None, around=None, cheaper_than=None)
            elif name == "in_stock":
                cleared["in_stock"] = False
            elif name in ("categories", "brands"):
                cleared[name] = frozenset()
            else:
                cleared[name] = None
        return replace(self, **cleared)

    def named(self) -> tuple[str, ...]:
        """The hard constraints set, by their :data:`RELAXABLE` names."""
        held = {
            "colour": self.colour is not None,
            "size": self.size is not None,
            "in_stock": self.in_stock,
            "brands": bool(self.brands),
            "categories": bool(self.categories),
            "price": self.min_price is not None or self.max_price is not None or self.cheaper_than is not None,
        }
        return tuple(name for name in RELAXABLE if held[name])

    def to_json(self) -> dict[str, Any]:
        """The filters as plain JSON values (empty ones left out)."""
        out: dict[str, Any] = {}
        for key, value in asdict(self).items():
            if value in (None, False) or value == frozenset():
                continue
            out[key] = (
                float(value) if isinstance(value, Decimal) else sorted(value) if isinstance(value, frozenset) else value
            )
        return out

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Filters:
        """Filters given explicitly by an integration (``POST /api/search``); ``ValueError`` names the first filter
        that is unknown or of the wrong type (its value is never repeated)."""
        if not isinstance(data, dict):
            raise ValueError("filters must be a JSON object")
        unknown = sorted(key if _NAME.fullmatch(str(key)) else "(unreadable name)" for key in set(data) - _KNOWN)
        if unknown:
            raise ValueError(f"unknown filter(s): {', '.join(unknown)}")
        in_stock = data.get("in_stock", False)
        if not isinstance(in_stock, bool) and in_stock is not None:
            raise ValueError("in_stock must be true or false")
        size, colour = data.get("size"), _text("colour", data.get("colour"))
        if isinstance(size, int | float) and not isinstance(size, bool) and math.isfinite(size):
            size = str(size)
        return cls(
            min_price=_amount("min_price", data.get("min_price")),
            max_price=_amount("max_price", data.get("max_price")),
            in_stock=bool(in_stock),
            categories=_names(data, "categories", "category"),
            brands=_names(data, "brands", "brand"),
            size=_text("size", size),
            colour=COLOURS.get(fold(colour), colour) if colour else None,
        )


RELAXABLE = ("colour", "size", "in_stock", "brands", "categories", "price")
"""The filters a search gives up, in this order, when nothing passes them all: the finer wishes first, the budget
last."""

_KNOWN = {"min_price", "max_price", "in_stock", "categories", "brands", "size", "colour", "category", "brand"}
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,39}")
MAX_AMOUNT = Decimal(10) ** 9
"""The largest price bound an integration may give."""


def _amount(key: str, value: Any) -> Decimal | None:
    """A price bound: a finite number from 0 to :data:`MAX_AMOUNT` (a JSON number, or a string of digits)."""
    if value is None:
        return None
    wrong = ValueError(f"{key} must be a number from 0 to {MAX_AMOUNT}")
    if isinstance(value, bool) or not isinstance(value, int | float | str) or len(str(value)) > 40:
        raise wrong
    try:
        amount = Decimal(str(value).strip())
    except (ArithmeticError, ValueError):
        raise wrong from None
    if not amount.is_finite() or not 0 <= amount <= MAX_AMOUNT:
        raise wrong
    return amount


def _text(key: str, value: Any, limit: int = 200) -> str | None:
    """A short readable string, or ``None``; ``ValueError`` for another type, control characters or a lone
    surrogate."""
    if value is None:
        return None
    if not isinstance(value, str) or len(value) > limit:
        raise ValueError(f"{key} must be a string of at most {limit} characters")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError(f"{key} must be valid Unicode text") from None
    if any(ord(char) < 32 or 0x7F <= ord(char) < 0xA0 for char in value):
        raise ValueError(f"{key} must not contain control characters")
    return value


def _names(data: dict[str, Any], plural: str, single: str, most: int = 50) -> frozenset[str]:
    """Category or brand names, under ``plural`` or ``single``: one string or a list of strings."""
    key = plural if plural in data else single
    value = data.get(key)
    if value is None:
        return frozenset()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or len(value) > most or not all(isinstance(item, str) for item in value):
        raise ValueError(f"{key} must be a string or a list of at most {most} strings")
    return frozenset(name for name in (_text(key, item) for item in value) if name is not None)


class FilterVocabulary:
    """The catalog's brands and categories, so that a shopper's words can name them."""

    def __init__(self, products: list[Product]):
        self._brands: dict[tuple[str, ...], str] = {}
        self._categories: list[tuple[tuple[str, ...], str]] = []
        for product in products:
            if product.brand:
                self._brands[tuple(tokens(product.brand, keep_stopwords=True))] = product.brand
            for name in product.category.values():
                for part in re.split(r"\s*(?:&|/|,|\band\b|\bet\b)\s*", name):
                    words = tuple(tokens(part))
                    if words and (words, name) not in self._categories:
                        self._categories.append((words, name))

    def parse(self, text: str) -> Filters:
        """Filters named in ``text``; words that name nothing are left to the search itself."""
        folded = fold(text)
        words = tokens(text, keep_stopwords=True)
        low, high = _price_bounds(folded)
        around = _bound(_AROUND, folded)
        return Filters(
            min_price=low,
            max_price=high,
            around=around,
            in_stock=bool(_IN_STOCK.search(folded)),
            hinted_categories=frozenset(name for key, name in self._categories if _contains(words, key)),
            brands=frozenset(name for key, name in self._brands.items() if _contains(words, key)),
            size=size_named(folded),
            colour=next((COLOURS[w] for w in re.findall(r"[a-z]+", folded) if w in COLOURS), None),
            gender=gender_named(text),
            age=age_named(text),
        )


def without_amounts(text: str) -> str:
    """The shopper's words less the price bounds, which the filters hold ("Polar 200" is not "under 200 €")."""
    folded = fold(text)
    source = text if len(folded) == len(text) else folded
    for pattern in (_BETWEEN, _RANGE, _AROUND, _MAX, _MIN, _MAX_AFTER):
        for match in reversed(list(pattern.finditer(folded))):
            source = source[: match.start()] + " " * (match.end() - match.start()) + source[match.end() :]
            folded = folded[: match.start()] + " " * (match.end() - match.start()) + folded[match.end() :]
    return " ".join(source.split()) or text


def _contains(words: list[str], key: tuple[str, ...]) -> bool:
    if len(key) == 1:
        return key[0] in words
    return all(k in words for k in key)


def _price_bounds(folded: str) -> tuple[Decimal | None, Decimal | None]:
    for pattern in (_BETWEEN, _RANGE):
        match = pattern.search(folded)
        if match and not _UNIT_AFTER.match(folded[match.end() :]):
            first, second = _decimal(match["low"]), _decimal(match["high"])
            return (min(first, second), max(first, second))
    around = _bound(_AROUND, folded)
    if around is not None:
        return around * AROUND[0], around * AROUND[1]
    high = _bound(_MAX, folded) or _bound(_MAX_AFTER, folded, need_currency=False)
    low = _bound(_MIN, folded)
    return low, high


def _bound(pattern: re.Pattern[str], folded: str, *, need_currency: bool = False) -> Decimal | None:
    for match in pattern.finditer(folded):
        if _UNIT_AFTER.match(folded[match.end() :]) and not match.groupdict().get("cur2"):
            continue
        if need_currency and not (match.groupdict().get("cur") or match.groupdict().get("cur2")):
            continue
        return _decimal(match["amount"])
    return None


def _decimal(text: str) -> Decimal:
    return Decimal(text.replace(",", "."))


def size_named(folded: str) -> str | None:
    """The size a folded text asks for ("size M", "taille 42", "in XL"), upper-cased; ``None`` when none."""
    match = _SIZE.search(folded)
    if match:
        return match["size"].upper().replace(",", ".")
    match = _LETTER_SIZE.search(folded)
    if match:
        return (match["size"] or match["bare"]).upper()
    return None
