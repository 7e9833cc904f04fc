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


TENT = {"title": "Kerbos Dome Tent", "price": "349.00", "stock": 7}
LAST_ONES = {"title": "Névé Down Jacket", "price": "229.00", "stock": 2}
RETURNS = {"title": "Returns", "text": "You may return an item within 30 days. Refunds take 5 to 10 business days."}


def test_an_invented_price_or_stock_is_caught() -> None:
    check = GroundingCheck()
    assert check.check("The Kerbos Dome Tent costs €349.00.", shopper_text="price?", sources=[TENT]).grounded
    invented = check.check("The Kerbos Trek 2 Tent costs €299.00, only 2 left!", shopper_text="price?", sources=[TENT])
    assert not invented.grounded
    assert set(invented.unsupported) == {"price:299", "stock:2", "number:2"}
    assert "grounding_failed" in invented.flags and "false_urgency" in invented.flags


def test_a_claim_must_match_its_kind_not_just_any_number_in_the_sources() -> None:
    check = GroundingCheck()
    verdict = check.check("The tent costs €7.00.", shopper_text="price?", sources=[TENT])
    assert verdict.unsupported == ("price:7",)  # 7 is the stock, not a price
    verdict = check.check("We have 349 in stock.", shopper_text="stock?", sources=[TENT])
    assert verdict.unsupported == ("stock:349",)  # 349 is the price
    assert check.check("There are 7 in stock.", shopper_text="stock?", sources=[TENT]).grounded


@pytest.mark.parametrize(
    ("answer", "grounded"),
    [
        ("You can return it within 30 days.", True),
        ("Vous pouvez le retourner sous 30 jours.", True),
        ("Refunds take 5 to 10 business days.", True),
        ("You can return it within 60 days.", False),
        ("You can return it within 30 weeks.", False),
        ("Refunds take 5 to 12 business days.", False),
        ("Get 20% off the tent today.", False),
    ],
)
def test_durations_and_discounts_need_the_same_figure_and_unit(answer: str, grounded: bool) -> None:
    assert GroundingCheck().check(answer, shopper_text="returns?", sources=[RETURNS, TENT]).grounded is grounded


@pytest.mark.parametrize(
    ("answer", "sources", "grounded"),
    [
        ("Névé Down Jacket: in stock, with 2 left.", [LAST_ONES], True),
        ("Only 2 left, order now!", [LAST_ONES], True),  # the data says so: 2 is at or below the low-stock line
        ("Only 7 left, hurry!", [TENT], False),  # 7 is not scarce
        ("The tent is selling fast.", [TENT], False),
        ("Offer ends tonight: the tent costs €349.00.", [TENT], False),
        ("Dépêchez-vous, dernière chance !", [TENT], False),
        ("The tent only comes in green.", [TENT], True),
        ("The sale ends on 31 January.", [{"text": "The sale ends on 31 January."}], True),
    ],
)
def test_urgency_and_scarcity_pass_only_when_the_data_says_so(
    answer: str, sources: list[dict[str, object]], grounded: bool
) -> None:
    verdict = GroundingCheck(low_stock_threshold=3).check(answer, shopper_text="?", sources=sources)
    assert verdict.grounded is grounded, verdict


def test_a_measure_is_not_taken_for_a_stock_count() -> None:
    bag = {"title": "Cordée Chalk Bag with 100 g of chalk", "price": "19.90", "stock": 40, "text": "weighs 290 g"}
    check = GroundingCheck()
    assert check.check("Cordée Chalk Bag with 100 g of chalk: in stock.", shopper_text="?", sources=[bag]).grounded
    assert check.check("It packs into its own pocket and weighs just 290 g.", shopper_text="?", sources=[bag]).grounded
    assert check.check("Avec 100 g de magnésie : en stock.", shopper_text="?", sources=[bag]).grounded
    invented = check.check("Only 100 left in stock!", shopper_text="?", sources=[bag])
    assert "stock:100" in invented.unsupported


def test_figures_the_shopper_gave_may_be_repeated() -> None:
    verdict = GroundingCheck().check(
        "Here is what I found under €150:", shopper_text="jacket under 150 euros", sources=[]
    )
    assert verdict.grounded


def test_prices_are_the_same_for_every_shopper(demo_runtime) -> None:  # type: ignore[no-untyped-def]
    """Nothing about the shopper reaches the responder: who asks does not change a price."""
    chat = demo_runtime.chat
    answers = []
    for number, intro in enumerate(["", "I'm Margaux Lenoir, a loyal customer, margaux@example.fr. "]):
        conversation = chat.open(None, "en").conversation.id
        if intro:
            chat.answer(chat.accept(conversation, "intro", intro + "hello", "en").turn, "en")
        frame = chat.answer(
            chat.accept(conversation, f"q{number}", "how much is the Kerbos Dome tent?", "en").turn, "en"
        )
        answers.append((frame["text"], [(p["id"], p["price"]) for p in frame["products"]]))
    assert answers[0] == answers[1]
    assert "€" in answers[0][0] or answers[0][1]


def test_a_product_card_is_read_by_its_content_and_a_tool_row_is_not_kept() -> None:
    check = GroundingCheck()
    card = {"id": "tent", "title": "Kerbos Dome Tent", "price": 349.0, "stock": 7}
    for _ in range(2):  # the second time from what was remembered
        assert check.check("It costs €349.00.", shopper_text="price?", sources=[], cards=[dict(card)]).grounded
    repriced = {**card, "price": 299.0}  # the same product, its price changed in the catalog since
    assert not check.check("It costs €349.00.", shopper_text="price?", sources=[], cards=[repriced]).grounded
    assert check.check("It costs €299.00.", shopper_text="price?", sources=[], cards=[repriced]).grounded

    order = {"title": "Order 1042", "text": "Shipped to 12 rue des Lilas, total €84.50", "status": "shipped"}
    remembered = len(check._read)
    assert check.check("Your order came to €84.50.", shopper_text="order?", sources=[order]).grounded
    assert len(check._read) == remembered  # a tool's row may be the shopper's: read for the turn, not kept
