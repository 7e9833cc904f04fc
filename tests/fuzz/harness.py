"""Keeping in step with a socket under generated frames: each frame is followed by a marker frame the server
refuses by name (it changes nothing), and what the server sends up to that refusal is its answer. Shared by the
in-process tests and ``make fuzz``."""

from __future__ import annotations

import itertools
import json
import time
from collections.abc import Callable
from contextlib import AbstractContextManager, ExitStack
from dataclasses import dataclass
from typing import Any

from tests.fuzz.checks import Frame, Problem, read_frame
from tests.fuzz.strategies import Payload

ANSWER_WITHIN = 60.0
"""Seconds the server has to answer a frame and the marker after it (a turn takes well under one)."""
RATE_PAUSE = 0.3
"""Seconds waited before a new marker when the server refused the last one as over the rate."""

PREFIX = "in-step-"
_numbers = itertools.count()


def _name() -> str:
    return f"{PREFIX}{next(_numbers)}"


@dataclass(frozen=True)
class Marker:
    """A frame the server refuses with an error naming it: the end of the answer to the frame before it.
    ``field`` is where the refusal names it."""

    frame: Callable[[str], str]
    field: str

    def named(self, frame: Frame) -> str | None:
        """The marker a frame is the refusal of, if it is one."""
        name = frame.get(self.field) if frame.get("type") == "error" else None
        return name if isinstance(name, str) and name.startswith(PREFIX) else None


SHOPPER_MARKER = Marker(
    # An empty message: refused with ``empty_text`` (or ``not_started``) naming its id; nothing is stored.
    lambda name: json.dumps({"type": "message", "id": name, "text": ""}),
    "reply_to",
)
AGENT_MARKER = Marker(
    # Opening a conversation that does not exist: refused with ``not_found`` naming it.
    lambda name: json.dumps({"type": "open", "conversation": name}),
    "conversation",
)


class Dropped(AssertionError):
    """The server closed or dropped the socket."""


_CAUSES: dict[str, type[Dropped]] = {}


def dropped(message: str, cause: BaseException | None) -> Dropped:
    """A :class:`Dropped` of a class named after what the server's handler failed with, so that Hypothesis
    reports one example of each cause it found."""
    name = type(cause).__name__ if cause is not None else "Closed"
    kind = _CAUSES.setdefault(name, type(f"DroppedBy{name}", (Dropped,), {}))
    return kind(message)


def answer(
    send: Callable[[Payload], None], receive: Callable[[], Frame | None], marker: Marker, payload: Payload
) -> list[Frame]:
    """Send ``payload`` then a marker; the frames received up to the marker's refusal, markers' refusals left
    out. ``receive`` returns ``None`` for a frame that could not be read (its problem noted where it was read)."""
    name = _name()
    send(payload)
    send(marker.frame(name))
    frames: list[Frame] = []
    while True:
        frame = receive()
        if frame is None:
            continue
        refused = marker.named(frame)
        if refused == name and frame.get("code") != "rate_limited":
            return frames
        if refused is None:
            frames.append(frame)
        if frame.get("code") == "rate_limited":  # perhaps the marker itself: send another one
            time.sleep(RATE_PAUSE)
            name = _name()
            send(marker.frame(name))


def receive(ws: Any, timeout: float) -> dict[str, Any]:
    """The next ASGI message the app sent on a test client's WebSocket, waiting at most ``timeout`` seconds
    (Starlette's test session waits forever)."""
    pending = ws.portal.start_task_soon(ws._send_rx.receive)
    try:
        message: dict[str, Any] = pending.result(timeout)
    except TimeoutError:
        pending.cancel()
        raise AssertionError(f"no answer within {timeout:.0f} s") from None
    except Exception as exc:  # the app's end of the socket is gone without a close frame
        raise Dropped(f"the socket was dropped without a close frame ({type(exc).__name__})") from exc
    return message


class LiveSocket:
    """One WebSocket of a test client, kept open across generated frames; opened again only after the server
    closed it (which fails the frame that made it)."""

    def __init__(self, connect: Callable[[], AbstractContextManager[Any]], marker: Marker, greeting: Payload):
        self._connect = connect
        self._marker = marker
        self._greeting = greeting
        self._stack: ExitStack | None = None
        self._problems: list[Problem] = []
        self.ws: Any = None
        self.frames_sent = 0

    def open(self) -> list[Frame]:
        """Open the socket and send the greeting; the frames it got in answer."""
        self._stack = ExitStack()
        self.ws = self._stack.enter_context(self._connect())
        return self.exchange(self._greeting)

    def exchange(self, payload: Payload) -> list[Frame]:
        """Send ``payload``; every frame in answer. Fails on a frame that is not well formed, and on a socket
        closed or dropped (the next exchange opens a new one)."""
        if self.ws is None:
            self.open()
        self._problems = []
        try:
            frames = answer(self._send, self._receive, self._marker, payload)
        except Dropped as exc:
            cause = self._forget()
            message = (
                f"{exc}; the handler failed with {type(cause).__name__}: {str(cause)[:200]}" if cause else str(exc)
            )
            raise dropped(message, cause) from None
        if self._problems:
            raise self._problems[0]
        return frames

    def close(self) -> BaseException | None:
        """Close the socket from the client's side; what the server's handler failed with, if it did."""
        return self._forget()

    def _send(self, payload: Payload) -> None:
        self.frames_sent += 1
        try:
            if isinstance(payload, bytes):
                self.ws.send_bytes(payload)
            else:
                self.ws.send_text(payload)
        except Exception as exc:  # the app's end is gone: the frame before this one ended it
            raise Dropped(f"the socket was gone before the next frame could be sent ({type(exc).__name__})") from exc

    def _receive(self) -> Frame | None:
        message = receive(self.ws, ANSWER_WITHIN)
        if message["type"] == "websocket.close":
            raise Dropped(f"the server closed the socket: code {message.get('code')} {message.get('reason')!r}")
        frame, problem = read_frame(message.get("text") or message.get("bytes") or b"")
        if problem is not None:
            self._problems.append(problem)
        return frame

    def _forget(self) -> BaseException | None:
        """Let go of the socket; what its handler failed with, if it did."""
        stack, self._stack, self.ws = self._stack, None, None
        try:
            if stack is not None:
                stack.close()
        except Exception as exc:  # the handler's own exception, re-raised by the test session
            return exc
        return None
