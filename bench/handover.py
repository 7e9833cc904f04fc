"""Hand-over figures: an agent's message reaching a shopper on another process, and a busy support floor.

- ``across_processes``: two ``comptoir serve`` processes on PostgreSQL, Redis and a Chroma server; the
  shopper is on one, the agent on the other; the time from the agent sending a message to the shopper's
  socket receiving it.
- ``busy_floor``: one process (SQLite, in-process bus); 200 shoppers and 5 agents at once. Every shopper
  talks to the assistant, asks for a person, and exchanges messages with whichever agent claims them;
  every frame is checked: no error, no lost message.
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlalchemy as sa

PASSWORD = "bench password 2026"
COOKIE = "comptoir_staff"


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def login(port: int, name: str) -> str:
    """A console session token, through the login form."""
    body = urllib.parse.urlencode({"name": name, "password": PASSWORD}).encode()
    try:
        urllib.request.build_opener(_NoRedirect).open(
            urllib.request.Request(f"http://127.0.0.1:{port}/console/login", data=body), timeout=30
        )
    except urllib.error.HTTPError as answer:
        with answer:
            if answer.code == 303:
                return str(answer.headers["set-cookie"]).split(";")[0].split("=", 1)[1]
        raise
    raise RuntimeError("login did not redirect")


def comptoir(env: dict[str, str], *args: str, stdin: str | None = None) -> None:
    subprocess.run(
        [sys.executable, "-m", "assistant.cli", *args],
        env={**os.environ, **env},
        input=stdin,
        text=True,
        check=True,
        capture_output=True,
    )


@contextmanager
def serving(port: int, env: dict[str, str]) -> Iterator[subprocess.Popen[bytes]]:
    from bench.__main__ import wait_ready

    process = subprocess.Popen(
        [sys.executable, "-m", "assistant.cli", "serve", "--port", str(port)],
        env={**os.environ, **env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_ready(port)
        yield process
    finally:
        process.terminate()
        process.wait(20)


@contextmanager
def chroma(path: Path, port: int) -> Iterator[str]:
    from bench.__main__ import wait_url

    process = subprocess.Popen(
        [str(Path(sys.executable).parent / "chroma"), "run", "--path", str(path), "--host", "127.0.0.1",
         "--port", str(port)],
        env={**os.environ, "ANONYMIZED_TELEMETRY": "False"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        wait_url(f"http://127.0.0.1:{port}/api/v2/heartbeat")
        yield f"http://127.0.0.1:{port}"
    finally:
        process.kill()
        process.wait(10)


@contextmanager
def postgres_schema(url: str) -> Iterator[str]:
    """A fresh schema of ``url``'s database; its URL; dropped afterwards."""
    schema = f"comptoir_bench_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(url)
    with admin.begin() as connection:
        connection.execute(sa.text(f"CREATE SCHEMA {schema}"))
    try:
        yield f"{url}?options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as connection:
            connection.execute(sa.text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


async def _frames(ws: Any, kind: str, **match: Any) -> dict[str, Any]:
    while True:
        frame = json.loads(await ws.recv())
        if frame["type"] == "error":
            raise RuntimeError(f"error frame: {frame}")
        if frame["type"] == kind and all(frame.get(k) == v for k, v in match.items()):
            return frame


async def _answered(ws: Any, client_id: str) -> bool:
    """True when the assistant answered the message; False when it went to the queue instead."""
    acknowledged = False
    while True:
        frame = json.loads(await ws.recv())
        if frame["type"] == "error":
            raise RuntimeError(f"error frame: {frame}")
        if frame["type"] == "message" and frame.get("reply_to") == client_id:
            return True
        acknowledged = acknowledged or (frame["type"] == "ack" and frame["id"] == client_id)
        if acknowledged and frame["type"] == "handoff" and frame["state"] == "queued":
            return False


async def _agent_to_shopper(shopper_port: int, agent_port: int, token: str, count: int) -> list[float]:
    import websockets

    async with (
        websockets.connect(f"ws://127.0.0.1:{shopper_port}/ws/chat") as widget,
        websockets.connect(
            f"ws://127.0.0.1:{agent_port}/ws/agent", additional_headers={"Cookie": f"{COOKIE}={token}"}
        ) as agent,
    ):
        await widget.send(json.dumps({"type": "hello", "session": None, "locale": "en"}))
        await _frames(widget, "welcome")
        await widget.send(json.dumps({"type": "handoff"}))
        await _frames(widget, "handoff", state="queued")
        conversation = None
        while conversation is None:
            waiting = (await _frames(agent, "queue"))["waiting"]
            conversation = waiting[0]["conversation"] if waiting else None
        await agent.send(json.dumps({"type": "claim", "conversation": conversation}))
        await _frames(agent, "done", action="claim")
        await _frames(widget, "handoff", state="assigned")
        timings = []
        for number in range(count):
            started = time.perf_counter()
            text = f"Your parcel leaves today, message {number}."
            await agent.send(json.dumps({"type": "message", "conversation": conversation, "id": f"a{number}",
                                         "text": text}))  # fmt: skip
            await _frames(widget, "message", reply_to=f"a{number}")
            timings.append((time.perf_counter() - started) * 1000)
            await asyncio.sleep(0.05)
        return timings[5:]


def across_processes(root: Path, postgres: str, redis: str, demo: Path, count: int = 200) -> list[float]:
    """Milliseconds from an agent's send on one process to the shopper's socket on another."""
    from bench.__main__ import free_port

    with postgres_schema(postgres) as database, chroma(root / "chroma", free_port()) as chroma_url:
        env = {
            "COMPTOIR_DATA_DIR": str(root / "data"),
            "COMPTOIR_DATABASE_URL": database,
            "COMPTOIR_REDIS_URL": redis,
            "COMPTOIR_CHROMA_URL": chroma_url,
            "COMPTOIR_SECRET_KEY": "bench-shared-key",
        }
        comptoir(env, "ingest", "--catalog", str(demo / "catalog.json"), "--policies", str(demo / "policies"))
        comptoir(env, "users", "add", "bench", "--role", "agent", "--password-stdin", stdin=PASSWORD + "\n")
        one, two = free_port(), free_port()
        with serving(one, env), serving(two, env):
            return asyncio.run(_agent_to_shopper(one, two, login(two, "bench"), count))


class Floor:
    """What the busy-floor run saw."""

    def __init__(self) -> None:
        self.errors: list[dict[str, Any]] = []
        self.turns: list[float] = []
        self.agent_messages: list[float] = []
        self.lost = 0
        self.handled = 0


async def _floor(port: int, tokens: list[str], shoppers: int, texts: list[str], deadline: float = 600) -> Floor:
    import websockets

    floor = Floor()
    stage = {number: "chatting" for number in range(shoppers)}
    sent_at: dict[str, float] = {}
    shopper_heard: dict[str, asyncio.Event] = {}
    agent_heard: dict[str, asyncio.Event] = {}
    done = asyncio.Event()

    async def shopper(number: int) -> None:
        """Two questions to the assistant, then a person: by the policy's choice or by asking."""
        async with websockets.connect(f"ws://127.0.0.1:{port}/ws/chat", max_queue=None) as ws:
            await ws.send(json.dumps({"type": "hello", "session": None, "locale": "en"}))
            await _frames(ws, "welcome")
            questions = [texts[(number + turn) % len(texts)] for turn in range(2)]
            pending: str | None = None  # the message the assistant is expected to answer
            acknowledged, started, state = False, 0.0, "ai"

            async def ask() -> None:
                nonlocal pending, acknowledged, started
                pending, acknowledged, started = f"s{len(questions)}", False, time.perf_counter()
                await ws.send(json.dumps({"type": "message", "id": pending, "text": questions.pop()}))

            await ask()
            while True:
                frame = json.loads(await ws.recv())
                kind = frame["type"]
                if kind == "error":
                    floor.errors.append(frame)
                    return
                if kind == "ack" and frame["id"] == pending:
                    acknowledged = True
                    if state != "ai":
                        pending = None  # a person has the conversation: no answer from the assistant
                elif kind == "message" and frame["from"] == "assistant" and frame.get("reply_to") == pending:
                    floor.turns.append((time.perf_counter() - started) * 1000)
                    pending = None
                    await asyncio.sleep(0.5)
                    if state == "ai" and questions:
                        await ask()
                    elif state == "ai":
                        await ws.send(json.dumps({"type": "handoff"}))
                elif kind == "handoff" and frame["state"] in ("queued", "assigned"):
                    state = frame["state"]
                    stage[number] = "assigned" if state == "assigned" else "waiting"
                    if acknowledged:
                        pending = None
                elif kind == "message" and frame["from"] == "agent":
                    key = frame["reply_to"]
                    floor.agent_messages.append((time.perf_counter() - sent_at[key]) * 1000)
                    shopper_heard[key].set()
                    await ws.send(json.dumps({"type": "message", "id": f"r-{key}", "text": "Thank you, that helps."}))
                elif kind == "handoff" and frame["state"] in ("returned", "closed"):
                    stage[number] = "done"
                    return

    waiting: list[str] = []  # the latest queue any console saw, in order
    tried: set[str] = set()

    async def agent(number: int, token: str) -> None:
        async with websockets.connect(
            f"ws://127.0.0.1:{port}/ws/agent", additional_headers={"Cookie": f"{COOKIE}={token}"}, max_queue=None
        ) as ws:
            outcome: dict[str, asyncio.Future[dict[str, Any]]] = {}

            async def read() -> None:
                while True:
                    frame = json.loads(await ws.recv())
                    key = frame.get("conversation", "")
                    if frame["type"] == "error":
                        if frame.get("code") == "refused" and key in outcome:
                            outcome.pop(key).set_result(frame)  # another agent got there first: fine
                        else:
                            floor.errors.append(frame)
                    elif frame["type"] == "queue":
                        waiting[:] = [item["conversation"] for item in frame["waiting"]]
                    elif frame["type"] == "done" and frame["action"] == "claim" and key in outcome:
                        outcome.pop(key).set_result(frame)
                    elif frame["type"] == "shopper_message" and frame["text"] == "Thank you, that helps.":
                        agent_heard.setdefault(key, asyncio.Event()).set()

            reader = asyncio.create_task(read())
            try:
                while not done.is_set():
                    fresh = [c for c in waiting if c not in tried]
                    if not fresh:
                        await asyncio.sleep(0.05)
                        continue
                    conversation = fresh[min(number, len(fresh) - 1)]
                    tried.add(conversation)
                    outcome[conversation] = asyncio.get_running_loop().create_future()
                    await ws.send(json.dumps({"type": "claim", "conversation": conversation}))
                    answer = await asyncio.wait_for(outcome[conversation], 60)
                    if answer["type"] == "error":
                        continue
                    shopper_heard[conversation] = asyncio.Event()
                    agent_heard.setdefault(conversation, asyncio.Event())
                    sent_at[conversation] = time.perf_counter()
                    await ws.send(json.dumps({"type": "message", "conversation": conversation, "id": conversation,
                                              "text": "Hello, I am looking at your order now."}))  # fmt: skip
                    try:
                        await asyncio.wait_for(shopper_heard[conversation].wait(), 60)
                        await asyncio.wait_for(agent_heard[conversation].wait(), 60)
                    except TimeoutError:
                        floor.lost += 1
                    await ws.send(json.dumps({"type": "hand_back", "conversation": conversation}))
                    floor.handled += 1
                    if floor.handled >= shoppers:
                        done.set()
            finally:
                reader.cancel()

    agents = [asyncio.create_task(agent(number, token)) for number, token in enumerate(tokens)]
    await asyncio.sleep(1)
    everyone = asyncio.gather(*(shopper(n) for n in range(shoppers)), return_exceptions=True)
    try:
        results = await asyncio.wait_for(everyone, deadline)
    except TimeoutError:
        stuck = {name: list(stage.values()).count(name) for name in set(stage.values())}
        raise RuntimeError(f"the floor did not finish in {deadline} s: shoppers by stage {stuck}") from None
    done.set()
    await asyncio.gather(*agents, return_exceptions=True)
    floor.errors.extend({"exception": repr(r)} for r in results if isinstance(r, BaseException))
    return floor


def busy_floor(
    root: Path, demo: Path, texts: list[str], shoppers: int = 200, agents: int = 5, deadline: float = 600
) -> Floor:
    """200 shoppers and 5 agents at once on one process (SQLite, in-process bus)."""
    from bench.__main__ import free_port

    env = {  # all the shoppers come from one address here: the per-address limit on new conversations is lifted
        "COMPTOIR_DATA_DIR": str(root / "floor"),
        "COMPTOIR_CHAT__BURST": "10",
        "COMPTOIR_CHAT__CONVERSATIONS_PER_MINUTE": str(10 * shoppers),
    }
    comptoir(env, "ingest", "--catalog", str(demo / "catalog.json"), "--policies", str(demo / "policies"))
    for number in range(agents):
        comptoir(env, "users", "add", f"agent{number}", "--role", "agent", "--password-stdin", stdin=PASSWORD + "\n")
    port = free_port()
    with serving(port, env):
        tokens = [login(port, f"agent{number}") for number in range(agents)]
        return asyncio.run(_floor(port, tokens, shoppers, texts, deadline))
