"""Where a turn's time goes: milliseconds per step, for the metrics and the profile in the README."""

from __future__ import annotations

import time


class Laps:
    """A stopwatch read after each step of a turn: each lap is the time since the previous one."""

    def __init__(self) -> None:
        self.started = self._last = time.perf_counter()
        self.ms: dict[str, float] = {}

    def lap(self, step: str) -> None:
        """The time since the last lap counts for ``step`` (added to it when the step ran before)."""
        now = time.perf_counter()
        self.ms[step] = self.ms.get(step, 0.0) + (now - self._last) * 1000
        self._last = now

    def total(self) -> float:
        """Milliseconds since the stopwatch started, rounded as the audit record keeps them."""
        return round((time.perf_counter() - self.started) * 1000, 2)
