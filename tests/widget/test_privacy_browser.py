"""The shopper's "Your data" controls and a known customer's choice to be remembered, in a real headless Chromium."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pydantic import SecretStr
from sqlmodel import Session, select

from assistant.compliance.subjects import find_conversations
from assistant.config import CustomerSettings
from assistant.records.tables import Consent, SubjectRequest
from assistant.runtime import Runtime
from assistant.turn.customers import sign
from tests.widget.browser import Served, ask, open_chat, serve_demo, session_of

pytestmark = pytest.mark.browser

SECRET = "a-secret-the-shop-and-comptoir-share"


@pytest.fixture(scope="module")
def served(
    demo_index_dir: Path, embeddings: Any, detector: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Served]:
    """A real server on loopback that takes the shop's customer tokens, with its runtime at hand."""
    customers = CustomerSettings(token_secret=SecretStr(SECRET))
    with serve_demo("privacy", demo_index_dir, tmp_path_factory, embeddings, detector, customers=customers) as served:
        yield served


def requests_of(runtime: Runtime, conversation: str) -> list[SubjectRequest]:
    with Session(runtime.store.engine) as db:
        return list(db.exec(select(SubjectRequest).where(SubjectRequest.conversation_id == conversation)).all())


def visit_as_customer(page: Any, url: str, customer: str) -> None:
    """A page of the shop for a signed-in customer, whose widget tag carries their signed token; the chat open.

    The page is written into a document of the server's own origin (``/healthz``), as the shop's site would serve it.
    """
    token = sign({"sub": customer, "exp": int(time.time()) + 600}, SECRET)
    page.goto(f"{url}/healthz")
    page.set_content(
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>My account</title></head>'
        f'<body><h1>My account</h1><script src="{url}/widget.js" data-customer-token="{token}"></script></body></html>'
    )
    page.locator(".cpt-launcher").click()
    page.locator(".cpt-disclosure").wait_for(timeout=30000)


def test_the_shopper_erases_their_data_after_confirming_it(page: Any, served: Served) -> None:
    open_chat(page, served.url + "/")
    ask(page, "a tent for two")
    (conversation,) = find_conversations(served.runtime.store, session=session_of(page, served.url))
    assert page.locator(".cpt-yourdata-title").inner_text() == "Your data"
    assert page.locator(".cpt-remember").is_hidden()  # a guest is never remembered: no choice to make

    page.locator(".cpt-data-erase").click()
    confirm = page.locator(".cpt-erase-confirm")
    confirm.wait_for(state="visible")
    assert "cannot be undone" in confirm.inner_text()
    page.locator(".cpt-erase-no").click()  # changed their mind
    assert confirm.is_hidden() and requests_of(served.runtime, conversation) == []

    page.locator(".cpt-data-erase").click()
    page.locator(".cpt-erase-yes").click()
    notice = page.locator(".cpt-notice")
    notice.wait_for(timeout=10000)
    assert "data-protection team" in notice.inner_text() and "within one month" in notice.inner_text()
    assert "closing the chat does not cancel the request" in notice.inner_text()
    assert page.dialogs == []  # type: ignore[attr-defined]
    (request,) = requests_of(served.runtime, conversation)
    assert (request.kind, request.status, request.customer_id) == ("erasure", "open", None)


def test_a_french_shopper_asks_for_a_copy(page: Any, served: Served) -> None:
    open_chat(page, served.url + "/?lang=fr")
    assert page.locator(".cpt-yourdata-title").inner_text() == "Vos données"
    assert page.locator(".cpt-data-erase").inner_text() == "Effacer mes données"
    page.locator(".cpt-data-copy", has_text="Obtenir une copie de mes données").click()
    notice = page.locator(".cpt-notice")
    notice.wait_for(timeout=10000)
    assert "équipe de protection des données" in notice.inner_text() and "effacée" not in notice.inner_text()
    (conversation,) = find_conversations(served.runtime.store, session=session_of(page, served.url))
    assert [r.kind for r in requests_of(served.runtime, conversation)] == ["access"]


def test_a_known_customer_chooses_to_be_remembered_and_is_welcomed_back(page: Any, served: Served) -> None:
    visit_as_customer(page, served.url, "cust-301")
    box = page.locator(".cpt-remember-box")
    assert page.locator(".cpt-remember").inner_text() == "Remember my preferences for my next visits"
    assert not box.is_checked()  # off until the customer ticks it
    box.check()
    page.locator(".cpt-remember-note", has_text="We will remember").wait_for(timeout=10000)
    assert box.is_checked()
    with Session(served.runtime.store.engine) as db:
        (consent,) = db.exec(select(Consent).where(Consent.customer_id == "cust-301")).all()
    assert consent.granted is True
    ask(page, "a tent for two")

    page.evaluate("() => { localStorage.clear(); sessionStorage.clear(); }")  # a later visit, a new conversation
    visit_as_customer(page, served.url, "cust-301")
    welcome = page.locator(".cpt-welcome-back")
    welcome.wait_for(timeout=10000)
    assert "Welcome back" in welcome.inner_text()
    assert page.locator(".cpt-remember-box").is_checked()
    page.locator(".cpt-chip", has_text="Show me tents").click()
    page.locator(".cpt-msg-shopper", has_text="Show me tents").wait_for(timeout=10000)
    page.locator(".cpt-msg-assistant").first.wait_for(timeout=30000)

    page.locator(".cpt-forget").click()
    page.locator(".cpt-remember-note", has_text="Your preferences are forgotten.").wait_for(timeout=10000)
    assert page.locator(".cpt-welcome-back").count() == 0
    assert not page.locator(".cpt-remember-box").is_checked()
    assert served.runtime.consents.recall("cust-301") is None
