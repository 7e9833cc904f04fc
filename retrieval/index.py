"""The shop index: product and policy vectors in Chroma, with a manifest that says what is live.

A reader trusts the manifest, never Chroma's raw contents: ingest first adds the new vectors (under ids
that carry their content hash), then swaps the manifest in one atomic rename, then deletes the vectors the
manifest no longer names. An interrupted run leaves at most unreferenced vectors, which the next run reuses
or removes, and never a half-written index.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import numpy as np

from retrieval.catalog import Product, RowError
from retrieval.embeddings import ShopEmbeddings
from retrieval.policies import PolicyPassage

MANIFEST_FORMAT = 1
PRODUCTS, POLICIES = "product", "policy"
_ADD_BATCH = 1024
_ID_BATCH = 5000  # ids per get or delete, under a Chroma server's batch limit (5461)


@dataclass(frozen=True)
class HnswSettings:
    """Chroma HNSW parameters (see README: the defaults lose neighbours on large catalogs)."""

    ef_search: int = 200
    ef_construction: int = 200
    max_neighbors: int = 32

    def configuration(self) -> dict[str, Any]:
        """Chroma 1.x collection configuration."""
        return {
            "hnsw": {
                "space": "cosine",
                "ef_search": self.ef_search,
                "ef_construction": self.ef_construction,
                "max_neighbors": self.max_neighbors,
            }
        }


@dataclass(frozen=True)
class IndexItem:
    """One product or policy passage as indexed."""

    key: str
    kind: str
    hash: str
    embedding_text: str
    payload: dict[str, Any]

    def vector_id(self, recipe: str) -> str:
        """The Chroma id: the key, then a hash of the content and of how it is embedded.

        A changed product or a changed embedding recipe gets a new id, so a vector is never overwritten
        in place and a half-done ingest stays invisible.
        """
        digest = hashlib.sha256(f"{self.hash}|{recipe}".encode()).hexdigest()[:16]
        return f"{self.key}@{digest}"

    @classmethod
    def of_product(cls, product: Product) -> IndexItem:
        """Index entry of a product."""
        return cls(product.id, PRODUCTS, product.content_hash(), product.embedding_text(), product.to_dict())

    @classmethod
    def of_passage(cls, passage: PolicyPassage) -> IndexItem:
        """Index entry of a policy passage."""
        return cls(passage.id, POLICIES, passage.content_hash(), passage.embedding_text(), passage.to_dict())


@dataclass
class IngestReport:
    """What one ingest run did."""

    embedded: int = 0
    deleted: int = 0
    unchanged: int = 0
    products: int = 0
    passages: int = 0
    errors: list[RowError] = field(default_factory=list)
    set_aside: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def summary(self) -> str:
        """One line for the terminal."""
        return (
            f"{self.products} products and {self.passages} policy passages: {self.embedded} embedded, "
            f"{self.unchanged} unchanged, {self.deleted} removed, {len(self.errors)} rows skipped, "
            f"{len(self.set_aside)} instruction-like sentences set aside in {self.seconds:.1f} s"
        )


def chroma_client(index_dir: Path, chroma_url: str | None, *, fresh: bool = False) -> Any:
    """An embedded Chroma in ``index_dir``, or a Chroma server's client; telemetry off either way.

    ``fresh`` drops this process's cached copy of an embedded index, so that vectors another process
    (``comptoir ingest``) wrote are seen.
    """
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
    if chroma_url:
        url = urlparse(chroma_url)
        try:
            return chromadb.HttpClient(
                host=url.hostname or "127.0.0.1",
                port=url.port or (443 if url.scheme == "https" else 8000),
                ssl=url.scheme == "https",
                settings=settings,
            )
        except ValueError as exc:  # chromadb's "Could not connect to a Chroma server"
            raise RuntimeError(f"no Chroma server answers at {chroma_url} ({exc})") from exc
    index_dir.mkdir(parents=True, exist_ok=True)
    path = str(index_dir / "chroma")
    if fresh:
        from chromadb.api.client import SharedSystemClient

        SharedSystemClient._identifier_to_system.pop(path, None)
        SharedSystemClient._identifier_to_refcount.pop(path, None)
    return chromadb.PersistentClient(path=path, settings=settings)


def collection_name(name: str, kind: str) -> str:
    """The Chroma collection that holds the vectors of ``kind``."""
    return f"{name}_{kind}s"


def missing_vectors(client: Any, name: str, manifest: dict[str, Any]) -> int:
    """How many of the vectors the manifest names are not in Chroma.

    The manifest lives in the data directory, the vectors may live in a Chroma server: a new or wiped
    server, or a data directory first indexed into an embedded Chroma, leaves a manifest without vectors.
    """
    from chromadb.errors import NotFoundError

    wanted: dict[str, list[str]] = {}
    for entry in manifest["items"].values():
        wanted.setdefault(entry["kind"], []).append(entry["vector_id"])
    missing = 0
    for kind, ids in wanted.items():
        try:
            collection = client.get_collection(collection_name(name, kind), embedding_function=None)
        except NotFoundError:
            missing += len(ids)
            continue
        for start in range(0, len(ids), _ID_BATCH):
            batch = ids[start : start + _ID_BATCH]
            missing += len(batch) - len(collection.get(ids=batch, include=[])["ids"])
    return missing


def stored_vectors(store: Any, ids: list[str]) -> np.ndarray:
    """The vectors of ``ids`` as Chroma holds them, one row each, in the order of ``ids``."""
    parts = []
    for start in range(0, len(ids), _ID_BATCH):
        batch = ids[start : start + _ID_BATCH]
        stored = store._collection.get(ids=batch, include=["embeddings"])
        by_id = dict(zip(stored["ids"], stored["embeddings"], strict=True))
        parts.append(np.asarray([by_id[i] for i in batch], dtype=np.float32))
    return np.concatenate(parts) if parts else np.zeros((0, 0), dtype=np.float32)


def open_collections(client: Any, name: str, embeddings: ShopEmbeddings, hnsw: HnswSettings) -> dict[str, Any]:
    """The LangChain Chroma stores for products and for policy passages."""
    from langchain_chroma import Chroma

    from retrieval.embeddings import PASSAGE_TOKENS

    readers = {PRODUCTS: embeddings, POLICIES: embeddings.longer(PASSAGE_TOKENS)}
    return {
        kind: Chroma(
            client=client,
            collection_name=collection_name(name, kind),
            embedding_function=reader,
            collection_configuration=hnsw.configuration(),  # type: ignore[arg-type]
        )
        for kind, reader in readers.items()
    }


class Manifest:
    """The list of live items, their content hashes and payloads, in one JSON file."""

    def __init__(self, path: Path):
        self.path = path

    def read(self) -> dict[str, Any]:
        """The manifest, or an empty one."""
        if not self.path.is_file():
            return {"format": MANIFEST_FORMAT, "embedding_model": None, "items": {}}
        manifest: dict[str, Any] = json.loads(self.path.read_text(encoding="utf-8"))
        return manifest

    def write(self, data: dict[str, Any]) -> None:
        """Replace the manifest atomically (write, fsync, rename)."""
        tmp = self.path.with_suffix(".tmp")
        with tmp.open("w", encoding="utf-8") as handle:
            handle.write(json.dumps(data, ensure_ascii=False, separators=(",", ":")))
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, self.path)
        directory = os.open(self.path.parent, os.O_RDONLY)
        try:
            os.fsync(directory)
        finally:
            os.close(directory)

    def stamp(self) -> float:
        """Modification time, to notice a new ingest."""
        try:
            return self.path.stat().st_mtime_ns / 1e9
        except FileNotFoundError:
            return 0.0


@contextmanager
def _exclusive(index_dir: Path) -> Iterator[None]:
    index_dir.mkdir(parents=True, exist_ok=True)
    with (index_dir / ".ingest.lock").open("w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise RuntimeError("another ingest is running on this index") from exc
        yield


Progress = Callable[[int], None]


def ingest(
    items: list[IndexItem],
    *,
    index_dir: Path,
    stores: dict[str, Any],
    embeddings: ShopEmbeddings,
    progress: Callable[[int], Progress] | None = None,
) -> IngestReport:
    """Bring the index in line with ``items``: embed only what is new or changed, drop what is gone."""
    started = time.perf_counter()
    report = IngestReport(
        products=sum(i.kind == PRODUCTS for i in items), passages=sum(i.kind == POLICIES for i in items)
    )
    with _exclusive(index_dir):
        manifest = Manifest(index_dir / "manifest.json")
        old = manifest.read()
        recipe = embeddings.recipe
        ids = [i.vector_id(recipe) for i in items]
        present = {kind: set(store.get(include=[])["ids"]) for kind, store in stores.items()}
        missing = [(i, vid) for i, vid in zip(items, ids, strict=True) if vid not in present[i.kind]]
        _embed_and_add(missing, stores, progress)
        new_items = {
            f"{i.kind}:{i.key}": {"kind": i.kind, "hash": i.hash, "vector_id": vid, "payload": i.payload}
            for i, vid in zip(items, ids, strict=True)
        }
        manifest.write({"format": MANIFEST_FORMAT, "embedding_model": embeddings.recipe, "items": new_items})
        keep = {v["vector_id"] for v in new_items.values()}
        for kind, store in stores.items():
            stale = sorted(present[kind] - keep)
            for start in range(0, len(stale), _ID_BATCH):
                store.delete(ids=stale[start : start + _ID_BATCH])
        report.embedded = len(missing)
        report.unchanged = len(items) - len(missing)
        report.deleted = len(set(old["items"]) - set(new_items))
    report.seconds = time.perf_counter() - started
    return report


def _embed_and_add(
    items: list[tuple[IndexItem, str]], stores: dict[str, Any], progress: Callable[[int], Progress] | None
) -> None:
    """Embed in batches of similar length (less padding) and add the vectors without their texts.

    The texts live in the manifest; Chroma would also index them for full-text search, which costs
    ingest time and is never used.
    """
    advance = progress(len(items)) if progress and items else None
    for kind, store in stores.items():
        batch_items = sorted((pair for pair in items if pair[0].kind == kind), key=lambda p: len(p[0].embedding_text))
        for start in range(0, len(batch_items), _ADD_BATCH):
            batch = batch_items[start : start + _ADD_BATCH]
            vectors = store.embeddings.embed_documents([item.embedding_text for item, _ in batch])
            store._collection.add(
                ids=[vid for _, vid in batch],
                embeddings=vectors,
                metadatas=[{"key": item.key, "kind": item.kind} for item, _ in batch],
            )
            if advance:
                advance(len(batch))
