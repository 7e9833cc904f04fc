"""Hybrid search over the shop index: dense (Chroma) and lexical (BM25), fused per query."""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict

from retrieval.catalog import Product, product_from_dict
from retrieval.embeddings import ShopEmbeddings
from retrieval.filters import Filters, FilterVocabulary, without_amounts
from retrieval.index import (
    POLICIES,
    PRODUCTS,
    HnswSettings,
    Manifest,
    chroma_client,
    missing_vectors,
    open_collections,
    stored_vectors,
)
from retrieval.lexical import BM25Index
from retrieval.policies import PolicyPassage
from retrieval.terms import CatalogTerms
from retrieval.text import fold, tokens

log = logging.getLogger("comptoir.search")

DENSE_WEIGHT = 0.6
CATEGORY_BONUS = 0.07
"""Added to a product of a category the shopper's words name; small, since "un casque vélo" names Bikes but wants a
helmet."""
_USE = re.compile(r"\b(?:for|pour|with|avec|to|that|qui|that i|which)\b")
"""Where a query turns from the product to its use: "gas canister | for my stove"."""
TITLE_BONUS = 0.15
"""Added in proportion to the share of the query's words that the product's title holds."""
GENDER_BONUS = 0.12
"""Added to a product made for whom the shopper named (half of it to a product for anyone)."""
TYPE_BONUS = 0.15
"""Added to a product whose title holds the kind of product the query asks for before its use ("un baudrier | pour
mon fils de 8 ans": harnesses before the kids' things), in proportion to the share of those words it holds."""
AGE_BONUS = 0.15
"""Added to a product whose description's age range holds the child's age the shopper gave (taken from one whose
range leaves it out)."""
EVIDENT_BONUS = 0.15
"""Added to a product that shows the size or colour asked for (in its variants or its title)."""


@dataclass(frozen=True)
class Hit:
    """One search result with the scores that ranked it."""

    key: str
    kind: str
    score: float
    dense: float
    lexical: float
    coverage: float
    item: Product | PolicyPassage

    @property
    def source_id(self) -> str:
        """How the audit log and the protocol name this source."""
        return f"{self.kind}:{self.key}"


@dataclass(frozen=True)
class Found:
    """A product search after relaxation: the hits, the filters that held, and the ones given up to find any."""

    hits: list[Hit]
    applied: Filters
    relaxed: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        """The filters applied and the names of those relaxed, as ``/api/search`` reports them."""
        return {"filters": self.applied.to_json(), "relaxed": list(self.relaxed)}


class _Corpus:
    """The live items of one kind, with their BM25 index and Chroma ids."""

    def __init__(self, kind: str, entries: dict[str, dict[str, Any]]):
        self.kind = kind
        self.keys = [key.split(":", 1)[1] for key in entries]
        self.items: list[Product | PolicyPassage] = [
            product_from_dict(e["payload"]) if kind == PRODUCTS else PolicyPassage(**e["payload"])
            for e in entries.values()
        ]
        self.row_of_vector = {e["vector_id"]: row for row, e in enumerate(entries.values())}
        self.vector_ids = [e["vector_id"] for e in entries.values()]
        self.bm25 = BM25Index([item.lexical_text() for item in self.items])


MEMORY_VECTORS = 50_000
"""Indexes of at most this many items are searched exactly from a copy of their vectors in memory (384 floats, 1.5 KB
an item), read from Chroma once per ingest: no round trip to Chroma per search; larger ones ask Chroma's HNSW index
at every search."""


class ShopIndex:
    """A read-only snapshot of the index: what the manifest names, with its lexical side in memory (and its dense
    side too, when ``vectors`` holds a copy of each kind's vectors, rows in the corpus's order)."""

    def __init__(
        self,
        manifest: dict[str, Any],
        stores: dict[str, Any],
        hnsw: HnswSettings,
        vectors: dict[str, np.ndarray] | None = None,
    ):
        entries: dict[str, dict[str, dict[str, Any]]] = {PRODUCTS: {}, POLICIES: {}}
        for key, entry in manifest["items"].items():
            entries[entry["kind"]][key] = entry
        self.embedding_model: str | None = manifest.get("embedding_model")
        self.corpora = {kind: _Corpus(kind, found) for kind, found in entries.items()}
        self.stores = stores
        self.hnsw = hnsw
        self.vectors = vectors or {}
        products = self.corpora[PRODUCTS].items
        self.products: dict[str, Product] = {p.id: p for p in products if isinstance(p, Product)}
        self.vocabulary = FilterVocabulary(list(self.products.values()))
        passages = [p for p in self.corpora[POLICIES].items if isinstance(p, PolicyPassage)]
        self.terms = CatalogTerms(self.products.values(), passages)

    @property
    def empty(self) -> bool:
        """True before anything was ingested."""
        return not any(c.items for c in self.corpora.values())

    def dense(self, kind: str, vector: np.ndarray, n: int, rows: list[int] | None) -> dict[int, float]:
        """Cosine similarity of the nearest items of ``kind``, by row, among ``rows`` when given."""
        corpus = self.corpora[kind]
        if not corpus.items or rows == []:
            return {}
        matrix = self.vectors.get(kind)
        if matrix is not None:  # exact: every allowed row's similarity, the best n kept
            among = np.arange(len(corpus.items)) if rows is None else np.asarray(rows)
            similarities = matrix[among] @ vector
            best = np.argpartition(-similarities, n - 1)[:n] if n < len(among) else np.arange(len(among))
            return {int(among[i]): float(similarities[i]) for i in best}
        ids = None if rows is None or len(rows) == len(corpus.items) else [corpus.vector_ids[r] for r in rows]
        collection = self.stores[kind]._collection
        result = collection.query(
            query_embeddings=[vector.tolist()],
            n_results=min(n, len(ids) if ids is not None else len(corpus.items)),
            ids=ids,
            include=["distances"],
        )
        found: dict[int, float] = {}
        for vector_id, distance in zip(result["ids"][0], result["distances"][0], strict=True):
            row = corpus.row_of_vector.get(vector_id)
            if row is not None:  # vectors outside the manifest are leftovers of an interrupted ingest
                found[row] = 1.0 - float(distance)
        return found

    def similarity(self, kind: str, vector: np.ndarray, rows: list[int]) -> dict[int, float]:
        """Exact cosine similarity of the given items (those the lexical side found, the dense side not)."""
        if not rows:
            return {}
        corpus = self.corpora[kind]
        matrix = self.vectors.get(kind)
        if matrix is not None:
            return {row: float(similarity) for row, similarity in zip(rows, matrix[rows] @ vector, strict=True)}
        stored = self.stores[kind]._collection.get(ids=[corpus.vector_ids[r] for r in rows], include=["embeddings"])
        found = {}
        for vector_id, embedding in zip(stored["ids"], stored["embeddings"], strict=True):
            found[corpus.row_of_vector[vector_id]] = float(np.dot(np.asarray(embedding, dtype=np.float32), vector))
        return found


class IndexHandle:
    """The current :class:`ShopIndex`, reloaded when an ingest swaps the manifest."""

    def __init__(
        self,
        index_dir: Path,
        chroma_url: str | None,
        collection: str,
        embeddings: ShopEmbeddings,
        hnsw: HnswSettings,
        *,
        memory_vectors: int = MEMORY_VECTORS,
    ):
        self._manifest = Manifest(index_dir / "manifest.json")
        self._index_dir, self._chroma_url, self._collection = index_dir, chroma_url, collection
        self._embeddings, self._hnsw = embeddings, hnsw
        self._memory_vectors = memory_vectors
        self._lock = threading.Lock()
        self._stamp = -1.0
        self._current: ShopIndex | None = None

    def current(self) -> ShopIndex:
        """The newest snapshot; loading one takes about a second per 10,000 products."""
        stamp = self._manifest.stamp()
        if self._current is None or stamp != self._stamp:
            with self._lock:
                if self._current is None or stamp != self._stamp:
                    self._current = self._load()
                    self._stamp = stamp
        return self._current

    def ready(self) -> int:
        """The number of items the vector store holds now, read from it: raises when Chroma does not answer."""
        index = self.current()
        return sum(int(store._collection.count()) for store in index.stores.values())

    def _load(self) -> ShopIndex:
        client = chroma_client(self._index_dir, self._chroma_url, fresh=self._current is not None)
        manifest = self._manifest.read()
        missing = missing_vectors(client, self._collection, manifest)
        if missing:  # searching on would rank by words alone, without saying so
            where = self._chroma_url or self._index_dir / "chroma"
            raise RuntimeError(
                f"Chroma at {where} lacks {missing} of the {len(manifest['items'])} vectors of the index in "
                f"{self._index_dir}: run comptoir ingest"
            )
        stores = open_collections(client, self._collection, self._embeddings, self._hnsw)
        index = ShopIndex(manifest, stores, self._hnsw)
        if len(manifest["items"]) <= self._memory_vectors:
            index.vectors = {
                kind: stored_vectors(stores[kind], corpus.vector_ids)
                for kind, corpus in index.corpora.items()
                if corpus.items
            }
        return index


class HybridSearch:
    """Ranks products and policy passages by a weighted sum of dense and lexical relevance."""

    def __init__(
        self,
        handle: IndexHandle,
        embeddings: ShopEmbeddings,
        *,
        dense_candidates: int = 60,
        lexical_candidates: int = 60,
    ):
        self.handle = handle
        self.embeddings = embeddings
        self.dense_candidates = dense_candidates
        self.lexical_candidates = lexical_candidates
        self.vectors_answer = True
        """False while the vector store fails: searches rank on the lexical side alone."""

    def products(self, query: str, filters: Filters | None = None, k: int = 10) -> list[Hit]:
        """The best products for ``query`` that pass ``filters``."""
        index = self.handle.current()
        corpus = index.corpora[PRODUCTS]
        rows = None
        if filters:
            rows = [r for r, item in enumerate(corpus.items) if isinstance(item, Product) and filters.accepts(item)]
        if filters is not None and (filters.min_price is not None or filters.max_price is not None):
            query = without_amounts(query)
        bonus = _bonus(filters if filters is not None else Filters(), corpus.items, query, index.terms)
        return self._rank(index, PRODUCTS, query, rows, k, bonus)

    def find(
        self, query: str, filters: Filters | None = None, k: int = 10, exclude: frozenset[str] = frozenset()
    ) -> Found:
        """The best products for ``query``; when none passes ``filters``, the filters are given up one at a time
        in :data:`RELAXABLE` order (colour, size, stock, brand, category, budget) until some product does."""
        filters = filters if filters is not None else Filters()
        relaxed: list[str] = []
        current = filters
        while True:
            hits = [h for h in self.products(query, current, k + len(exclude)) if h.key not in exclude][:k]
            held = current.named()
            if hits or not held:
                return Found(hits, current, tuple(relaxed))
            relaxed.append(held[0])
            current = current.without((held[0],))

    def passages(self, query: str, lang: str | None = None, k: int = 5) -> list[Hit]:
        """The best policy passages, in ``lang`` when the shop has that language."""
        index = self.handle.current()
        corpus = index.corpora[POLICIES]
        rows = None
        if lang:
            same = [r for r, p in enumerate(corpus.items) if isinstance(p, PolicyPassage) and p.lang == lang]
            rows = same or None
        return self._rank(index, POLICIES, query, rows, k)

    def _dense(self, index: ShopIndex, kind: str, vector: np.ndarray, rows: list[int] | None) -> dict[int, float]:
        """The dense side, or nothing while the vector store does not answer (a Chroma server down): the turn is
        ranked on the lexical side alone rather than failing."""
        try:
            found = index.dense(kind, vector, self.dense_candidates, rows)
        except Exception as exc:  # chromadb raises its own errors and httpx's alike
            self._vectors_failed(exc)
            return {}
        self.vectors_answer = True
        return found

    def _similarity(self, index: ShopIndex, kind: str, vector: np.ndarray, rows: list[int]) -> dict[int, float]:
        try:
            return index.similarity(kind, vector, rows)
        except Exception as exc:
            self._vectors_failed(exc)
            return {}

    def _vectors_failed(self, exc: Exception) -> None:
        if self.vectors_answer:  # said once per outage
            log.warning("the vector store does not answer (%s): ranking on words alone", type(exc).__name__)
        self.vectors_answer = False

    def _rank(
        self,
        index: ShopIndex,
        kind: str,
        query: str,
        rows: list[int] | None,
        k: int,
        bonus: Callable[[int], float] | None = None,
    ) -> list[Hit]:
        corpus = index.corpora[kind]
        if not corpus.items or rows == []:
            return []
        vector = self.embeddings.query_vector(query)
        dense = self._dense(index, kind, vector, rows)
        lexical = corpus.bm25.scores(query)
        allowed = np.ones(len(corpus.items), dtype=bool)
        if rows is not None:
            allowed[:] = False
            allowed[rows] = True
        lexical = np.where(allowed, lexical, 0.0)
        top_lexical = np.argpartition(-lexical, min(self.lexical_candidates, len(lexical) - 1))[
            : self.lexical_candidates
        ]
        candidates = set(dense) | {int(r) for r in top_lexical if lexical[r] > 0}
        if not candidates:
            return []
        if dense or self.vectors_answer:
            dense.update(self._similarity(index, kind, vector, sorted(candidates - set(dense))))
        best_lexical = float(lexical.max()) or 1.0
        floor = min(dense.values()) if dense else 0.0
        top_dense = max(dense.values()) if dense else 1.0
        span = max(top_dense - floor, 1e-6)
        scored = []
        for row in candidates:
            dense_score = dense.get(row, floor)
            fused = DENSE_WEIGHT * (dense_score - floor) / span + (1 - DENSE_WEIGHT) * lexical[row] / best_lexical
            if bonus is not None:
                fused += bonus(row)
            scored.append((fused, row, dense_score))
        scored.sort(key=lambda entry: (-entry[0], corpus.keys[entry[1]]))
        best = scored[:k]
        coverages = corpus.bm25.coverages(query, [row for _, row, _ in best])
        return [
            Hit(
                key=corpus.keys[row],
                kind=kind,
                score=round(float(fused), 4),
                dense=round(float(dense_score), 4),
                lexical=round(float(lexical[row]), 4),
                coverage=coverage,
                item=corpus.items[row],
            )
            for (fused, row, dense_score), coverage in zip(best, coverages, strict=True)
        ]


def _bonus(filters: Filters, items: list[Any], query: str, terms: CatalogTerms) -> Callable[[int], float]:
    """What a candidate row gains for having the query's words in its title (a "merino t-shirt" is the product
    titled so before the merino base layer its description mentions), for being in a category the shopper named,
    for being made for whom the shopper named, and for showing the size or colour asked for."""
    hinted = filters.hinted_categories
    folded = fold(query)
    cut = _USE.search(folded)
    head, use = (folded[: cut.start()], folded[cut.end() :]) if cut else (folded, "")
    weights = {w: 0.5 for w in tokens(use)} | {w: 1.0 for w in tokens(head)}
    total = sum(weights.values())
    kinds = [w for w in tokens(head) if w in terms.type_words and not w.isdigit()]

    def bonus(row: int) -> float:
        item = items[row]
        if not isinstance(item, Product):
            return 0.0
        extra = CATEGORY_BONUS if hinted and hinted & set(item.category.values()) else 0.0
        if total and head.strip():
            title = terms.title_words.get(item.id, frozenset())
            extra += TITLE_BONUS * sum(weight for w, weight in weights.items() if w in title) / total
            if kinds:
                extra += TYPE_BONUS * sum(w in title for w in kinds) / len(kinds)
        if filters.gender is not None:
            made_for = terms.product_gender(item)
            extra += GENDER_BONUS if made_for == filters.gender else GENDER_BONUS / 2 if made_for is None else 0.0
        if filters.age is not None:
            ages = terms.ages.get(item.id)
            if ages is not None:  # made for other ages: as far behind as the right ones are ahead
                extra += AGE_BONUS if ages[0] <= filters.age <= ages[1] else -AGE_BONUS
        return extra + (EVIDENT_BONUS if filters.evident(item) else 0.0)

    return bonus


def _document(hit: Hit) -> Document:
    text = hit.item.embedding_text()
    return Document(
        page_content=text,
        id=hit.source_id,
        metadata={"id": hit.key, "kind": hit.kind, "score": hit.score, "dense": hit.dense, "lexical": hit.lexical},
    )


class ProductRetriever(BaseRetriever):
    """LangChain retriever over the catalog; filters come from the query's own words."""

    model_config = ConfigDict(arbitrary_types_allowed=True)
    search: HybridSearch
    k: int = 10

    def _get_relevant_documents(self, query: str, *, run_manager: CallbackManagerForRetrieverRun) -> list[Document]:
        filters = self.search.handle.current().vocabulary.parse(query)
        return [_document(hit) for hit in self.search.products(query, filters, self.k)]


class PolicyRetriever(BaseRetriever):
    """LangChain retriever over the policy passages."""

    model_config = ConfigDict(arbitrary_types_allowed=True)
    search: HybridSearch
    lang: str | None = None
    k: int = 5

    def _get_relevant_documents(self, query: str, *, run_manager: CallbackManagerForRetrieverRun) -> list[Document]:
        return [_document(hit) for hit in self.search.passages(query, self.lang, self.k)]
