"""Micro-batching: the model calls of concurrent turns made as one batch, each caller with its own result."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest

from assistant.batching import MicroBatcher
from guardrails import PiiDetector
from retrieval import ShopEmbeddings

TEXTS = [
    "a tent for two people",
    "do you deliver to Belgium?",
    "my name is Camille Martin and my e-mail is camille.martin@example.org",
    "je cherche des chaussures de randonnée pour femme",
    "Appelez-moi au 06 12 34 56 78, c'est Louis Moreau",
    "what is your return policy?",
] * 4


class Doubling:
    """A batch function that records the batches it ran and refuses the item ``"bad"``."""

    def __init__(self) -> None:
        self.batches: list[list[str]] = []
        self.gate = threading.Event()

    def __call__(self, items: list[str]) -> list[str]:
        self.gate.wait(5)  # the first batch holds until every caller has submitted: the rest gather meanwhile
        self.batches.append(list(items))
        if "bad" in items:
            raise ValueError("bad item")
        return [item * 2 for item in items]


def submit_all(batcher: MicroBatcher[str, str], items: list[str], run: Doubling) -> list[str | Exception]:
    def one(item: str) -> str | Exception:
        try:
            return batcher(item)
        except Exception as exc:
            return exc

    with ThreadPoolExecutor(len(items)) as pool:
        futures = [pool.submit(one, item) for item in items]
        threading.Timer(0.3, run.gate.set).start()
        return [future.result() for future in futures]


def test_concurrent_callers_share_batches_and_each_gets_its_own_result() -> None:
    run = Doubling()
    sizes: list[int] = []
    batcher = MicroBatcher(run, window=0.002, max_size=8, name="test", observe=lambda _, size: sizes.append(size))
    items = [f"i{n}" for n in range(20)]
    assert submit_all(batcher, items, run) == [item * 2 for item in items]
    assert max(sizes) > 1 and max(sizes) <= 8
    assert sorted(i for batch in run.batches for i in batch) == sorted(items)
    batcher.close()


def test_an_item_of_its_own_failing_fails_only_its_caller() -> None:
    run = Doubling()
    batcher = MicroBatcher(run, window=0.002, max_size=8, name="test", alone=(ValueError,))
    results = submit_all(batcher, ["a", "bad", "c", "d"], run)
    assert isinstance(results[1], ValueError)
    assert [r for n, r in enumerate(results) if n != 1] == ["aa", "cc", "dd"]
    batcher.close()


def test_an_error_of_the_whole_batch_fails_every_caller_at_once() -> None:
    run = Doubling()
    batcher = MicroBatcher(run, window=0.002, max_size=8, name="test", alone=(KeyError,))
    results = submit_all(batcher, ["a", "bad", "c"], run)
    assert isinstance(results[1], ValueError)
    ran = [item for batch in run.batches for item in batch]
    assert ran.count("bad") == 1  # the failing batch was not run again item by item
    batcher.close()


def test_the_batching_thread_outlives_a_failing_observer() -> None:
    def broken(_name: str, _size: int) -> None:
        raise RuntimeError("observer down")

    batcher = MicroBatcher(lambda items: [i.upper() for i in items], window=0.0, max_size=4, name="t", observe=broken)
    with pytest.raises(RuntimeError):
        batcher("x")
    batcher.observe = None
    assert batcher("y") == "Y"
    batcher.close()
    with pytest.raises(RuntimeError):
        batcher("z")


def test_batched_embeddings_are_the_single_ones(embeddings: ShopEmbeddings) -> None:
    alone = np.stack([np.asarray(embeddings._inner.embed_query(text), dtype=np.float32) for text in TEXTS])
    batcher = MicroBatcher(lambda texts: list(embeddings.embed_many(texts)), window=0.002, max_size=8, name="e")
    with ThreadPoolExecutor(8) as pool:
        together = np.stack(list(pool.map(batcher, TEXTS)))
    assert np.allclose(alone, together, atol=1e-5)
    batcher.close()


def test_names_read_in_batches_are_the_ones_read_alone(detector: PiiDetector) -> None:
    items = [(text, "fr" if " je " in f" {text} " or "Appelez" in text else "en") for text in TEXTS]
    alone = [detector.analyze_many([item])[0] for item in items]
    together = detector.analyze_many(items)
    key = [[(r.entity_type, r.start, r.end) for r in sorted(found, key=lambda r: (r.start, r.entity_type))]
           for found in alone]  # fmt: skip
    assert key == [
        [(r.entity_type, r.start, r.end) for r in sorted(found, key=lambda r: (r.start, r.entity_type))]
        for found in together
    ]
    assert any(r.entity_type == "PERSON" for found in together for r in found)
