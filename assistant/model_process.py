"""The name reader and the embedding model of a server in a process of their own.

A model releases Python's lock inside its native steps and must wait for it again after each one; beside the
turns' threads running Python, each wait lasts up to the interpreter's switch interval (on two cores, spaCy read
a text in 1.3 ms alone and in 160 ms beside one busy thread: ``python -m bench --contention-only``). In a process
of their own the models run at their own speed, on the other core, and the server's micro-batchers send them
whole batches over a pipe.

The process is started with the server and ends with it (it reads until the pipe closes, so a server killed
outright does not leave it behind). One that dies is started again, and the batch it held is sent again once.
"""

from __future__ import annotations

import logging
import multiprocessing
import signal
import threading
from collections.abc import Sequence
from multiprocessing import util
from multiprocessing.connection import Connection
from typing import Any

from assistant.config import Settings

log = logging.getLogger("comptoir.models")

START_SECONDS = 300.0
"""How long the models may take to load before the process is given up as broken."""


CALL_SECONDS = 120.0
"""How long one batch may take before the process is taken for hung, killed and started again."""


class ModelProcessFailed(RuntimeError):
    """The model process could not be started, died, or failed a batch."""


class ModelCallError(ModelProcessFailed):
    """A model failed on a batch (the process goes on): the batch's items are worth trying one by one."""


def _serve(connection: Connection, settings: Settings) -> None:
    """The model process: load the models, then answer batches until the server closes the pipe."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C and a drain's SIGTERM are the server's to handle:
    signal.signal(signal.SIGTERM, signal.SIG_IGN)  # this process ends when the server's end of the pipe closes
    from assistant.runtime import load_detector, load_embeddings

    detector, embeddings = load_detector(settings), load_embeddings(settings)
    detector.load()  # before "ready": the server's first shoppers do not wait for them
    embeddings.load()
    try:
        connection.send(("ready", None))
    except (BrokenPipeError, OSError):  # the server ended while the models loaded
        return
    while True:
        try:
            kind, batch = connection.recv()
        except (EOFError, OSError):
            return
        try:
            if kind == "names":
                answer: Any = detector.analyze_many(batch)
            elif kind == "vectors":
                answer = list(embeddings.embed_many(batch))
            else:
                raise ValueError(f"no such model call: {kind!r}")
        except Exception as exc:  # told to the server, whose caller sees it
            connection.send(("error", f"{type(exc).__name__}: {exc}"))
            continue
        try:
            connection.send(("ok", answer))
        except (BrokenPipeError, OSError):
            return


class ModelProcess:
    """The models in a child process; :meth:`names` and :meth:`vectors` are called by one batching thread each."""

    def __init__(self, settings: Settings):
        self._settings = settings
        self._lock = threading.Lock()
        self._context = multiprocessing.get_context("spawn")  # never fork a process holding threads and models
        self._loading = False
        self._process: Any = None
        self._connection: Connection | None = None
        self._closing = False
        self._spawn()
        # run by multiprocessing's own exit handler (in a uvicorn worker, before the process ends) ahead of its
        # waiting for children, one of which ignores SIGTERM
        util.Finalize(None, self._at_exit, exitpriority=100)

    def wait_ready(self) -> None:
        """Wait for the models to be loaded (they load while the server loads its own part)."""
        with self._lock:
            self._ready()

    def names(self, texts: Sequence[tuple[str, str]]) -> list[Any]:
        """:meth:`PiiDetector.analyze_many` of ``texts``, in the model process."""
        found: list[Any] = self._call("names", list(texts))
        return found

    def vectors(self, texts: Sequence[str]) -> list[Any]:
        """:meth:`ShopEmbeddings.embed_many` of ``texts``, in the model process."""
        found: list[Any] = self._call("vectors", list(texts))
        return found

    @property
    def pid(self) -> int | None:
        """The model process's id (while it runs)."""
        return None if self._process is None else self._process.pid

    def close(self) -> None:
        """End the model process (closing the pipe ends it; it is killed if it does not end)."""
        with self._lock:
            self._stop()

    def _at_exit(self) -> None:
        """The server is ending: the process is killed (it holds nothing to save), and no new one is started; a
        batching thread waiting for it is told the process ended."""
        self._closing = True
        process = self._process
        if process is not None and process.is_alive():
            process.kill()
            process.join(5)

    def _call(self, kind: str, batch: list[Any]) -> Any:
        with self._lock:
            for attempt in (1, 2):
                if self._closing:
                    raise ModelProcessFailed("the server is ending")
                try:
                    if self._connection is None:  # the last start failed: try again
                        self._spawn()
                    self._ready()
                    assert self._connection is not None
                    self._connection.send((kind, batch))
                    if not self._connection.poll(CALL_SECONDS):
                        self._stop()
                        raise ModelProcessFailed(f"the model process did not answer a batch in {CALL_SECONDS:.0f} s")
                    status, answer = self._connection.recv()
                    break
                except (EOFError, OSError) as exc:  # the process died (killed, out of memory)
                    if attempt == 2 or self._closing:
                        self._stop()
                        raise ModelProcessFailed(f"the model process ended twice in a row ({exc!r})") from exc
                    log.warning("the model process ended (%s); starting it again", type(exc).__name__)
                    self._stop()
                    self._spawn()
        if status != "ok":
            raise ModelCallError(str(answer))
        return answer

    def _spawn(self) -> None:
        mine, theirs = self._context.Pipe()
        process = self._context.Process(
            target=_serve, args=(theirs, self._settings), name="comptoir-models", daemon=True
        )
        try:
            process.start()
        finally:
            theirs.close()
        self._process, self._connection, self._loading = process, mine, True

    def _ready(self) -> None:
        if not self._loading:
            return
        assert self._connection is not None and self._process is not None
        if not self._connection.poll(START_SECONDS):
            self._stop()
            raise ModelProcessFailed(f"the model process did not load its models within {START_SECONDS:.0f} s")
        try:
            self._connection.recv()
        except EOFError as exc:
            self._stop()  # the next batch starts another
            raise ModelProcessFailed("the model process ended while loading its models") from exc
        self._loading = False
        log.info("model process %d ready", self._process.pid)

    def _stop(self) -> None:
        if self._connection is not None:
            self._connection.close()
        if self._process is not None:
            self._process.join(5)
            if self._process.is_alive():
                self._process.kill()
                self._process.join(5)
        self._process, self._connection, self._loading = None, None, False
