"""Known customers: a merchant signs a short-lived token (JWT, HS256) that ties a conversation to its customer id.

Tokens are read and signed by PyJWT with the algorithm pinned to HS256; what a customer token must also hold
(an ``exp`` no further than the shop allows, a ``sub`` naming the customer) is checked here.
"""

from __future__ import annotations

import math
import time
from typing import Any

import jwt
from jwt.exceptions import InvalidSubjectError
from jwt.types import Options

ALGORITHM = "HS256"
MIN_SECRET_BYTES = 32
"""RFC 7518 §3.2: an HS256 key is at least as long as the hash it feeds (256 bits)."""
MAX_SUBJECT_CHARS = 128

_JWT = jwt.PyJWT({"enforce_minimum_key_length": True})
_READ: Options = {"require": ["exp", "sub"], "verify_exp": False, "enforce_minimum_key_length": True}
"""PyJWT checks that ``exp`` and ``sub`` are there; their values are checked against ``now`` below."""


class TokenRefused(ValueError):
    """A customer token that cannot be trusted, with the reason said plainly; the chat goes on as a guest."""


def customer_id(token: str, secret: str, *, max_lifetime: float, now: float | None = None) -> str:
    """The customer id (``sub``) of a valid token; :class:`TokenRefused` says why one is not.

    Valid means: a JWT signed with HS256 and ``secret``, an ``exp`` in the future but no further than
    ``max_lifetime`` seconds away (the token is short-lived), and a ``sub`` of 1 to 128 characters.
    """
    now = time.time() if now is None else now
    if token.count(".") != 2:
        raise TokenRefused("the customer token is not a JWT (three dot-separated parts)")
    claims = _verified_claims(token, secret)
    expiry = claims["exp"]
    if isinstance(expiry, bool) or not isinstance(expiry, int | float) or not math.isfinite(expiry):
        raise TokenRefused("the customer token has no expiry (exp)")
    if expiry <= now:
        raise TokenRefused("the customer token has expired")
    if expiry > now + max_lifetime:
        raise TokenRefused(f"the customer token lives too long (at most {int(max_lifetime)} s)")
    subject = claims["sub"]
    if not isinstance(subject, str) or not 0 < len(subject) <= MAX_SUBJECT_CHARS:
        raise TokenRefused("the customer token names no customer (sub)")
    return subject


def _verified_claims(token: str, secret: str) -> dict[str, Any]:
    """The claims of a token whose signature PyJWT checked, with ``exp`` and ``sub`` present."""
    try:
        return _JWT.decode(token, secret, algorithms=[ALGORITHM], options=_READ)
    except jwt.InvalidAlgorithmError as exc:
        raise TokenRefused("the customer token must be signed with HS256") from exc
    except jwt.InvalidSignatureError as exc:
        raise TokenRefused("the customer token's signature is wrong") from exc
    except jwt.MissingRequiredClaimError as exc:
        if exc.claim == "exp":
            raise TokenRefused("the customer token has no expiry (exp)") from exc
        raise TokenRefused("the customer token names no customer (sub)") from exc
    except InvalidSubjectError as exc:
        raise TokenRefused("the customer token names no customer (sub)") from exc
    except jwt.ImmatureSignatureError as exc:
        raise TokenRefused("the customer token is not valid yet (nbf or iat)") from exc
    except jwt.InvalidKeyError as exc:
        raise ValueError(f"the customer-token secret needs at least {MIN_SECRET_BYTES} bytes") from exc
    except (jwt.InvalidTokenError, ValueError, RecursionError) as exc:
        raise TokenRefused("the customer token is not readable JSON in base64url") from exc


def sign(claims: dict[str, Any], secret: str) -> str:
    """A token for ``claims`` (what a merchant's site does; here for ``comptoir`` tools and tests)."""
    return _JWT.encode(claims, secret, algorithm=ALGORITHM)
