"""A server process seen from outside: its resident memory, sampled for the peak, and whether it is idle."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path
from types import TracebackType

MB = 1024 * 1024


def rss(pid: int) -> int:
    """The process's resident memory in bytes (``VmRSS`` of ``/proc/<pid>/status``)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    raise AssertionError(f"no VmRSS for process {pid}")


def cpu_seconds(pid: int) -> float:
    """User and system CPU time the process has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def wait_until_idle(pid: int, quiet: float = 2.0, at_most: float = 120.0, below: float = 0.05) -> float:
    """Wait until the process used less than ``below`` of a core over ``quiet`` seconds (at most ``at_most``
    seconds); the seconds waited."""
    start = time.monotonic()
    used = cpu_seconds(pid)
    while time.monotonic() - start < at_most:
        time.sleep(quiet)
        now = cpu_seconds(pid)
        if now - used < below * quiet:
            break
        used = now
    return time.monotonic() - start


class PeakMemory:
    """Samples a process's resident memory in a thread while the block runs; ``peak`` is the highest seen."""

    def __init__(self, pid: int, every: float = 0.1):
        self.pid, self.every = pid, every
        self.peak = rss(pid)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self._stop.set()
        self._thread.join()

    def _sample(self) -> None:
        while not self._stop.wait(self.every):
            try:
                self.peak = max(self.peak, rss(self.pid))
            except (OSError, AssertionError):  # the process is gone; what was seen stands
                return
