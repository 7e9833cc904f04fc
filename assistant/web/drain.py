"""A graceful shutdown: stop taking work, let the turns in flight finish, then tell every widget to reconnect.

On SIGTERM the server (``comptoir serve``) stops listening and starts the drain: ``/readyz`` answers 503, each
socket finishes the frame it is answering (its answer is sent), then closes with code 1012 (service restart), which
the widget reads as "reconnect in a moment" and does after a random pause so that shoppers do not all come back at
once. A message arriving on a socket after the drain began is not read: the widget still holds it (it was never
acknowledged) and sends it again once reconnected. The drain lasts at most ``COMPTOIR_SERVER__DRAIN_SECONDS``; then
the server closes what is left the same way and exits.
"""

from __future__ import annotations

import asyncio
import time

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
