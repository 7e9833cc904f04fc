"""Many shoppers at once on one machine: what a shop's evening peak or a newsletter link does to the server.

- ``steady``: N shoppers talk at once over the WebSocket, each waiting 0.3 s between an answer and their next
  message, for a fixed time; turns per second over that time and the time from a message to its answer. Every
  acknowledged message is checked: answered once, never twice, never lost.
- ``burst``: 300 shoppers send their first message within one second; all must be answered. The serving
  process's memory (RSS) is read before the burst, right after it and once the server has been quiet.
- ``idle``: 1,000 shoppers connect and say hello, then stay silent; the memory each socket holds.

The server runs as ``comptoir serve`` (one process or ``--workers N``) on the demo shop.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import resource
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

PACE = 0.3
"""Seconds a shopper waits between an answer and their next message."""


@dataclass
class Load:
    """What a run of shoppers measured."""

    shoppers: int
    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)
    """Milliseconds from a message to its answer, for the turns answered inside the measured window."""
    acknowledged: int = 0
    answered: Counter[str] = field(default_factory=Counter)
    """Answers received, by the message they reply to."""
    errors: list[dict[str, Any]] = field(default_factory=list)
    handed_over: int = 0

    @property
    def lost(self) -> int:
        """Acknowledged messages never answered (nor handed to a person)."""
        return max(0, self.acknowledged - len(self.answered) - self.handed_over)

    @property
    def twice(self) -> int:
        """Messages answered more than once."""
        return sum(1 for count in self.answered.values() if count > 1)

    def rate(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0


def rss_mb(pid: int) -> float:
    """The resident memory of a process and its children (the workers of ``--workers N``), in MB."""
    total = 0.0
    for one in [pid, *_children(pid)]:
        with suppress(OSError), open(f"/proc/{one}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) / 1024
    return total


def _children(pid: int) -> list[int]:
    found = []
    with suppress(OSError):
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as children:
                found += [int(c) for c in children.read().split()]
    return [c for child in found for c in (child, *_children(child))]


def more_files(wanted: int = 8192) -> None:
    """Raise this process's open-file limit (inherited by the server it starts) for a thousand sockets."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < wanted:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(wanted, hard), hard))


@contextmanager
def serving(port: int, env: dict[str, str], workers: int = 1) -> Iterator[subprocess.Popen[bytes]]:
    from bench.__main__ import wait_ready

    more_files()
    process = subprocess.Popen(
        [sys.executable, "-m", "assistant.cli", "serve", "--port", str(port), "--workers", str(workers)],
        env={**os.environ, **env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_ready(port, 240)
        yield process
    finally:
        stop(process)


def stop(process: subprocess.Popen[Any], grace: float = 60) -> None:
    """SIGTERM (the server drains), then SIGKILL if it is still there after ``grace`` seconds."""
    process.terminate()
    try:
        process.wait(grace)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


async def _connect(port: int) -> Any:
    import websockets

    ws = await websockets.connect(f"ws://127.0.0.1:{port}/ws/chat", open_timeout=60, ping_interval=None)
    await ws.send(json.dumps({"type": "hello", "session": None, "locale": "en"}))
    while json.loads(await ws.recv())["type"] != "welcome":
        pass
    return ws


async def _ask(ws: Any, load: Load, client_id: str, text: str) -> float | None:
    """Send one message and wait for its answer: the milliseconds it took, or ``None`` when a person takes it."""
    started = time.perf_counter()
    await ws.send(json.dumps({"type": "message", "id": client_id, "text": text}))
    while True:
        frame = json.loads(await asyncio.wait_for(ws.recv(), 120))
        kind = frame["type"]
        if kind == "ack" and frame.get("id") == client_id:
            load.acknowledged += 1
        elif kind == "message" and frame.get("reply_to") == client_id:
            load.answered[client_id] += 1
            return (time.perf_counter() - started) * 1000
        elif kind == "error":
            load.errors.append(frame)
            return None
        elif kind == "handoff" and frame.get("state") in ("queued", "assigned"):
            load.handed_over += 1
            return None


async def steady(port: int, shoppers: int, texts: list[str], seconds: float, warmup: float = 3.0) -> Load:
    """``shoppers`` talking at once for ``seconds`` (after ``warmup``), each at a shopper's pace."""
    load = Load(shoppers)
    started = time.perf_counter()
    window = (started + warmup, started + warmup + seconds)

    async def shopper(number: int) -> None:
        await asyncio.sleep(random.uniform(0, warmup / 2))  # shoppers arrive over the warm-up
        ws = await _connect(port)
        rng = random.Random(number)
        turn = 0
        try:
            while time.perf_counter() < window[1]:
                turn += 1
                sent = time.perf_counter()
                took = await _ask(ws, load, f"s{number}-{turn}", rng.choice(texts))
                if took is None:  # a person has the conversation now: the shopper starts another
                    await ws.close()
                    ws = await _connect(port)
                elif window[0] <= sent and time.perf_counter() <= window[1]:
                    load.latencies.append(took)
                await asyncio.sleep(PACE)
        finally:
            await ws.close()

    results = await asyncio.gather(*(shopper(n) for n in range(shoppers)), return_exceptions=True)
    load.errors += [{"exception": repr(r)} for r in results if isinstance(r, BaseException)]
    load.seconds = seconds
    return load


async def burst(port: int, shoppers: int, texts: list[str], within: float = 1.0) -> Load:
    """``shoppers`` sending their first message within ``within`` seconds."""
    load = Load(shoppers)
    rng = random.Random(300)

    async def shopper(number: int) -> None:
        await asyncio.sleep(rng.uniform(0, within))
        started = time.perf_counter()
        ws = await _connect(port)
        try:
            took = await _ask(ws, load, f"b{number}", texts[number % len(texts)])
            if took is not None:
                load.latencies.append((time.perf_counter() - started) * 1000)
        finally:
            await ws.close()

    began = time.perf_counter()
    results = await asyncio.gather(*(shopper(n) for n in range(shoppers)), return_exceptions=True)
    load.errors += [{"exception": repr(r)} for r in results if isinstance(r, BaseException)]
    load.seconds = time.perf_counter() - began
    return load


async def idle(port: int, pid: int, count: int) -> tuple[float, float]:
    """RSS before and after ``count`` shoppers connect, say hello and stay silent."""
    before = rss_mb(pid)
    sockets = []
    try:
        for start in range(0, count, 50):
            sockets += await asyncio.gather(*(_connect(port) for _ in range(start, min(count, start + 50))))
        await asyncio.sleep(2)
        return before, rss_mb(pid)
    finally:
        await asyncio.gather(*(ws.close() for ws in sockets), return_exceptions=True)


def server_env(data_dir: Path, shoppers: int, workers: int) -> dict[str, str]:
    """The demo shop, with the per-address limit on new conversations lifted (every shopper here is 127.0.0.1);
    several workers pass hand-over events through Redis (``COMPTOIR_BENCH_REDIS_URL``)."""
    env = {
        "COMPTOIR_DATA_DIR": str(data_dir),
        "COMPTOIR_CHAT__CONVERSATIONS_PER_MINUTE": str(max(1000, 20 * shoppers)),
    }
    if workers > 1:
        env["COMPTOIR_REDIS_URL"] = os.environ.get("COMPTOIR_BENCH_REDIS_URL", "redis://127.0.0.1:6379/0")
    return env


def _figures(name: str, load: Load, percentiles: Any) -> None:
    print(
        f"{name}: {load.rate():.1f} turns/s, {percentiles(load.latencies)}; acknowledged {load.acknowledged}, "
        f"lost {load.lost}, answered twice {load.twice}, handed to a person {load.handed_over}, "
        f"errors {len(load.errors)}"
    )
    for error in load.errors[:3]:
        print(f"  error: {error}")


def load_figures(
    data_dir: Path, texts: list[str], percentiles: Any, *, workers: tuple[int, ...] = (1, 2), seconds: float = 20
) -> None:
    """The steady loads, the burst, memory and idle sockets, for each number of worker processes."""
    from bench.__main__ import free_port

    for count in workers:
        port = free_port()
        label = f"{count} worker{'s' if count > 1 else ''}"
        with serving(port, server_env(data_dir, 300, count), count) as server:
            for shoppers in (1, 20, 100):
                load = asyncio.run(steady(port, shoppers, texts, seconds))
                _figures(f"{label}, {shoppers} shopper{'s' if shoppers > 1 else ''} at once", load, percentiles)
            time.sleep(5)
            before = rss_mb(server.pid)
            load = asyncio.run(burst(port, 300, texts))
            after = rss_mb(server.pid)
            time.sleep(8)  # quiet: freed memory goes back to the system
            quiet = rss_mb(server.pid)
            _figures(f"{label}, 300 shoppers' first message within 1 s (connect to answer)", load, percentiles)
            print(
                f"{label}, memory around the burst: {before:.0f} MB before, {after:.0f} MB right after, "
                f"{quiet:.0f} MB once quiet ({(quiet - before) / before * 100:+.1f}%)"
            )
            if count == 1:
                before, after = asyncio.run(idle(port, server.pid, 1000))
                print(
                    f"{label}, 1,000 idle sockets: {before:.0f} MB → {after:.0f} MB, "
                    f"{(after - before) * 1024 / 1000:.0f} KB per socket"
                )


def _spin(stop: Any) -> None:
    """Run Python code until ``stop`` is set."""
    count = 0
    while not stop.is_set():
        count = sum(range(1000)) + count % 7


def contention_figures(embeddings: Any, detector: Any, texts: list[str]) -> None:
    """What a model call costs when another thread of the process runs Python code (as the turns' threads do under
    load): the name reader (spaCy, through :meth:`PiiDetector.analyze_many`) and the embedding model release
    Python's lock inside their native steps and wait for it again after each one."""
    import threading

    batch = texts[:32]
    calls = {
        "names (spaCy and Presidio)": lambda: detector.analyze_many([(text, "en") for text in batch]),
        "embedding (MiniLM)": lambda: embeddings.embed_many(batch),
    }

    def per_text(call: Any) -> float:
        call()
        started = time.perf_counter()
        for _ in range(3):
            call()
        return (time.perf_counter() - started) / (3 * len(batch)) * 1000

    for name, call in calls.items():
        alone = per_text(call)
        busy = threading.Event()

        spinner = threading.Thread(target=_spin, args=(busy,), daemon=True)
        spinner.start()
        try:
            beside = per_text(call)
        finally:
            busy.set()
            spinner.join()
        print(
            f"{name}, batches of {len(batch)}: {alone:.2f} ms a text alone, {beside:.1f} ms beside one thread running "
            f"Python ({beside / alone:.0f}x)"
        )
