"""Filters read from shopper wording in English and French."""

from __future__ import annotations

from decimal import Decimal

import pytest

from retrieval import Filters, FilterVocabulary, Product, Variant


def product(**fields: object) -> Product:
    base: dict[str, object] = {
        "id": "P1", "sku": "P1", "title": {"en": "Trail shoe"}, "description": {},
        "category": {"en": "Trail running shoes", "fr": "Chaussures de trail"}, "brand": "Alpina",
        "price": "89.00", "currency": "EUR", "stock": 4, "url": "", "image_url": "",
        "variants": (Variant("P1-42-B", size="42", colour="black", stock=0), Variant("P1-43-B", size="43", colour="black", stock=4)),
    }  # fmt: skip
    base.update(fields)
    return Product(**base)  # type: ignore[arg-type]


VOCABULARY = FilterVocabulary([product(), product(id="P2", brand="Névé", category={"en": "Kayak & paddle"})])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("waterproof jacket under 150 euros", {"max_price": 150.0}),
        ("une veste à moins de 50 €", {"max_price": 50.0}),
        ("between 50 and 100€", {"min_price": 50.0, "max_price": 100.0}),
        ("entre 20 et 40 euros", {"min_price": 20.0, "max_price": 40.0}),
        ("tent for 4 people under 300", {"max_price": 300.0}),
        ("headlamp 300 lumens", {}),
        ("sac de 30 L à moins de 80 euros", {"max_price": 80.0}),
        ("100€ max", {"max_price": 100.0}),
        ("il fait du vélo, pas plus de 80 €", {"max_price": 80.0}),
        ("plus de 80 €", {"min_price": 80.0}),
        ("over €500", {"min_price": 500.0}),
        (
            "trail running shoes size 43 in stock",
            {"in_stock": True, "hinted_categories": ["Trail running shoes"], "size": "43"},
        ),
        (
            "chaussures de trail noires pointure 42",
            {"hinted_categories": ["Chaussures de trail"], "size": "42", "colour": "black"},
        ),
        ("something from neve for kayaking", {"brands": ["Névé"]}),
        ("paddle", {"hinted_categories": ["Kayak & paddle"]}),
        ("veste disponible en XL", {"in_stock": True, "size": "XL"}),
    ],
)
def test_filters_from_words(text: str, expected: dict[str, object]) -> None:
    assert VOCABULARY.parse(text).to_json() == expected


def test_size_and_stock_apply_to_the_same_variant() -> None:
    shoe = product()
    assert Filters(size="43", in_stock=True).accepts(shoe)
    assert not Filters(size="42", in_stock=True).accepts(shoe)
    assert Filters(size="42").accepts(shoe)
    assert not Filters(max_price=Decimal("50")).accepts(shoe)
    assert not Filters(colour="red").accepts(shoe)


def test_explicit_filters_are_validated() -> None:
    assert Filters.from_json({"max_price": 50, "brand": "Alpina", "colour": "noir"}) == Filters(
        max_price=Decimal("50"), brands=frozenset({"Alpina"}), colour="black"
    )
    with pytest.raises(ValueError, match="unknown filter"):
        Filters.from_json({"cheapest": True})
    with pytest.raises(ValueError, match="max_price must be a number"):
        Filters.from_json({"max_price": [1]})


def test_a_budget_around_an_amount_is_a_range_and_a_model_number_is_no_price() -> None:
    from decimal import Decimal

    from retrieval.filters import FilterVocabulary

    vocabulary = FilterVocabulary([])
    for text in ("warm ski jacket, budget around 200", "une veste, budget environ 200 euros", "about €200"):
        filters = vocabulary.parse(text)
        assert (filters.min_price, filters.max_price, filters.around) == (Decimal(150), Decimal(250), Decimal(200))
    assert vocabulary.parse("my budget is 200 though").max_price == Decimal(200)
    polar = vocabulary.parse("polar 200 fleece for women")
    assert (polar.min_price, polar.max_price, polar.around) == (None, None, None)


def test_a_childs_age_is_read_and_a_warranty_is_not_an_age() -> None:
    from retrieval.terms import age_named

    assert age_named("je cherche un vtt pour mon fils de 10ans") == 10
    assert age_named("for my 8-year-old") == 8
    assert age_named("my son is 7, which one?") == 7
    assert age_named("la garantie est de 2 ans ?") is None
    assert age_named("a tent for 2") is None
