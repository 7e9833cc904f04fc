"""Postcodes. Alone a postcode is no address, but a shopper proving that an order is theirs types one, and then it
is personal data like the e-mail address next to it. A postcode is found after a word that names it ("code postal
75011", "postcode: NW1 6XE") in any message, and wherever one stands in the answer to a question that asked for it.

A number written as an order number ("#10001", "order 10001", "CMD-2026-10001") is never a postcode.
"""

from __future__ import annotations

import re
from enum import StrEnum

POSTCODE = "POSTCODE"


class Expect(StrEnum):
    """What the assistant's last answer asked the shopper for."""

    NOTHING = "nothing"
    PROOF = "proof"
    """The e-mail address or postcode an order was placed with: any postcode-shaped number is a postcode."""
    NUMBER_AND_PROOF = "number_and_proof"
    """An order number, then the e-mail address or postcode: a lone number is the order number."""


_SHAPES = (
    r"(?i:[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2})",  # United Kingdom
    r"(?i:[A-Z]\d[A-Z]\s?\d[A-Z]\d)",  # Canada
    r"\d{4}\s?[A-Z]{2}|\d{4}[a-z]{2}",  # Netherlands
    r"\d{4}-\d{3}",  # Portugal
    r"\d{2}-\d{3}",  # Poland
    r"\d{3}\s\d{2}",  # Sweden, Czechia, Slovakia, Greece
    r"(?:[A-Z]{1,2}-)?\d{4,5}",  # most of Europe and the US, with a country's letters or without (B-1000, F-75011)
)
_POSTCODE = re.compile(rf"(?<![\w#/.,-])(?:{'|'.join(_SHAPES)})(?![\w-]|[.,]\d)")
_NAMED = re.compile(
    r"(?i:\b(?:post\s?code|postal\s+code|zip(?:\s*code)?|code\s+postal|cp|npa|plz|postleitzahl|c\.p\.)"
    r"(?:\s+(?:is|est|:))?\s*[:=]?\s*)$"
)
"""Words naming the postcode right before it."""
ORDER_CUE = re.compile(
    r"(?i:\b(?:order|commande|cmd|n°|no\.?|nr\.?|number|num[eé]ro|num|bestellung|pedido|ordine)"
    r"(?:\s+(?:number|no\.?|n°|num[eé]ro|is|est))?\s*[:#]?\s*)$"
)
"""Words naming an order number right before it."""
_ORDER_NUMBER = re.compile(r"#\s?\d{3,}|\b[A-Za-z]{2,5}[-\s]?\d{2,}(?:[-\s]\d{2,})+\b|\b[A-Za-z]{2,5}-\d{4,}\b")
"""A number written as an order number: after "#", or with a few letters before its digits ("CMD-2026-10001")."""


def postcode_spans(text: str, expect: Expect = Expect.NOTHING) -> list[tuple[int, int]]:
    """Where postcodes stand in ``text``: after a word naming one always, anywhere when the message answers a question
    that asked for one (``expect``), never where an order number stands."""
    named: list[tuple[int, int]] = []
    bare: list[tuple[int, int]] = []
    for match in _POSTCODE.finditer(text):
        before = text[max(0, match.start() - 30) : match.start()]
        if ORDER_CUE.search(before):
            continue
        if _NAMED.search(before):
            named.append(match.span())
        elif expect is not Expect.NOTHING:
            bare.append(match.span())
    if expect is Expect.NUMBER_AND_PROOF and bare and not _ORDER_NUMBER.search(text):
        bare = bare[1:]  # the question asked for the order number first
    return sorted(named + bare)
