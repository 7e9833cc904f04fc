"""Application logs: to the terminal and to ``logs/comptoir.log`` in the data directory.

Nothing logged carries a shopper's text or any request content: log lines name turns and conversations by id;
access lines (``comptoir.access``) hold the method, the route's template and the status; a traceback keeps its
frames and the names of its exceptions, never their messages (which may quote a request, a body or a database
row); query strings are cut from uvicorn's own lines. As a last line, e-mail addresses, IBANs, card and phone
numbers are masked in whatever is written. The redaction tests read these files too.
"""

from __future__ import annotations

import json
import logging
import os
import re
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from copy import copy
from logging.handlers import RotatingFileHandler
from types import TracebackType
from typing import Any, TypeVar

from assistant.config import Settings

_MASKS = [
    re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"),  # e-mail address
    re.compile(r"\b[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]{4}){2,7}(?:[ ]?[A-Z0-9]{1,4})?\b"),  # IBAN
    re.compile(r"(?<![\w.:/-])\+?\d(?:[ .-]?\d){8,18}(?![\w:/])"),  # card or phone number
]
_QUERY = re.compile(r"(/[^\s?\"]*)\?[^\s\"]*")

ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None] | tuple[None, None, None]


def mask(text: str) -> str:
    """``text`` with e-mail addresses, IBANs, card and phone numbers replaced by ``[masked]``."""
    for pattern in _MASKS:
        text = pattern.sub("[masked]", text)
    return text


class SafeFormatter(logging.Formatter):
    """Formats a record without request content: exception messages are left out and the rest is masked."""

    def format(self, record: logging.LogRecord) -> str:
        """The line, masked; a traceback reduced to its frames and exception names."""
        safe = copy(record)
        safe.msg, safe.args, safe.exc_text = mask(record.getMessage()), None, None
        return super().format(safe)

    def formatException(self, ei: ExcInfo) -> str:  # noqa: N802 (logging's name)
        """The traceback's frames and the names of the exceptions in its chain, without their messages."""
        chain: list[BaseException] = []
        error = ei[1]
        while error is not None and error not in chain:
            chain.insert(0, error)
            error = error.__cause__ or (None if error.__suppress_context__ else error.__context__)
        blocks = [
            "Traceback (most recent call last):\n"
            + "".join(traceback.format_tb(error.__traceback__))
            + f"{type(error).__module__}.{type(error).__qualname__} (message left out)"
            for error in chain
        ]
        return mask("\n\nwhich led to:\n\n".join(blocks))

    def formatStack(self, stack_info: str) -> str:  # noqa: N802 (logging's name)
        """A stack as logging gives it (code lines only), masked."""
        return mask(stack_info)


T = TypeVar("T")

_TURN: ContextVar[dict[str, str]] = ContextVar("comptoir_turn", default={})  # noqa: B039 (never mutated)
"""The ids of the conversation and turn being handled where a line is logged."""


@contextmanager
def about(**ids: str) -> Iterator[None]:
    """Lines logged inside (in this task, or a worker thread it started) name these ids: ``conversation``,
    ``turn``."""
    token = _TURN.set({**_TURN.get(), **ids})
    try:
        yield
    finally:
        _TURN.reset(token)


def naming(call: Callable[..., T], **ids: str) -> Callable[..., T]:
    """``call``, logging with these ids (for a call run in a worker thread)."""

    def named(*args: Any, **kwargs: Any) -> T:
        with about(**ids):
            return call(*args, **kwargs)

    return named


class JsonFormatter(SafeFormatter):
    """One JSON object per line: time, level, logger, the (masked) message, the conversation's and turn's ids
    when a turn is being handled, and a traceback without exception messages."""

    def format(self, record: logging.LogRecord) -> str:
        """The record as one JSON line."""
        line: dict[str, Any] = {
            "at": self.formatTime(record, "%Y-%m-%dT%H:%M:%S") + f".{int(record.msecs):03d}",
            "level": record.levelname,
            "logger": record.name,
            "message": mask(record.getMessage()),
        }
        for name, value in _TURN.get().items():
            line[f"{name}_id"] = value
        if record.exc_info and record.exc_info[0] is not None:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False)


class WithoutQuery(logging.Filter):
    """Cuts the query string from the paths in uvicorn's lines (``"WebSocket /ws/chat?..."``, access lines)."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Always keeps the record, with its paths cut."""
        if isinstance(record.args, tuple):
            record.args = tuple(_QUERY.sub(r"\1", arg) if isinstance(arg, str) else arg for arg in record.args)
        elif isinstance(record.msg, str) and not record.args:
            record.msg = _QUERY.sub(r"\1", record.msg)
        return True


class WorkerFileHandler(RotatingFileHandler):
    """A rotating file of one worker process: ``{pid}`` in its name is the process's id (rotation renames files,
    which is safe only when one process writes each)."""

    def __init__(self, filename: str, **kwargs: Any):
        super().__init__(filename.replace("{pid}", str(os.getpid())), **kwargs)


def log_config(settings: Settings, level: str = "INFO", workers: int = 1) -> dict[str, Any]:
    """A ``logging.config.dictConfig`` for the server and for uvicorn, rotating at 10 MB (5 files kept): one file,
    ``logs/comptoir.log``, or with several workers one per process, ``logs/comptoir-<pid>.log``."""
    log_dir = settings.data_dir / "logs"
    log_dir.mkdir(parents=True, exist_ok=True)
    handlers = ["console", "file"]
    plain = {"()": SafeFormatter, "format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}
    if settings.log_format == "json":
        plain = {"()": JsonFormatter}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"plain": plain},
        "filters": {"without_query": {"()": WithoutQuery}},
        "handlers": {
            "console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["without_query"]},
            "file": {
                "()": WorkerFileHandler,
                "formatter": "plain",
                "filters": ["without_query"],
                "filename": str(log_dir / ("comptoir.log" if workers == 1 else "comptoir-{pid}.log")),
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
