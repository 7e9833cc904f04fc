"""Shared fixtures: the real model, a demo index built once, apps built from their own settings."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.cli import DEMO_DIR
from assistant.config import ChatSettings, Settings
from assistant.offline import enforce_offline
from assistant.runtime import Runtime, build_runtime, hnsw_settings, ingest_screen, load_detector, load_embeddings
from guardrails import PiiDetector
from retrieval import ShopEmbeddings, chroma_client, collect_items, ingest, open_collections
from tests.netguard import NetworkGuard

DATA = Path(__file__).parent / "data"
PUBLIC_DATA = Path(os.environ.get("COMPTOIR_PUBLIC_DATA", Path(__file__).resolve().parents[2] / "shared" / "data"))
"""Public labelled data written elsewhere (see its README for sources and licences); never copied here."""


def public_data(relative: str) -> Path:
    """A file of the public development data, or a skip that says where it was looked for."""
    path = PUBLIC_DATA / relative
    if not path.is_file():
        pytest.skip(f"public data not found at {path} (set COMPTOIR_PUBLIC_DATA)")
    return path


enforce_offline()


@pytest.fixture(scope="session", autouse=True)
def network_guard() -> Iterator[NetworkGuard]:
    """Every test runs with the network beyond loopback refused; any attempt fails the run."""
    guard = NetworkGuard()
    guard.install()
    yield guard
    guard.uninstall()
    assert not guard.attempts, f"code tried to reach the network: {guard.attempts}"


@pytest.fixture(scope="session")
def embeddings() -> ShopEmbeddings:
    """The packaged MiniLM model, loaded once."""
    return load_embeddings(Settings())


@pytest.fixture(scope="session")
def detector() -> PiiDetector:
    """Presidio's analyzer over the installed spaCy pipelines, loaded once."""
    return load_detector(Settings())


def make_settings(data_dir: Path, **overrides: object) -> Settings:
    """Settings for a test, writing under ``data_dir``."""
    return Settings(data_dir=data_dir, **overrides)  # type: ignore[arg-type]


def ingest_files(settings: Settings, embeddings: ShopEmbeddings, catalog: Path | None, policies: Path | None):  # type: ignore[no-untyped-def]
    """Run an ingest the way ``comptoir ingest`` does."""
    items, errors, set_aside = collect_items(
        settings.index_dir,
        catalog=catalog,
        policies=policies,
        language="en",
        screen=ingest_screen(settings),
    )
    client = chroma_client(settings.index_dir, None)
    stores = open_collections(client, settings.collection, embeddings, hnsw_settings(settings))
    report = ingest(items, index_dir=settings.index_dir, stores=stores, embeddings=embeddings)
    report.errors = errors
    report.set_aside = set_aside
    return report


@pytest.fixture(scope="session")
def demo_index_dir(tmp_path_factory: pytest.TempPathFactory, embeddings: ShopEmbeddings) -> Path:
    """A data directory holding the demo shop's index, built once for the session."""
    data_dir = tmp_path_factory.mktemp("demo-index")
    ingest_files(make_settings(data_dir), embeddings, DEMO_DIR / "catalog.json", DEMO_DIR / "policies")
    return data_dir


@pytest.fixture
def demo_data_dir(demo_index_dir: Path, tmp_path: Path) -> Path:
    """A fresh data directory with a copy of the demo index (and no conversations yet)."""
    target = tmp_path / "data"
    shutil.copytree(demo_index_dir / "index", target / "index")
    return target


@pytest.fixture(scope="session")
def demo_runtime(
    demo_index_dir: Path, embeddings: ShopEmbeddings, detector: PiiDetector, tmp_path_factory: pytest.TempPathFactory
) -> Runtime:
    """A runtime over the demo index, shared by read-mostly tests (so that the tests of a session, all from one
    address, are not counted against each other's new conversations)."""
    data_dir = tmp_path_factory.mktemp("demo-runtime")
    shutil.copytree(demo_index_dir / "index", data_dir / "index")
    settings = make_settings(data_dir, chat=ChatSettings(conversations_per_minute=100_000))
    return build_runtime(settings, embeddings, detector)
