"""Serving processes killed with ``kill -9`` under load: no acknowledged message is lost, none is answered twice.

``comptoir serve --workers 2`` (SQLite, Redis) serves shoppers who talk without pause; every ``pause`` seconds one of
its worker processes is killed with SIGKILL (the supervisor starts another). Each shopper behaves like the widget:
it keeps the messages it sent until they are acknowledged, reconnects with its session after a drop (resuming its
conversation), sends again what was never acknowledged, and records every answer frame it gets. At the end every
shopper reconnects once more, and the database is read:

- lost: a message acknowledged by the server with no answer stored (nor routed to a person);
- answered twice: a message with more than one live answer frame (not marked ``replay``), or with more than one
  ``turn_recorded`` audit event that carries an answer.

Used by the slow test (a few cycles) and by ``make bench`` (30 cycles).
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import signal
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlalchemy as sa

TEXTS = [
    "a tent for two people",
    "do you have a headlamp?",
    "hiking boots for women",
    "a sleeping bag for cold nights",
    "what about a rain jacket?",
    "a backpack of 30 litres",
]


@dataclass
class Chaos:
    """What the killing did and what the shoppers saw."""

    cycles: int = 0
    acknowledged: set[str] = field(default_factory=set)
    live_answers: Counter[str] = field(default_factory=Counter)
    """Answer frames (not replays) received, by the client id they reply to."""
    reconnects: int = 0
    handed_over: int = 0
    errors: Counter[str] = field(default_factory=Counter)
    lost: list[str] = field(default_factory=list)
    twice: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"{self.cycles} kill -9 cycles, {len(self.acknowledged)} acknowledged messages checked, "
            f"lost {len(self.lost)}, answered twice {len(self.twice)}, reconnects {self.reconnects}, "
            f"handed to a person {self.handed_over}, "
            f"error frames {dict(self.errors)}"
        )


def workers_of(supervisor: int) -> list[int]:
    """The worker processes of a ``--workers`` supervisor."""
    found: list[int] = []
    try:
        for task in os.listdir(f"/proc/{supervisor}/task"):
            with open(f"/proc/{supervisor}/task/{task}/children") as children:
                found += [int(pid) for pid in children.read().split()]
    except OSError:
        return []
    return [pid for pid in found if "spawn_main" in _command(pid)]  # not multiprocessing's resource tracker


def _command(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as line:
            return line.read().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


class Shopper:
    """One shopper who talks, is dropped, comes back with its session and checks every acknowledged message."""

    def __init__(self, number: int, port: int, chaos: Chaos):
        self.number, self.port, self.chaos = number, port, chaos
        self.session: str | None = None
        self.unacknowledged: dict[str, str] = {}
        self.sent = 0
        self.with_person = False

    async def talk(self, stop: asyncio.Event) -> None:
        """Talk until ``stop`` is set, reconnecting after every drop."""
        rng = random.Random(self.number)
        while not stop.is_set():
            try:
                await self._connection(stop, rng)
            except (TimeoutError, OSError, _Dropped):
                self.chaos.reconnects += 1
                await asyncio.sleep(rng.uniform(0.1, 0.6))

    async def collect(self) -> None:
        """One last connection: the history of the conversation (answers written while the shopper was away)."""
        for _ in range(60):
            try:
                stopped = asyncio.Event()
                stopped.set()
                await self._connection(stopped, random.Random(0))
                return
            except (TimeoutError, OSError, _Dropped):
                await asyncio.sleep(1)

    async def _connection(self, stop: asyncio.Event, rng: random.Random) -> None:
        import websockets

        try:
            async with websockets.connect(
                f"ws://127.0.0.1:{self.port}/ws/chat", open_timeout=60, ping_interval=None, close_timeout=1
            ) as ws:
                await ws.send(json.dumps({"type": "hello", "session": self.session, "locale": "en"}))
                await self._read_until(ws, lambda f: f["type"] == "welcome")
                for client_id, text in list(self.unacknowledged.items()):  # as the widget does after a drop
                    await self._ask(ws, client_id, text)
                while not stop.is_set():
                    self.sent += 1
                    client_id = f"k{self.number}-{self.sent}"
                    self.unacknowledged[client_id] = rng.choice(TEXTS)
                    await self._ask(ws, client_id, self.unacknowledged[client_id])
                    await asyncio.sleep(rng.uniform(0.05, 0.3))
                await asyncio.sleep(1.0)  # a resume answers pending turns: their frames come after the history
                await self._drain(ws)
        except (websockets.ConnectionClosed, websockets.InvalidHandshake) as closed:
            # a handshake cut short (the worker that accepted it was killed) is a drop too: the widget reconnects
            raise _Dropped from closed

    async def _ask(self, ws: Any, client_id: str, text: str) -> None:
        await ws.send(json.dumps({"type": "message", "id": client_id, "text": text}))
        await self._read_until(
            ws,
            lambda f: (
                (f.get("reply_to") == client_id and f["type"] in ("message", "error"))
                or (f["type"] == "handoff" and f.get("state") in ("queued", "assigned"))
            ),
        )
        if self.with_person:  # a person answers what follows: the shopper starts a new conversation
            self.session, self.with_person = None, False
            raise _Dropped("handed over")

    async def _drain(self, ws: Any) -> None:
        while True:
            try:
                raw = await asyncio.wait_for(ws.recv(), 0.5)
            except TimeoutError:
                return
            self._saw(json.loads(raw))

    async def _read_until(self, ws: Any, done: Any) -> None:
        while True:
            frame = json.loads(await asyncio.wait_for(ws.recv(), 90))
            self._saw(frame)
            if done(frame):
                return

    def _saw(self, frame: dict[str, Any]) -> None:
        kind = frame["type"]
        if kind == "welcome":
            self.session = frame["session"]
        elif kind == "ack":
            self.chaos.acknowledged.add(frame["id"])
            self.unacknowledged.pop(frame["id"], None)
        elif kind == "message" and frame.get("from") == "assistant" and not frame.get("replay"):
            self.chaos.live_answers[frame["reply_to"]] += 1
        elif kind == "error":
            self.chaos.errors[frame.get("code", "?")] += 1
        elif kind == "handoff" and frame.get("state") in ("queued", "assigned"):
            self.with_person = True
            self.chaos.handed_over += 1


class _Dropped(Exception):
    """The server closed or lost the connection."""


def check_database(url: str, chaos: Chaos) -> None:
    """Fill ``chaos.lost`` and ``chaos.twice`` from what the database holds."""
    engine = sa.create_engine(url)
    try:
        with engine.connect() as connection:
            rows = connection.execute(sa.text("SELECT id, client_id, answer_frame, routed_to FROM turns")).all()
            recorded = Counter(
                json.loads(detail)["turn"]
                for (detail,) in connection.execute(
                    sa.text("SELECT detail FROM audit_events WHERE action = 'turn_recorded'")
                ).all()
            )
    finally:
        engine.dispose()
    by_client = {client_id: (turn, frame, routed) for turn, client_id, frame, routed in rows}
    for client_id in sorted(chaos.acknowledged):
        turn, frame, routed = by_client.get(client_id, (None, None, None))
        if turn is None or (frame is None and routed is None):
            chaos.lost.append(client_id)
        elif recorded[turn] > 1 or chaos.live_answers[client_id] > 1:
            chaos.twice.append(client_id)


def kill_cycles(
    data_dir: Path, port: int, env: dict[str, str], *, cycles: int, shoppers: int = 8, pause: float = 2.0
) -> Chaos:
    """Serve ``data_dir`` with two workers, kill one with SIGKILL ``cycles`` times under load, then check."""
    from bench.__main__ import wait_ready
    from bench.load import stop

    chaos = Chaos()
    output = (data_dir / "chaos-server.log").open("ab")
    server = subprocess.Popen(
        [sys.executable, "-m", "assistant.cli", "serve", "--port", str(port), "--workers", "2"],
        env={**os.environ, **env, "COMPTOIR_DATA_DIR": str(data_dir)},
        stdout=output,
        stderr=output,
    )
    try:
        wait_ready(port, 240)

        async def run() -> None:
            crowd = [Shopper(n, port, chaos) for n in range(shoppers)]
            stop = asyncio.Event()
            talking = asyncio.gather(*(s.talk(stop) for s in crowd))
            rng = random.Random(9)
            while chaos.cycles < cycles:  # a cycle waits for a worker to kill (both may be starting again)
                await asyncio.sleep(pause)
                workers = workers_of(server.pid)
                if workers:
                    os.kill(rng.choice(workers), signal.SIGKILL)
                    chaos.cycles += 1
            await asyncio.sleep(3)
            stop.set()
            await talking
            await asyncio.gather(*(s.collect() for s in crowd))

        asyncio.run(run())
    finally:
        stop(server)
        output.close()
    database = env.get("COMPTOIR_DATABASE_URL") or f"sqlite:///{(data_dir / 'comptoir.db').resolve()}"
    check_database(database, chaos)
    return chaos
