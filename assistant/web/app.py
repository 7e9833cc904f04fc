"""The FastAPI application factory."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress
from functools import partial

import anyio
from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from assistant.compliance.requests import Refused
from assistant.compliance.retention import purge_periodically
from assistant.config import HttpSettings, Settings, get_settings
from assistant.memory import IdleTrim
from assistant.model_process import ModelProcess
from assistant.runtime import Runtime, build_runtime
from assistant.web.deps import LoginFirst, http_error, invalid_request, login_first, refused
from assistant.web.drain import Drain, drain_on_sigterm
from assistant.web.middleware import AccessLog, BodyLimit, SecurityHeaders
from assistant.web.routes import api, chat, compliance, console, documents, kpis, ops, pages

log = logging.getLogger("comptoir.app")

MODEL_WAITS = 100
"""Worker threads added when a language model writes the answers: a turn holds its thread while the model streams
(seconds), and the short calls (storing and acknowledging a message, a hello) must not queue behind those."""


def create_app(
    settings: Settings | None = None, runtime: Runtime | None = None, *, models: ModelProcess | None = None
) -> FastAPI:
    """An app for ``settings``; the model and index load at start-up unless ``runtime`` is given (``models``: the
    model process, already started)."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        ready = (
            runtime
            if runtime is not None
            else await run_in_threadpool(
                partial(build_runtime, settings or get_settings(), serving=True, models=models)
            )
        )
        await ready.bus.start()
        if ready.chat.pipeline.responder.method is None:  # a language model writes the answers
            threads = anyio.to_thread.current_default_thread_limiter()
            threads.total_tokens = max(threads.total_tokens, 40 + MODEL_WAITS)
        app.state.runtime = ready
        log.info(
            "ready: %d products, PII vault %s",
            len(ready.index.current().products),
            "on" if ready.privacy.vault_enabled else "off (no vault key)",
        )
        tasks = [task for task in (_start_purger(ready), _start_trim(ready)) if task is not None]
        restore = drain_on_sigterm(app.state.drain, ready.settings.server.drain_seconds)
        try:
            yield
        finally:
            if restore is not None:
                restore()
            for task in tasks:
                task.cancel()
                with suppress(asyncio.CancelledError):
                    await task
            await ready.bus.stop()

    app = FastAPI(
        title="Comptoir",
        lifespan=lifespan,
        docs_url="/api/docs",
        redoc_url=None,
        # Comptoir exports nothing: no spans, metrics or exception records (they would carry request content)
        telemetry={
            "tracing": False,
            "metrics": False,
            "logs": False,
            "operation_spans": False,
            "auto_configure": False,
        },
    )
    app.state.runtime = None
    app.state.drain = Drain()

    def body_limit() -> int:
        ready: Runtime | None = app.state.runtime
        chosen = ready.settings if ready is not None else settings
        return (chosen.http if chosen is not None else HttpSettings()).max_body_bytes

    app.add_middleware(BodyLimit, limit=body_limit)
    app.add_middleware(SecurityHeaders)
    app.add_middleware(AccessLog)
    # one shape for JSON errors, and the login redirect of staff pages (Starlette types handlers for any exception)
    app.add_exception_handler(StarletteHTTPException, http_error)  # type: ignore[arg-type]
    app.add_exception_handler(RequestValidationError, invalid_request)  # type: ignore[arg-type]
    app.add_exception_handler(LoginFirst, login_first)  # type: ignore[arg-type]
    app.add_exception_handler(Refused, refused)  # type: ignore[arg-type]
    app.include_router(api.router)
    app.include_router(chat.router)
    app.include_router(compliance.router)
    app.include_router(console.router)
    app.include_router(documents.router)
    app.include_router(kpis.router)
    app.include_router(pages.router)
    app.include_router(ops.router)
    return app


def _start_purger(runtime: Runtime) -> asyncio.Task[None] | None:
    """The retention purge, every ``COMPTOIR_RETENTION__PURGE_EVERY_HOURS`` (none when 0)."""
    retention = runtime.settings.retention
    if retention.purge_every_hours <= 0:
        return None
    every = retention.purge_every_hours * 3600
    return asyncio.create_task(purge_periodically(runtime.store, retention.days, every), name="retention-purge")


def _start_trim(runtime: Runtime) -> asyncio.Task[None] | None:
    """Freed memory handed back once the server falls quiet (none when ``COMPTOIR_SERVER__TRIM_IDLE_SECONDS`` is 0)."""
    quiet = runtime.settings.server.trim_idle_seconds
    if quiet <= 0:
        return None
    return asyncio.create_task(IdleTrim(quiet).run(), name="memory-trim")
