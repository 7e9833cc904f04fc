"""What the on-call reads: ``/healthz`` (liveness), ``/readyz`` (readiness), ``/metrics`` and JSON log lines."""

from __future__ import annotations

import json
import logging
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr

from assistant.config import ChatSettings, MetricsSettings
from assistant.logs import JsonFormatter, about
from assistant.runtime import Runtime, build_runtime
from assistant.web.app import create_app
from guardrails import PiiDetector
from retrieval import ShopEmbeddings
from tests.conftest import make_settings

TOKEN = "scrape-token-for-tests"
LOOPBACK = ("127.0.0.1", 50000)


@pytest.fixture
def runtime(demo_index_dir: Path, embeddings: ShopEmbeddings, detector: PiiDetector, tmp_path: Path) -> Runtime:
    """A runtime of its own (the metrics count from zero), its scrape guarded by a token."""
    shutil.copytree(demo_index_dir / "index", tmp_path / "index")
    settings = make_settings(
        tmp_path,
        chat=ChatSettings(conversations_per_minute=1000),
        metrics=MetricsSettings(token=SecretStr(TOKEN)),
    )
    return build_runtime(settings, embeddings, detector)


@pytest.fixture
def client(runtime: Runtime) -> Iterator[TestClient]:
    with TestClient(create_app(runtime.settings, runtime), client=LOOPBACK) as test_client:
        yield test_client


def scrape(client: TestClient) -> str:
    response = client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    return response.text


def sample(text: str, name: str, **labels: str) -> float:
    """The value of one sample of the scrape (0 when absent)."""
    wanted = ",".join(f'{key}="{value}"' for key, value in labels.items())
    for line in text.splitlines():
        if line.startswith(f"{name}{{{wanted}}} ") or (not labels and line.startswith(f"{name} ")):
            return float(line.rsplit(" ", 1)[1])
    return 0.0


def test_readyz_checks_each_dependency(client: TestClient) -> None:
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ready",
        "checks": {"database": "ok", "bus": "ok", "chroma": "ok", "index": "ok"},
    }


def test_readyz_is_503_with_nothing_ingested_while_healthz_stays_live(
    embeddings: ShopEmbeddings, detector: PiiDetector, tmp_path: Path
) -> None:
    empty = build_runtime(make_settings(tmp_path), embeddings, detector)
    with TestClient(create_app(empty.settings, empty)) as client:
        ready = client.get("/readyz")
        assert ready.status_code == 503
        assert ready.json()["status"] == "not_ready"
        assert ready.json()["checks"]["index"] == "error: LookupError"
        assert ready.json()["checks"]["database"] == "ok"
        assert client.get("/healthz").status_code == 200


def test_readyz_and_metrics_are_503_before_start() -> None:
    client = TestClient(create_app())
    assert client.get("/readyz").status_code == 503
    assert client.get("/metrics").status_code == 503


def test_metrics_count_turns_steps_and_flags_without_any_text(client: TestClient) -> None:
    before = scrape(client)
    assert sample(before, "comptoir_turns_total", intent="product_search") == 0
    said = "a Quarzvelt tent for two people, write to me at zorglub.quartz@example.org"
    reply = client.post("/api/chat", json={"locale": "en", "id": "m1", "text": said})
    assert reply.status_code == 200
    intent = reply.json()["message"]["intent"]
    after = scrape(client)
    assert sample(after, "comptoir_turns_total", intent=intent) == 1
    assert sample(after, "comptoir_guardrail_flags_total", flag="pii_redacted") == 1
    for step in ("last-answer", "redact-and-store", "history", "embed", "classify", "retrieve", "respond", "store"):
        assert sample(after, "comptoir_turn_step_seconds_count", step=step) >= 1, step
    assert sample(after, "comptoir_batch_size_count", model="ner") >= 1
    assert sample(after, "comptoir_queue_length") == 0
    assert "Quarzvelt" not in after and "zorglub" not in after and "example.org" not in after


def test_metrics_count_handovers_by_reason_and_the_queue(client: TestClient) -> None:
    reply = client.post("/api/chat", json={"locale": "en", "id": "p1", "text": "I want to talk to a human please"})
    assert reply.status_code == 200
    text = scrape(client)
    assert sample(text, "comptoir_handovers_total", reason="request") == 1
    assert sample(text, "comptoir_queue_length") == 1
    assert sample(text, "comptoir_queue_oldest_wait_seconds") >= 0


def test_metrics_count_rate_limit_refusals(runtime: Runtime, client: TestClient) -> None:
    with client.websocket_connect("/ws/chat") as socket:
        socket.send_json({"type": "hello", "session": None, "locale": "en"})
        assert socket.receive_json()["type"] == "welcome"
        refused = 0
        for number in range(runtime.settings.chat.frame_burst + 5):
            socket.send_json({"type": "typing", "state": number % 2 == 0})
        socket.send_json({"type": "ping"})
        while refused == 0:
            frame = socket.receive_json()
            refused += frame.get("code") == "rate_limited"
    assert sample(scrape(client), "comptoir_rate_limit_refusals_total", code="rate_limited") >= 1


def test_metrics_need_the_token_when_one_is_set(client: TestClient) -> None:
    assert client.get("/metrics").status_code == 401
    assert client.get("/metrics", headers={"Authorization": "Bearer wrong"}).status_code == 401


def test_without_a_token_metrics_are_read_from_this_machine_only(
    demo_index_dir: Path, embeddings: ShopEmbeddings, detector: PiiDetector, tmp_path: Path
) -> None:
    shutil.copytree(demo_index_dir / "index", tmp_path / "index")
    local = build_runtime(make_settings(tmp_path), embeddings, detector)
    app = create_app(local.settings, local)
    with TestClient(app, client=("203.0.113.9", 40000)) as remote:
        assert remote.get("/metrics").status_code == 403
    with TestClient(app, client=LOOPBACK) as here:
        assert here.get("/metrics").status_code == 200
        assert "comptoir_websocket_connections" in here.get("/metrics").text


def test_json_log_lines_name_the_turn_never_its_text() -> None:
    formatter = JsonFormatter()
    said = " ".join(["shopper", "wrote:", "call", "me", "on", "+33", "6", "12", "34", "56", "78"])
    try:
        raise ValueError(said)  # the traceback quotes this line, never the message
    except ValueError:
        error = sys.exc_info()
    record = logging.LogRecord("comptoir.chat", logging.ERROR, __file__, 1, "turn %s failed", ("t-1",), error)
    with about(conversation="c-9", turn="t-1"):
        line = json.loads(formatter.format(record))
    assert line["level"] == "ERROR" and line["logger"] == "comptoir.chat"
    assert line["message"] == "turn t-1 failed"
    assert line["conversation_id"] == "c-9" and line["turn_id"] == "t-1"
    assert "ValueError (message left out)" in line["exception"]
    assert "+33" not in json.dumps(line) and "shopper wrote" not in json.dumps(line)
    outside = json.loads(formatter.format(logging.LogRecord("comptoir", logging.INFO, __file__, 1, "ready", (), None)))
    assert "turn_id" not in outside
