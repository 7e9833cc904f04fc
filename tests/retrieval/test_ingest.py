"""Ingestion: incremental by content hash, deletions, bad rows, and no half-written index."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from assistant.cli import DEMO_DIR
from assistant.runtime import hnsw_settings
from retrieval import HybridSearch, IndexHandle, ShopEmbeddings, chroma_client, collect_items, ingest, open_collections
from retrieval.index import Manifest
from tests.conftest import DATA, ingest_files, make_settings


def small_catalog(tmp_path: Path, count: int = 12) -> Path:
    products = json.loads((DEMO_DIR / "catalog.json").read_text())[:count]
    path = tmp_path / "catalog.json"
    path.write_text(json.dumps(products))
    return path


def test_unchanged_reingest_embeds_nothing(tmp_path: Path, embeddings: ShopEmbeddings) -> None:
    settings = make_settings(tmp_path / "data")
    catalog = small_catalog(tmp_path)
    first = ingest_files(settings, embeddings, catalog, DEMO_DIR / "policies")
    assert first.embedded == first.products + first.passages
    assert first.products == 12
    second = ingest_files(settings, embeddings, catalog, DEMO_DIR / "policies")
    assert second.embedded == 0
    assert second.deleted == 0
    assert second.unchanged == first.embedded


def test_changed_and_removed_products_are_reembedded_and_deleted(tmp_path: Path, embeddings: ShopEmbeddings) -> None:
    settings = make_settings(tmp_path / "data")
    catalog = small_catalog(tmp_path)
    ingest_files(settings, embeddings, catalog, None)
    products = json.loads(catalog.read_text())
    products[0]["price"] = 1.5
    removed = products.pop()
    catalog.write_text(json.dumps(products))
    report = ingest_files(settings, embeddings, catalog, None)
    assert report.embedded == 1
    assert report.deleted == 1
    handle = IndexHandle(settings.index_dir, None, settings.collection, embeddings, hnsw_settings(settings))
    index = handle.current()
    assert removed["id"] not in index.products
    assert index.products[products[0]["id"]].price == "1.50"
    store = index.stores["product"]
    assert len(store.get(include=[])["ids"]) == len(products)


def test_an_interrupted_ingest_leaves_the_previous_index(
    tmp_path: Path, embeddings: ShopEmbeddings, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = make_settings(tmp_path / "data")
    catalog = small_catalog(tmp_path)
    ingest_files(settings, embeddings, catalog, None)
    before = Manifest(settings.index_dir / "manifest.json").read()
    products = json.loads(catalog.read_text())
    for product in products:
        product["title"] += " (new season)"
    catalog.write_text(json.dumps(products))

    calls = {"n": 0}
    original = embeddings.embed_documents

    def failing(texts: list[str]) -> list[list[float]]:
        calls["n"] += 1
        raise KeyboardInterrupt  # the merchant pressed Ctrl-C half-way

    monkeypatch.setattr(embeddings, "embed_documents", failing)
    with pytest.raises(KeyboardInterrupt):
        ingest_files(settings, embeddings, catalog, None)
    monkeypatch.setattr(embeddings, "embed_documents", original)
    assert calls["n"] == 1
    assert Manifest(settings.index_dir / "manifest.json").read() == before
    handle = IndexHandle(settings.index_dir, None, settings.collection, embeddings, hnsw_settings(settings))
    search = HybridSearch(handle, embeddings)
    assert all("(new season)" not in hit.item.title["en"] for hit in search.products("jacket"))  # type: ignore[union-attr]
    report = ingest_files(settings, embeddings, catalog, None)
    assert report.embedded == len(products)
    assert all("(new season)" in p.title["en"] for p in handle.current().products.values())


def test_generic_csv_with_bad_rows(tmp_path: Path, embeddings: ShopEmbeddings) -> None:
    settings = make_settings(tmp_path / "data")
    report = ingest_files(settings, embeddings, DATA / "catalog_generic.csv", None)
    assert report.products == 12
    assert len(report.errors) == 3
    assert all(error.file == "catalog_generic.csv" and error.line > 1 for error in report.errors)
    messages = " ".join(str(e) for e in report.errors)
    assert "price" in messages
    assert "title" in messages
    assert "negative" in messages


def test_shopify_export_groups_variants(tmp_path: Path, embeddings: ShopEmbeddings) -> None:
    settings = make_settings(tmp_path / "data")
    report = ingest_files(settings, embeddings, DATA / "catalog_shopify.csv", None)
    assert report.products == 5
    assert len(report.errors) == 1
    assert "price" in str(report.errors[0])
    handle = IndexHandle(settings.index_dir, None, settings.collection, embeddings, hnsw_settings(settings))
    products = handle.current().products.values()
    assert all(p.variants for p in products)
    assert any(len(p.variants) > 1 for p in products)
    assert all("<p>" not in p.description.get("en", "") for p in products)


def test_policies_keep_their_headings_and_source(tmp_path: Path) -> None:
    items, _, _ = collect_items(tmp_path, catalog=None, policies=DEMO_DIR / "policies", language="en")
    passages = [i.payload for i in items]
    assert {p["lang"] for p in passages} == {"en", "fr"}
    returns = [p for p in passages if p["page"] == "en/returns"]
    assert returns
    assert all(p["url"] == "/policies/en/returns" and p["heading"] for p in returns)


def test_ingest_only_the_catalog_keeps_the_policies(tmp_path: Path, embeddings: ShopEmbeddings) -> None:
    settings = make_settings(tmp_path / "data")
    catalog = small_catalog(tmp_path)
    first = ingest_files(settings, embeddings, catalog, DEMO_DIR / "policies")
    again = ingest_files(settings, embeddings, catalog, None)
    assert again.passages == first.passages
    assert again.embedded == 0
    assert again.deleted == 0


def test_a_missing_catalog_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="catalog file not found"):
        collect_items(tmp_path, catalog=tmp_path / "nope.csv", policies=None, language="en")


def test_the_command_line_reports_bad_rows_with_file_and_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from assistant.cli import main
    from assistant.config import get_settings

    monkeypatch.setenv("COMPTOIR_DATA_DIR", str(tmp_path / "data"))
    get_settings.cache_clear()
    try:
        assert main(["ingest", "--catalog", str(DATA / "catalog_generic.csv")]) == 0
        assert main(["ingest", "--catalog", str(tmp_path / "missing.csv")]) == 2
    finally:
        get_settings.cache_clear()
    out = capsys.readouterr()
    assert "catalog_generic.csv:" in out.err
    assert "12 products" in out.out
    assert "catalog file not found" in out.err
    shutil.rmtree(tmp_path / "data")


def test_a_new_embedding_recipe_reembeds_everything_and_drops_the_old_vectors(
    tmp_path: Path, embeddings: ShopEmbeddings
) -> None:
    settings = make_settings(tmp_path / "data")
    catalog = small_catalog(tmp_path, 5)
    ingest_files(settings, embeddings, catalog, None)
    shorter = ShopEmbeddings(max_tokens=24)
    items, _, _ = collect_items(settings.index_dir, catalog=catalog, policies=None, language="en")
    stores = open_collections(
        chroma_client(settings.index_dir, None), settings.collection, shorter, hnsw_settings(settings)
    )
    report = ingest(items, index_dir=settings.index_dir, stores=stores, embeddings=shorter)
    assert report.embedded == 5
    assert len(stores["product"].get(include=[])["ids"]) == 5
    assert Manifest(settings.index_dir / "manifest.json").read()["embedding_model"] == shorter.recipe


@pytest.mark.slow
def test_a_running_index_sees_what_another_process_ingested(tmp_path: Path, embeddings: ShopEmbeddings) -> None:
    import subprocess
    import sys

    from tests.netguard import guarded_environment

    settings = make_settings(tmp_path / "data")
    catalog = small_catalog(tmp_path, 8)
    ingest_files(settings, embeddings, catalog, None)
    handle = IndexHandle(settings.index_dir, None, settings.collection, embeddings, hnsw_settings(settings))
    search = HybridSearch(handle, embeddings)
    assert search.products("inflatable unicorn pool float")[0].key != "NEW-1"

    products = json.loads(catalog.read_text())
    products.append(
        {**products[0], "id": "NEW-1", "sku": "NEW-1", "title": "Inflatable unicorn pool float", "variants": []}
    )
    catalog.write_text(json.dumps(products))
    log = tmp_path / "network-attempts.log"
    env = {**guarded_environment(str(log)), "COMPTOIR_DATA_DIR": str(settings.data_dir)}
    command = [sys.executable, "-m", "assistant.cli", "ingest", "--catalog", str(catalog)]
    subprocess.run(command, env=env, check=True, capture_output=True, timeout=300)
    assert not log.exists(), "comptoir ingest tried to reach the network"

    best = search.products("inflatable unicorn pool float")[0]
    assert best.key == "NEW-1" and best.dense > 0.6  # found by the dense side too, not only by BM25
