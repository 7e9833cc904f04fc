"""The demo shop's pictures in a real headless Chromium: product cards and the shop page show pictures, not alt
text, served by Comptoir itself."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.widget.browser import ask, open_chat

pytestmark = pytest.mark.browser

PICTURE = re.compile(r"/demo/pictures/SS-\d{4}\.svg")


def wait_loaded(page: Any, image: Any) -> None:
    """Waits until ``image`` (a locator of one ``<img>``) has loaded a picture with a size."""
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=image.element_handle(), timeout=10000)


def test_the_widget_product_cards_show_their_pictures(page: Any, live_server: str) -> None:
    open_chat(page, live_server + "/")
    answer = ask(page, "a waterproof jacket")
    cards = answer.locator(".cpt-product-card")
    assert cards.count() >= 1
    for index in range(cards.count()):
        image = cards.nth(index).locator("img.cpt-product-image")
        assert image.count() == 1, "a product card without its picture"
        src = image.get_attribute("src") or ""
        assert src.startswith(live_server + "/") and PICTURE.fullmatch(src.removeprefix(live_server))
        wait_loaded(page, image)
        assert image.evaluate("img => img.naturalWidth") > 0


def test_the_shop_page_shows_the_products_pictures(page: Any, live_server: str) -> None:
    page.goto(live_server + "/")
    pictures = page.locator("main .card img")
    assert pictures.count() == 12
    for index in range(pictures.count()):
        wait_loaded(page, pictures.nth(index))
        assert PICTURE.fullmatch(pictures.nth(index).get_attribute("src") or "")


def test_a_merchant_page_gets_the_pictures_from_the_comptoir_server(page: Any, live_server: str) -> None:
    """A merchant's page whose relative links resolve to its own site (here a ``<base>`` elsewhere): the widget
    still asks the Comptoir server for the pictures it serves."""
    page.goto(live_server + "/healthz")
    page.set_content(
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><base href="http://127.0.0.1:9/">'
        f'<title>A merchant</title></head><body><h1>Our shop</h1><script src="{live_server}/widget.js"></script>'
        "</body></html>"
    )
    page.locator(".cpt-launcher").click()
    page.locator(".cpt-disclosure").wait_for(timeout=30000)
    images = ask(page, "a headlamp").locator("img.cpt-product-image")
    assert images.count() >= 1, "product cards without their pictures"
    image = images.first
    assert (image.get_attribute("src") or "").startswith(live_server + "/demo/pictures/")
    wait_loaded(page, image)
