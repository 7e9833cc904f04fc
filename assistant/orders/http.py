"""What the platform adapters share: one HTTP client with a timeout, that waits out rate limiting (a 429 answer's
``Retry-After``, within a bound) and turns every other failure into :class:`OrderSourceError`, whose message never
holds a credential."""

from __future__ import annotations

import time
from datetime import date, datetime
from typing import Any

import httpx

RETRIES = 2
"""Rate-limited requests tried again at most."""
LONGEST_WAIT = 5.0
"""Seconds a ``Retry-After`` is waited at most: longer, and the look-up fails now rather than keep the shopper."""


class OrderSourceError(RuntimeError):
    """The shop's order system did not answer usably (down, too slow, refused our credentials, rate limited for
    too long): the look-up cannot be made now."""


class PlatformClient:
    """Requests to one platform's API, with its credentials in headers (never in a logged URL)."""

    def __init__(self, base_url: str, headers: dict[str, str], timeout: float, auth: tuple[str, str] | None = None):
        self.platform = base_url
        self._client = httpx.Client(
            base_url=base_url.rstrip("/"), headers=headers, timeout=timeout, auth=auth, trust_env=False
        )

    def request(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        """The answer to one request; 429 is waited out (``Retry-After``) up to ``RETRIES`` times; a timeout, a
        connection failure, a 401/403 or a 5xx is an :class:`OrderSourceError`. A 404 is returned as it is."""
        for attempt in range(RETRIES + 1):
            try:
                response = self._client.request(method, path, **kwargs)
            except httpx.TimeoutException as exc:
                raise OrderSourceError(f"the order system did not answer in time ({method} {path})") from exc
            except httpx.HTTPError as exc:
                raise OrderSourceError(f"the order system cannot be reached ({type(exc).__name__})") from exc
            if response.status_code == 429 and attempt < RETRIES:
                wait = retry_after(response)
                if wait is None or wait > LONGEST_WAIT:
                    raise OrderSourceError("the order system is rate limiting us for longer than a shopper waits")
                time.sleep(wait)
                continue
            if response.status_code in (401, 403):
                raise OrderSourceError(f"the order system refused our credentials ({response.status_code})")
            if response.status_code == 429 or response.status_code >= 500:
                raise OrderSourceError(f"the order system answered {response.status_code}")
            return response
        raise AssertionError("unreachable")

    def close(self) -> None:
        """Close the connections."""
        self._client.close()


def day(value: Any) -> date | None:
    """The day of a platform's timestamp: ISO 8601 (with "Z" or an offset), or a Unix time (WooCommerce's
    Shipment Tracking extension writes one); ``None`` for nothing."""
    if value in (None, ""):
        return None
    if isinstance(value, int | float) or str(value).isdigit():
        return datetime.fromtimestamp(int(value)).date()
    return datetime.fromisoformat(str(value).replace("Z", "+00:00")).date()


def retry_after(response: httpx.Response) -> float | None:
    """The seconds a rate-limited answer asks to wait (``Retry-After`` in seconds), or ``None``."""
    try:
        return max(0.0, float(response.headers.get("Retry-After", "")))
    except ValueError:
        return None
