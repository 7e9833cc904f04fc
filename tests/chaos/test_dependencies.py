"""A running server whose dependency fails, with real processes and no mocks.

- Redis restarted while a shopper on one ``comptoir serve`` process and an agent on another talk: ``/readyz``
  says the bus is down while it is (``degraded``, still 200), and no agent message is lost without the shopper
  hearing of it.
- PostgreSQL restarted while a shopper talks: every turn in flight gets its answer or an error frame (never a
  hang), no half-written row is left, the audit chain verifies, and the server recovers without a restart.
- A Chroma server stopped under a running server: every question still gets an answer (from the lexical side of
  the index, or a hand-over) or an error frame, never a hang nor an HTTP 500; ``/readyz`` says Chroma is down
  (``degraded``, still 200: the server answers on words alone).

Each test starts its own dependency (``redis-server``, a PostgreSQL cluster with ``initdb``/``pg_ctl``,
``chroma run``) on a free loopback port in a temporary directory, and skips, saying why, when it cannot.
What every server process printed is in its ``serve-*.log`` under the test's temporary directory.
"""

from __future__ import annotations

import glob
import json
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import ClientConnection, connect

from assistant.web.deps import SESSION_COOKIE
from tests.live import free_port, server, staff_login, wait_until_answers
from tests.netguard import guarded_environment

Frame = dict[str, Any]

PASSWORD = "correct horse battery"
SHARED_KEY = "a-key-every-process-of-the-shop-shares"
NO_LIMIT = {"COMPTOIR_CHAT__CONVERSATIONS_PER_MINUTE": "1000"}  # every client of a test comes from one address

TURN_SECONDS = 30.0
"""Longest a turn may take, outage or not, before it counts as hung."""
READY_SECONDS = 15.0
"""Longest ``/readyz`` may take to notice that a dependency went away or came back."""


# -- clients ---------------------------------------------------------------------------------------------------


class Socket:
    """A client WebSocket that keeps every frame it received, with when it came (``time.monotonic()``)."""

    def __init__(self, ws: ClientConnection, name: str):
        self.ws = ws
        self.name = name
        self.seen: list[tuple[float, Frame]] = []
        self.closed: str | None = None

    def send(self, frame: Frame) -> None:
        self.ws.send(json.dumps(frame))

    def next(self, deadline: float) -> Frame | None:
        """The next frame, or ``None`` once ``deadline`` passed (or the socket closed)."""
        remaining = deadline - time.monotonic()
        if remaining <= 0 or self.closed is not None:
            return None
        try:
            raw = self.ws.recv(timeout=remaining)
        except TimeoutError:
            return None
        except ConnectionClosed as exc:
            self.closed = f"closed by the server: {exc}"
            return None
        frame: Frame = json.loads(raw)
        self.seen.append((time.monotonic(), frame))
        return frame

    def until(self, match: Callable[[Frame], bool], seconds: float) -> Frame | None:
        """The first frame that matches, within ``seconds``; ``None`` when none came."""
        deadline = time.monotonic() + seconds
        while (frame := self.next(deadline)) is not None:
            if match(frame):
                return frame
        return None

    def expect(self, match: Callable[[Frame], bool], seconds: float, what: str) -> Frame:
        frame = self.until(match, seconds)
        assert frame is not None, f"{self.name}: no {what} within {seconds:.0f} s; {self.describe()}"
        return frame

    def drain(self, seconds: float) -> list[Frame]:
        """Every frame that comes in the next ``seconds``."""
        deadline = time.monotonic() + seconds
        frames = []
        while (frame := self.next(deadline)) is not None:
            frames.append(frame)
        return frames

    def since(self, start: float, end: float = float("inf")) -> list[Frame]:
        return [frame for at, frame in self.seen if start <= at < end]

    def describe(self, last: int = 15) -> str:
        frames = [brief(frame) for _, frame in self.seen[-last:]]
        return f"last frames seen: {frames}" + (f"; {self.closed}" if self.closed else "")


def brief(frame: Frame) -> str:
    """A frame, short enough for an assertion message."""
    keys = ("type", "id", "reply_to", "code", "state", "from", "act", "intent", "agents_online", "action", "message")
    shown = {k: frame[k] for k in keys if k in frame}
    if "text" in frame:
        shown["text"] = str(frame["text"])[:60]
    if frame.get("products"):
        shown["products"] = len(frame["products"])
    return json.dumps(shown, ensure_ascii=False)


@dataclass
class Outcome:
    """How one shopper message ended: ``message`` (the answer), ``error`` (an error frame naming it), ``unnamed``
    (an error frame with no ``reply_to``), ``handoff`` (a person has it), or ``none`` (nothing in time)."""

    client_id: str
    kind: str
    frame: Frame | None
    acknowledged: bool
    seconds: float
    frames: list[Frame] = field(default_factory=list)

    def __str__(self) -> str:
        return (
            f"{self.client_id}: {self.kind} after {self.seconds:.1f} s (acknowledged: {self.acknowledged}); "
            f"frames: {[brief(f) for f in self.frames]}"
        )


def ask(sock: Socket, client_id: str, text: str, seconds: float = TURN_SECONDS) -> Outcome:
    """Send one message and read until it is answered, refused, handed over, or ``seconds`` pass."""
    started = time.monotonic()
    sock.send({"type": "message", "id": client_id, "text": text})
    return outcome_of(sock, client_id, started, seconds)


def outcome_of(sock: Socket, client_id: str, started: float, seconds: float = TURN_SECONDS) -> Outcome:
    deadline = started + seconds
    acknowledged = False
    frames: list[Frame] = []
    while (frame := sock.next(deadline)) is not None:
        frames.append(frame)
        kind = frame["type"]
        if kind == "ack" and frame.get("id") == client_id:
            acknowledged = True
        elif kind in ("message", "error") and frame.get("reply_to") == client_id:
            return Outcome(client_id, kind, frame, acknowledged, time.monotonic() - started, frames)
        elif kind == "error" and frame.get("reply_to") is None:
            return Outcome(client_id, "unnamed", frame, acknowledged, time.monotonic() - started, frames)
        elif kind == "handoff" and acknowledged:
            return Outcome(client_id, "handoff", frame, acknowledged, time.monotonic() - started, frames)
    return Outcome(client_id, "none", None, acknowledged, time.monotonic() - started, frames)


@contextmanager
def widget_socket(port: int, name: str) -> Iterator[Socket]:
    """A widget's socket, before its hello."""
    with connect(f"ws://127.0.0.1:{port}/ws/chat", open_timeout=30) as ws:
        yield Socket(ws, name)


@contextmanager
def shopper(port: int, name: str) -> Iterator[Socket]:
    """A widget's socket on a new conversation (welcomed)."""
    with widget_socket(port, name) as sock:
        sock.send({"type": "hello", "session": None, "locale": "en"})
        sock.expect(lambda f: f["type"] == "welcome", 30, "welcome")
        yield sock


def login(port: int, name: str) -> str:
    """A console session token of ``name``."""
    return staff_login(port, name, PASSWORD)


@contextmanager
def console(port: int, token: str) -> Iterator[Socket]:
    """An agent's console socket."""
    address, cookie = f"ws://127.0.0.1:{port}/ws/agent", {"Cookie": f"{SESSION_COOKIE}={token}"}
    with connect(address, additional_headers=cookie, open_timeout=30) as ws:
        yield Socket(ws, f"agent on :{port}")


def readiness(port: int) -> tuple[int, Frame]:
    """``GET /readyz``: its status and body (status 0 when the request itself failed)."""
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=10) as answer:
            return answer.status, json.load(answer)
    except urllib.error.HTTPError as answer:
        with answer:
            return answer.code, json.load(answer)
    except OSError as exc:
        return 0, {"request_failed": repr(exc)}


def wait_readiness(port: int, wanted: Callable[[int, Frame], bool], seconds: float = READY_SECONDS) -> list[str]:
    """Poll ``/readyz`` until ``wanted``; an empty list when it came, else what was seen."""
    seen: list[str] = []
    deadline = time.monotonic() + seconds
    while True:
        status, body = readiness(port)
        if wanted(status, body):
            return []
        seen.append(f"{status} {json.dumps(body)}")
        if time.monotonic() > deadline:
            return seen[-3:]
        time.sleep(0.5)


def post_chat(port: int, text: str, client_id: str, seconds: float = 20.0) -> tuple[int, Frame, float]:
    """``POST /api/chat`` for a new conversation: status, body and seconds taken (status 0 on a time-out)."""
    body = json.dumps({"session": None, "locale": "en", "id": client_id, "text": text}).encode()
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/api/chat", data=body, headers={"Content-Type": "application/json"}
    )
    started = time.monotonic()
    try:
        with urllib.request.urlopen(request, timeout=seconds) as answer:
            return answer.status, json.load(answer), time.monotonic() - started
    except urllib.error.HTTPError as answer:
        with answer:
            raw = answer.read()
        try:
            parsed = json.loads(raw)
        except ValueError:
            parsed = {"raw": raw[:300].decode(errors="replace")}
        return answer.code, parsed, time.monotonic() - started
    except OSError as exc:  # a time-out or a dropped connection
        return 0, {"request_failed": repr(exc)}, time.monotonic() - started


def comptoir(
    data_dir: Path, env: dict[str, str], *args: str, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    """A ``comptoir`` command, as the operator runs it, under the network guard."""
    environment = {
        **guarded_environment(str(data_dir.parent / "network-attempts.log")),
        "COMPTOIR_DATA_DIR": str(data_dir),
        **env,
    }
    return subprocess.run(
        [sys.executable, "-m", "assistant.cli", *args],
        env=environment,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=600,
    )


def log_tail(path: Path, lines: int = 25) -> str:
    if not path.exists():
        return "(no output)"
    return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])


def copy_index(demo_index_dir: Path, target: Path) -> Path:
    shutil.copytree(demo_index_dir / "index", target / "index")
    return target


# -- dependencies ----------------------------------------------------------------------------------------------


class RedisProcess:
    """A ``redis-server`` on loopback, nothing kept on disk; stopped and started again on the same port."""

    def __init__(self, binary: str, port: int, directory: Path):
        self.binary, self.port, self.directory = binary, port, directory
        self.url = f"redis://127.0.0.1:{port}/0"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        command = [self.binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                   "--dir", str(self.directory)]  # fmt: skip
        with (self.directory / "redis.log").open("ab") as sink:
            self.process = subprocess.Popen(command, stdout=sink, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 15
        while not self.answers():
            assert self.process.poll() is None, f"redis-server exited: {log_tail(self.directory / 'redis.log')}"
            assert time.monotonic() < deadline, "redis-server did not answer within 15 s"
            time.sleep(0.05)

    def answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1) as conn:
                conn.sendall(b"PING\r\n")
                return conn.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)
        self.process = None


class PostgresCluster:
    """A PostgreSQL cluster of its own (``initdb`` in a temporary directory), run as the ``postgres`` user when the
    tests run as root (PostgreSQL refuses root), trusted on loopback only."""

    def __init__(self, bindir: Path, root: Path, port: int, prefix: list[str]):
        self.bindir, self.root, self.port, self.prefix = bindir, root, port, prefix
        self.data = root / "data"
        self.log = root / "postgres.log"
        self.url = f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"

    @classmethod
    def create(cls, port: int) -> PostgresCluster:
        """A new cluster, not started; or a skip that says why there cannot be one."""
        candidates = sorted(
            (Path(p) for p in glob.glob("/usr/lib/postgresql/*/bin")),
            key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0,
            reverse=True,
        )
        found = [p for p in candidates if (p / "initdb").exists() and (p / "pg_ctl").exists()]
        if not found:
            on_path = shutil.which("initdb")
            if on_path is None or shutil.which("pg_ctl") is None:
                pytest.skip(
                    "PostgreSQL's initdb and pg_ctl were found neither in /usr/lib/postgresql/*/bin nor on PATH"
                )
            found = [Path(on_path).parent]
        prefix: list[str] = []
        owner: tuple[int, int] | None = None
        if os.geteuid() == 0:  # PostgreSQL refuses to run as root
            try:
                account = pwd.getpwnam("postgres")
            except KeyError:
                pytest.skip("running as root, and there is no postgres user to run PostgreSQL as")
            if shutil.which("runuser") is None:
                pytest.skip("running as root, and runuser is missing to run PostgreSQL as the postgres user")
            prefix, owner = ["runuser", "-u", "postgres", "--"], (account.pw_uid, account.pw_gid)
        root = Path(tempfile.mkdtemp(prefix="comptoir-chaos-pg-"))
        if owner is not None:
            os.chown(root, *owner)
        cluster = cls(found[0], root, port, prefix)
        done = cluster._run("initdb", "-D", str(cluster.data), "-U", "postgres", "-A", "trust", "-E", "UTF8",
                            "--locale=C", "--no-sync")  # fmt: skip
        if done.returncode != 0:
            shutil.rmtree(root, ignore_errors=True)
            pytest.skip(f"initdb failed: {done.stderr.strip()[-500:]}")
        return cluster

    def _run(self, program: str, *args: str, timeout: float = 90) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*self.prefix, str(self.bindir / program), *args], capture_output=True, text=True, timeout=timeout
        )

    def _pg_ctl(self, *args: str) -> None:
        done = self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-w", "-t", "60", *args)
        assert done.returncode == 0, f"pg_ctl {' '.join(args)} failed: {done.stderr}\n{log_tail(self.log)}"

    def start(self) -> None:
        options = f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._pg_ctl("-o", options, "start")

    def stop(self) -> None:
        self._pg_ctl("-m", "fast", "stop")

    def restart(self) -> None:
        self._pg_ctl("-m", "fast", "restart")  # with the options of the last start (postmaster.opts)

    def destroy(self) -> None:
        if (self.data / "postmaster.pid").exists():
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop", timeout=60)
        shutil.rmtree(self.root, ignore_errors=True)


class ChromaProcess:
    """A Chroma server (``chroma run``) on loopback, stopped and started again over the same directory and port."""

    def __init__(self, path: Path, port: int):
        self.path, self.port = path, port
        self.url = f"http://127.0.0.1:{port}"
        self.log = path.with_suffix(".log")
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        environment = {
            **guarded_environment(str(self.path.parent / "network-attempts.log")),
            "ANONYMIZED_TELEMETRY": "False",
        }
        command = [str(Path(sys.executable).parent / "chroma"), "run", "--path", str(self.path),
                   "--host", "127.0.0.1", "--port", str(self.port)]  # fmt: skip
        with self.log.open("ab") as sink:
            self.process = subprocess.Popen(command, env=environment, stdout=sink, stderr=sink)
        wait_until_answers(f"{self.url}/api/v2/heartbeat", self.process, 60, f"chroma exited; see {self.log}")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)
        self.process = None


# -- Redis -----------------------------------------------------------------------------------------------------


OUTAGE_QUESTION = "Hello? Are you still there?"


def _bus_down(status: int, body: Frame) -> bool:
    """The bus only degrades the server: still ready (the load balancer keeps it), the failing check named."""
    return status == 200 and body.get("status") == "degraded" and body.get("checks", {}).get("bus", "ok") != "ok"


def _ready(status: int, body: Frame) -> bool:
    return status == 200 and body.get("status") == "ready"


@pytest.mark.slow
def test_redis_restarted_while_a_shopper_and_an_agent_talk_across_two_processes(
    tmp_path: Path, demo_index_dir: Path
) -> None:
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("redis-server is not installed (apt-get install redis-server)")
    (tmp_path / "redis").mkdir()
    bus = RedisProcess(binary, free_port(), tmp_path / "redis")
    bus.start()
    try:
        env = {
            "COMPTOIR_REDIS_URL": bus.url,
            # one SQLite file both processes open (WAL, on this machine): the queue and the messages are shared
            "COMPTOIR_DATABASE_URL": f"sqlite:///{tmp_path / 'shared.db'}",
            "COMPTOIR_SECRET_KEY": SHARED_KEY,
            **NO_LIMIT,
        }
        data_a = copy_index(demo_index_dir, tmp_path / "data-a")
        data_b = copy_index(demo_index_dir, tmp_path / "data-b")
        added = comptoir(data_a, env, "users", "add", "camille", "--role", "agent", "--display-name", "Camille",
                         "--password-stdin", stdin=PASSWORD + "\n")  # fmt: skip
        assert added.returncode == 0, added.stderr
        one, two = free_port(), free_port()
        log_a, log_b = tmp_path / "serve-a.log", tmp_path / "serve-b.log"
        with server(data_a, one, env, log_a), server(data_b, two, env, log_b):
            with shopper(one, "shopper on A") as widget, console(two, login(two, "camille")) as agent:
                problems = _talk_through_a_redis_restart(bus, one, two, widget, agent)
        logs = f"--- process A:\n{log_tail(log_a)}\n--- process B:\n{log_tail(log_b)}"
        assert not problems, "\n".join([*problems, logs])
    finally:
        bus.stop()


def _talk_through_a_redis_restart(bus: RedisProcess, one: int, two: int, widget: Socket, agent: Socket) -> list[str]:
    problems: list[str] = []
    # a person is asked for on A, claimed on B; their first message goes through
    widget.send({"type": "handoff"})
    widget.expect(lambda f: f["type"] == "handoff" and f.get("state") == "queued", 30, "queued hand-over")
    agent.expect(lambda f: f["type"] == "hello", 30, "console hello")
    conversation = None
    while conversation is None:  # the lists refresh when the escalation reaches process B
        waiting = agent.expect(lambda f: f["type"] == "queue", 30, "queue list")["waiting"]
        conversation = waiting[0]["conversation"] if waiting else None
    agent.send({"type": "claim", "conversation": conversation})
    agent.expect(lambda f: f["type"] == "done" and f.get("action") == "claim", 30, "claim done")
    widget.expect(lambda f: f["type"] == "handoff" and f.get("state") == "assigned", 30, "assigned hand-over")
    agent.send({"type": "message", "conversation": conversation, "id": "a1", "text": "Hello, I am Camille."})
    widget.expect(lambda f: f["type"] == "message" and f.get("reply_to") == "a1", 15, "the agent's first message")

    # Redis goes away
    bus.stop()
    seen = wait_readiness(one, _bus_down)
    if seen:
        problems.append(f"/readyz on A did not report the bus down within {READY_SECONDS:.0f} s: {seen}")

    # the agent writes during the outage; then the shopper does
    outage_text = "Your replacement pole ships tomorrow."
    sent_a2 = time.monotonic()
    agent.send({"type": "message", "conversation": conversation, "id": "a2", "text": outage_text})
    agent_a2 = agent.until(
        lambda f: (f["type"] == "done" and f.get("id") == "a2") or f["type"] == "error", TURN_SECONDS
    )
    widget.drain(3)
    sent_m2 = time.monotonic()
    m2 = ask(widget, "m2", OUTAGE_QUESTION, 15)
    widget.drain(2)

    # Redis is back, empty (nothing was saved), on the same port; the agent writes at once, as an agent would
    bus.start()
    sent_a3 = time.monotonic()
    agent.send({"type": "message", "conversation": conversation, "id": "a3", "text": "Back: anything else?"})
    agent_a3 = agent.until(
        lambda f: (f["type"] == "done" and f.get("id") == "a3") or f["type"] == "error", TURN_SECONDS
    )
    a3 = widget.until(lambda f: f["type"] == "message" and f.get("reply_to") == "a3", 10)
    told_a3 = [f for f in widget.since(sent_a3) if f["type"] in ("error", "handoff")]
    if a3 is None and not told_a3:
        problems.append(
            "the agent's message a3, sent right after Redis was back (Redis answering), never reached the shopper's "
            f"socket within 10 s and the shopper was not told; the agent was answered "
            f"{brief(agent_a3) if agent_a3 else 'nothing'}; {widget.describe()}"
        )
    for port, name in ((one, "A"), (two, "B")):
        seen = wait_readiness(port, _ready)
        if seen:
            problems.append(f"/readyz on {name} did not come back to 200 within {READY_SECONDS:.0f} s: {seen}")

    # once both processes say they are ready, an agent message reaches the shopper
    agent.send({"type": "message", "conversation": conversation, "id": "a4", "text": "Still here if you need me."})
    a4 = widget.until(lambda f: f["type"] == "message" and f.get("reply_to") == "a4", 15)
    if a4 is None:
        problems.append(f"the agent's message a4, sent once /readyz was 200 again on both processes, never reached "
                        f"the shopper's socket; {widget.describe()}")  # fmt: skip
    # and a shopper message reaches the agent
    m4 = ask(widget, "m4", "Thank you, that is all.", 15)
    heard = agent.until(lambda f: f["type"] == "shopper_message" and f.get("text") == "Thank you, that is all.", 15)
    if heard is None:
        problems.append(f"the shopper's message m4 (after the outage; {m4}) never reached the agent's console; "
                        f"{agent.describe()}")  # fmt: skip
    widget.drain(2)

    # the outage's agent message: delivered, or the shopper told; never silently lost
    delivered = [f for f in widget.since(sent_a2) if outage_text in json.dumps(f, ensure_ascii=False)]
    told = [f for f in widget.since(sent_a2, sent_m2) if f["type"] in ("error", "handoff")]
    if not delivered and not told:
        token = next(f for _, f in widget.seen if f["type"] == "welcome")["session"]
        with widget_socket(one, "the shopper, resuming on A") as again:
            again.send({"type": "hello", "session": token, "locale": "en"})
            history = again.until(lambda f: f["type"] == "history", 15) or {}
        stored = any(a.get("text") == outage_text for a in history.get("agents", []))
        problems.append(
            "the agent's message a2, sent while Redis was down, was silently lost: the shopper's socket neither "
            f"received it (not even after Redis was back) nor got an error or hand-over frame about it. The agent "
            f"was answered {brief(agent_a2) if agent_a2 else 'nothing'}. Shopper frames after a2: "
            f"{[brief(f) for f in widget.since(sent_a2)]}. The message "
            + ("is stored: a resume's history lists it." if stored else "is not in a resume's history either.")
        )
    # the outage's shopper message: acknowledged, and then the agent hears it or the shopper is told
    heard_m2 = [  # live, or in the conversation the console reads again once the bus is back
        f
        for f in agent.seen
        if (f[1]["type"] == "shopper_message" and f[1].get("text") == OUTAGE_QUESTION)
        or (f[1]["type"] == "conversation" and OUTAGE_QUESTION in json.dumps(f[1].get("transcript")))
    ]
    if m2.kind == "none" and not heard_m2:
        problems.append(f"the shopper's message m2, sent while Redis was down, got {m2}, and never reached the agent")
    return problems


# -- PostgreSQL ------------------------------------------------------------------------------------------------


def _answered_or_refused(outcome: Outcome) -> bool:
    return outcome.kind in ("message", "error", "unnamed")


@pytest.mark.slow
def test_postgresql_restarted_while_a_shopper_talks(tmp_path: Path, demo_data_dir: Path) -> None:
    database = PostgresCluster.create(free_port())
    try:
        database.start()
        env = {"COMPTOIR_DATABASE_URL": database.url, **NO_LIMIT}
        port = free_port()
        log = tmp_path / "serve.log"
        with server(demo_data_dir, port, env, log):
            problems = _talk_through_a_postgres_restart(database, port)
            if problems:
                problems.append(f"--- server output:\n{log_tail(log, 40)}")
        problems.extend(_rows_whole(database.url))
        verified = comptoir(demo_data_dir, env, "audit", "verify")
        if verified.returncode != 0:
            problems.append(f"comptoir audit verify failed ({verified.returncode}): {verified.stdout}{verified.stderr}")
        assert not problems, "\n".join(problems)
    finally:
        database.destroy()


def _talk_through_a_postgres_restart(database: PostgresCluster, port: int) -> list[str]:
    problems: list[str] = []
    with shopper(port, "shopper") as widget:
        first = ask(widget, "m1", "a tent for two people")
        assert first.kind == "message", f"before any outage: {first}"
        token = next(f for _, f in widget.seen if f["type"] == "welcome")["session"]

        # a turn in flight when the database stops: stored and acknowledged, its answer not yet written
        started = time.monotonic()
        widget.send({"type": "message", "id": "m2", "text": "what is your return policy?"})
        widget.expect(lambda f: f["type"] == "ack" and f.get("id") == "m2", TURN_SECONDS, "acknowledgement of m2")
        database.stop()
        m2 = outcome_of(widget, "m2", started)
        m2.acknowledged = True
        if not _answered_or_refused(m2):
            problems.append(f"m2, in flight when PostgreSQL stopped: {m2}")

        # a turn while it is down
        status, body = readiness(port)
        if status != 503 or body.get("checks", {}).get("database") == "ok":
            problems.append(f"/readyz while PostgreSQL was down: {status} {body}")
        m3 = ask(widget, "m3", "do you have a sleeping bag for winter?")
        if not _answered_or_refused(m3):
            problems.append(f"m3, sent while PostgreSQL was down: {m3}")

        # back; then a fast restart with a turn in flight
        database.start()
        started = time.monotonic()
        widget.send({"type": "message", "id": "m4", "text": "a waterproof jacket under 150 euros"})
        restart = threading.Thread(target=database.restart)
        restart.start()
        m4 = outcome_of(widget, "m4", started)
        restart.join(90)
        if not _answered_or_refused(m4):
            problems.append(f"m4, in flight during pg_ctl restart -m fast: {m4}")

        # recovered without a restart of the server: a new socket is acknowledged and answered
        seen = wait_readiness(port, _ready)
        if seen:
            problems.append(f"/readyz did not come back to 200 within {READY_SECONDS:.0f} s: {seen}")
        with shopper(port, "new shopper") as fresh:
            again = ask(fresh, "n1", "a tent for two people")
            if again.kind != "message" or not again.acknowledged:
                problems.append(f"a new socket after PostgreSQL was back: {again}")
        later = ask(widget, "m5", "what is your return policy?")
        if later.kind != "message":
            problems.append(f"the first socket after PostgreSQL was back: {later}")

        for outcome in (m2, m3, m4, again, later):
            print(f"PostgreSQL restart, {outcome}")  # shown with pytest -s or -rA

        # a message acknowledged but not answered (its answer failed) is answered when the shopper resumes
        unanswered = [o for o in (m2, m3, m4) if o.acknowledged and o.kind != "message"]
        if unanswered:
            with widget_socket(port, "resumed shopper") as back:
                back.send({"type": "hello", "session": token, "locale": "en"})
                back.drain(10)
                answered = {f.get("reply_to") for f in back.since(0) if f["type"] == "message"}
                for o in unanswered:
                    client_id = o.client_id
                    history: Frame = next((f for f in back.since(0) if f["type"] == "history"), {"turns": []})
                    in_history = any(
                        t["shopper"]["id"] == client_id and t["assistant"] is not None for t in history["turns"]
                    )
                    if client_id not in answered and not in_history:
                        problems.append(
                            f"{client_id} was acknowledged, then got {o.kind}, and the resume did not answer it; "
                            f"{back.describe()}"
                        )
    return problems


def _rows_whole(url: str) -> list[str]:
    """No half-written turn: an answered turn has its frame, its time and its ``turn_recorded`` audit record."""
    engine = sa.create_engine(url)
    try:
        with engine.connect() as connection:
            turns = connection.execute(
                sa.text("SELECT id, client_id, answer_text, answer_frame, answered_at FROM turns")
            ).all()
            recorded = {
                json.loads(detail)["turn"]
                for (detail,) in connection.execute(
                    sa.text("SELECT detail FROM audit_events WHERE action = 'turn_recorded'")
                )
            }
    finally:
        engine.dispose()
    problems = []
    for turn_id, client_id, answer_text, answer_frame, answered_at in turns:
        if answer_text is not None and (answer_frame is None or answered_at is None or turn_id not in recorded):
            problems.append(
                f"half-written turn {client_id} ({turn_id}): answer_frame {answer_frame is not None}, "
                f"answered_at {answered_at}, audit record {turn_id in recorded}"
            )
        if answer_text is None and answer_frame is not None:
            problems.append(f"turn {client_id} has an answer frame but no answer text")
    if not turns:
        problems.append("no turn was stored at all")
    return problems


# -- Chroma ----------------------------------------------------------------------------------------------------


QUESTIONS = [
    ("product", "a tent for two people"),
    ("policy", "what is your return policy?"),
]


def _degraded_answer_problem(what: str, kind: str, frame: Frame | None) -> str | None:
    """``None`` when ``frame`` is an answer worth giving without vectors: what the lexical side finds (products
    for a product question, a policy passage for a policy question), or a hand-over to a person."""
    if frame is None:
        return f"{what}: no answer"
    if frame.get("type") == "handoff" or frame.get("act") == "human":
        return None
    if kind == "product" and frame.get("products"):
        return None
    if kind == "policy" and any(s.get("kind") == "policy" for s in frame.get("sources", [])):
        return None
    return f"{what}: an answer with nothing from the index: {brief(frame)}"


def _chroma_down(status: int, body: Frame) -> bool:
    """Chroma only degrades the server (answers on words alone): still ready, the failing check named."""
    return status == 200 and body.get("status") == "degraded" and body.get("checks", {}).get("chroma", "ok") != "ok"


@pytest.mark.slow
def test_chroma_server_stopped_under_a_running_server(tmp_path: Path) -> None:
    chroma = ChromaProcess(tmp_path / "chroma", free_port())
    chroma.start()
    try:
        # every search asks Chroma, as with a catalog too large for the vectors' copy in memory (with the copy, the
        # demo shop's searches would not notice Chroma gone)
        env = {"COMPTOIR_CHROMA_URL": chroma.url, "COMPTOIR_RETRIEVAL__MEMORY_VECTORS": "0", **NO_LIMIT}
        data_dir = tmp_path / "data"
        ingested = comptoir(data_dir, env, "ingest", "--demo")
        assert ingested.returncode == 0, ingested.stderr
        port = free_port()
        log = tmp_path / "serve.log"
        with server(data_dir, port, env, log):
            problems = _ask_without_chroma(chroma, port)
            if problems:
                problems.append(f"--- server output:\n{log_tail(log, 40)}")
        assert not problems, "\n".join(problems)
    finally:
        chroma.stop()


def _ask_without_chroma(chroma: ChromaProcess, port: int) -> list[str]:
    problems: list[str] = []
    with shopper(port, "shopper") as widget:
        before = ask(widget, "b1", "a tent for two people")
        assert before.kind == "message" and before.frame and before.frame.get("products"), f"with Chroma: {before}"

    chroma.stop()
    seen = wait_readiness(port, _chroma_down)
    if seen:
        problems.append(f"/readyz did not report Chroma down within {READY_SECONDS:.0f} s: {seen}")

    with shopper(port, "shopper without Chroma") as widget:
        for number, (kind, text) in enumerate(QUESTIONS * 2):  # each question twice: the first and a later turn
            client_id = f"q{number}"
            outcome = ask(widget, client_id, text, 20)
            print(f"Chroma down, socket, {kind}: {outcome}")  # shown with pytest -s or -rA
            if outcome.kind == "none" or not outcome.acknowledged:
                problems.append(f"socket, {kind} question {text!r}: {outcome}")
                continue
            problem = _degraded_answer_problem(f"socket, {kind} question {text!r}", kind, outcome.frame)
            if problem:
                problems.append(f"{problem} ({outcome})")

    for number, (kind, text) in enumerate(QUESTIONS):
        status, body, seconds = post_chat(port, text, f"p{number}")
        print(
            f"Chroma down, POST /api/chat, {kind}: HTTP {status} in {seconds:.1f} s: {brief(body.get('message') or body)}"
        )
        if status != 200:
            problems.append(f"POST /api/chat, {kind} question {text!r}: HTTP {status} after {seconds:.1f} s: {body}")
            continue
        answer = body.get("message") or ({"type": "handoff", **body["handoff"]} if body.get("handoff") else None)
        problem = _degraded_answer_problem(f"POST /api/chat, {kind} question {text!r}", kind, answer)
        if problem:
            problems.append(problem)

    # the server comes back to its vectors once Chroma is back, without a restart
    chroma.start()
    seen = wait_readiness(port, _ready, 30)
    if seen:
        problems.append(f"/readyz did not come back to 200 within 30 s of Chroma's restart: {seen}")
    with shopper(port, "shopper with Chroma back") as widget:
        after = ask(widget, "r1", "a tent for two people")
        if after.kind != "message" or not (after.frame or {}).get("products"):
            problems.append(f"after Chroma was back: {after}")
    return problems
