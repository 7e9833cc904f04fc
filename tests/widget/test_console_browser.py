"""The agents' console and the shopper's widget, side by side in a real headless Chromium, on one real server.

Two browser contexts share the browser of the ``page`` fixture: the shopper's tab on the demo shop with the
widget, and the agent's tab on /console, which is reached through the real login form. Everything between
them goes through the server on loopback (``served`` from tests/widget/browser.py): the queue, the claim, the
messages both ways, an internal note, the hand-back and a close with a resolution.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.widget.browser import PASSWORD, WAIT, Served, ask, open_chat, sign_in

pytestmark = pytest.mark.browser

AGENT = "camille"
MARKUP = '<img src=x onerror="window.__pwned=1">'
REPLY = "Hello, Camille here. I am sorry about the floor: we will replace the tent."
NOTE = "Internal: check the carrier claim for this parcel before promising a refund"


def widget_frames(shopper: Any) -> list[str]:
    """A list that gathers, as they come, the text frames the shopper's page receives on its sockets."""
    frames: list[str] = []

    def watch(socket: Any) -> None:
        socket.on("framereceived", lambda payload: frames.append(payload if isinstance(payload, str) else ""))

    shopper.on("websocket", watch)
    return frames


def log_in_to_the_console(agent: Any, url: str) -> None:
    """The real login form: a wrong password is refused on the login page, the right one opens the console."""
    agent.goto(url + "/console")
    expect(agent).to_have_url(url + "/console/login?next=/console")
    sign_in(agent, AGENT, "wrong password")
    expect(agent.get_by_test_id("login-error")).to_have_text("Wrong name or password.", timeout=WAIT)
    expect(agent).to_have_url(url + "/console/login")
    assert agent.locator("body.console").count() == 0
    assert agent.context.cookies() == []  # no session for a wrong password

    sign_in(agent, AGENT)
    expect(agent).to_have_url(url + "/console", timeout=WAIT)
    expect(agent.locator("body")).to_have_attribute("data-socket", "open", timeout=WAIT)
    expect(agent.get_by_test_id("connection")).to_have_text("Connected")
    expect(agent.locator("#agent-name")).to_have_text("Camille")
    expect(agent.get_by_test_id("login-error")).to_have_count(0)


def test_an_agent_answers_a_shopper_from_the_console(page: Any, served: Served) -> None:
    served.runtime.accounts.add(AGENT, "agent", PASSWORD, "Camille")
    shopper = page
    received = widget_frames(shopper)
    agent = page.context.browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
    host = shopper.locator("comptoir-widget")
    status = shopper.locator(".cpt-handoff-status")

    # 1. The agent logs in; nobody is waiting yet.
    log_in_to_the_console(agent, served.url)
    expect(agent.get_by_test_id("queue-item")).to_have_count(0)
    agent.evaluate("() => { window.__sameDocument = true; }")

    # 2. The shopper asks the assistant, then asks for a person: the console lists them live.
    open_chat(shopper, served.url + "/")
    first = ask(shopper, "My Kerbos Trek 2 tent arrived with a torn floor, can I return it?")
    expect(first.locator(".cpt-ai-label")).to_have_text("AI")
    shopper.locator(".cpt-handoff-button").click()
    expect(host).to_have_attribute("data-handoff", "queued", timeout=WAIT)
    expect(host).to_have_attribute("data-queue-position", "1")
    expect(status).to_contain_text("You are number 1 in line.")
    expect(shopper.locator(".cpt-contact")).to_be_hidden()  # an agent is online: no contact form

    item = agent.get_by_test_id("queue-item")
    expect(item).to_have_count(1, timeout=WAIT)
    assert agent.evaluate("() => window.__sameDocument === true")  # it came over the socket, not by a reload
    conversation = item.get_attribute("data-conversation")
    assert conversation
    expect(item.locator(".position")).to_have_text("#1")
    expect(item.locator(".chip", has_text="asked for a person")).to_have_count(1)
    expect(item.locator(".preview")).to_contain_text("torn floor")
    expect(item.locator(".tick")).to_contain_text("waiting ")
    expect(agent.locator("#count-waiting")).to_have_text("(1)")

    # 3. The agent opens it: the hand-over packet and the transcript, the assistant's turn with its
    # confidence and sources; then claims it, and the shopper sees who joined.
    item.click()
    packet = agent.get_by_test_id("packet")
    expect(packet.locator("h3")).to_have_text("Hand-over", timeout=WAIT)
    expect(packet).to_have_attribute("data-handover", "true")
    expect(packet.locator(".chip", has_text="asked for a person")).to_have_count(1)
    expect(packet.locator("dt")).to_contain_text(["Reasons", "Summary", "Language", "Queued"])
    expect(agent.get_by_test_id("state")).to_have_text("Waiting")
    transcript = agent.get_by_test_id("transcript")
    asked = transcript.locator("[data-testid='entry'][data-kind='shopper']")
    expect(asked.first).to_contain_text("torn floor")
    answered = transcript.locator("[data-testid='entry'][data-kind='assistant']").first
    expect(answered.locator(".who")).to_have_text("Assistant")
    expect(answered.locator(".chip", has_text="confidence")).to_have_text(re.compile(r"^confidence \d{1,3} %$"))
    expect(answered.locator(".sources summary")).to_contain_text("Sources (")
    assert answered.locator(".sources li").count() >= 1
    expect(agent.get_by_test_id("take-over")).to_be_hidden()
    expect(agent.get_by_test_id("reply")).to_be_hidden()  # not theirs yet: no writing to the shopper

    agent.get_by_test_id("claim").click()
    expect(agent.get_by_test_id("state")).to_have_text("Held", timeout=WAIT)
    expect(agent.locator("#view-holder")).to_have_text("by you")
    expect(agent.get_by_test_id("claim")).to_be_hidden()
    expect(agent.get_by_test_id("queue-item")).to_have_count(0, timeout=WAIT)
    expect(agent.get_by_test_id("held-item")).to_have_attribute("data-conversation", conversation, timeout=WAIT)
    expect(status).to_have_text("Camille has joined the conversation.", timeout=WAIT)
    expect(host).to_have_attribute("data-handoff", "assigned")
    expect(shopper.locator("comptoir-widget[data-queue-position]")).to_have_count(0)
    expect(shopper.locator(".cpt-badge")).to_have_text("With a person")

    # 4. The shopper writes markup: the console shows it as text and runs nothing.
    shopper.locator(".cpt-input").fill(f"Here is the photo {MARKUP} of the floor")
    shopper.locator(".cpt-input").press("Enter")
    hostile = transcript.locator("[data-testid='entry'][data-kind='shopper']", has_text="photo")
    expect(hostile).to_have_count(1, timeout=WAIT)
    text = hostile.locator(".entry-text").text_content() or ""
    assert "<img" in text and "onerror" in text, text
    assert transcript.locator("img").count() == 0
    assert agent.locator("img").count() == 0
    assert agent.evaluate("() => window.__pwned === undefined")
    assert shopper.evaluate("() => window.__pwned === undefined")

    # 5. The agent sends the suggested reply: the widget shows it from a person, by name, not from the AI.
    use = agent.get_by_test_id("use-suggestion")
    expect(use).to_be_visible()
    suggestion = agent.locator("#suggestion-text").text_content() or ""
    assert suggestion.startswith("Suggested: ") and len(suggestion) > len("Suggested: ")
    use.click()
    reply = agent.get_by_test_id("reply")
    expect(reply).to_have_value(suggestion.removeprefix("Suggested: "))
    reply.fill("")
    reply.press_sequentially(REPLY, delay=5)
    expect(shopper.locator(".cpt-typing")).to_have_text("Camille is typing…", timeout=WAIT)
    agent.get_by_test_id("send").click()
    expect(reply).to_have_value("")
    sent = transcript.locator("[data-testid='entry'][data-kind='agent']")
    expect(sent).to_have_count(1, timeout=WAIT)
    expect(sent.locator(".entry-text")).to_have_text(REPLY)
    bubble = shopper.locator(".cpt-msg-agent")
    expect(bubble).to_have_count(1, timeout=WAIT)
    expect(bubble.locator(".cpt-bubble")).to_have_text(REPLY)
    expect(bubble.locator(".cpt-sender")).to_have_text("Camille")
    expect(bubble.locator(".cpt-person-label")).to_have_text("Person")
    expect(bubble.locator(".cpt-ai-label")).to_have_count(0)
    expect(shopper.locator(".cpt-typing")).to_be_hidden()

    # 6. An internal note: in the console, never in the widget nor on the shopper's socket.
    agent.get_by_test_id("note").fill(NOTE)
    agent.get_by_test_id("add-note").click()
    note = transcript.locator("[data-testid='entry'][data-kind='note']")
    expect(note).to_have_count(1, timeout=WAIT)
    expect(note.locator(".entry-text")).to_have_text(NOTE)
    expect(note.locator(".who")).to_have_text("Internal note · Camille")
    expect(agent.get_by_test_id("status")).to_have_text("Note added.", timeout=WAIT)

    # 7. The agent hands back: the shopper is told, and the assistant answers the next question.
    agent.get_by_test_id("hand-back").click()
    expect(status).to_have_text("Camille handed you back to the AI assistant.", timeout=WAIT)
    expect(host).to_have_attribute("data-handoff", "returned")
    expect(shopper.locator(".cpt-badge")).to_have_text("AI assistant")
    expect(agent.get_by_test_id("state")).to_have_text("With the assistant", timeout=WAIT)
    expect(agent.get_by_test_id("take-over")).to_be_visible()
    expect(agent.get_by_test_id("reply")).to_be_hidden()
    answer = ask(shopper, "I'm looking for a waterproof jacket for hiking")
    expect(answer.locator(".cpt-ai-label")).to_have_text("AI")
    expect(answer.locator(".cpt-product-card").first).to_be_visible()
    # The console follows the conversation it has open: the assistant's new answer arrives live.
    expect(transcript.locator("[data-testid='entry'][data-kind='assistant']")).to_have_count(2, timeout=WAIT)

    # The note never reached the shopper: not in the widget, not in any frame their page received.
    widget_text = shopper.locator(".cpt-log").inner_text()
    assert "carrier claim" not in widget_text
    assert received and not any("carrier claim" in frame for frame in received)
    assert any(json.loads(frame).get("type") == "message" for frame in received if frame.startswith("{"))

    # Once more, to close with a resolution. The list shows the new request live, and so does the open view.
    shopper.locator(".cpt-handoff-button").click()
    expect(host).to_have_attribute("data-handoff", "queued", timeout=WAIT)
    expect(agent.get_by_test_id("queue-item")).to_have_attribute("data-conversation", conversation, timeout=WAIT)
    expect(agent.get_by_test_id("state")).to_have_text("Waiting", timeout=WAIT)
    expect(transcript.locator("[data-testid='entry'][data-kind='note']")).to_contain_text(NOTE)
    agent.get_by_test_id("claim").click()
    expect(status).to_have_text("Camille has joined the conversation.", timeout=WAIT)
    agent.get_by_test_id("close").click()
    agent.get_by_test_id("confirm-close").click()  # an empty resolution is not sent
    expect(agent.get_by_test_id("resolution")).to_be_focused()
    expect(agent.get_by_test_id("state")).to_have_text("Held")
    agent.get_by_test_id("resolution").fill("Replacement tent sent")
    agent.get_by_test_id("confirm-close").click()
    expect(status).to_have_text(
        "Camille closed the conversation. The AI assistant is here if you need anything else.", timeout=WAIT
    )
    expect(host).to_have_attribute("data-handoff", "closed")
    expect(agent.get_by_test_id("state")).to_have_text("Closed", timeout=WAIT)
    expect(agent.get_by_test_id("status")).to_have_text("Conversation closed.", timeout=WAIT)
    expect(agent.get_by_test_id("held-item")).to_have_count(0, timeout=WAIT)
    again = ask(shopper, "Do you sell headlamps?")
    expect(again.locator(".cpt-ai-label")).to_have_text("AI")
    assert "carrier claim" not in shopper.locator(".cpt-log").inner_text()
    assert shopper.dialogs == [] and agent.evaluate("() => window.__pwned === undefined")  # type: ignore[attr-defined]
