"""What a shop's on-call and its orchestrator read: liveness, readiness and the metrics."""

from __future__ import annotations

import asyncio
import hmac
import ipaddress
from collections.abc import Awaitable, Callable
from typing import Any

import anyio
from fastapi import APIRouter, HTTPException, Request, Response
from fastapi.responses import JSONResponse

from assistant.metrics import CONTENT_TYPE
from assistant.runtime import Runtime
from assistant.web.deps import client_address

router = APIRouter()

CHECK_SECONDS = 3.0
"""How long one readiness check may take before it counts as failed."""
REQUIRED = ("database", "index")
"""What the server cannot answer without; the bus and Chroma only degrade it."""


@router.get("/healthz")
def healthz(request: Request) -> JSONResponse:
    """Liveness: 200 once the process has loaded what it serves (503 while it starts); it reads no dependency, so
    a database or Redis outage never gets a healthy process restarted."""
    if getattr(request.app.state, "runtime", None) is None:
        return JSONResponse({"status": "starting"}, status_code=503)
    return JSONResponse({"status": "ok"})


@router.get("/readyz")
async def readyz(request: Request) -> JSONResponse:
    """Readiness: 200 when the database and the index answer (``ready``, or ``degraded`` with the bus or Chroma
    down: the server still answers, on words alone, and stores what the bus could not carry); 503 when the database
    or the index fails, while starting, and once a shutdown began (so the load balancer sends no one new). Each
    check's outcome is in the body."""
    runtime: Runtime | None = getattr(request.app.state, "runtime", None)
    if runtime is None:
        return JSONResponse({"status": "starting"}, status_code=503)
    if request.app.state.drain.draining:
        return JSONResponse({"status": "draining"}, status_code=503)

    def index() -> None:
        if runtime.index.current().empty:
            raise LookupError("nothing ingested")

    names = ("database", "bus", "chroma", "index")
    outcomes = await asyncio.gather(
        _check(lambda: _in_thread(runtime.store.ready)),
        _check(runtime.bus.ready),
        _check(lambda: _in_thread(runtime.index.ready)),
        _check(lambda: _in_thread(index)),
    )
    checks = dict(zip(names, outcomes, strict=True))
    if any(checks[name] != "ok" for name in REQUIRED):
        return JSONResponse({"status": "not_ready", "checks": checks}, status_code=503)
    status = "ready" if all(value == "ok" for value in checks.values()) else "degraded"
    return JSONResponse({"status": status, "checks": checks})


async def _in_thread(call: Callable[[], Any]) -> Any:
    """``call`` in a worker thread that a timeout leaves behind rather than waits for."""
    return await anyio.to_thread.run_sync(call, abandon_on_cancel=True)


async def _check(check: Callable[[], Awaitable[Any]]) -> str:
    """``ok``, or the name of what went wrong (never an exception's message: it may hold a URL with a password)."""
    try:
        with anyio.fail_after(CHECK_SECONDS):
            await check()
    except TimeoutError:
        return "timeout"
    except Exception as exc:
        return f"error: {type(exc).__name__}"
    return "ok"


@router.get("/metrics")
def metrics(request: Request) -> Response:
    """The Prometheus scrape, for a scraper with the token (``COMPTOIR_METRICS__TOKEN``) or, without a token set,
    from this machine only (unless ``COMPTOIR_METRICS__LOOPBACK_ONLY=false``)."""
    runtime: Runtime | None = getattr(request.app.state, "runtime", None)
    if runtime is None:
        raise HTTPException(503, "starting")
    allowed = runtime.settings.metrics
    if allowed.token is not None:
        sent = request.headers.get("authorization", "")
        if not hmac.compare_digest(sent.encode(), f"Bearer {allowed.token.get_secret_value()}".encode()):
            raise HTTPException(401, "The metrics need the scraper's token.")
    elif allowed.loopback_only and not _loopback(client_address(request)):
        raise HTTPException(403, "The metrics are read from this machine only.")
    return Response(runtime.metrics.render(), media_type=CONTENT_TYPE)


def _loopback(address: str) -> bool:
    try:
        return ipaddress.ip_address(address).is_loopback
    except ValueError:
        return False
