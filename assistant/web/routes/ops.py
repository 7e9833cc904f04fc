"""What a shop's on-call and its orchestrator read: liveness, readiness and the metrics."""

from __future__ import annotations

import hmac
import ipaddress
from collections.abc import Awaitable, Callable
from typing import Any

import anyio
from fastapi import APIRouter, HTTPException, Request, Response
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from assistant.metrics import CONTENT_TYPE
from assistant.runtime import Runtime
from assistant.web.deps import client_address

router = APIRouter()

CHECK_SECONDS = 3.0
"""How long one readiness check may take before it counts as failed."""


@router.get("/healthz")
def healthz(request: Request) -> JSONResponse:
    """Liveness: 200 once the process has loaded what it serves (503 while it starts); it reads no dependency, so
    a database or Redis outage never gets a healthy process restarted."""
    if getattr(request.app.state, "runtime", None) is None:
        return JSONResponse({"status": "starting"}, status_code=503)
    return JSONResponse({"status": "ok"})


@router.get("/readyz")
async def readyz(request: Request) -> JSONResponse:
    """Readiness: 200 when the database, the bus (Redis), Chroma and the index answer; 503 with each check's
    outcome otherwise, while starting, and once a shutdown began (so the load balancer sends no one new)."""
    runtime: Runtime | None = getattr(request.app.state, "runtime", None)
    if runtime is None:
        return JSONResponse({"status": "starting"}, status_code=503)
    if request.app.state.drain.draining:
        return JSONResponse({"status": "draining"}, status_code=503)

    async def index() -> None:
        if (await run_in_threadpool(runtime.index.current)).empty:
            raise LookupError("nothing ingested")

    checks: dict[str, Callable[[], Awaitable[Any]]] = {
        "database": lambda: run_in_threadpool(runtime.store.ready),
        "bus": runtime.bus.ready,
        "chroma": lambda: run_in_threadpool(runtime.index.ready),
        "index": index,
    }
    outcome = {name: await _check(check) for name, check in checks.items()}
    ready = all(value == "ok" for value in outcome.values())
    return JSONResponse(
        {"status": "ready" if ready else "not_ready", "checks": outcome}, status_code=200 if ready else 503
    )


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
