"""Grounded output: figures in an answer must come from its sources."""

from __future__ import annotations

from decimal import Decimal

import pytest

from guardrails import GroundingCheck, figures


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("€1,299.00", {"1299"}),
        ("1\u202f299,00\u00a0€", {"1299"}),
        ("129,90 €", {"129.9"}),
        ("30 days, 2 ans", {"30", "2"}),
        ("12.5% off", {"12.5"}),
        ("no figure here", set()),
    ],
)
def test_figures_read_french_and_english_formats(text: str, values: set[str]) -> None:
    assert figures(text) == {Decimal(v) for v in values}


def test_an_invented_price_or_stock_is_caught() -> None:
    source = {"title": "Kerbos Dome Tent", "price": "349.00", "stock": 7}
    check = GroundingCheck()
    assert check.check("The Kerbos Dome Tent costs €349.00.", shopper_text="price?", sources=[source]).grounded
    invented = check.check(
        "The Kerbos Trek 2 Tent costs €299.00, only 2 left!", shopper_text="price?", sources=[source]
    )
    assert not invented.grounded and set(invented.unsupported) == {"299", "2"}


def test_figures_the_shopper_gave_may_be_repeated() -> None:
    verdict = GroundingCheck().check(
        "Here is what I found under €150:", shopper_text="jacket under 150 euros", sources=[]
    )
    assert verdict.grounded
