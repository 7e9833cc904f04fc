"""Chroma-server mode: ``comptoir ingest`` and ``comptoir serve`` with COMPTOIR_CHROMA_URL, against ``chroma run``."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from assistant.cli import DEMO_DIR
from assistant.config import Settings
from retrieval.index import Manifest, collection_name
from tests.live import chroma_server, free_port, server
from tests.netguard import guarded_environment

pytestmark = pytest.mark.slow


def run_comptoir(data_dir: Path, chroma_url: str, *args: str, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    """``comptoir ARGS`` under the network guard, as a merchant would run it."""
    environment = {
        **guarded_environment(str(data_dir.parent / "network-attempts.log")),
        "COMPTOIR_DATA_DIR": str(data_dir),
        "COMPTOIR_CHROMA_URL": chroma_url,
    }
    command = [sys.executable, "-m", "assistant.cli", *args]
    return subprocess.run(command, env=environment, capture_output=True, text=True, timeout=timeout)


def comptoir(data_dir: Path, chroma_url: str, *args: str) -> str:
    """What a successful ``comptoir ARGS`` printed."""
    done = run_comptoir(data_dir, chroma_url, *args)
    assert done.returncode == 0, done.stderr
    return done.stdout


def embedded_count(summary: str) -> int:
    found = re.search(r"(\d+) embedded", summary)
    assert found, summary
    return int(found.group(1))


def call(url: str, body: dict[str, Any] | None = None) -> Any:
    """GET ``url``, or POST ``body`` to it as JSON; the JSON answer."""
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.loads(response.read())


def stored_ids(chroma_url: str, kind: str) -> set[str]:
    """The ids the Chroma server holds for ``kind``, read through its own HTTP API."""
    collections = f"{chroma_url}/api/v2/tenants/default_tenant/databases/default_database/collections"
    collection = call(f"{collections}/{collection_name(Settings().collection, kind)}")
    return set(call(f"{collections}/{collection['id']}/get", {"include": []})["ids"])


def test_ingest_and_serve_with_a_chroma_server(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    index_dir = data_dir / "index"
    demo_ids = {product["id"] for product in json.loads((DEMO_DIR / "catalog.json").read_text())}
    with chroma_server(tmp_path / "chroma", free_port()) as chroma_url:
        first = comptoir(data_dir, chroma_url, "ingest", "--demo")
        manifest = Manifest(index_dir / "manifest.json").read()
        assert embedded_count(first) == len(manifest["items"]) > len(demo_ids)

        # The vectors live in the server; the data directory keeps only the manifest.
        for kind in ("product", "policy"):
            named = {e["vector_id"] for e in manifest["items"].values() if e["kind"] == kind}
            assert stored_ids(chroma_url, kind) == named
        assert not (index_dir / "chroma").exists()
        assert not [p for p in index_dir.rglob("*") if "sqlite" in p.name]

        assert "already has items; nothing to do" in comptoir(data_dir, chroma_url, "ingest", "--demo", "--if-empty")
        assert embedded_count(comptoir(data_dir, chroma_url, "ingest", "--demo")) == 0

        api = f"http://127.0.0.1:{(port := free_port())}/api"
        with server(data_dir, port, env={"COMPTOIR_CHROMA_URL": chroma_url}):
            tents = call(f"{api}/search", {"query": "tent for 2 people", "k": 5})["results"]
            assert tents and {hit["id"] for hit in tents} <= demo_ids
            # With no dense side, the best fused score is 0.4 (words) + 0.15 (category named): above that,
            # the vectors in the server ranked these products.
            assert tents[0]["score"] > 0.6
            # No word of this query is in the catalog: what it finds, Chroma found.
            dense_only = call(f"{api}/search", {"query": "zxqv", "k": 3})["results"]
            assert len(dense_only) == 3 and {hit["id"] for hit in dense_only} <= demo_ids

            turn = call(f"{api}/chat", {"id": "c1", "locale": "en", "text": "a tent for 2 people"})["message"]
            assert turn["products"] and {p["id"] for p in turn["products"]} <= demo_ids
            assert turn["sources"] and {s["id"] for s in turn["sources"]} <= set(manifest["items"])
            assert any(p["title"] in turn["text"] for p in turn["products"])

    # A new, empty server behind the same data directory: the manifest names vectors it lacks. The server
    # refuses to start rather than rank by words alone; ``--if-empty`` indexes again.
    with chroma_server(tmp_path / "chroma-new", free_port()) as chroma_url:
        refused = run_comptoir(data_dir, chroma_url, "serve", "--port", str(free_port()), timeout=180)
        assert refused.returncode != 0
        assert f"lacks {len(manifest['items'])} of the {len(manifest['items'])} vectors" in refused.stderr

        again = comptoir(data_dir, chroma_url, "ingest", "--demo", "--if-empty")
        assert f"Chroma lacks {len(manifest['items'])} of the index's" in again
        assert embedded_count(again) == len(manifest["items"])
        assert stored_ids(chroma_url, "product") == {
            e["vector_id"] for e in manifest["items"].values() if e["kind"] == "product"
        }
        assert "nothing to do" in comptoir(data_dir, chroma_url, "ingest", "--demo", "--if-empty")

    assert not (tmp_path / "network-attempts.log").exists()
