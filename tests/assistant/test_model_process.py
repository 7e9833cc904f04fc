"""The models' own process: the same names and vectors as in the server's process, errors told, a dead one replaced."""

from __future__ import annotations

import multiprocessing
import os
import signal
import time
from collections.abc import Iterator
from multiprocessing.connection import Connection
from pathlib import Path

import numpy as np
import pytest
from fastapi.testclient import TestClient
from sqlmodel import select

from assistant.model_process import ModelProcess, ModelProcessFailed
from assistant.records.tables import Turn
from assistant.runtime import build_runtime
from assistant.web.app import create_app
from guardrails import PiiDetector
from retrieval import ShopEmbeddings
from tests.conftest import make_settings

TEXTS = [
    ("a tent for two people", "en"),
    ("my name is Camille Martin and my e-mail is camille.martin@example.org", "en"),
    ("Appelez-moi au 06 12 34 56 78, c'est Louis Moreau", "fr"),
    ("je cherche des chaussures de randonnée pour femme", "fr"),
    ("Call me on +44 20 7946 0958, I'm Priya Shah from 12 Mill Lane", "en"),
]


@pytest.fixture(scope="module")
def models(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModelProcess]:
    process = ModelProcess(make_settings(Path(tmp_path_factory.mktemp("models"))))
    process.wait_ready()
    yield process
    process.close()


def findings(found: list[list[object]]) -> list[list[tuple[object, ...]]]:
    return [
        sorted((r.entity_type, r.start, r.end, round(r.score, 4)) for r in results)  # type: ignore[attr-defined]
        for results in found
    ]


def test_the_process_is_ready_once_its_models_are_loaded(models: ModelProcess) -> None:
    """Ready means loaded (the models load lazily elsewhere): a server's first shoppers do not wait for them. Runs
    first in this module, before any batch was sent."""
    with open(f"/proc/{models.pid}/maps") as maps:
        mapped = maps.read()
    assert "libtorch" in mapped  # MiniLM
    assert "/spacy/" in mapped and "/thinc/" in mapped  # the pipelines


def test_names_and_vectors_are_the_ones_read_in_this_process(
    models: ModelProcess, detector: PiiDetector, embeddings: ShopEmbeddings
) -> None:
    there = findings(models.names(TEXTS))
    assert there == findings(detector.analyze_many(TEXTS))
    assert any(kind == "PERSON" for found in there for kind, *_ in found)  # the batch did find names
    vectors = models.vectors([text for text, _ in TEXTS])
    assert np.allclose(np.stack(vectors), np.stack(list(embeddings.embed_many([t for t, _ in TEXTS]))), atol=1e-5)


def test_a_model_error_reaches_its_caller_and_the_process_goes_on(models: ModelProcess) -> None:
    pid = models.pid
    with pytest.raises(ModelProcessFailed, match="xx"):
        models.names([("hello there", "xx")])  # no pipeline for that language
    assert models.pid == pid
    assert len(models.vectors(["still here"])) == 1


def test_a_server_with_a_model_process_loads_no_model_itself(models: ModelProcess, demo_data_dir: Path) -> None:
    """The server's own copies are never loaded: the messages, the intents' examples and the policy pages' topics
    are embedded and read for names in the model process (700 MB and ~14 s of CPU less per server start)."""
    runtime = build_runtime(make_settings(demo_data_dir), serving=True, models=models)
    with TestClient(create_app(runtime=runtime)) as client:
        said = client.post(
            "/api/chat", json={"id": "m1", "locale": "en", "text": "I'm Camille Martin, a tent for two?"}
        )
        assert said.status_code == 200, said.text
        assert said.json()["message"]["ai"] is True
        policy = client.post("/api/chat", json={"id": "m2", "locale": "en", "text": "how long do I have to return it?"})
        assert policy.status_code == 200, policy.text
    with runtime.store.engine.connect() as connection:
        stored = connection.execute(select(Turn.shopper_text, Turn.answer_text)).all()
    assert len(stored) == 2 and all(answer for _, answer in stored)
    assert "Camille" not in stored[0][0] and "tent for two" in stored[0][0]  # the name was read there, and hidden
    assert not runtime.embeddings.loaded and not runtime.privacy.redactor.detector.loaded


@pytest.mark.slow
def test_a_killed_model_process_is_started_again(models: ModelProcess) -> None:
    first = models.pid
    assert first is not None
    os.kill(first, signal.SIGKILL)
    found = models.names([("I'm Camille Martin", "en")])  # waits while the models load again
    assert models.pid not in (None, first)
    assert any(r.entity_type == "PERSON" for r in found[0])


def _serve_and_return(data_dir: str, told: Connection) -> None:
    """What a uvicorn worker does: start the models' process, use it, and return (multiprocessing ends it then)."""
    models = ModelProcess(make_settings(Path(data_dir)))
    models.wait_ready()
    models.vectors(["ready"])
    told.send(models.pid)


@pytest.mark.slow
def test_a_worker_process_that_returns_ends_with_its_model_process(tmp_path: Path) -> None:
    context = multiprocessing.get_context("spawn")
    mine, theirs = context.Pipe()
    worker = context.Process(target=_serve_and_return, args=(str(tmp_path), theirs))
    worker.start()
    assert mine.poll(300), "the worker never had its models"
    child = mine.recv()
    worker.join(60)
    assert worker.exitcode == 0, "the worker did not end once its work was done"
    deadline = time.monotonic() + 10
    while _alive(child) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _alive(child), "the models' process outlived its server"


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/status") as status:
            return not any(line.startswith("State:") and "Z" in line for line in status)
    except OSError:
        return False
