"""Application logs: to the terminal and to ``logs/comptoir.log`` in the data directory.

Nothing logged carries a shopper's text: log lines name turns and conversations by id, and uvicorn's
access lines hold only paths. The redaction test reads these files too.
"""

from __future__ import annotations

from typing import Any

from assistant.config import Settings


def log_config(settings: Settings, level: str = "INFO") -> dict[str, Any]:
    """A ``logging.config.dictConfig`` for the server and for uvicorn, rotating at 10 MB (5 files kept)."""
    log_dir = settings.data_dir / "logs"
    log_dir.mkdir(parents=True, exist_ok=True)
    handlers = ["console", "file"]
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
        "handlers": {
            "console": {"class": "logging.StreamHandler", "formatter": "plain"},
            "file": {
                "class": "logging.handlers.RotatingFileHandler",
                "formatter": "plain",
                "filename": str(log_dir / "comptoir.log"),
                "maxBytes": 10_000_000,
                "backupCount": 5,
                "encoding": "utf-8",
            },
        },
        "loggers": {
            "comptoir": {"handlers": handlers, "level": level, "propagate": False},
            "uvicorn": {"handlers": handlers, "level": level, "propagate": False},
            "uvicorn.error": {"level": level},
            "uvicorn.access": {"handlers": handlers, "level": level, "propagate": False},
        },
        "root": {"handlers": handlers, "level": "WARNING"},
    }
