"""The widget never sends half a character: texts are cut by code points, and a surrogate already alone is
replaced (the server refuses a frame holding one), in a real headless Chromium."""

from __future__ import annotations

from typing import Any

import pytest

from tests.widget.browser import open_chat
from tests.widget.test_handoff_browser import FakeChat, queued_frame

pytestmark = pytest.mark.browser


def test_a_contact_is_cut_between_characters_and_a_lone_surrogate_is_never_sent(page: Any, live_server: str) -> None:
    fake = FakeChat(page)
    open_chat(page, live_server + "/")
    page.evaluate("() => window.Comptoir.send('a tent for two \\ud83d')")
    assert fake.wait_for("message")[-1]["text"] == "a tent for two \ufffd"

    page.locator(".cpt-handoff-button").click()
    fake.wait_for("handoff")
    fake.send(queued_frame(1, agents_online=False, open=False, text="Nobody is here; leave a contact."))
    page.locator(".cpt-contact").wait_for(timeout=5000)
    too_long = "a" * 253 + "\U0001f600" + "b"  # the 254th character straddles the 254th and 255th code units
    page.locator(".cpt-contact-input").evaluate("(input, value) => { input.value = value; }", too_long)
    page.locator(".cpt-contact-send").click()
    assert fake.wait_for("contact")[-1]["contact"] == "a" * 253 + "\U0001f600"
