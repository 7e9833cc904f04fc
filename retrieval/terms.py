"""What the catalog's own words say about a shopper's words: which name a kind of product, which name a model or
a product line, which only describe, and which belong to the shop's policies rather than to its products.

Learned from the index at load time (titles, categories, policy passages), so it holds for any shop's catalog
without a word list per shop.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable

from retrieval.catalog import Product
from retrieval.policies import PolicyPassage
from retrieval.text import fold, tokens

GENDERS = {
    "men": "men", "man": "men", "mens": "men", "male": "men", "homme": "men", "hommes": "men", "him": "men",
    "lui": "men", "masculin": "men",
    "women": "women", "woman": "women", "womens": "women", "female": "women", "femme": "women",
    "femmes": "women", "her": "women", "feminin": "women", "lady": "women", "ladies": "women",
    "kid": "kids", "kids": "kids", "child": "kids", "children": "kids", "enfant": "kids", "enfants": "kids",
    "junior": "kids", "boy": "kids", "girl": "kids", "garcon": "kids", "fille": "kids", "fils": "kids",
    "daughter": "kids", "son": "kids",
}  # fmt: skip
"""Who a product is for, as shoppers and titles say it (a closed class of words, like colours)."""


def _joined(titles: Iterable[str]) -> set[str]:
    joined: set[str] = set()
    for title in titles:
        found = tokens(title, keep_stopwords=True)
        joined.update(a + b for a, b in zip(found, found[1:], strict=False))
    return joined


def gender_named(text: str) -> str | None:
    """Who ``text`` says a product is for: ``men``, ``women``, ``kids`` or ``None`` (the last named wins)."""
    found = [GENDERS[w] for w in tokens(text, keep_stopwords=True) if w in GENDERS]
    return found[-1] if found else None


_AGE_ASKED = re.compile(
    r"\b(?P<a>\d{1,2})\s?(?:-\s?)?(?:ans|years?|yrs?|yo)\b"
    r"|\b(?:aged?|age de|âgée? de|agee? de)\s+(?P<b>\d{1,2})\b"
    r"|\b(?:son|daughter|kid|child|boy|girl|nephew|niece|grandson|granddaughter)\s+(?:is|who is|of)\s+(?P<c>\d{1,2})\b"
)
_AGE_RANGE = re.compile(
    r"\b(?:aged|ages|age|de|from|les|for)\s+(?P<lo>\d{1,2})\s?(?:to|à|a|-|–)\s?(?P<hi>\d{1,2})\b"
    r"(?=\s*(?:ans|years?|yrs?|\(|,|\.|;|$))"
)
"""An age range as product descriptions give it ("for children aged 6 to 9", "pour les 9 à 12 ans")."""


def age_named(text: str) -> int | None:
    """The age a shopper gives ("for my 8-year-old", "mon fils de 10 ans", "my son is 7"); ``None`` when none."""
    folded = fold(text)
    match = _AGE_ASKED.search(folded)
    if match is None or re.search(r"garanti|warrant|guarant|retour|return", folded):  # "garantie 2 ans"
        return None
    age = int(match["a"] or match["b"] or match["c"])
    return age if 1 <= age <= 17 else None


def age_range(product: Product) -> tuple[int, int] | None:
    """The ages a product is made for, when its description says ("aged 6 to 9"); ``None`` when it does not."""
    for text in product.description.values():
        match = _AGE_RANGE.search(fold(text))
        if match:
            low, high = int(match["lo"]), int(match["hi"])
            if 0 < low < high <= 18:
                return low, high
    return None


TYPE_SHARE = 0.75
"""A title word names a kind of product when at least this share of the products carrying it are in one
category."""


class CatalogTerms:
    """Word classes read from the catalog and the policies."""

    def __init__(self, products: Iterable[Product], passages: Iterable[PolicyPassage] = ()):
        products = list(products)
        self.titles: dict[str, set[str]] = {}
        self.title_words: dict[str, frozenset[str]] = {}
        """The words of each product's titles only, each pair of neighbours also written as one ("tshirt")."""
        self.categories: dict[str, str] = {}
        categories_of: dict[str, Counter[str]] = defaultdict(Counter)
        lines: dict[frozenset[str], list[str]] = defaultdict(list)
        described: set[str] = set()
        for product in products:
            described |= {w for text in product.description.values() for w in tokens(text)}
            words = {w for text in product.title.values() for w in tokens(text)}
            lines[frozenset(words - GENDERS.keys())].append(product.id)
            self.title_words[product.id] = frozenset(words | _joined(product.title.values()))
            category = next(iter(product.category.values()), "")
            words |= {w for text in product.category.values() for w in tokens(text)}
            self.titles[product.id] = words
            self.categories[product.id] = category
            for word in words:
                categories_of[word][category] += 1
        self.product_words = frozenset(categories_of)
        self.versions = {pid: tuple(p for p in same if p != pid) for same in lines.values() for pid in same}
        """The products titled as each one is but for whom they are made (the men's and women's Trek 500 trousers)."""
        self.genders = {p.id: product_gender(p) for p in products}
        """Who each product is made for, from its title (``None``: anyone)."""
        self.ages = {p.id: found for p in products if (found := age_range(p)) is not None}
        """The ages each product is made for, where its description says."""
        self.described_words = frozenset(described)
        """Words of the product descriptions (warm, waterproof, skiing...): a shopper using one says more than a
        kind of product."""
        self.category_words = frozenset(w for product in self.categories.values() for w in tokens(product))
        """Words of the category names ("bike" of Bikes)."""
        self.type_words = frozenset(
            word
            for word, counts in categories_of.items()
            if word not in GENDERS and counts.most_common(1)[0][1] >= TYPE_SHARE * sum(counts.values())
            and (sum(counts.values()) >= 2 or len(word) >= 3 and not word.isdigit())
        )  # fmt: skip
        self.spread_words = frozenset(w for w, counts in categories_of.items() if len(counts) >= 3)
        """Words found in the titles of three categories or more: they describe (waterproof, light) more than they
        name."""
        policy_counts: Counter[str] = Counter()
        for passage in passages:
            policy_counts.update(set(tokens(f"{passage.title} {passage.heading} {passage.text}")))
        self.policy_words = frozenset(
            w for w, n in policy_counts.items() if n >= 2 and w not in categories_of and w not in described
        )
        """Words of the policy pages that no product title, category or description uses (delivery, refund...)."""

    def naming(self, text: str) -> list[str]:
        """The words of ``text`` that a product title or category uses, less who it is for."""
        return [w for w in tokens(text) if w in self.product_words and w not in GENDERS]

    @staticmethod
    def gender(text: str) -> str | None:
        """Who the shopper says the product is for: ``men``, ``women``, ``kids`` or ``None``."""
        return gender_named(text)

    def product_gender(self, product: Product) -> str | None:
        """Who a product is for, from its title (read once per product of the catalog)."""
        if product.id in self.genders:
            return self.genders[product.id]
        return product_gender(product)


def product_gender(product: Product) -> str | None:
    """Who a product is for, from its title (``None``: anyone)."""
    found = [GENDERS[w] for text in product.title.values() for w in tokens(text) if w in GENDERS]
    return found[0] if found else None
