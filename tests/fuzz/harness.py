"""A test client's WebSocket kept open across generated frames: each frame is followed by a ping, and what the
server sends up to the pong is its answer. A socket the server closes or drops fails the frame that did it."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager, ExitStack
from typing import Any

from tests.fuzz.checks import Frame, read_frame
from tests.fuzz.strategies import Payload

PING = '{"type": "ping"}'
ANSWER_WITHIN = 60.0
"""Seconds the server has to answer a frame and the ping after it (a turn takes well under one)."""


class Dropped(AssertionError):
    """The server closed or dropped the socket."""


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
    """One WebSocket of a test client, opened again only after the server closed it (which fails a test)."""

    def __init__(self, connect: Callable[[], AbstractContextManager[Any]], greeting: Payload | None = None):
        self._connect = connect
        self._greeting = greeting
        self._stack: ExitStack | None = None
        self.ws: Any = None
        self.frames_sent = 0

    def open(self) -> list[Frame]:
        """Open the socket (and send the greeting, a ``hello``); the frames it got up to the first pong."""
        self._stack = ExitStack()
        self.ws = self._stack.enter_context(self._connect())
        return self.exchange(self._greeting or PING)

    def exchange(self, payload: Payload) -> list[Frame]:
        """Send ``payload`` and a ping; every frame up to the pong. Fails on a frame that is not well formed,
        and on a socket closed or dropped (the next exchange opens a new one)."""
        if self.ws is None:
            self.open()
        try:
            self._send(payload)
            self._send(PING)
            return self._until_pong()
        except Dropped as exc:
            raise Dropped(f"{exc}{self._forget()}") from None

    def close(self) -> None:
        """Close the socket from the client's side."""
        if self._stack is not None:
            self._stack.close()
        self._stack, self.ws = None, None

    def _send(self, payload: Payload) -> None:
        self.frames_sent += 1
        if isinstance(payload, bytes):
            self.ws.send_bytes(payload)
        else:
            self.ws.send_text(payload)

    def _until_pong(self) -> list[Frame]:
        frames: list[Frame] = []
        problems: list[str] = []
        while True:
            message = receive(self.ws, ANSWER_WITHIN)
            if message["type"] == "websocket.close":
                raise Dropped(f"the server closed the socket: code {message.get('code')} {message.get('reason')!r}")
            frame, problem = read_frame(message.get("text") or message.get("bytes") or b"")
            if problem is not None:
                problems.append(problem)
            if frame is not None:
                frames.append(frame)
                if frame["type"] == "pong":
                    assert not problems, "; ".join(problems)
                    return frames

    def _forget(self) -> str:
        """Let go of a socket the server closed; the error the app ended with, if any."""
        stack, self._stack, self.ws = self._stack, None, None
        try:
            if stack is not None:
                stack.close()
        except Exception as exc:  # the handler's own exception, re-raised by the test session
            return f"; the handler failed with {type(exc).__name__}: {str(exc)[:200]}"
        return ""
