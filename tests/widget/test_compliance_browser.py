"""The compliance console in a real headless Chromium, on one real server.

A compliance officer logs in through the real login form, filters the conversations, opens one, unfolds an
answer's explanation, downloads exports (JSON of the filtered set, CSV of the conversation), and erases a
shopper with the typed confirmation. The conversations were made through the real chat service.
"""

from __future__ import annotations

import csv
import io
import json
import uuid
from typing import Any

import pytest
from playwright.sync_api import expect

from assistant.compliance.subjects import find_conversations
from tests.widget.browser import PASSWORD, WAIT, Served, ask, log_in, open_chat, session_of, staff_tab

pytestmark = pytest.mark.browser

MARKUP = '<img src=x onerror="window.__pwned=1">'


def converse(runtime: Any, locale: str, *texts: str) -> str:
    cid = runtime.chat.open(None, locale).conversation.id
    for number, text in enumerate(texts):
        runtime.chat.answer(runtime.chat.accept(cid, f"m{number}", text, locale).turn, locale)
    return cid


def test_an_officer_filters_reads_an_explanation_exports_and_erases(page: Any, served: Served, tmp_path: Any) -> None:
    runtime, url = served.runtime, served.url
    name = f"dpo{uuid.uuid4().hex[:6]}"
    runtime.accounts.add(name, "compliance", PASSWORD, "Dora Officer")
    word = f"brisval{uuid.uuid4().hex[:6]}"
    french = converse(runtime, "fr", f"avez-vous une tente {word} pour deux personnes ?", "quelle est la garantie ?")
    english = converse(runtime, "en", f"a rain jacket please {MARKUP}")

    log_in(page, url, "/compliance", name)
    expect(page.get_by_test_id("results")).to_be_visible()
    row = page.locator(f'tr[data-conversation="{english}"]')
    expect(row).to_contain_text("<img src=x")  # shopper markup is shown as text
    assert page.evaluate("window.__pwned") is None

    page.locator('select[name="lang"]').select_option("fr")
    page.locator('input[name="text"]').fill(word)
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_test_id("result-count")).to_have_text("1 conversation", timeout=WAIT)
    assert "lang=fr" in page.url and word in page.url
    expect(page.locator(f'tr[data-conversation="{french}"]')).to_be_visible()
    expect(page.locator(f'tr[data-conversation="{english}"]')).to_have_count(0)

    with page.expect_download() as download:
        page.get_by_test_id("export-json").click()
    exported = json.loads(download.value.path().read_text())
    assert exported["filters"] == {"lang": "fr", "text": word} and exported["count"] == 1
    assert exported["conversations"][0]["id"] == french

    page.locator(f'tr[data-conversation="{french}"] a').click()
    expect(page.get_by_test_id("conversation-id")).to_have_text(french, timeout=WAIT)
    explanations = page.get_by_test_id("explanation")
    expect(explanations).to_have_count(2)
    first = explanations.first
    expect(first.get_by_test_id("guardrails")).to_be_hidden()
    first.locator("summary").click()
    expect(first.get_by_test_id("guardrails")).to_be_visible()
    expect(first.get_by_test_id("guardrails")).to_contain_text("answer marked as AI")
    expect(first.get_by_test_id("decision")).to_contain_text("the assistant answers")
    expect(first.get_by_test_id("sources").locator("tbody tr").first).to_be_visible()
    expect(page.get_by_test_id("audit")).to_contain_text("ai disclosed")

    with page.expect_download() as download:
        page.get_by_test_id("conversation-csv").click()
    rows = list(csv.DictReader(io.StringIO(download.value.path().read_text())))
    assert [r["seq"] for r in rows] == ["1", "2"] and word in rows[0]["shopper_text"]

    form = page.get_by_test_id("erase-form")
    form.locator("#confirm").fill(french)
    form.get_by_role("button", name="Erase").click()
    expect(page.get_by_test_id("notice")).to_contain_text("Erased 1 conversation", timeout=WAIT)
    assert runtime.store.conversation(french) is None
    assert runtime.store.conversation(english) is not None

    page.get_by_role("link", name="KPIs").click()
    expect(page).to_have_url(url + "/compliance/kpis", timeout=WAIT)


def test_a_shopper_asks_for_a_copy_and_downloads_it_in_the_chat(page: Any, served: Served) -> None:
    runtime, url = served.runtime, served.url
    name = f"dpo{uuid.uuid4().hex[:6]}"
    runtime.accounts.add(name, "compliance", PASSWORD, "Dora Officer")
    open_chat(page, url + "/")
    ask(page, "a tent for two")
    page.locator(".cpt-data-copy").click()
    expect(page.locator(".cpt-notice").first).to_contain_text("data-protection team", timeout=WAIT)

    officer = staff_tab(page, url, "/compliance/requests", name)
    officer.get_by_test_id("deliver-request").first.click()
    expect(officer.get_by_test_id("notice")).to_contain_text("waits in the shopper's chat", timeout=WAIT)

    download_button = page.locator(".cpt-download")
    expect(download_button).to_be_visible(timeout=WAIT)  # arrived live in the open chat
    with page.expect_download() as download:
        download_button.click()
    document = json.loads(download.value.path().read_text())
    [conversation] = document["conversations"]
    assert conversation["turns"][0]["shopper_text"] == "a tent for two"
    expect(page.locator(".cpt-notice", has_text="Your copy was downloaded.")).to_be_visible(timeout=WAIT)
    expect(download_button).to_be_disabled()
    expect(officer.get_by_test_id("waiting-requests")).to_be_visible()
    officer.reload()
    expect(officer.get_by_test_id("handled-requests")).to_contain_text("Downloaded by the shopper")


def test_a_shopper_asks_for_erasure_and_the_chat_starts_afresh_once_it_is_done(page: Any, served: Served) -> None:
    runtime, url = served.runtime, served.url
    name = f"dpo{uuid.uuid4().hex[:6]}"
    runtime.accounts.add(name, "compliance", PASSWORD, "Dora Officer")
    open_chat(page, url + "/")
    ask(page, "a tent for two")
    before = session_of(page, url)
    page.locator(".cpt-data-erase").click()
    page.locator(".cpt-erase-yes").click()
    expect(page.locator(".cpt-notice").first).to_contain_text("erase", timeout=WAIT)

    officer = staff_tab(page, url, "/compliance/requests", name)
    officer.get_by_test_id("erase-request").first.click()
    expect(officer.get_by_test_id("notice")).to_contain_text("Erased 1 conversation", timeout=WAIT)

    expect(page.locator(".cpt-notice", has_text="were erased, as you asked")).to_be_visible(timeout=WAIT)
    page.wait_for_function(
        "([origin, old]) => { const s = localStorage.getItem(`comptoir:${origin}:session`); return s && s !== old; }",
        arg=[url, before],
        timeout=WAIT,
    )  # a new conversation, with a new session
    ask(page, "and a sleeping bag?")
    fresh = session_of(page, url)
    [conversation] = find_conversations(runtime.store, session=fresh)
    assert fresh != before and runtime.store.transcript(conversation)[0].shopper_text == "and a sleeping bag?"
