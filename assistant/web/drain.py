"""A graceful shutdown: stop taking work, let the turns in flight finish, then tell every widget to reconnect.

On SIGTERM the server (``comptoir serve``, each worker process) starts the drain before its own shutdown: ``/readyz``
answers 503 (the load balancer sends no one new), a socket opened meanwhile is closed at once, and each open socket
finishes the frame it is answering (its answer is sent), then closes with code 1012 (service restart), which the
widget reads as "reconnect in a moment" and does after a random pause so that shoppers do not all come back at once.
A message arriving on a socket after the drain began is not read: the widget still holds it (it was never
acknowledged) and sends it again once reconnected. The drain lasts at most ``COMPTOIR_SERVER__DRAIN_SECONDS``; then
the server stops listening, closes what is left the same way and exits. A second SIGTERM skips the wait.
"""

from __future__ import annotations

import asyncio
import logging
import signal
import threading
import time
from collections.abc import Callable
from types import FrameType

log = logging.getLogger("comptoir.app")

RESTART = 1012
"""The close code of a server restarting (RFC 6455's registry: "Service Restart"): reconnect later."""
RESTART_REASON = "The server is restarting; reconnect in a moment."


class Drain:
    """Whether a shutdown began, and the sockets still open."""

    def __init__(self) -> None:
        self.began = asyncio.Event()
        self.sockets = 0

    @property
    def draining(self) -> bool:
        """True once the shutdown began."""
        return self.began.is_set()

    def begin(self) -> None:
        """Start the drain: sockets close once their answer in flight is sent."""
        self.began.set()

    async def finished(self, seconds: float) -> bool:
        """Wait until every socket closed, at most ``seconds``; whether they all did."""
        deadline = time.monotonic() + seconds
        while self.sockets and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
        return not self.sockets


def drain_on_sigterm(drain: Drain, seconds: float) -> Callable[[], None] | None:
    """Make SIGTERM drain (at most ``seconds``) before the server's own handler shuts it down; the function that
    puts the server's handler back, or ``None`` where signals cannot be caught (not the main thread: a test client)."""
    if threading.current_thread() is not threading.main_thread():
        return None
    server_handler = signal.getsignal(signal.SIGTERM)
    if not callable(server_handler):
        return None
    shutdown: Callable[[int, FrameType | None], object] = server_handler
    loop = asyncio.get_running_loop()
    tasks: set[asyncio.Task[None]] = set()

    async def drain_then_stop(number: int, frame: FrameType | None) -> None:
        drain.begin()
        log.info("draining: %d sockets open, at most %.0f s", drain.sockets, seconds)
        finished = await drain.finished(seconds)
        if finished:
            log.info("drained")
        else:
            log.info("drain time over: %d sockets left", drain.sockets)
        shutdown(number, frame)

    def on_sigterm(number: int, frame: FrameType | None) -> None:
        if drain.draining:  # the second SIGTERM: no more waiting
            shutdown(number, frame)
            return
        loop.call_soon_threadsafe(start, number, frame)

    def start(number: int, frame: FrameType | None) -> None:
        task = loop.create_task(drain_then_stop(number, frame))
        tasks.add(task)
        task.add_done_callback(tasks.discard)

    def restore() -> None:
        signal.signal(signal.SIGTERM, server_handler)

    signal.signal(signal.SIGTERM, on_sigterm)
    return restore
