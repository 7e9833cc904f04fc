"""The fuzzers' own runtime over the demo index, its staff logged in through the real form, and real ids to
draw from (a conversation with answers, a data request, a conversation waiting for a person)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings

from assistant.runtime import Runtime, build_runtime
from assistant.web.app import create_app
from guardrails import PiiDetector
from retrieval import ShopEmbeddings
from tests.app import staff_cookie, until
from tests.conftest import make_settings

PASSWORD = "fuzzing is a kind of love"
AGENT, OFFICER, DECOY = "fuzz-agent", "fuzz-officer", "fuzz-decoy"
"""The agent whose socket is fuzzed, the compliance officer of the compliance pages, and an account whose
logins are fuzzed (and may be locked out)."""


def bounded(examples: int) -> settings:
    """Hypothesis settings of the suite's fuzz tests: ``examples`` of them, the same at every run, nothing kept
    between runs, no deadline (a turn runs the whole pipeline)."""
    return settings(
        max_examples=examples,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
    )


@pytest.fixture(scope="package")
def fuzz_runtime(
    demo_index_dir: Path, embeddings: ShopEmbeddings, detector: PiiDetector, tmp_path_factory: pytest.TempPathFactory
) -> Runtime:
    """A runtime of its own (its conversations and limiters touch no other test), its rate limits raised so
    that the fuzzers measure the answers, not the limiter; no purge in the background."""
    data_dir = tmp_path_factory.mktemp("fuzz")
    shutil.copytree(demo_index_dir / "index", data_dir / "index")
    settings = make_settings(
        data_dir,
        chat={
            "max_messages_per_second": 100_000,
            "burst": 100_000,
            "frames_per_second": 100_000,
            "frame_burst": 100_000,
            "conversations_per_minute": 1_000_000,
        },
        console={"frames_per_second": 100_000, "burst": 100_000},
        retention={"purge_every_hours": 0},
    )
    runtime = build_runtime(settings, embeddings, detector)
    runtime.accounts.add(AGENT, "agent", PASSWORD, "Fuzz Agent")
    runtime.accounts.add(OFFICER, "compliance", PASSWORD, "Fuzz Officer")
    runtime.accounts.add(DECOY, "agent", PASSWORD, "Decoy")
    return runtime


@pytest.fixture(scope="package")
def fuzz_client(fuzz_runtime: Runtime) -> Iterator[TestClient]:
    """A test client of the app over the fuzzers' runtime; a server error is an answer (500), not an exception."""
    with TestClient(create_app(fuzz_runtime.settings, fuzz_runtime), raise_server_exceptions=False) as client:
        yield client


@dataclass(frozen=True)
class Staff:
    """The Cookie headers of the agent's and the officer's sessions."""

    agent: dict[str, str]
    officer: dict[str, str]


@pytest.fixture(scope="package")
def staff(fuzz_client: TestClient) -> Staff:
    """The agent and the officer logged in through the real form, before any fuzzer tries a login."""
    return Staff(staff_cookie(fuzz_client, AGENT, PASSWORD), staff_cookie(fuzz_client, OFFICER, PASSWORD))


@dataclass(frozen=True)
class Known:
    """Real ids for the fuzzers to draw from, beside made-up ones."""

    sessions: tuple[str, ...]
    turns: tuple[str, ...]
    requests: tuple[str, ...]
    conversations: tuple[str, ...]


@pytest.fixture(scope="package")
def known(fuzz_client: TestClient, fuzz_runtime: Runtime) -> Known:
    """A conversation with two answers and an access request, and one waiting for a person."""
    sessions, turns, requests, conversations = [], [], [], []
    for asks_for_a_person in (False, True):
        with fuzz_client.websocket_connect("/ws/chat") as ws:
            ws.send_json({"type": "hello", "session": None, "locale": "en"})
            sessions.append(until(ws, "welcome")["session"])
            for number, text in enumerate(["a tent for two", "what is your return policy?"]):
                ws.send_json({"type": "message", "id": f"known-{number}", "text": text})
                turns.append(until(ws, "message", reply_to=f"known-{number}")["turn"])
            if asks_for_a_person:
                ws.send_json({"type": "handoff"})
                until(ws, "handoff", state="queued")
            else:
                ws.send_json({"type": "data_request", "kind": "access"})
                requests.append(until(ws, "data_request")["id"])
        conversations.append(fuzz_runtime.chat.open(sessions[-1], "en").conversation.id)
    return Known(tuple(sessions), tuple(turns), tuple(requests), tuple(conversations))
