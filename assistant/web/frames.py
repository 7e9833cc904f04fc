"""What both WebSockets do with a raw frame before reading it: the size cap, a safe JSON parse, and the rate."""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator
from itertools import accumulate
from typing import Any

from assistant.staff.messages import Frame, error

MAX_DEPTH = 16
"""Deepest nesting of arrays and objects read in a frame; the protocol's frames are one level deep."""

_STRING = re.compile(r'"(?:[^"\\]++|\\.)*+"?', re.DOTALL)
_NOT_BRACKET = re.compile(r"[^\[\]{}]++")
_STEP = {"[": 1, "{": 1, "]": -1, "}": -1}
_MAYBE_SURROGATE = re.compile(r"\\u[dD][89a-fA-F]|[\ud800-\udfff]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")


class FrameRefused(ValueError):
    """A raw frame that cannot be read: ``code`` names why, for the error frame."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code

    def frame(self) -> Frame:
        """The error frame that answers it."""
        return error(self.code, str(self))


class RateLimiter:
    """A token bucket: ``rate`` frames a second on average, ``burst`` at once."""

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


def rate_limited(reply_to: str | None = None) -> Frame:
    """The error frame for a frame over the connection's rate."""
    return error("rate_limited", "Too many frames at once; please wait a moment.", reply_to)


def unknown_type(kind: object) -> Frame:
    """The error frame for a frame whose type this socket does not take."""
    named = f" {kind[:40]!r}" if isinstance(kind, str) else ""
    return error("unknown_type", f"Unknown frame type{named}.")


def parse(raw: str | bytes, max_bytes: int) -> Frame:
    """The JSON object a raw frame holds, or ``FrameRefused``.

    Refused: frames over ``max_bytes``, text that is not UTF-8 JSON (``NaN`` and ``Infinity`` included), anything
    but an object, nesting deeper than :data:`MAX_DEPTH` (checked before parsing, since the parser recurses),
    and any string, key or value, holding an unpaired surrogate (``bad_text``).
    """
    if len(raw) > max_bytes:
        raise FrameRefused("frame_too_large", f"Frames are limited to {max_bytes} bytes.")
    try:
        text = raw.decode() if isinstance(raw, bytes) else raw
    except UnicodeDecodeError:
        raise FrameRefused("bad_json", "Frames must be JSON objects in UTF-8.") from None
    if too_deep(text):
        raise FrameRefused("bad_json", f"Frames may nest arrays and objects {MAX_DEPTH} levels deep at most.")
    try:
        frame = json.loads(text, parse_constant=_no_constant)
    except ValueError:
        frame = None
    if not isinstance(frame, dict):
        raise FrameRefused("bad_json", "Frames must be JSON objects.")
    if _MAYBE_SURROGATE.search(text) and any(_SURROGATE.search(value) for value in _strings(frame)):
        raise FrameRefused("bad_text", "Texts must be valid Unicode: a character was cut in half.")
    return frame


def too_deep(text: str) -> bool:
    """Whether the JSON ``text`` nests arrays and objects deeper than :data:`MAX_DEPTH` (strings skipped)."""
    brackets = _NOT_BRACKET.sub("", _STRING.sub("", text))
    if len(brackets) <= MAX_DEPTH:
        return False
    return max(accumulate(_STEP[bracket] for bracket in brackets)) > MAX_DEPTH


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def _strings(value: Any) -> Iterator[str]:
    """Every string in a parsed frame, keys included."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            yield item
        elif isinstance(item, dict):
            stack.extend(item)
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
