"""What the server counts for a shop's on-call, in Prometheus' format (``GET /metrics``).

One registry per server; with several worker processes (``comptoir serve --workers N``) every process writes its
figures to files in a shared directory (prometheus-client's multi-process mode, ``PROMETHEUS_MULTIPROC_DIR``, set
by the parent before the workers start) and a scrape reads them all. The hand-over queue's length and the wait of
its oldest conversation are read from the database at each scrape: every process sees the same queue.

No label ever carries a shopper's words, an id or an address: steps, intents, reasons, flags, codes and paths are
from fixed lists.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping
from contextlib import suppress
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, disable_created_metrics, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.multiprocess import MultiProcessCollector, mark_process_dead

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
STEP_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)
WAIT_BUCKETS = (1.0, 5.0, 15.0, 30.0, 60.0, 120.0, 300.0, 600.0, 1800.0, 3600.0)
BATCH_BUCKETS = (1, 2, 4, 8, 16, 32, 64, 128)
LIMIT_CODES = frozenset({"rate_limited", "too_many_conversations"})
"""Error codes that mean a limit refused the client."""


def multiprocess_dir() -> str | None:
    """The directory the worker processes share their figures in, when several run."""
    return os.environ.get("PROMETHEUS_MULTIPROC_DIR") or None


class Metrics:
    """The server's counters, gauges and histograms."""

    def __init__(self) -> None:
        disable_created_metrics()  # the ``_created`` series would double every counter and histogram of the scrape
        self.registry = CollectorRegistry(auto_describe=True)
        self.queue: Callable[[], tuple[int, float]] | None = None
        """Reads the number of conversations waiting for a person and the oldest one's wait in seconds."""
        r = self.registry
        self.steps = Histogram(
            "comptoir_turn_step_seconds",
            "Time a shopper message spent in each step of its turn (total: from its arrival to its answer).",
            ["step"],
            registry=r,
            buckets=STEP_BUCKETS,
        )
        self.turns = Counter("comptoir_turns", "Turns the assistant answered, by intent.", ["intent"], registry=r)
        self.handovers = Counter(
            "comptoir_handovers", "Conversations sent to the queue for a person, by reason.", ["reason"], registry=r
        )
        self.queue_waits = Histogram(
            "comptoir_queue_wait_seconds",
            "How long a conversation waited in the queue before an agent took it.",
            registry=r,
            buckets=WAIT_BUCKETS,
        )
        self.flags = Counter(
            "comptoir_guardrail_flags", "Guardrail flags raised on turns, by flag.", ["flag"], registry=r
        )
        self.llm_fallbacks = Counter(
            "comptoir_llm_fallbacks",
            "Turns where the language model's answer was not used and the extractive answer was sent, by why.",
            ["reason"],
            registry=r,
        )
        self.sockets = Gauge(
            "comptoir_websocket_connections",
            "Open WebSocket connections, by path.",
            ["path"],
            registry=r,
            multiprocess_mode="livesum",
        )
        self.refusals = Counter(
            "comptoir_rate_limit_refusals",
            "Frames and requests a rate limit refused, by the error code the client got.",
            ["code"],
            registry=r,
        )
        self.errors = Counter(
            "comptoir_error_frames", "Error frames sent on the sockets, by code.", ["code"], registry=r
        )
        self.batches = Histogram(
            "comptoir_batch_size",
            "Messages in each batch the embedding model and the name reader ran.",
            ["model"],
            registry=r,
            buckets=BATCH_BUCKETS,
        )

    def turn(self, steps: Mapping[str, float], intent: str, flags: Iterable[str]) -> None:
        """One answered turn: its steps (milliseconds), its intent and its flags."""
        for step, ms in steps.items():
            self.steps.labels(step).observe(ms / 1000)
        self.turns.labels(intent).inc()
        for flag in flags:
            name, _, why = flag.partition(":")
            self.flags.labels(name).inc()
            if name == "llm_fallback":
                self.llm_fallbacks.labels(why or "unknown").inc()

    def step(self, step: str, ms: float) -> None:
        """One step measured outside the turn's pipeline (storing a message, the whole turn)."""
        self.steps.labels(step).observe(ms / 1000)

    def handed_over(self, reasons: Iterable[str]) -> None:
        """A conversation went to the queue."""
        for reason in reasons:
            self.handovers.labels(reason).inc()

    def waited(self, seconds: float) -> None:
        """An agent took a conversation that had waited ``seconds`` in the queue."""
        self.queue_waits.observe(seconds)

    def error_frame(self, code: str) -> None:
        """An error frame went to a socket (a limit's refusal is counted as such too)."""
        self.errors.labels(code).inc()
        if code in LIMIT_CODES:
            self.refusals.labels(code).inc()

    def refused(self, code: str) -> None:
        """An HTTP request a limit refused (429)."""
        self.refusals.labels(code).inc()

    def batch(self, model: str, size: int) -> None:
        """A batch of ``size`` ran on ``model``."""
        self.batches.labels(model).observe(size)

    def render(self) -> bytes:
        """The scrape: this process's figures, or every worker's in multi-process mode, and the queue."""
        shared = multiprocess_dir()
        if shared is None:
            registry = self.registry
        else:
            _forget_dead_workers(shared)
            registry = CollectorRegistry()
            MultiProcessCollector(registry, path=shared)
        text = generate_latest(registry)
        return text + self._queue_text()

    def _queue_text(self) -> bytes:
        if self.queue is None:
            return b""
        registry = CollectorRegistry()
        registry.register(_QueueNow(self.queue))
        return generate_latest(registry)


def _forget_dead_workers(shared: str) -> None:
    """Drop the live gauges of worker processes that died (a killed worker is replaced; its open sockets are not
    open any more). Counters and histograms of a dead worker stay: they were counted."""
    for name in os.listdir(shared):
        if name.startswith("gauge_live") and name.endswith(".db"):
            pid = int(name.rsplit("_", 1)[1].removesuffix(".db"))
            if not _alive(pid):
                with suppress(FileNotFoundError):  # another worker's scrape removed it first
                    mark_process_dead(pid, shared)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class _QueueNow:
    """The queue as the database holds it at the scrape."""

    def __init__(self, read: Callable[[], tuple[int, float]]):
        self.read = read

    def collect(self) -> Iterable[Any]:
        try:
            waiting, oldest = self.read()
        except Exception:  # the database is down: the rest of the scrape still tells what happens
            return

        yield GaugeMetricFamily("comptoir_queue_length", "Conversations waiting for a person now.", value=waiting)
        yield GaugeMetricFamily(
            "comptoir_queue_oldest_wait_seconds",
            "How long the conversation waiting longest has waited (0 when none waits).",
            value=oldest,
        )
