"""Limits on what a stranger can make the server do: counters per key over a sliding window, in this process."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable


class WindowLimiter:
    """At most ``limit`` events per key in any ``window`` seconds.

    Memory is bounded: each key keeps at most ``limit`` time stamps, and at most ``max_keys`` keys are kept
    (the least recently seen is forgotten first).
    """

    def __init__(
        self, limit: int, window: float = 60.0, *, max_keys: int = 50_000, clock: Callable[[], float] = time.monotonic
    ):
        self.limit, self.window, self.max_keys, self.clock = limit, window, max_keys, clock
        self._events: OrderedDict[str, deque[float]] = OrderedDict()
        self._lock = threading.Lock()

    def hit(self, key: str) -> float:
        """Count one event for ``key`` and return 0, or, over the limit, count nothing and return the seconds to
        wait before the next one is allowed."""
        with self._lock:
            now = self.clock()
            events = self._events.pop(key, None) or deque(maxlen=self.limit)
            while events and events[0] <= now - self.window:
                events.popleft()
            self._events[key] = events
            if len(self._events) > self.max_keys:
                self._events.popitem(last=False)
            if len(events) >= self.limit:
                return max(events[0] + self.window - now, 0.001)
            events.append(now)
            return 0.0
