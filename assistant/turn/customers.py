"""Known customers: a merchant signs a short-lived token (JWT, HS256) that ties a conversation to its customer id."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from typing import Any


class TokenRefused(ValueError):
    """A customer token that cannot be trusted, with the reason said plainly; the chat goes on as a guest."""


def _decode(part: str) -> bytes:
    return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))


def _encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def customer_id(token: str, secret: str, *, max_lifetime: float, now: float | None = None) -> str:
    """The customer id (``sub``) of a valid token; :class:`TokenRefused` says why one is not.

    Valid means: three parts, ``alg`` HS256, the signature made with ``secret``, an ``exp`` in the future but
    no further than ``max_lifetime`` seconds away (the token is short-lived), and a non-empty string ``sub``.
    """
    now = time.time() if now is None else now
    parts = token.split(".")
    if len(parts) != 3:
        raise TokenRefused("the customer token is not a JWT (three dot-separated parts)")
    try:
        header, claims = json.loads(_decode(parts[0])), json.loads(_decode(parts[1]))
        signature = _decode(parts[2])
    except (ValueError, UnicodeDecodeError) as exc:
        raise TokenRefused("the customer token is not readable JSON in base64url") from exc
    if not isinstance(header, dict) or header.get("alg") != "HS256":
        raise TokenRefused("the customer token must be signed with HS256")
    expected = hmac.new(secret.encode(), f"{parts[0]}.{parts[1]}".encode(), hashlib.sha256).digest()
    if not hmac.compare_digest(signature, expected):
        raise TokenRefused("the customer token's signature is wrong")
    if not isinstance(claims, dict):
        raise TokenRefused("the customer token's claims are not an object")
    expiry = claims.get("exp")
    if not isinstance(expiry, int | float):
        raise TokenRefused("the customer token has no expiry (exp)")
    if expiry <= now:
        raise TokenRefused("the customer token has expired")
    if expiry > now + max_lifetime:
        raise TokenRefused(f"the customer token lives too long (at most {int(max_lifetime)} s)")
    subject = claims.get("sub")
    if not isinstance(subject, str) or not 0 < len(subject) <= 128:
        raise TokenRefused("the customer token names no customer (sub)")
    return subject


def sign(claims: dict[str, Any], secret: str) -> str:
    """A token for ``claims`` (what a merchant's site does; here for ``comptoir`` tools and tests)."""
    header = _encode(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
    body = _encode(json.dumps(claims).encode())
    signature = hmac.new(secret.encode(), f"{header}.{body}".encode(), hashlib.sha256).digest()
    return f"{header}.{body}.{_encode(signature)}"
