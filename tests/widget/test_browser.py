"""The widget in a real headless Chromium, against a real server on loopback."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pydantic import SecretStr

from assistant.config import PrivacySettings
from guardrails import Sealer
from tests.widget.browser import Served, ask, open_chat, serve_demo

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def served(
    demo_index_dir: Path, embeddings: Any, detector: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Served]:
    """The demo shop with the vault on, and frames limited to 16 KiB."""
    privacy = PrivacySettings(vault_key=SecretStr(Sealer.new_key()))
    limits = {"ws_max_size": 16384}
    with serve_demo(
        "browser", demo_index_dir, tmp_path_factory, embeddings, detector, server=limits, privacy=privacy
    ) as served:
        yield served


def test_a_shopper_asks_and_sees_an_ai_labelled_answer_with_product_cards(
    page: Any, live_server: str, tmp_path: Path
) -> None:
    open_chat(page, live_server + "/")
    assert "AI assistant" in page.locator(".cpt-disclosure").inner_text()
    answer = ask(page, "I'm looking for a waterproof jacket for hiking")
    assert answer.locator(".cpt-ai-label").inner_text().strip() == "AI"
    cards = answer.locator(".cpt-product-card")
    assert cards.count() >= 1
    assert "€" in cards.first.inner_text()
    page.screenshot(path=str(tmp_path / "widget.png"))


def test_the_shopper_keeps_what_they_typed_and_is_told_it_was_masked(page: Any, live_server: str) -> None:
    open_chat(page, live_server + "/")
    ask(page, "a tent for two, my email is jonas.weber@example.de")
    mine = page.locator(".cpt-msg-shopper").last
    assert "jonas.weber@example.de" in mine.locator(".cpt-bubble").inner_text()
    assert mine.locator(".cpt-msg-status").inner_text().strip() == "Personal details hidden from our records"


def test_the_shopper_can_refuse_the_vault(page: Any, live_server: str) -> None:
    open_chat(page, live_server + "/")
    notice = page.locator(".cpt-privacy")
    assert "kept encrypted for our support team" in notice.inner_text()
    page.locator(".cpt-vault-decline").click()
    page.wait_for_function("() => document.querySelector('#comptoir-widget, [data-comptoir]') !== null || true")
    expect_text = "Your personal details are not kept"
    page.locator(".cpt-privacy", has_text=expect_text).wait_for(timeout=10000)
    assert page.locator(".cpt-vault-decline").count() == 0


def test_french_page_gets_french_strings(page: Any, live_server: str) -> None:
    open_chat(page, live_server + "/?lang=fr")
    assert "assistant IA" in page.locator(".cpt-disclosure").inner_text()
    answer = ask(page, "je cherche une tente pour 2 personnes")
    assert answer.locator(".cpt-ai-label").inner_text().strip() == "IA"


def test_markup_in_catalog_text_stays_inert(page: Any, live_server: str) -> None:
    open_chat(page, live_server + "/")
    answer = ask(page, "Kerbos Trek 2 tent: how was it tested, what is it made of?")
    page.wait_for_timeout(500)
    assert 'onerror="alert(1)"' in answer.inner_text()  # the catalog's markup, shown as text
    assert page.dialogs == []  # type: ignore[attr-defined]
    assert answer.locator("img[onerror]").count() == 0
    assert page.evaluate("() => window.__xss === undefined")


def test_the_host_page_css_cannot_reach_the_widget(page: Any, live_server: str) -> None:
    page.goto(live_server + "/")
    page.add_style_tag(
        content="button, textarea, p, div, ul, li { display: none !important; } * { color: rgb(255, 0, 0) !important; }"
    )
    page.evaluate("() => window.Comptoir.open()")
    page.locator(".cpt-disclosure").wait_for(timeout=30000)
    assert page.locator(".cpt-input").is_visible() and page.locator(".cpt-send").is_visible()
    colour = page.locator(".cpt-disclosure").evaluate("element => getComputedStyle(element).color")
    assert colour != "rgb(255, 0, 0)"


def test_the_widget_reconnects_and_resumes_after_a_network_loss(page: Any, live_server: str) -> None:
    open_chat(page, live_server + "/")
    ask(page, "headlamp")
    page.context.set_offline(True)
    page.evaluate("() => window.dispatchEvent(new Event('offline'))")
    page.context.set_offline(False)
    page.reload()
    page.evaluate("() => window.Comptoir.open()")
    page.locator(".cpt-msg-shopper").first.wait_for(timeout=30000)
    assert page.locator(".cpt-msg-shopper").first.inner_text().find("headlamp") >= 0
    assert page.locator(".cpt-msg-assistant").count() >= 1


def test_the_shopper_rates_an_answer_and_finds_the_rating_after_a_reload(page: Any, live_server: str) -> None:
    open_chat(page, live_server + "/")
    answer = ask(page, "a headlamp for night running")
    up, down = answer.locator(".cpt-rate[data-rating='up']"), answer.locator(".cpt-rate[data-rating='down']")
    assert up.get_attribute("aria-label") == "Helpful answer"
    down.click()
    up.click()  # changed their mind
    page.wait_for_function(
        """() => document.querySelector('comptoir-widget').shadowRoot
              .querySelector('.cpt-rate[data-rating="up"]').getAttribute('aria-pressed') === 'true'"""
    )
    assert down.get_attribute("aria-pressed") == "false"
    assert answer.locator(".cpt-rating-note").inner_text() == "Thanks for your feedback."
    page.wait_for_timeout(300)  # the rating frame reaches the server
    page.reload()
    page.evaluate("() => window.Comptoir.open()")
    again = page.locator(".cpt-msg-assistant").first
    again.wait_for(timeout=15000)
    page.wait_for_function(
        """() => document.querySelector('comptoir-widget').shadowRoot
              .querySelector('.cpt-rate[data-rating="up"]')?.getAttribute('aria-pressed') === 'true'""",
        timeout=15000,
    )
