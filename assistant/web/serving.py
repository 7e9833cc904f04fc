"""Running the server: one process, or ``--workers N`` processes sharing the port on one machine.

Several workers keep the guarantees of several machines: they share the database (PostgreSQL, or the SQLite file of
the data directory: SQLite serialises writers across processes on one machine), the index (Chroma's directory, read
by each, or a Chroma server) and the placeholder key; hand-over events cross processes through Redis, so more than
one worker without ``COMPTOIR_REDIS_URL`` is refused. Their metrics go to files in ``<data dir>/metrics`` that any
worker's ``/metrics`` reads together (prometheus-client's multi-process mode). A worker that dies is started again.
"""

from __future__ import annotations

import os
import shutil

import uvicorn
from fastapi import FastAPI

from assistant.config import Settings, get_settings


class WorkersRefused(ValueError):
    """The settings cannot be served by that many processes."""


def check_workers(settings: Settings, workers: int) -> None:
    """Raise :class:`WorkersRefused` when ``workers`` processes cannot share these settings."""
    if workers < 1:
        raise WorkersRefused("--workers must be at least 1")
    if workers > 1 and not settings.redis_url:
        raise WorkersRefused(
            f"{workers} workers need COMPTOIR_REDIS_URL: an agent's message, a hand-over or a take-over must reach "
            "the shopper's socket, which may be on another process (run one process without Redis)"
        )


def app_from_environment() -> FastAPI:
    """The application of one worker process, from the environment's settings (uvicorn's factory)."""
    from assistant.memory import limit_arenas
    from assistant.model_process import ModelProcess
    from assistant.offline import enforce_offline

    settings = get_settings()
    enforce_offline()
    limit_arenas(settings.server.malloc_arenas)  # before the worker starts its threads
    # the models' process loads them while this one imports and loads its own part
    models = ModelProcess(settings) if settings.server.model_process else None
    from assistant.web.app import create_app

    return create_app(settings, models=models)


def serve(settings: Settings, host: str, port: int, workers: int = 1) -> None:
    """Serve until SIGTERM or Ctrl-C; each worker drains first (see :mod:`assistant.web.drain`)."""
    from assistant.logs import log_config

    check_workers(settings, workers)
    if workers > 1:
        shared = settings.data_dir / "metrics"
        shutil.rmtree(shared, ignore_errors=True)  # the figures of a previous run's workers
        shared.mkdir(parents=True)
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(shared)  # read by the workers when they import the client
    uvicorn.run(
        "assistant.web.serving:app_from_environment",
        factory=True,
        workers=workers,
        log_config=log_config(settings, workers=workers),
        access_log=False,  # comptoir.access writes the lines, with route templates instead of paths and queries
        host=host,
        port=port,
        ws_max_size=settings.chat.max_frame_bytes,
        ws_ping_interval=20,
        ws_ping_timeout=20,
        timeout_graceful_shutdown=5,
    )
