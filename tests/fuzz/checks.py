"""What every answer of Comptoir to generated input must be: shared by the in-process tests and ``make fuzz``."""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Mapping
from typing import Any

from tests.fuzz.strategies import PERSONAL, Payload, Request

Frame = dict[str, Any]

INVISIBLE = {"Cc", "Cf", "Zs", "Zl", "Zp"}
"""Unicode categories that show nothing: controls, format characters (zero-width, bidi), spaces, separators."""


class Problem(AssertionError):
    """An answer that breaks one of the rules below; each kind its own class, so that Hypothesis reports one
    example of each kind found rather than the first only."""


class MalformedFrame(Problem):
    """A frame that is not a JSON object with a type, or an error frame without a code and a message."""


class FailedOnFrame(Problem):
    """The server answered ``internal``: a frame made it fail."""


class ServerError(Problem):
    """A 5xx answer."""


class BodyNotLimited(Problem):
    """A body over the limit read anyway."""


class NoRetryAfter(Problem):
    """A 429 that does not say when to come back."""


class NotOneShape(Problem):
    """A JSON error not in ``{"detail": {"code", "message"}}``."""


class GivesBackPersonalData(Problem):
    """An error body holding personal data the request held."""


def read_frame(text: str | bytes) -> tuple[Frame | None, Problem | None]:
    """A frame the server sent, and what is wrong with it (``None`` when nothing is)."""
    try:
        frame = json.loads(text)
    except ValueError:
        return None, MalformedFrame(f"the server sent a frame that is not JSON: {text[:200]!r}")
    if not isinstance(frame, dict) or not isinstance(frame.get("type"), str):
        return None, MalformedFrame(f"the server sent a frame with no type: {text[:200]!r}")
    if frame["type"] == "error":
        if not isinstance(frame.get("code"), str) or not frame["code"] or not isinstance(frame.get("message"), str):
            return frame, MalformedFrame(f"an error frame without a code and a message: {frame}")
        if frame["code"] == "internal":
            return frame, FailedOnFrame(f"the server failed on the frame: {frame}")
    return frame, None


def blank(text: str) -> bool:
    """Whether a text shows nothing at all: only spaces, zero-width, bidi and control characters."""
    return all(ch.isspace() or unicodedata.category(ch) in INVISIBLE for ch in text)


def blank_message(payload: Payload) -> str | None:
    """The id of a well-formed ``message`` frame whose text shows nothing (it must get ``empty_text``)."""
    try:
        frame = json.loads(payload)
    except (ValueError, RecursionError):
        return None
    if not isinstance(frame, dict) or frame.get("type") != "message":
        return None
    client_id, text = frame.get("id"), frame.get("text")
    if isinstance(client_id, str) and 0 < len(client_id) <= 128 and isinstance(text, str) and blank(text):
        return client_id
    return None


def acked(frames: list[Frame], client_id: str) -> bool:
    """Whether the server acknowledged (stored) the message ``client_id``."""
    return any(f.get("type") == "ack" and f.get("id") == client_id for f in frames)


def response_problem(
    request: Request, status: int, headers: Mapping[str, str], body: bytes, body_limit: int | None = None
) -> Problem | None:
    """What is wrong with the answer to ``request`` (``None`` when nothing is): a server error, a body over
    ``body_limit`` read anyway, a 429 without ``Retry-After``, a JSON error not in the one shape, or an error
    body that gives back personal data the request held."""
    if status >= 500:
        return ServerError(f"{status} for {request!r}: {body[:300]!r}")
    over = body_limit is not None and request.path.startswith("/api/") and len(request.body) > body_limit
    if over and status != 413:
        return BodyNotLimited(f"a body of {len(request.body)} bytes (limit {body_limit}) got {status}: {request!r}")
    if status == 429 and "retry-after" not in {k.lower() for k in headers}:
        return NoRetryAfter(f"429 without Retry-After for {request!r}")
    media = next((v for k, v in headers.items() if k.lower() == "content-type"), "")
    if 400 <= status < 500 and media.startswith("application/json"):
        try:
            detail = json.loads(body).get("detail")
        except (ValueError, AttributeError):
            detail = None
        if not (isinstance(detail, dict) and {"code", "message"} <= set(detail)):
            return NotOneShape(f"{status} not in the one error shape for {request!r}: {body[:300]!r}")
        if not all(isinstance(detail[k], str) and detail[k] for k in ("code", "message")):
            return NotOneShape(f"{status} with an empty code or message for {request!r}: {body[:300]!r}")
        echoed = [value for value in PERSONAL if value in request.source and value.encode() in body]
        if echoed:
            return GivesBackPersonalData(f"{status} gives back personal data {echoed} for {request!r}: {body[:300]!r}")
    return None
