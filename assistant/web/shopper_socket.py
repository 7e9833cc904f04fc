"""One shopper connection: frame validation, rate limiting, and the order of frames in a turn."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import AsyncIterator
from typing import Any

from starlette.concurrency import run_in_threadpool

from assistant.compliance import NoCustomer, ShopperRights
from assistant.compliance.subjects import KINDS
from assistant.config import ChatSettings
from assistant.records.store import Opened
from assistant.staff import DeskError, HandoverDesk, ShopperMessages, shopper_topic
from assistant.staff.messages import Frame, error
from assistant.turn import ChatService, MessageRefused, TokenRefused
from assistant.turn.chat import printable
from escalation.bus import Subscription

log = logging.getLogger("comptoir.chat")

RATINGS: dict[str | None, int | None] = {"up": 1, "down": -1, None: None}


class RateLimiter:
    """A token bucket: ``rate`` messages a second on average, ``burst`` at once."""

    def __init__(self, rate: float, burst: int):
        self.rate, self.burst = rate, burst
        self.tokens = float(burst)
        self.stamp = time.monotonic()

    def allow(self) -> bool:
        """Take a token if one is left."""
        now = time.monotonic()
        self.tokens = min(self.burst, self.tokens + (now - self.stamp) * self.rate)
        self.stamp = now
        if self.tokens >= 1:
            self.tokens -= 1
            return True
        return False


class ChatConnection:
    """Turns incoming raw frames into outgoing frames for one WebSocket."""

    def __init__(
        self,
        service: ChatService,
        limits: ChatSettings,
        desk: HandoverDesk,
        messages: ShopperMessages,
        rights: ShopperRights,
    ):
        self.service = service
        self.limits = limits
        self.desk = desk
        self.messages = messages
        self.rights = rights
        self.opened: Opened | None = None
        self.subscription: Subscription | None = None
        """What people send this shopper from anywhere (agents' messages, hand-over moves), once started."""
        self.locale = service.default_language
        self.limiter = RateLimiter(limits.max_messages_per_second, limits.burst)

    async def receive(self, raw: str | bytes) -> AsyncIterator[Frame]:
        """Frames to send, in order, in answer to one raw frame."""
        if len(raw) > self.limits.max_frame_bytes:
            yield error("frame_too_large", f"Frames are limited to {self.limits.max_frame_bytes} bytes.")
            return
        try:
            frame = json.loads(raw)
        except (ValueError, UnicodeDecodeError):
            yield error("bad_json", "Frames must be JSON objects.")
            return
        if not isinstance(frame, dict):
            yield error("bad_json", "Frames must be JSON objects.")
            return
        kind = frame.get("type")
        if kind == "hello":
            async for out in self._hello(frame):
                yield out
        elif kind == "message":
            async for out in self._message(frame):
                yield out
        elif kind == "privacy":
            async for out in self._privacy(frame):
                yield out
        elif kind == "handoff":
            async for out in self._handoff():
                yield out
        elif kind == "contact":
            async for out in self._contact(frame):
                yield out
        elif kind == "rating":
            async for out in self._rating(frame):
                yield out
        elif kind == "data_request":
            async for out in self._data_request(frame):
                yield out
        elif kind == "data_download":
            async for out in self._data_download(frame):
                yield out
        elif kind == "consent":
            async for out in self._consent(frame):
                yield out
        elif kind == "typing":
            if self.opened is not None and isinstance(frame.get("state"), bool):
                await self.desk.shopper_typing(self.opened.conversation.id, frame["state"])
        elif kind == "ping":
            yield {"type": "pong"}
        else:
            yield error("unknown_type", f"Unknown frame type {str(kind)[:40]!r}.")

    async def _hello(self, frame: Frame) -> AsyncIterator[Frame]:
        token = frame.get("session")
        if token is not None and not isinstance(token, str):
            yield error("bad_frame", "session must be a string or null.")
            return
        vault = frame.get("vault")
        if vault is not None and not isinstance(vault, bool):
            yield error("bad_frame", "vault must be true, false or absent.")
            return
        customer = await self._customer(frame.get("customer"))
        if isinstance(customer, dict):
            yield customer  # the reason the token was refused; the chat goes on as a guest
            customer = None
        self.locale = self.service.locale(frame.get("locale"))
        self.opened = await run_in_threadpool(
            self.service.open, token[:200] if token else None, self.locale, vault, customer
        )
        self.close()
        self.subscription = self.desk.bus.subscribe(shopper_topic(self.opened.conversation.id))
        yield await run_in_threadpool(self.service.welcome, self.opened)
        if not self.opened.resumed:
            return
        conversation = self.opened.conversation.id
        history, pending = await run_in_threadpool(self.service.history, conversation)
        yield history
        handoff = await self.desk.handoff_frame(conversation, self.locale)
        if handoff is not None:
            yield handoff
        ready = await run_in_threadpool(self.rights.copy_ready, self.opened.conversation)
        if ready is not None:
            yield ready
        for turn in pending:
            async for out in self.messages.reply(turn, self.locale):
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

    async def _handoff(self) -> AsyncIterator[Frame]:
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
        elif not isinstance(contact, str) or not 0 < len(contact) <= 200:
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
        elif not isinstance(turn, str) or not 0 < len(turn) <= 64 or value not in RATINGS:
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
        reply_to = client_id if isinstance(client_id, str) else None
        if self.opened is None:
            yield error("not_started", "Send a hello frame first.", reply_to)
        elif not isinstance(client_id, str) or not 0 < len(client_id) <= 128:
            yield error("bad_frame", "A message needs an id: a string of 1 to 128 characters.", reply_to)
        elif not isinstance(text, str):
            yield error("bad_frame", "A message needs a text string.", reply_to)
        else:
            try:
                self.service.check(text)  # a refused message does not use up the shopper's rate
            except MessageRefused as exc:
                yield error(exc.code, str(exc), reply_to)
                return
            if not self.limiter.allow():
                yield error("rate_limited", "Too many messages at once; please wait a moment.", reply_to)
                return
            async for out in self.messages.send(self.opened.conversation.id, client_id, text, self.locale):
                if out.get("type") == "error" and out.get("code") == "erased":
                    self.opened = None  # erased on request a moment ago: the next message needs a new hello
                yield out

    async def translate(self, event: Frame) -> list[Frame]:
        """A bus event for this shopper, as frames; an erasure of their conversation also closes it here, so the
        next message asks for a new ``hello`` instead of writing into a conversation that is gone."""
        if event.get("type") == "erased" and self.opened is not None:
            self.opened = None
        return [event]
