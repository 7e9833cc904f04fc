"""Micro-batching: the model calls of turns running at the same time, made as one batch.

A turn embeds one message and reads it for names once; done one at a time, each call pays the model's fixed
cost (on two cores MiniLM embeds 16 sentences in one call about four times faster per sentence, spaCy reads 16
texts about 2.5 times faster per text). The threads running turns hand their item to one batching thread and
wait; the thread runs whatever has gathered as one call.

A shopper alone never waits for company: when the last batch held one item, the next runs as soon as it comes.
Under load (the last batch held several), the thread waits up to ``window`` seconds for the batch to fill.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from typing import Generic, TypeVar

log = logging.getLogger("comptoir.batching")

Item = TypeVar("Item")
Result = TypeVar("Result")


class MicroBatcher(Generic[Item, Result]):
    """Calls ``run`` with the items submitted by several threads at about the same time; each caller gets its own
    result (or its own exception: when a batch fails, its items are run again one by one)."""

    def __init__(
        self,
        run: Callable[[list[Item]], Sequence[Result]],
        *,
        window: float,
        max_size: int,
        name: str,
        observe: Callable[[str, int], None] | None = None,
        alone: tuple[type[Exception], ...] = (Exception,),
    ):
        self._run = run
        self.window = window
        self.max_size = max_size
        self.name = name
        self.observe = observe
        """Told each batch's size (the metrics' batch-size histogram)."""
        self._waiting: list[tuple[Item, Future[Result]]] = []
        self._ready = threading.Condition()
        self._thread: threading.Thread | None = None
        self._closed = False
        self._alone = alone
        """The errors that belong to one item: a batch failing with one of them is run again item by item; any
        other error (the database gone) fails the whole batch at once."""
        self._busy = False
        """Whether the last batch held more than one item: then the next one waits for company."""

    def __call__(self, item: Item) -> Result:
        """The result of ``run`` for ``item``, computed in a batch with whatever else is waiting."""
        future: Future[Result] = Future()
        with self._ready:
            if self._closed:
                raise RuntimeError(f"the {self.name} batcher is closed")
            self._waiting.append((item, future))
            if self._thread is None:
                self._thread = threading.Thread(target=self._loop, name=f"batch-{self.name}", daemon=True)
                self._thread.start()
            self._ready.notify()
        return future.result()

    def close(self) -> None:
        """Stop the batching thread once what is waiting has run."""
        with self._ready:
            self._closed = True
            self._ready.notify()
            thread = self._thread
        if thread is not None:
            thread.join(10)

    def _loop(self) -> None:
        while True:
            batch = self._next()
            if batch is None:
                return
            self._busy = len(batch) > 1
            try:
                if self.observe is not None:
                    self.observe(self.name, len(batch))
                self._complete(batch)
            except BaseException as exc:  # the thread lives on: whoever waits is told
                for _, future in batch:
                    if not future.done():
                        future.set_exception(exc if isinstance(exc, Exception) else RuntimeError(repr(exc)))

    def _next(self) -> list[tuple[Item, Future[Result]]] | None:
        with self._ready:
            while not self._waiting:
                if self._closed:
                    return None
                self._ready.wait()
            if self._busy and self.window > 0:
                deadline = time.monotonic() + self.window
                while len(self._waiting) < self.max_size and not self._closed:
                    left = deadline - time.monotonic()
                    if left <= 0:
                        break
                    self._ready.wait(left)
            batch, self._waiting = self._waiting[: self.max_size], self._waiting[self.max_size :]
            return batch

    def _complete(self, batch: list[tuple[Item, Future[Result]]]) -> None:
        try:
            results = list(self._run([item for item, _ in batch]))
            if len(results) != len(batch):
                raise ValueError(f"{len(results)} results for {len(batch)} items")
        except Exception as exc:
            if len(batch) == 1 or not isinstance(exc, self._alone):
                for _, future in batch:
                    future.set_exception(exc)
                return
            log.warning("a %s batch of %d failed; its items run one by one", self.name, len(batch))
            for one in batch:
                self._complete([one])
            return
        for (_, future), result in zip(batch, results, strict=True):
            future.set_result(result)
