"""Grounded output: every figure in an answer must come from the sources retrieved for that turn."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

_NUMBER = re.compile(r"(?<![\w.])\d{1,3}(?:[ \u202f\u00a0]\d{3})+(?:[.,]\d+)?(?!\w)|(?<![\w.])\d+(?:[.,]\d+)*(?!\w)")

SAFE_ANSWER = {
    "en": "I can't confirm that from our catalog and policies. Please check the product page, or ask our "
    "customer service.",
    "fr": "Je ne peux pas le confirmer d'après notre catalogue et nos conditions. Consultez la fiche produit "
    "ou demandez à notre service client.",
}


@dataclass(frozen=True)
class GroundingVerdict:
    """Whether an answer's figures are all backed by its sources, and which are not."""

    grounded: bool
    unsupported: tuple[str, ...] = ()


def figures(text: str) -> set[Decimal]:
    """The numbers in a text, as values: ``1 299,00`` and ``1,299.00`` are both 1299."""
    out = set()
    for match in _NUMBER.finditer(text):
        value = _value(match.group())
        if value is not None:
            out.add(value)
    return out


def _value(token: str) -> Decimal | None:
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


def _flatten(value: Any) -> Iterable[str]:
    if isinstance(value, dict):
        for item in value.values():
            yield from _flatten(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _flatten(item)
    elif value is not None:
        yield str(value)


class GroundingCheck:
    """Compares the figures of an answer (prices, stock, durations, percentages) with its sources."""

    def check(self, answer_text: str, *, shopper_text: str, sources: Iterable[Any]) -> GroundingVerdict:
        """``sources`` are the products and passages (or their dicts) the answer was built from."""
        backed = figures(shopper_text)
        for source in sources:
            data = source.to_dict() if hasattr(source, "to_dict") else source
            for text in _flatten(data):
                backed |= figures(text)
        claimed = figures(answer_text)
        unsupported = sorted(f"{v:f}" for v in claimed - backed)
        return GroundingVerdict(grounded=not unsupported, unsupported=tuple(unsupported))
