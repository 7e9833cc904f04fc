"""``make fuzz``: generated frames and HTTP requests against a real ``comptoir serve`` on loopback.

Two runs, each on a fresh data directory with the demo index and staff accounts made by ``comptoir users add``:
the first with the chat's and the console's rates raised (so that frames reach the handlers, not only the
limiter), the second with the default limits. Each drives shopper and agent sockets at once (the agents logged
in through the real form) with frames drawn from ``tests/fuzz/strategies.py``, and sends HTTP requests beside
them: Schemathesis cases from the app's OpenAPI schema and generated bodies, forms and queries. It prints what it
counted and exits 1 when a check fails: an error frame without a code, or ``internal``; a frame that is not JSON;
a socket closed without a close code and reason (a frame over the transport's cap closed with 1009 is expected);
no answer within a minute; a 5xx or an error body not in the one shape (or holding personal data sent); personal
data in a log; ``/healthz`` unhealthy after; the server's resident memory not back within 10 % of where it started
once the clients left.

    python -m tests.fuzz.run [--frames 20000] [--requests 5000] [--seed N]
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import schemathesis
from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.result import Ok
from schemathesis.errors import FailureGroup
from schemathesis.specs.openapi.checks import negative_data_rejection
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import ClientConnection, connect

from assistant.config import ChatSettings, HttpSettings
from tests.fuzz.checks import Frame, read_frame, response_problem
from tests.fuzz.harness import AGENT_MARKER, ANSWER_WITHIN, SHOPPER_MARKER, Marker, answer
from tests.fuzz.process import MB, PeakMemory, rss, wait_until_idle
from tests.fuzz.strategies import PERSONAL, Payload, Request, agent_frames, http_requests, shopper_frames
from tests.live import free_port, server
from tests.netguard import NetworkGuard, guarded_environment

PASSWORD = "fuzzing is a kind of love"
AGENTS = ("fuzz-agent-1", "fuzz-agent-2")
OFFICER, DECOY = "fuzz-officer", "fuzz-decoy"
SHOPPER_SOCKETS = 6
RAISED = {
    "COMPTOIR_CHAT__MAX_MESSAGES_PER_SECOND": "100000",
    "COMPTOIR_CHAT__BURST": "100000",
    "COMPTOIR_CHAT__FRAMES_PER_SECOND": "100000",
    "COMPTOIR_CHAT__FRAME_BURST": "100000",
    "COMPTOIR_CHAT__CONVERSATIONS_PER_MINUTE": "1000000",
    "COMPTOIR_CONSOLE__FRAMES_PER_SECOND": "100000",
    "COMPTOIR_CONSOLE__BURST": "100000",
}
MAX_FRAME = ChatSettings.model_fields["max_frame_bytes"].default
MAX_BODY = HttpSettings.model_fields["max_body_bytes"].default
MEMORY_SLACK = 0.10
SETTLE = 5.0
"""Seconds the server is left alone after the clients left, before its memory is read."""


@dataclass
class Tally:
    """What one client (or a whole run) sent, received and found wrong."""

    frames: int = 0
    received: Counter[str] = field(default_factory=Counter)
    errors: Counter[str] = field(default_factory=Counter)
    closes: Counter[str] = field(default_factory=Counter)
    dropped: int = 0
    requests: int = 0
    statuses: Counter[int] = field(default_factory=Counter)
    problems: list[str] = field(default_factory=list)

    def add(self, other: Tally) -> None:
        self.frames += other.frames
        self.received.update(other.received)
        self.errors.update(other.errors)
        self.closes.update(other.closes)
        self.dropped += other.dropped
        self.requests += other.requests
        self.statuses.update(other.statuses)
        self.problems.extend(other.problems)


def draw(strategy: st.SearchStrategy[Any], count: int, at: int) -> list[Any]:
    """Up to ``count`` values of ``strategy`` (fewer only when it has no more to give), the same for the same
    ``at``."""
    values: list[Any] = []
    for attempt in range(50):
        before = len(values)
        if before >= count:
            break

        @seed(at + attempt)
        @settings(
            max_examples=count - before,
            database=None,
            deadline=None,
            phases=[Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        @given(strategy)
        def collect(value: Any) -> None:
            values.append(value)

        try:
            collect()
        except Unsatisfiable:
            break
        if len(values) == before:
            break
    return values[:count]


def short(payload: Payload | Request) -> str:
    text = repr(payload)
    return text if len(text) <= 300 else f"{text[:240]}...{text[-40:]} ({len(text)} long)"


class SocketClient:
    """One socket driven with generated frames; closed sockets are counted and opened again."""

    def __init__(self, url: str, headers: dict[str, str], marker: Marker, greeting: str):
        self.url, self.headers, self.marker, self.greeting = url, headers, marker, greeting
        self.tally = Tally()
        self.ws: ClientConnection | None = None
        self._open = ExitStack()
        self.current: Payload = ""

    def run(self, payloads: Sequence[Payload]) -> None:
        for payload in payloads:
            self.tally.frames += 1
            self.current = payload
            try:
                if self.ws is None:
                    opening = connect(self.url, additional_headers=self.headers, max_size=None, open_timeout=30)
                    self.ws = self._open.enter_context(opening)
                    answer(self._send, self._receive, self.marker, self.greeting)
                for frame in answer(self._send, self._receive, self.marker, payload):
                    self.tally.received[frame["type"]] += 1
                    if frame["type"] == "error":
                        self.tally.errors[str(frame.get("code"))] += 1
            except ConnectionClosed as closed:
                self._closed(closed, payload)
            except TimeoutError:
                self.tally.problems.append(f"no answer within {ANSWER_WITHIN:.0f} s to {short(payload)}")
                self._hang_up()
        self._hang_up()

    def _send(self, payload: Payload) -> None:
        assert self.ws is not None
        self.ws.send(payload)

    def _receive(self) -> Frame | None:
        assert self.ws is not None
        frame, problem = read_frame(self.ws.recv(timeout=ANSWER_WITHIN))
        if problem is not None:
            self.tally.problems.append(f"{str(problem)[:300]} (after {short(self.current)})")
        return frame

    def _closed(self, closed: ConnectionClosed, payload: Payload) -> None:
        self._hang_up()
        if closed.rcvd is None or not closed.rcvd.reason:
            self.tally.dropped += 1
            self.tally.problems.append(f"socket dropped without a close code and reason after {short(payload)}")
            return
        code, reason = closed.rcvd.code, closed.rcvd.reason
        self.tally.closes[f"{code} {reason[:60]}"] += 1
        size = len(payload.encode() if isinstance(payload, str) else payload)
        if not (code == 1009 and size > MAX_FRAME):
            self.tally.problems.append(f"socket closed with {code} {reason!r} after {short(payload)}")

    def _hang_up(self) -> None:
        self._open.close()
        self.ws = None


def send_requests(base: str, requests: Sequence[Request], officer: dict[str, str], tally: Tally) -> None:
    """Generated requests, one after the other, each answer checked."""
    with httpx.Client(base_url=base, timeout=ANSWER_WITHIN) as client:
        for request in requests:
            tally.requests += 1
            headers = dict(request.headers) | (officer if request.officer else {})
            try:
                response = client.request(request.method, request.path, content=request.body, headers=headers)
            except httpx.HTTPError as exc:
                tally.problems.append(f"{type(exc).__name__} for {short(request)}")
                continue
            finally:
                client.cookies.clear()
            tally.statuses[response.status_code] += 1
            problem = response_problem(
                request, response.status_code, dict(response.headers), response.content, MAX_BODY
            )
            if problem is not None:
                tally.problems.append(str(problem)[:400])


def one_error_shape(ctx: Any, response: Any, case: Any) -> bool | None:
    """Schemathesis check: an error answer in the one shape, without personal data sent, 429 with Retry-After."""
    body = response.request.body or b""
    sent = body.encode() if isinstance(body, str) else body
    request = Request(case.method.upper(), case.path, sent, source=sent.decode("utf-8", "replace"))
    headers = {name: ", ".join(values) for name, values in response.headers.items()}
    problem = response_problem(request, response.status_code, headers, response.content)
    if problem is not None:
        raise problem
    return None


def schemathesis_cases(base: str, count: int, at: int) -> list[Any]:
    """``count`` Schemathesis cases spread over the operations of the served schema, valid and not."""
    schema = schemathesis.openapi.from_url(f"{base}/openapi.json")
    operations = [result.ok() for result in schema.get_all_operations() if isinstance(result, Ok)]
    each = max(count // (2 * len(operations)), 1)
    cases: list[Any] = []
    for number, operation in enumerate(operations):
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            cases.extend(draw(operation.as_strategy(generation_mode=mode), each, at + 1000 * number))
    random.Random(at).shuffle(cases)
    return cases[:count]


def send_cases(base: str, cases: Sequence[Any], officer: dict[str, str], tally: Tally) -> None:
    """Schemathesis cases, one after the other; each answer validated by Schemathesis's checks and ours."""
    for case in cases:
        tally.requests += 1
        headers = officer if case.path.startswith("/compliance") else {}
        try:
            response = case.call(base_url=base, headers=headers, timeout=ANSWER_WITHIN)
        except Exception as exc:  # a transport failure is a finding, counted like any other
            tally.problems.append(f"{type(exc).__name__} calling {case.method} {case.path}")
            continue
        tally.statuses[response.status_code] += 1
        try:
            case.validate_response(
                response, checks=[not_a_server_error, negative_data_rejection], additional_checks=[one_error_shape]
            )
        except (AssertionError, FailureGroup) as failure:  # counted, and reported at the end
            tally.problems.append(f"{case.method} {case.path}: {str(failure).strip()[:400]}")


def recorded(job: Callable[[], None], crashes: Tally) -> None:
    """Run a client; if it fails in a way it does not count itself, the failure is a problem of the run."""
    try:
        job()
    except Exception as exc:
        crashes.problems.append(f"a client failed: {type(exc).__name__}: {str(exc)[:300]}")


# -- a run -------------------------------------------------------------------------------------------------


def comptoir(data_dir: Path, *args: str, stdin: str | None = None) -> str:
    """Run a ``comptoir`` command on ``data_dir`` (under the network guard); what it printed."""
    environment = {
        **guarded_environment(str(data_dir.parent / "network-attempts.log")),
        "COMPTOIR_DATA_DIR": str(data_dir),
    }
    done = subprocess.run(
        [sys.executable, "-m", "assistant.cli", *args],
        env=environment,
        input=stdin,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"comptoir {' '.join(args)} failed: {done.stderr[-2000:]}")
    return done.stdout


def log_in(base: str, name: str) -> dict[str, str]:
    """A member of staff logged in through the real form; the Cookie header of their session."""
    response = httpx.post(f"{base}/console/login", data={"name": name, "password": PASSWORD}, timeout=60)
    if response.status_code != 303:
        raise RuntimeError(f"the login of {name} was answered {response.status_code}")
    return {"cookie": f"comptoir_staff={response.cookies['comptoir_staff']}"}


@dataclass
class Known:
    """Real ids for the strategies, beside made-up ones."""

    sessions: list[str] = field(default_factory=list)
    turns: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    conversations: list[str] = field(default_factory=list)


def shopper_until(ws: ClientConnection, kind: str) -> Frame:
    while True:
        frame = json.loads(ws.recv(timeout=ANSWER_WITHIN))
        if frame["type"] == kind:
            return dict(frame)


def set_up(base: str, officer: dict[str, str]) -> Known:
    """Two conversations with answers (one with a data request, one waiting for a person), and a search: real ids
    for the strategies, and a server that has answered every kind of turn once."""
    known = Known()
    url = base.replace("http://", "ws://") + "/ws/chat"
    for asks_for_a_person in (False, True):
        with connect(url, max_size=None) as ws:
            ws.send(json.dumps({"type": "hello", "session": None, "locale": "en"}))
            known.sessions.append(shopper_until(ws, "welcome")["session"])
            for number, text in enumerate(["a tent for two", "what is your return policy?", "bonjour"]):
                ws.send(json.dumps({"type": "message", "id": f"set-up-{number}", "text": text}))
                known.turns.append(shopper_until(ws, "message")["turn"])
            if asks_for_a_person:
                ws.send(json.dumps({"type": "handoff"}))
                shopper_until(ws, "handoff")
            else:
                ws.send(json.dumps({"type": "data_request", "kind": "access"}))
                known.requests.append(shopper_until(ws, "data_request")["id"])
    found = httpx.get(f"{base}/compliance/search.json", headers=officer, timeout=60).json()
    known.conversations = [row["id"] for row in found["conversations"]]
    httpx.post(f"{base}/api/search", json={"query": "waterproof jacket"}, timeout=60).raise_for_status()
    return known


def personal_data_in_logs(data_dir: Path, console: Path) -> list[str]:
    """The log files (and the process's output) holding any of the personal data the strategies plant."""
    files = [*sorted((data_dir / "logs").glob("*")), console]
    return [
        f"{path.name}: {value}"
        for path in files
        if path.is_file()
        for value in PERSONAL
        if value.encode() in path.read_bytes()
    ]


@dataclass
class Outcome:
    """A run's figures and whether every check held."""

    name: str
    tally: Tally
    seconds: float
    memory: dict[str, int]
    healthy: bool
    leaks: list[str]

    @property
    def passed(self) -> bool:
        back = self.memory["after"] <= self.memory["start"] * (1 + MEMORY_SLACK)
        return not self.tally.problems and not self.tally.dropped and self.healthy and not self.leaks and back


def run(name: str, index: Path, work: Path, env: dict[str, str], frames: int, requests: int, at: int) -> Outcome:
    """One run against a fresh server; its outcome."""
    data_dir = work / name.replace(" ", "-") / "data"
    shutil.copytree(index, data_dir / "index")
    for account, role in [*((agent, "agent") for agent in AGENTS), (OFFICER, "compliance"), (DECOY, "agent")]:
        comptoir(data_dir, "users", "add", account, "--role", role, "--password-stdin", stdin=PASSWORD + "\n")
    port, console = free_port(), data_dir.parent / "console.log"
    base = f"http://127.0.0.1:{port}"
    print(f"\n== {name}: {frames} frames, {requests} HTTP requests (seed {at}) ==", flush=True)
    with server(data_dir, port, env, output=console) as process:
        ready = rss(process.pid)
        cookies = {agent: log_in(base, agent) for agent in AGENTS}
        officer = log_in(base, OFFICER)
        known = set_up(base, officer)
        started = time.monotonic()
        agent_share = frames // 4
        shopper_payloads = [
            sent.data
            for sent in draw(shopper_frames(known.sessions, known.turns, known.requests), frames - agent_share, at)
        ]
        agent_payloads = [sent.data for sent in draw(agent_frames(known.conversations), agent_share, at + 1)]
        cases = schemathesis_cases(base, requests // 3, at + 2)
        bodies = draw(
            http_requests(known.sessions, known.conversations, known.requests, (DECOY,)), requests - len(cases), at + 3
        )
        print(f"drawn in {time.monotonic() - started:.0f} s", flush=True)
        wait_until_idle(process.pid)
        start = rss(process.pid)
        chat_url = base.replace("http://", "ws://") + "/ws/chat"
        agent_url = base.replace("http://", "ws://") + "/ws/agent"
        hello = json.dumps({"type": "hello", "session": None, "locale": "en"})
        ping = json.dumps({"type": "ping"})
        clients = [SocketClient(chat_url, {}, SHOPPER_MARKER, hello) for _ in range(SHOPPER_SOCKETS)]
        clients += [SocketClient(agent_url, cookies[agent], AGENT_MARKER, ping) for agent in AGENTS]
        shares = [shopper_payloads[n::SHOPPER_SOCKETS] for n in range(SHOPPER_SOCKETS)]
        shares += [agent_payloads[n :: len(AGENTS)] for n in range(len(AGENTS))]
        http_tallies = [Tally(), Tally()]
        jobs: list[Callable[[], None]] = [
            *(lambda c=client, s=share: c.run(s) for client, share in zip(clients, shares, strict=True)),
            lambda: send_cases(base, cases, officer, http_tallies[0]),
            lambda: send_requests(base, bodies, officer, http_tallies[1]),
        ]
        crashes = Tally()
        began = time.monotonic()
        with PeakMemory(process.pid) as memory:
            threads = [threading.Thread(target=recorded, args=(job, crashes), daemon=True) for job in jobs]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
        seconds = time.monotonic() - began
        time.sleep(SETTLE)
        wait_until_idle(process.pid)
        after = rss(process.pid)
        health = httpx.get(f"{base}/healthz", timeout=60)
        healthy = health.status_code == 200 and health.json().get("status") == "ok"
    tally = Tally()
    for part in [*(client.tally for client in clients), *http_tallies, crashes]:
        tally.add(part)
    attempts = data_dir.parent / "network-attempts.log"
    if attempts.exists() and attempts.read_text().strip():
        tally.problems.append(f"the server tried to reach the network: {attempts.read_text()[:300]}")
    memory_figures = {"ready": ready, "start": start, "peak": memory.peak, "after": after}
    outcome = Outcome(name, tally, seconds, memory_figures, healthy, personal_data_in_logs(data_dir, console))
    report(outcome, len(cases), len(bodies))
    return outcome


def report(outcome: Outcome, cases: int, bodies: int) -> None:
    tally, memory = outcome.tally, outcome.memory
    expected_closes = {k: v for k, v in tally.closes.items() if k.startswith("1009 ")}
    print(
        f"frames sent: {tally.frames} over {SHOPPER_SOCKETS} shopper and {len(AGENTS)} agent sockets, in {outcome.seconds:.0f} s"
    )
    print(f"frames received by type: {dict(tally.received.most_common())}")
    print(f"error frames by code: {dict(tally.errors.most_common())}")
    print(
        f"sockets closed by the server: {dict(tally.closes)} (1009 after a frame over the transport's cap: {sum(expected_closes.values())})"
    )
    print(f"sockets dropped without a close code and reason: {tally.dropped}")
    print(
        f"HTTP requests: {tally.requests} ({cases} Schemathesis cases, {bodies} generated); statuses {dict(sorted(tally.statuses.items()))}"
    )
    print(f"5xx answers: {sum(n for status, n in tally.statuses.items() if status >= 500)}")
    print(f"/healthz after: {'ok' if outcome.healthy else 'NOT HEALTHY'}")
    print(f"personal data in logs: {outcome.leaks or 'none'}")
    growth = memory["after"] / memory["start"] - 1
    print(
        f"server memory (VmRSS): ready {memory['ready'] / MB:.0f} MB, start {memory['start'] / MB:.0f} MB, "
        f"peak {memory['peak'] / MB:.0f} MB, after the clients left {memory['after'] / MB:.0f} MB "
        f"({growth:+.1%} of start; at most +{MEMORY_SLACK:.0%})"
    )
    print(f"problems: {len(tally.problems)}")
    for problem in tally.problems[:40]:
        print(f"  - {problem}")
    print(f"{outcome.name}: {'PASSED' if outcome.passed else 'FAILED'}", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.fuzz.run", description=__doc__.split("\n\n")[0])
    parser.add_argument("--frames", type=int, default=20_000, help="generated frames of the first run")
    parser.add_argument("--requests", type=int, default=5_000, help="HTTP requests of the first run")
    parser.add_argument("--seed", type=int, default=random.randrange(1 << 30), help="the same seed, the same run")
    args = parser.parse_args(argv)
    guard = NetworkGuard()
    guard.install()
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="comptoir-fuzz-") as folder:
        work = Path(folder)
        index = work / "demo"
        print(comptoir(index, "ingest", "--demo").strip().splitlines()[-1], flush=True)
        outcomes = [
            run("raised limits", index / "index", work, RAISED, args.frames, args.requests, args.seed),
            run("default limits", index / "index", work, {}, args.frames // 10, args.requests // 10, args.seed + 7),
        ]
    guard.uninstall()
    print(
        f"\nmake fuzz: {sum(o.tally.frames for o in outcomes)} frames and {sum(o.tally.requests for o in outcomes)} HTTP requests in {time.monotonic() - started:.0f} s; seed {args.seed}"
    )
    failed = [o.name for o in outcomes if not o.passed] + (["network"] if guard.attempts else [])
    print("FAILED: " + ", ".join(failed) if failed else "PASSED")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
