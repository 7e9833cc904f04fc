"""ASGI middleware of the web edge: the request body limit, the security headers, and the access log."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable

from fastapi import HTTPException
from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

access_log = logging.getLogger("comptoir.access")

STAFF_PREFIXES = ("/console", "/compliance")
STAFF_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
"""The Content-Security-Policy of staff pages: their own scripts, styles and socket only, never in a frame."""


class BodyTooLarge(HTTPException):
    """A request body over the limit: answered 413 in the one error shape."""

    def __init__(self, limit: int):
        message = f"Request bodies are limited to {limit} bytes."
        super().__init__(413, {"code": "body_too_large", "message": message})


class BodyLimit:
    """Refuses a request body over ``limit()`` bytes before anything parses it.

    A declared ``Content-Length`` over the limit is answered 413 at once, before the app reads anything; a body
    without one (chunked) is counted as it is read, and the app stops reading with 413 as soon as it passes the
    limit. The server discards what the client still sends, and the connection stays usable. WebSocket and
    lifespan scopes go through untouched.
    """

    def __init__(self, app: ASGIApp, limit: Callable[[], int]):
        self.app, self.limit = app, limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.limit()
        declared = Headers(scope=scope).get("content-length")
        if declared is not None and (not _whole(declared) or int(declared) > limit):
            await _refuse(BodyTooLarge(limit), send)
            return
        received, started = 0, False

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLarge(limit)
            return message

        async def watched(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted, watched)
        except BodyTooLarge as exc:  # raised where no exception handler answered it
            if started:
                raise
            await _refuse(exc, send)


def _whole(text: str) -> bool:
    return text.strip().isascii() and text.strip().isdigit()


async def _refuse(exc: BodyTooLarge, send: Send) -> None:
    body = json.dumps({"detail": exc.detail}, separators=(",", ":")).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": exc.status_code, "headers": headers})
    await send({"type": "http.response.body", "body": body})


class SecurityHeaders:
    """``X-Content-Type-Options: nosniff`` on every response; on staff pages (``/console``, ``/compliance``) also
    the Content-Security-Policy (no inline script, no framing) and ``Referrer-Policy: same-origin``.

    The widget's script and the demo shop page carry no ``frame-ancestors``: merchants' pages embed them."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        staff = is_staff_path(scope["path"])

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers.setdefault("X-Content-Type-Options", "nosniff")
                if staff:
                    headers.setdefault("Content-Security-Policy", STAFF_POLICY)
                    headers.setdefault("X-Frame-Options", "DENY")
                    headers.setdefault("Referrer-Policy", "same-origin")
            await send(message)

        await self.app(scope, receive, with_headers)


def is_staff_path(path: str) -> bool:
    """Whether ``path`` is one of the staff consoles' (agents' or compliance), pages and data alike."""
    return any(path == prefix or path.startswith(prefix + "/") for prefix in STAFF_PREFIXES)


class AccessLog:
    """One line per HTTP request on ``comptoir.access``: the method, the route's template (never the values in
    the path, nor the query string) and the status."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        status = 500

        async def noted(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, noted)
        finally:
            route = getattr(scope.get("route"), "path", None)
            access_log.info('"%s %s" %d', scope["method"], route or "(no route)", status)
