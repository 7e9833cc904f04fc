"""The shopper's side of talking to a person, in a real headless Chromium.

The first tests play the server's side of ``/ws/chat`` inside the browser's network layer, frame by frame as
docs/protocol.md writes them, so each case (a queue that moves, nobody online, a resume with agents' messages,
typing both ways) is exact. The last one runs the whole hand-over against a real server with an agent.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from contextlib import ExitStack
from typing import Any

import httpx
import pytest
from websockets.sync.client import connect

from tests.widget.browser import PASSWORD, Served, ask, host_attr, open_chat, wait_until

pytestmark = pytest.mark.browser

Frame = dict[str, Any]


class FakeChat:
    """The server's side of ``/ws/chat``: welcomes, acknowledges messages, and sends what a test tells it."""

    def __init__(self, page: Any, resume: list[Frame] | None = None):
        self.page = page
        self.resume = resume
        self.frames: list[Frame] = []
        self.socket: Any = None
        page.route_web_socket("**/ws/chat", self._connect)

    def _connect(self, socket: Any) -> None:
        self.socket = socket
        socket.on_message(lambda raw: self._receive(json.loads(raw)))

    def _receive(self, frame: Frame) -> None:
        self.frames.append(frame)
        if frame.get("type") == "hello":
            self.send(
                {
                    "type": "welcome",
                    "session": "fake-session",
                    "resumed": self.resume is not None,
                    "locale": frame.get("locale"),
                    "ai": True,
                    "disclosure": "You are chatting with the AI assistant of Sommet Sports, not a person.",
                    "privacy": {"redaction": True, "vault": False},
                }
            )
            for out in self.resume or []:
                self.send(out)
        elif frame.get("type") == "message":
            # A conversation with a person: an acknowledgement and nothing from the assistant.
            self.send({"type": "ack", "id": frame["id"], "redacted": []})

    def send(self, frame: Frame) -> None:
        self.socket.send(json.dumps(frame))

    def sent(self, kind: str) -> list[Frame]:
        return [frame for frame in self.frames if frame.get("type") == kind]

    def wait_for(self, kind: str, count: int = 1) -> list[Frame]:
        wait_until(self.page, lambda: len(self.sent(kind)) >= count, what=f"{count} {kind} frame(s) from the widget")
        return self.sent(kind)


def queued_frame(position: int, **extra: Any) -> Frame:
    return {
        "type": "handoff",
        "state": "queued",
        "position": position,
        "ai": True,
        "agents_online": True,
        "open": True,
        "text": f"I am passing you to a person. You are number {position} in line.",
        **extra,
    }


def assigned_frame(name: str = "Camille") -> Frame:
    return {
        "type": "handoff",
        "state": "assigned",
        "agent": name,
        "ai": False,
        "text": f"{name} has joined the conversation.",
    }


def test_the_button_asks_for_a_person_and_the_position_follows_the_queue(page: Any, live_server: str) -> None:
    fake = FakeChat(page)
    open_chat(page, live_server + "/")
    button = page.locator(".cpt-handoff-button")
    assert button.is_visible() and button.inner_text().strip() == "Talk to a person"
    assert host_attr(page, "data-handoff") == "none"

    button.click()
    assert fake.wait_for("handoff") == [{"type": "handoff"}]
    fake.send(queued_frame(2))
    banner = page.locator(".cpt-handoff-status")
    banner.filter(has_text="You are number 2 in line.").wait_for(timeout=5000)
    assert host_attr(page, "data-handoff") == "queued"
    assert host_attr(page, "data-queue-position") == "2"
    assert host_attr(page, "data-position") == "right"  # the launcher's side, untouched
    assert not button.is_visible()
    assert page.locator(".cpt-event").last.inner_text() == "I am passing you to a person. You are number 2 in line."

    fake.send(queued_frame(1))
    banner.filter(has_text="You are number 1 in line.").wait_for(timeout=5000)
    assert host_attr(page, "data-queue-position") == "1"
    assert page.locator(".cpt-event").count() == 1  # a move in the queue is no new event in the log
    assert page.locator(".cpt-contact").is_hidden()  # someone is online: no contact form

    # While waiting, the shopper's messages are acknowledged and nothing else comes: they are sent, and
    # nobody is shown typing.
    for text in ("my tent arrived torn", "the zip is broken too"):
        page.locator(".cpt-input").fill(text)
        page.locator(".cpt-input").press("Enter")
    wait_until(page, lambda: page.locator(".cpt-msg-shopper[data-status='sent']").count() == 2, what="two acks")
    page.wait_for_timeout(300)
    assert page.locator(".cpt-msg-shopper .cpt-msg-status:visible").count() == 0
    assert host_attr(page, "data-typing") == "false"
    assert page.locator(".cpt-typing").is_hidden()
    assert page.locator(".cpt-msg-assistant").count() == 0

    fake.send(assigned_frame())
    page.locator(".cpt-handoff-status", has_text="Camille has joined the conversation.").wait_for(timeout=5000)
    assert host_attr(page, "data-handoff") == "assigned"
    assert host_attr(page, "data-queue-position") is None
    assert page.locator(".cpt-badge").inner_text() == "With a person"

    fake.send(
        {"type": "handoff", "state": "returned", "ai": True, "text": "Camille handed you back to the AI assistant."}
    )
    page.locator(".cpt-handoff-status", has_text="Camille handed you back to the AI assistant.").wait_for(timeout=5000)
    assert host_attr(page, "data-handoff") == "returned"
    assert button.is_visible() and button.is_enabled()
    assert page.locator(".cpt-badge").inner_text() == "AI assistant"

    button.click()
    fake.wait_for("handoff", 2)
    fake.send(queued_frame(1))
    fake.send(assigned_frame())
    fake.send(
        {"type": "handoff", "state": "closed", "ai": True, "text": "Camille closed the conversation: refund sent."}
    )
    page.locator(".cpt-handoff-status", has_text="refund sent").wait_for(timeout=5000)
    assert host_attr(page, "data-handoff") == "closed"
    events = page.locator(".cpt-event").all_inner_texts()
    assert events[-1] == "Camille closed the conversation: refund sent."
    assert "Camille has joined the conversation." in events


def test_nobody_online_the_shopper_is_told_and_may_leave_a_contact(page: Any, live_server: str) -> None:
    fake = FakeChat(page)
    open_chat(page, live_server + "/")
    page.locator(".cpt-handoff-button").click()
    fake.wait_for("handoff")
    away = "Our team is away right now, back Mon 09:00. You stay in line (number 1)."
    fake.send(queued_frame(1, agents_online=False, open=False, text=away))
    notice = page.locator(".cpt-handoff-notice")
    notice.wait_for(timeout=5000)
    assert notice.inner_text() == away
    form = page.locator(".cpt-contact")
    assert form.is_visible()
    assert "e-mail address or a phone number" in form.inner_text()

    page.locator(".cpt-contact-input").fill("call me maybe")
    page.locator(".cpt-contact-send").click()
    assert fake.wait_for("contact")[-1] == {"type": "contact", "contact": "call me maybe"}
    fake.send(
        {
            "type": "error",
            "code": "bad_contact",
            "message": "Please give an e-mail address or a phone number.",
            "reply_to": None,
        }
    )
    error = page.locator(".cpt-contact-error")
    error.wait_for(timeout=5000)
    assert error.inner_text() == "Please give an e-mail address or a phone number."
    assert page.locator(".cpt-contact-send").is_enabled()
    assert page.locator(".cpt-msg-shopper").count() == 0  # the contact is no chat message

    page.locator(".cpt-contact-input").fill("jane@example.org")
    page.locator(".cpt-contact-input").press("Enter")
    assert fake.wait_for("contact", 2)[-1] == {"type": "contact", "contact": "jane@example.org"}
    fake.send({"type": "contact", "saved": True})
    page.locator(".cpt-contact-saved").wait_for(timeout=5000)
    assert page.locator(".cpt-contact-saved").inner_text() == "Thank you: we will get back to you."
    assert form.is_hidden() and error.is_hidden()

    fake.send(queued_frame(1, agents_online=False, open=False, text=away))  # the queue moved: still saved
    page.wait_for_timeout(200)
    assert form.is_hidden() and page.locator(".cpt-contact-saved").is_visible()
    assert host_attr(page, "data-handoff") == "queued"


def test_typing_goes_both_ways_and_a_person_is_labelled_as_such(page: Any, live_server: str) -> None:
    fake = FakeChat(page)
    open_chat(page, live_server + "/")
    page.locator(".cpt-input").press_sequentially("before", delay=20)
    page.wait_for_timeout(200)
    assert fake.sent("typing") == []  # with the assistant, typing is nobody's business

    fake.send(queued_frame(1))
    fake.send(assigned_frame())
    page.locator(".cpt-handoff[data-state='assigned']").wait_for(timeout=5000)
    page.locator(".cpt-input").fill("")

    # About five seconds of typing: "true" at most every two seconds, "false" three seconds after the last key.
    started = time.monotonic()
    page.locator(".cpt-input").press_sequentially("where is my parcel please", delay=200)
    typed_for = time.monotonic() - started
    trues = fake.sent("typing")
    assert all(frame == {"type": "typing", "state": True} for frame in trues)
    assert 2 <= len(trues) <= int(typed_for // 2) + 1
    wait_until(page, lambda: fake.sent("typing")[-1]["state"] is False, timeout=6, what="typing false")
    assert fake.sent("typing")[-1] == {"type": "typing", "state": False}
    count = len(fake.sent("typing"))

    page.locator(".cpt-input").press_sequentially(" now", delay=20)
    page.locator(".cpt-input").press("Enter")
    fake.wait_for("message")
    after = fake.frames[-3:]
    assert [f["type"] for f in after] == ["typing", "typing", "message"]
    assert after[1] == {"type": "typing", "state": False}  # stopped on send, before the message
    assert len(fake.sent("typing")) == count + 2

    fake.send({"type": "typing", "from": "agent", "ai": False, "agent": "Camille", "state": True})
    page.locator(".cpt-typing", has_text="Camille is typing…").wait_for(timeout=5000)
    assert host_attr(page, "data-typing-from") == "agent"
    fake.send({"type": "typing", "from": "agent", "ai": False, "agent": "Camille", "state": False})
    page.locator(".cpt-typing").wait_for(state="hidden", timeout=5000)
    fake.send({"type": "typing", "from": "agent", "ai": False, "agent": "Camille", "state": True})
    page.locator(".cpt-typing", has_text="Camille is typing…").wait_for(timeout=5000)

    markup = '<img src=x onerror="window.__xss=1">'
    fake.send(
        {
            "type": "message",
            "from": "agent",
            "ai": False,
            "agent": "Camille",
            "id": "m1",
            "text": f"Hello, I am looking at your order {markup}",
            "at": "2026-11-28T16:21:00Z",
        }
    )
    bubble = page.locator(".cpt-msg-agent").last
    bubble.wait_for(timeout=5000)
    assert bubble.locator(".cpt-sender").inner_text() == "Camille"
    assert bubble.locator(".cpt-person-label").inner_text() == "Person"
    assert bubble.locator(".cpt-ai-label").count() == 0
    assert markup in bubble.locator(".cpt-bubble").inner_text()
    assert bubble.locator("img").count() == 0 and page.evaluate("() => window.__xss === undefined")
    assert page.locator(".cpt-typing").is_hidden()
    background = bubble.locator(".cpt-bubble").evaluate("node => getComputedStyle(node).backgroundColor")
    assert background != "rgb(255, 255, 255)"  # not the assistant's white bubble

    again = {"type": "message", "from": "agent", "ai": False, "agent": "Camille", "id": "m1", "text": "Hello"}
    fake.send(again)  # the same message again is shown once
    page.wait_for_timeout(200)
    assert page.locator(".cpt-msg-agent").count() == 1


def test_a_resume_merges_the_agents_messages_by_time_and_restores_the_hand_over(
    page: Any,
    live_server: str,
) -> None:
    history = {
        "type": "history",
        "ai": True,
        "turns": [
            {
                "turn": "t1",
                "at": "2026-11-28T16:20:00.120000",
                "shopper": {"id": "s1", "text": "my tent arrived torn"},
                "assistant": {"text": "I am passing you to a person.", "products": [], "sources": []},
            },
            {
                "turn": "t2",
                "at": "2026-11-28T16:23:00+00:00",
                "shopper": {"id": "s2", "text": "thanks"},
                "assistant": None,
            },
        ],
        "agents": [
            {"id": "a1", "agent": "Camille", "text": "Hello, Camille here.", "at": "2026-11-28T16:21:00+00:00"},
            {"id": "a2", "agent": "Camille", "text": "A new tent is on its way.", "at": "2026-11-28T16:24:00Z"},
        ],
    }
    FakeChat(page, resume=[history, assigned_frame()])
    open_chat(page, live_server + "/?lang=fr")
    page.locator(".cpt-msg-agent").nth(1).wait_for(timeout=5000)
    order = page.evaluate(
        """() => Array.from(document.querySelector('comptoir-widget').shadowRoot
              .querySelectorAll('.cpt-log > .cpt-msg'), (n) => n.className.split(' ')[1] + ':' +
              n.querySelector('.cpt-bubble').textContent)"""
    )
    assert order == [
        "cpt-msg-shopper:my tent arrived torn",
        "cpt-msg-assistant:I am passing you to a person.",
        "cpt-msg-agent:Hello, Camille here.",
        "cpt-msg-shopper:thanks",
        "cpt-msg-agent:A new tent is on its way.",
    ]
    agent = page.locator(".cpt-msg-agent").first
    assert agent.locator(".cpt-person-label").inner_text() == "Conseiller"
    page.locator(".cpt-handoff-status", has_text="Camille a rejoint la conversation.").wait_for(timeout=5000)
    assert host_attr(page, "data-handoff") == "assigned"
    assert page.locator(".cpt-actions").is_hidden()
    page.wait_for_timeout(3500)  # the hand-over frame came: nothing falls back to the assistant
    assert host_attr(page, "data-handoff") == "assigned"


def test_the_french_button(page: Any, live_server: str) -> None:
    FakeChat(page)
    open_chat(page, live_server + "/?lang=fr")
    assert page.locator(".cpt-handoff-button").inner_text().strip() == "Parler à une personne"


class AgentConsole:
    """An agent logged in at /console/login, on the console's WebSocket /ws/agent, as the console page is."""

    def __init__(self, url: str, name: str, password: str):
        login = httpx.post(
            url + "/console/login",
            data={"name": name, "password": password},
            headers={"Origin": url},
            follow_redirects=False,
        )
        assert login.status_code == 303, login.text
        cookie = "; ".join(f"{key}={value}" for key, value in login.cookies.items())
        ws_url = url.replace("http://", "ws://") + "/ws/agent"
        self.stack = ExitStack()
        self.socket = self.stack.enter_context(
            connect(ws_url, origin=url, additional_headers={"Cookie": cookie})  # type: ignore[arg-type]
        )
        self.frames: list[Frame] = []
        self.closed: Exception | None = None
        self.lock = threading.Lock()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        try:
            for raw in self.socket:
                with self.lock:
                    self.frames.append(json.loads(raw))
        except Exception as exc:  # the socket closed (at the end of the test, or refused)
            self.closed = exc

    def send(self, frame: Frame) -> None:
        self.socket.send(json.dumps(frame))

    def wait_for(self, check: Callable[[Frame], bool], timeout: float = 15.0, what: str = "a frame") -> Frame:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.lock:
                found = [frame for frame in self.frames if check(frame)]
            if found:
                return found[-1]
            time.sleep(0.05)
        raise AssertionError(
            f"the console never got {what}; it got {[f.get('type') for f in self.frames]}, {self.closed!r}"
        )

    def close(self) -> None:
        self.stack.close()


def test_a_shopper_talks_to_a_person_and_comes_back_to_the_assistant(page: Any, served: Served) -> None:
    served.runtime.accounts.add("camille", "agent", PASSWORD, "Camille")

    # Nobody is online yet: the shopper asks for a person, is told so honestly and leaves a contact.
    open_chat(page, served.url + "/")
    page.locator(".cpt-handoff-button").click()
    page.locator(".cpt-handoff-status", has_text="You are number 1 in line.").wait_for(timeout=15000)
    assert host_attr(page, "data-handoff") == "queued"
    assert host_attr(page, "data-queue-position") == "1"
    notice = page.locator(".cpt-handoff-notice")
    assert notice.is_visible() and "No one from our team is online" in notice.inner_text()
    page.locator(".cpt-contact-input").fill("not a contact")
    page.locator(".cpt-contact-send").click()
    page.locator(".cpt-contact-error").wait_for(timeout=10000)
    assert "e-mail address or a phone number" in page.locator(".cpt-contact-error").inner_text()
    page.locator(".cpt-contact-input").fill("jane@example.org")
    page.locator(".cpt-contact-send").click()
    page.locator(".cpt-contact-saved").wait_for(timeout=10000)

    # An agent logs in: the shopper hears someone is online, the console lists the conversation.
    agent = AgentConsole(served.url, "camille", PASSWORD)
    try:
        agent.wait_for(lambda f: f.get("type") == "hello", what="hello")
        listing = agent.wait_for(lambda f: f.get("type") == "queue" and f.get("waiting"), what="a waiting shopper")
        waiting = listing["waiting"][0]
        conversation = waiting["conversation"]
        assert waiting["position"] == 1 and waiting["contact"] is True
        notice.wait_for(state="hidden", timeout=10000)
        assert host_attr(page, "data-handoff") == "queued"

        # The agent claims it: the shopper sees who joined.
        agent.send({"type": "claim", "conversation": conversation})
        agent.wait_for(lambda f: f.get("type") == "done" and f.get("action") == "claim", what="the claim done")
        joined = page.locator(".cpt-handoff-status", has_text="Camille has joined the conversation.")
        joined.wait_for(timeout=10000)
        assert host_attr(page, "data-handoff") == "assigned"
        assert host_attr(page, "data-queue-position") is None
        assert page.locator(".cpt-handoff-button").is_hidden()
        assert page.locator(".cpt-badge").inner_text() == "With a person"

        # The agent types, then writes: the shopper sees a person, by name, labelled as a person.
        agent.send({"type": "typing", "conversation": conversation, "state": True})
        page.locator(".cpt-typing", has_text="Camille is typing…").wait_for(timeout=10000)
        assert host_attr(page, "data-typing-from") == "agent"
        text = "Hello, Camille here. Could you tell me your order number?"
        agent.send({"type": "message", "conversation": conversation, "id": "agent-1", "text": text})
        bubble = page.locator(".cpt-msg-agent").first
        bubble.wait_for(timeout=10000)
        assert bubble.locator(".cpt-bubble").inner_text() == text
        assert bubble.locator(".cpt-sender").inner_text() == "Camille"
        assert bubble.locator(".cpt-person-label").inner_text() == "Person"
        assert bubble.locator(".cpt-ai-label").count() == 0
        assert page.locator(".cpt-typing").is_hidden()

        # The shopper types and answers: the agent sees the typing and the message; no assistant answers.
        answers_before = page.locator(".cpt-msg-assistant").count()
        page.locator(".cpt-input").press_sequentially("It is order 4471", delay=30)
        agent.wait_for(
            lambda f: f.get("type") == "typing" and f.get("from") == "shopper" and f.get("state") is True,
            what="the shopper typing",
        )
        page.locator(".cpt-input").press("Enter")
        reply = agent.wait_for(
            lambda f: f.get("type") == "shopper_message" and "4471" in str(f.get("text")),
            what="the shopper's reply",
        )
        assert reply["conversation"] == conversation
        mine = page.locator(".cpt-msg-shopper").last
        wait_until(page, lambda: mine.get_attribute("data-status") == "sent", what="the reply acknowledged")
        page.wait_for_timeout(1000)
        assert page.locator(".cpt-msg-assistant").count() == answers_before
        assert page.locator(".cpt-typing").is_hidden()
        assert mine.locator(".cpt-msg-status").is_hidden()  # neither "Sending…" nor "Not sent"

        # A reload resumes the conversation with the agent's message in place and the person still there.
        page.reload()
        page.evaluate("() => window.Comptoir.open()")
        # (what comes back from the server is the redacted text: the agent's words with their placeholders)
        page.locator(".cpt-msg-agent", has_text="your order number").wait_for(timeout=15000)
        order = page.evaluate(
            """() => Array.from(document.querySelector('comptoir-widget').shadowRoot
                  .querySelectorAll('.cpt-log > .cpt-msg'), (n) => n.className.split(' ')[1])"""
        )
        assert order[-2:] == ["cpt-msg-agent", "cpt-msg-shopper"]  # merged by time: the question, then the reply
        assert page.locator(".cpt-msg-agent .cpt-person-label").inner_text() == "Person"
        page.locator(".cpt-handoff-status", has_text="Camille has joined").wait_for(timeout=10000)
        assert host_attr(page, "data-handoff") == "assigned"

        # The agent hands back: the shopper is told, and the assistant answers again.
        agent.send({"type": "hand_back", "conversation": conversation})
        page.locator(".cpt-handoff-status", has_text="Camille handed you back to the AI assistant.").wait_for(
            timeout=10000
        )
        assert host_attr(page, "data-handoff") == "returned"
        assert page.locator(".cpt-handoff-button").is_visible()
        assert page.locator(".cpt-badge").inner_text() == "AI assistant"
        answer = ask(page, "I'm looking for a waterproof jacket for hiking")
        assert answer.locator(".cpt-ai-label").inner_text().strip() == "AI"
    finally:
        agent.close()
