"""One shopper connection: frame validation, rate limiting, and the order of frames in a turn."""

from __future__ import annotations

import logging
import math
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime
from typing import Any

from starlette.concurrency import run_in_threadpool

from assistant.compliance import NoCustomer, ShopperRights
from assistant.compliance.subjects import KINDS
from assistant.config import ChatSettings
from assistant.limits import WindowLimiter
from assistant.records.store import Opened
from assistant.staff import DeskError, HandoverDesk, ShopperMessages, shopper_topic
from assistant.staff.messages import Frame, error
from assistant.turn import ChatService, MessageRefused, TokenRefused
from assistant.turn.chat import printable
from assistant.web.frames import FrameRefused, RateLimiter, parse, rate_limited, unknown_type
from escalation.bus import RESYNC, Subscription

log = logging.getLogger("comptoir.chat")

RATINGS: dict[str | None, int | None] = {"up": 1, "down": -1, None: None}

MAX_CONTACT_CHARS = 254
"""Longest contact left for a reply, in characters (the longest e-mail address); the widget cuts it there."""

HISTORIES_PER_CONNECTION = 32
"""Conversations whose transcript one connection is sent (each once); a connection is one shopper's page."""


class ChatConnection:
    """Turns incoming raw frames into outgoing frames for one WebSocket."""

    def __init__(
        self,
        service: ChatService,
        limits: ChatSettings,
        desk: HandoverDesk,
        messages: ShopperMessages,
        rights: ShopperRights,
        openings: WindowLimiter,
        client: str,
    ):
        self.service = service
        self.limits = limits
        self.desk = desk
        self.messages = messages
        self.rights = rights
        self.openings = openings
        """New conversations per client address, shared with ``POST /api/chat``."""
        self.client = client
        """The client's address, the key of :attr:`openings`."""
        self.opened: Opened | None = None
        self.subscription: Subscription | None = None
        """What people send this shopper from anywhere (agents' messages, hand-over moves), once started."""
        self.locale = service.default_language
        self.limiter = RateLimiter(limits.max_messages_per_second, limits.burst)
        """Messages take a token here, but one its limits refuse (empty, too long)."""
        self.frames = RateLimiter(limits.frames_per_second, limits.frame_burst)
        """Every other frame takes a token here, so that typing or ratings never use up a shopper's messages."""
        self.shown: set[str] = set()
        self.since = datetime.now(UTC)
        """When this socket started listening for the agents' messages (a bus ``resync`` reads those since)."""
        self.agent_seen: set[str] = set()
        """Ids of the agents' messages this socket delivered (live or in a history)."""
        """Conversations whose transcript this connection was sent: a resume sends it once."""

    async def receive(self, raw: str | bytes) -> AsyncIterator[Frame]:
        """Frames to send, in order, in answer to one raw frame."""
        try:
            frame = parse(raw, self.limits.max_frame_bytes)
        except FrameRefused as refused:
            yield refused.frame() if self.frames.allow() else rate_limited()
            return
        kind = frame.get("type")
        if kind == "message":  # takes its token after its own checks
            async for out in self._message(frame):
                yield out
            return
        if not self.frames.allow():
            yield rate_limited()
            return
        handler = _FRAMES.get(kind) if isinstance(kind, str) else None
        if handler is None:
            yield unknown_type(kind)
            return
        async for out in handler(self, frame):
            yield out

    async def _hello(self, frame: Frame) -> AsyncIterator[Frame]:
        token = frame.get("session")
        if token is not None and not isinstance(token, str):
            yield error("bad_frame", "session must be a string or null.")
            return
        vault = frame.get("vault")
        if vault is not None and not isinstance(vault, bool):
            yield error("bad_frame", "vault must be true, false or absent.")
            return
        token = token[:200] if token else None
        refused = await self._admit(token)
        if refused is not None:
            yield refused
            return
        customer = await self._customer(frame.get("customer"))
        if isinstance(customer, dict):
            yield customer  # the reason the token was refused; the chat goes on as a guest
            customer = None
        self.locale = self.service.locale(frame.get("locale"))
        opened = await run_in_threadpool(self.service.open, token, self.locale, vault, customer)
        conversation = opened.conversation.id
        if self.opened is None or self.opened.conversation.id != conversation or self.subscription is None:
            self.close()
            self.subscription = self.desk.bus.subscribe(shopper_topic(conversation))
        self.opened = opened
        yield await run_in_threadpool(self.service.welcome, opened)
        if not opened.resumed or conversation in self.shown or len(self.shown) >= HISTORIES_PER_CONNECTION:
            return
        self.shown.add(conversation)
        async for out in self._resume(opened):
            yield out

    async def _admit(self, token: str | None) -> Frame | None:
        """``None`` when the hello may go on: it resumes a conversation, or this address may open one more;
        otherwise the error frame, and nothing is opened."""
        if await run_in_threadpool(self.service.resumes, token):
            return None
        wait = self.openings.hit(self.client)
        if not wait:
            return None
        message = "Too many new conversations from your address; please try again in a minute."
        return {**error("too_many_conversations", message), "retry_after": math.ceil(wait)}

    async def _resume(self, opened: Opened) -> AsyncIterator[Frame]:
        """What a resume sends after the welcome: the transcript, where the hand-over stands, a copy of the
        shopper's data waiting for them, and the answers to messages stored but not yet answered."""
        conversation = opened.conversation.id
        history, pending = await run_in_threadpool(self.service.history, conversation)
        self.agent_seen |= {entry["id"] for entry in history["agents"]}
        yield history
        handoff = await self.desk.handoff_frame(conversation, self.locale)
        if handoff is not None:
            yield handoff
        ready = await run_in_threadpool(self.rights.copy_ready, opened.conversation)
        if ready is not None:
            yield ready
        for turn in pending:
            async for out in self.messages.reply(turn, self.locale, client=self.client, stream=True):
                yield out

    async def _customer(self, token: Any) -> str | Frame | None:
        """The customer id of the hello's signed token, or the error frame that says why it was refused."""
        if token is None:
            return None
        if not isinstance(token, str) or len(token) > 4096:
            return error("bad_customer_token", "The customer token must be a string; chatting as a guest.")
        try:
            return await run_in_threadpool(self.service.customer, token)
        except TokenRefused as exc:
            return error("bad_customer_token", f"{str(exc).capitalize()}; chatting as a guest.")

    async def _handoff(self, _frame: Frame) -> AsyncIterator[Frame]:
        """The shopper asked for a person with the widget's button; where they stand comes through the bus."""
        if self.opened is None:
            yield error("not_started", "Send a hello frame first.")
            return
        await self.desk.request(self.opened.conversation.id)

    async def _contact(self, frame: Frame) -> AsyncIterator[Frame]:
        """A contact left for a reply while waiting for a person."""
        contact = frame.get("contact")
        if self.opened is None:
            yield error("not_started", "Send a hello frame first.")
        elif not isinstance(contact, str) or not 0 < len(contact) <= MAX_CONTACT_CHARS:
            yield error("bad_contact", "Please give an e-mail address or a phone number.")
        else:
            try:
                yield await self.desk.leave_contact(self.opened.conversation.id, printable(contact), self.locale)
            except DeskError as exc:
                yield error(exc.code, str(exc))

    async def _rating(self, frame: Frame) -> AsyncIterator[Frame]:
        """A thumbs up or down on one of the assistant's answers (``null`` takes it back)."""
        turn, value = frame.get("turn"), frame.get("value")
        if self.opened is None:
            yield error("not_started", "Send a hello frame first.")
        elif not isinstance(turn, str) or not 0 < len(turn) <= 64 or not _rating_value(value):
            yield error("bad_frame", 'A rating needs a turn id and a value "up", "down" or null.')
        elif await run_in_threadpool(self.service.store.rate, self.opened.conversation.id, turn, RATINGS[value]):
            yield {"type": "rating", "turn": turn, "value": value, "saved": True}
        else:
            yield error("not_found", "There is no such answer in this conversation.")

    async def _data_request(self, frame: Frame) -> AsyncIterator[Frame]:
        """The shopper asks for a copy of their data or its erasure: a request for the data-protection team."""
        if self.opened is None:
            yield error("not_started", "Send a hello frame first.")
        elif frame.get("kind") not in KINDS:
            yield error("bad_frame", 'A data request needs a kind: "access" (a copy of your data) or "erasure".')
        else:
            yield await run_in_threadpool(self.rights.data_request, self.opened.conversation, frame["kind"])

    async def _data_download(self, frame: Frame) -> AsyncIterator[Frame]:
        """The shopper downloads the copy of their data the compliance team made ready in this conversation."""
        request_id = frame.get("id")
        if self.opened is None:
            yield error("not_started", "Send a hello frame first.")
        elif not isinstance(request_id, str) or len(request_id) > 64:
            yield error("bad_frame", "A download names the id of the data_ready frame.")
        else:
            copy = await run_in_threadpool(self.rights.data_copy, self.opened.conversation, request_id)
            yield copy or error("not_found", "No copy of your data waits in this conversation (it may have expired).")

    async def _consent(self, frame: Frame) -> AsyncIterator[Frame]:
        """A known customer says whether to be remembered in their next conversations."""
        remember = frame.get("remember")
        if self.opened is None:
            yield error("not_started", "Send a hello frame first.")
        elif not isinstance(remember, bool):
            yield error("bad_frame", "remember must be true or false.")
        else:
            try:
                yield await run_in_threadpool(self.rights.consent, self.opened.conversation, remember)
            except NoCustomer as exc:
                yield error("no_customer", str(exc))

    def close(self) -> None:
        """Stop hearing what people send this shopper."""
        if self.subscription is not None:
            self.subscription.close()
            self.subscription = None

    async def _privacy(self, frame: Frame) -> AsyncIterator[Frame]:
        """The shopper's choice about the vault, at any time; saying no also forgets what was kept."""
        vault = frame.get("vault")
        if self.opened is None:
            yield error("not_started", "Send a hello frame first.")
        elif not isinstance(vault, bool):
            yield error("bad_frame", "vault must be true or false.")
        else:
            yield await run_in_threadpool(self.service.choose_vault, self.opened.conversation.id, vault)

    async def _message(self, frame: Frame) -> AsyncIterator[Frame]:
        client_id, text = frame.get("id"), frame.get("text")
        reply_to = client_id if isinstance(client_id, str) and len(client_id) <= 128 else None
        if self.opened is None:
            refused = error("not_started", "Send a hello frame first.", reply_to)
        elif not isinstance(client_id, str) or not 0 < len(client_id) <= 128:
            refused = error("bad_frame", "A message needs an id: a string of 1 to 128 characters.", reply_to)
        elif not isinstance(text, str):
            refused = error("bad_frame", "A message needs a text string.", reply_to)
        else:
            async for out in self._turn(self.opened, client_id, text):
                yield out
            return
        yield refused if self.frames.allow() else rate_limited(reply_to)

    async def _turn(self, opened: Opened, client_id: str, text: str) -> AsyncIterator[Frame]:
        try:
            self.service.check(text)  # a refused message does not use up the shopper's rate
        except MessageRefused as exc:
            yield error(exc.code, str(exc), client_id)
            return
        if not self.limiter.allow():
            yield rate_limited(client_id)
            return
        async for out in self.messages.send(
            opened.conversation.id, client_id, text, self.locale, self.client, stream=True
        ):
            if out.get("type") == "error" and out.get("code") == "erased":
                self.opened = None  # erased on request a moment ago: the next message needs a new hello
            yield out

    async def translate(self, event: Frame) -> list[Frame]:
        """A bus event for this shopper, as frames; an erasure of their conversation also closes it here, so the
        next message asks for a new ``hello`` instead of writing into a conversation that is gone. After the bus
        came back (``resync``), what it lost: the agents' messages not delivered here, and the hand-over's state."""
        if event.get("type") == "erased" and self.opened is not None:
            self.opened = None
        if event.get("type") == RESYNC:
            if self.opened is None:
                return []
            event_frames = await self.desk.catch_up(
                self.opened.conversation.id, self.since, self.agent_seen, self.locale
            )
        elif _from_agent(event) and event.get("id") in self.agent_seen:  # delivered by a catch-up already
            return []
        else:
            event_frames = [event]
        self.agent_seen |= {f["id"] for f in event_frames if _from_agent(f)}
        return event_frames


def _from_agent(frame: Frame) -> bool:
    """Whether a frame is an agent's message to the shopper."""
    return frame.get("type") == "message" and frame.get("from") == "agent"


def _rating_value(value: Any) -> bool:
    """Whether ``value`` is a rating's value (any JSON value may come, lists and objects included)."""
    return value is None or (isinstance(value, str) and value in RATINGS)


async def _typing(connection: ChatConnection, frame: Frame) -> AsyncIterator[Frame]:
    """The shopper writes (or stopped): the agent holding the conversation sees it."""
    if connection.opened is not None and isinstance(frame.get("state"), bool):
        await connection.desk.shopper_typing(connection.opened.conversation.id, frame["state"])
    return
    yield


async def _ping(_connection: ChatConnection, _frame: Frame) -> AsyncIterator[Frame]:
    yield {"type": "pong"}


_FRAMES: dict[str, Callable[[ChatConnection, Frame], AsyncIterator[Frame]]] = {
    "hello": ChatConnection._hello,
    "privacy": ChatConnection._privacy,
    "handoff": ChatConnection._handoff,
    "contact": ChatConnection._contact,
    "rating": ChatConnection._rating,
    "data_request": ChatConnection._data_request,
    "data_download": ChatConnection._data_download,
    "consent": ChatConnection._consent,
    "typing": _typing,
    "ping": _ping,
}
"""The handler of each frame type but ``message``, which takes its rate token after its own checks."""
