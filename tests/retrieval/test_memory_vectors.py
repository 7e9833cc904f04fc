"""The dense side searched from a copy of the vectors in memory ranks as Chroma's index does, and follows ingests."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.cli import DEMO_DIR
from assistant.runtime import hnsw_settings
from retrieval import HybridSearch, IndexHandle, ShopEmbeddings
from tests.conftest import ingest_files, make_settings

QUERIES = [
    ("a tent for two people", None),
    ("warm jacket for winter under 150 euros", None),
    ("chaussures de randonnée imperméables", None),
    ("something for my daughter who starts climbing", None),
    ("how long do I have to return an item?", "en"),
    ("livraison en Belgique", "fr"),
    ("is my data shared with anyone", None),
]


def handles(data_dir: Path, embeddings: ShopEmbeddings) -> tuple[IndexHandle, IndexHandle]:
    settings = make_settings(data_dir)
    hnsw = hnsw_settings(settings)
    memory = IndexHandle(settings.index_dir, None, settings.collection, embeddings, hnsw)
    chroma = IndexHandle(settings.index_dir, None, settings.collection, embeddings, hnsw, memory_vectors=0)
    return memory, chroma


def test_vectors_in_memory_rank_as_chroma_does(demo_data_dir: Path, embeddings: ShopEmbeddings) -> None:
    memory, chroma = handles(demo_data_dir, embeddings)
    assert memory.current().vectors and not chroma.current().vectors
    exact, through_chroma = HybridSearch(memory, embeddings), HybridSearch(chroma, embeddings)
    for text, lang in QUERIES:
        filters = memory.current().vocabulary.parse(text)
        pairs = [
            (exact.products(text, filters, 10), through_chroma.products(text, filters, 10)),
            (exact.passages(text, lang, 5), through_chroma.passages(text, lang, 5)),
        ]
        for mine, theirs in pairs:
            assert [h.key for h in mine] == [h.key for h in theirs], text
            assert [h.dense for h in mine] == pytest.approx([h.dense for h in theirs], abs=1e-3), text
            assert [h.score for h in mine] == pytest.approx([h.score for h in theirs], abs=1e-3), text


def test_vectors_in_memory_follow_an_ingest(tmp_path: Path, embeddings: ShopEmbeddings) -> None:
    settings = make_settings(tmp_path / "data")
    products = json.loads((DEMO_DIR / "catalog.json").read_text())[:12]
    catalog = tmp_path / "catalog.json"
    catalog.write_text(json.dumps(products))
    ingest_files(settings, embeddings, catalog, None)
    memory, _ = handles(tmp_path / "data", embeddings)
    search = HybridSearch(memory, embeddings)
    target = products[3]
    before = {h.key: h.dense for h in search.products("a bright red inflatable kayak", k=12)}

    target["title"] = "Bright red inflatable kayak"
    target["description"] = "An inflatable kayak for one paddler, bright red."
    catalog.write_text(json.dumps(products))
    ingest_files(settings, embeddings, catalog, None)
    index = memory.current()
    assert index.vectors["product"].shape == (12, 384)
    after = search.products("a bright red inflatable kayak", k=12)
    assert after[0].key == target["id"]
    assert after[0].dense > before[target["id"]] + 0.2
