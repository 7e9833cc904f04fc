"""One agent's console connection: frame validation, the agent's moves, and which bus events reach them."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from typing import Any

from assistant.staff.accounts import User
from assistant.staff.desk import AGENTS, DeskError, HandoverDesk
from assistant.staff.messages import Frame, error
from assistant.turn.chat import printable
from assistant.web.frames import FrameRefused, RateLimiter, parse, rate_limited, unknown_type
from escalation.bus import RESYNC, Subscription

Put = Callable[[Frame], Awaitable[None]]

REFRESH_EVERY = 0.3
"""Least seconds between two queue lists sent to one console (a burst of changes is sent once)."""
PRESENCE_EVERY = 10.0


class AgentConnection:
    """Turns an agent's raw frames into desk calls, and bus events into console frames."""

    def __init__(self, desk: HandoverDesk, agent: User, max_frame_bytes: int, limiter: RateLimiter):
        self.desk = desk
        self.agent = agent
        self.max_frame_bytes = max_frame_bytes
        self.limiter = limiter
        """Every frame from the console takes a token."""
        self.watching: set[str] = set()
        self.subscription: Subscription = desk.bus.subscribe(AGENTS)
        self.presence_key = f"agent:{agent.name}:{uuid.uuid4().hex}"
        self._stale = asyncio.Event()

    def hello(self) -> Frame:
        """The first frame: who is logged in."""
        agent = self.agent
        return {"type": "hello", "agent": {"name": agent.name, "display_name": agent.display_name, "role": agent.role}}

    async def receive(self, raw: str | bytes) -> AsyncIterator[Frame]:
        """Frames to send in answer to one raw frame from the console."""
        if not self.limiter.allow():
            yield rate_limited()
            return
        try:
            frame = parse(raw, self.max_frame_bytes)
        except FrameRefused as refused:
            yield refused.frame()
            return
        kind, conversation = frame.get("type"), frame.get("conversation")
        if kind == "ping":
            yield {"type": "pong"}
            return
        action = _ACTIONS.get(kind) if isinstance(kind, str) else None
        if action is None:
            yield unknown_type(kind)
            return
        if not isinstance(conversation, str) or not 0 < len(conversation) <= 64:
            yield error("bad_frame", "A conversation id is needed.")
            return
        try:
            async for out in action(self, conversation, frame):
                yield out
        except DeskError as exc:
            yield {**error(exc.code, str(exc)), "conversation": conversation}

    async def translate(self, event: Frame) -> Sequence[Frame]:
        """A bus event as console frames: the lists when the queue changed, a conversation's events if open."""
        if event.get("type") == "refresh":
            self._stale.set()
            return []
        if event.get("type") == RESYNC:  # after a bus outage: the lists and the open conversations, read again
            self._stale.set()
            return [await self.desk.view(conversation) for conversation in sorted(self.watching)]
        return [event] if event.get("conversation") in self.watching else []

    async def refresher(self, put: Put) -> None:
        """Send the lists at once, then whenever they change, at most every :data:`REFRESH_EVERY` seconds."""
        await put(await self.desk.snapshot())
        while True:
            await self._stale.wait()
            self._stale.clear()
            await put(await self.desk.snapshot())
            await asyncio.sleep(REFRESH_EVERY)

    async def presence(self, _put: Put) -> None:
        """Count this console among the agents online while it is open."""
        await self.desk.agent_present(self.presence_key)
        await self.desk.queue_changed()
        while True:
            await asyncio.sleep(PRESENCE_EVERY)
            await self.desk.agent_present(self.presence_key)

    async def leave(self) -> None:
        """The console closed: stop listening and stop counting it as online."""
        self.subscription.close()
        await self.desk.agent_left(self.presence_key)

    # -- the agent's moves ---------------------------------------------------------------------------

    async def _open(self, conversation: str, _frame: Frame) -> AsyncIterator[Frame]:
        view = await self.desk.view(conversation)
        self.watching.add(conversation)
        yield view

    async def _claim(self, conversation: str, _frame: Frame) -> AsyncIterator[Frame]:
        self.watching.add(conversation)
        await self.desk.claim(self.agent, conversation)
        yield {"type": "done", "action": "claim", "conversation": conversation}

    async def _take_over(self, conversation: str, _frame: Frame) -> AsyncIterator[Frame]:
        self.watching.add(conversation)
        await self.desk.claim(self.agent, conversation, take_over=True)
        yield {"type": "done", "action": "take_over", "conversation": conversation}

    async def _message(self, conversation: str, frame: Frame) -> AsyncIterator[Frame]:
        client_id = frame.get("id")
        if not isinstance(client_id, str) or not 0 < len(client_id) <= 128:
            raise DeskError("bad_frame", "A message needs an id: a string of 1 to 128 characters.")
        await self.desk.send(self.agent, conversation, client_id, printable(_text(frame)))
        yield {"type": "done", "action": "message", "conversation": conversation, "id": client_id}

    async def _note(self, conversation: str, frame: Frame) -> AsyncIterator[Frame]:
        self.watching.add(conversation)
        await self.desk.note(self.agent, conversation, printable(_text(frame)))
        yield {"type": "done", "action": "note", "conversation": conversation}

    async def _typing(self, conversation: str, frame: Frame) -> AsyncIterator[Frame]:
        state = frame.get("state")
        if not isinstance(state, bool):
            raise DeskError("bad_frame", "state must be true or false.")
        await self.desk.agent_typing(self.agent, conversation, state)
        return
        yield

    async def _hand_back(self, conversation: str, _frame: Frame) -> AsyncIterator[Frame]:
        await self.desk.hand_back(self.agent, conversation)
        yield {"type": "done", "action": "hand_back", "conversation": conversation}

    async def _close(self, conversation: str, frame: Frame) -> AsyncIterator[Frame]:
        resolution = frame.get("resolution")
        if not isinstance(resolution, str):
            raise DeskError("bad_frame", "A conversation is closed with a resolution.")
        await self.desk.close(self.agent, conversation, printable(resolution))
        yield {"type": "done", "action": "close", "conversation": conversation}


def _text(frame: Frame) -> str:
    text = frame.get("text")
    if not isinstance(text, str):
        raise DeskError("bad_frame", "A text string is needed.")
    return text


_ACTIONS: dict[str, Any] = {
    "open": AgentConnection._open,
    "claim": AgentConnection._claim,
    "take_over": AgentConnection._take_over,
    "message": AgentConnection._message,
    "note": AgentConnection._note,
    "typing": AgentConnection._typing,
    "hand_back": AgentConnection._hand_back,
    "close": AgentConnection._close,
}
