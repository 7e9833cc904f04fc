"""Running one WebSocket: frames answering what the client sends, and frames the bus brings, on one writer."""

from __future__ import annotations

import asyncio
import json
import logging
import traceback
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine, MutableMapping, Sequence
from contextlib import suppress
from typing import Any

from fastapi import WebSocket, WebSocketDisconnect

from assistant.metrics import Metrics
from assistant.staff.messages import error
from assistant.web.drain import RESTART, RESTART_REASON, Drain
from escalation.bus import Subscription

Frame = dict[str, Any]

log = logging.getLogger("comptoir.web")

CLOSE_TIMEOUT = 10.0
"""Seconds a client that does not read is given to take the closing frame before its connection is dropped."""

TOO_SLOW = "Too many frames waiting: the client does not read."
FAILED = "Sorry, something went wrong with that frame; the connection is still open."


class Outbox:
    """The frames waiting to be sent to one socket, at most ``limit``; one more and the socket is hung up."""

    def __init__(self, limit: int, metrics: Metrics | None = None):
        self.frames: asyncio.Queue[Frame] = asyncio.Queue(limit)
        self.overflowed = asyncio.Event()
        self.metrics = metrics

    def put(self, frame: Frame) -> None:
        """Queue a frame; when the client lets ``limit`` pile up, drop it and mark the socket to hang up."""
        if self.overflowed.is_set():
            return
        if self.metrics is not None and frame.get("type") == "error":
            self.metrics.error_frame(str(frame.get("code")))
        try:
            self.frames.put_nowait(frame)
        except asyncio.QueueFull:
            self.overflowed.set()

    async def send(self, frame: Frame) -> None:
        """:meth:`put`, for the coroutines that send as they run."""
        self.put(frame)


async def converse(
    websocket: WebSocket,
    answer: Callable[[str | bytes], AsyncIterator[Frame]],
    subscription: Callable[[], Subscription | None],
    translate: Callable[[Frame], Awaitable[Sequence[Frame]]],
    background: Sequence[Callable[[Callable[[Frame], Awaitable[None]]], Coroutine[Any, Any, None]]] = (),
    *,
    max_waiting: int = 64,
    drain: Drain | None = None,
    metrics: Metrics | None = None,
) -> None:
    """Read client frames until the client leaves; everything sent goes through one bounded queue, in order.

    ``subscription`` is asked after each client frame (a ``hello`` may start or change it); each bus event
    is turned into frames by ``translate``. ``background`` coroutines run alongside, with a way to send.
    A client that lets more than ``max_waiting`` frames pile up is disconnected (close code 1008). Once ``drain``
    begins, the frame being answered is finished and sent, and the socket closes with 1012 (reconnect later).
    """
    path = websocket.url.path
    if metrics is not None:
        metrics.sockets.labels(path).inc()
    if drain is not None:
        drain.sockets += 1
    try:
        await _converse(websocket, answer, subscription, translate, background, max_waiting, drain, metrics)
    finally:
        if metrics is not None:
            metrics.sockets.labels(path).dec()
        if drain is not None:
            drain.sockets -= 1


async def _converse(
    websocket: WebSocket,
    answer: Callable[[str | bytes], AsyncIterator[Frame]],
    subscription: Callable[[], Subscription | None],
    translate: Callable[[Frame], Awaitable[Sequence[Frame]]],
    background: Sequence[Callable[[Callable[[Frame], Awaitable[None]]], Coroutine[Any, Any, None]]],
    max_waiting: int,
    drain: Drain | None,
    metrics: Metrics | None,
) -> None:
    outbox = Outbox(max_waiting, metrics)

    async def write() -> None:
        while True:
            await websocket.send_text(_dump(await outbox.frames.get()))
            outbox.frames.task_done()

    async def read() -> bool:
        """Until the client leaves (False) or a drain closes the socket (True)."""
        current = subscription()
        pumping = _pump(current, translate, outbox) if current else None
        try:
            while True:
                message = await _receive(websocket, drain)
                if message is None:
                    return True
                if message["type"] == "websocket.disconnect":
                    return False
                await _answer(answer, message.get("text") or message.get("bytes") or b"", outbox, websocket.url.path)
                if drain is not None and drain.draining:
                    return True
                await asyncio.sleep(0)  # the writer sends what is queued before the next frame is read, if it can
                latest = subscription()
                if latest is not current:
                    if pumping is not None:
                        pumping.cancel()
                    current, pumping = latest, (_pump(latest, translate, outbox) if latest else None)
        finally:
            if pumping is not None:
                pumping.cancel()

    reader = asyncio.create_task(read())
    tasks = [reader, asyncio.create_task(write())]
    helpers = [asyncio.create_task(job(outbox.send)) for job in background]
    overflow = asyncio.create_task(outbox.overflowed.wait())
    restart = False
    try:
        done, _ = await asyncio.wait([*tasks, overflow], return_when=asyncio.FIRST_COMPLETED)
        restart = reader in done and not reader.cancelled() and reader.exception() is None and reader.result()
        if restart:  # what was answered goes out before the socket closes
            await _sent(outbox, CLOSE_TIMEOUT)
    finally:
        for task in [*tasks, *helpers, overflow]:
            task.cancel()
        for task in [*tasks, *helpers, overflow]:
            with suppress(asyncio.CancelledError, WebSocketDisconnect, Exception):
                await task
    for task in done:
        failure = None if task.cancelled() else task.exception()
        if failure is not None and not isinstance(failure, WebSocketDisconnect):
            log.error("a socket on %s failed: %s", websocket.url.path, where(failure))
    if outbox.overflowed.is_set():
        await hang_up(websocket, 1008, TOO_SLOW)
    elif restart:
        await hang_up(websocket, RESTART, RESTART_REASON)


async def _receive(websocket: WebSocket, drain: Drain | None) -> MutableMapping[str, Any] | None:
    """The client's next message, or ``None`` once a drain began (a frame not read yet is left unread: the
    widget sends it again after reconnecting, since it was never acknowledged)."""
    if drain is None:
        return await websocket.receive()
    if drain.draining:
        return None
    receiving = asyncio.ensure_future(websocket.receive())
    stopping = asyncio.ensure_future(drain.began.wait())
    try:
        await asyncio.wait({receiving, stopping}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        stopping.cancel()
    if receiving.done():
        return receiving.result()
    receiving.cancel()
    with suppress(asyncio.CancelledError):
        await receiving
    return None


async def _sent(outbox: Outbox, seconds: float) -> None:
    """Wait (at most ``seconds``) until the frames queued for the socket are written."""
    with suppress(TimeoutError):
        await asyncio.wait_for(outbox.frames.join(), seconds)


def _pump(
    source: Subscription, translate: Callable[[Frame], Awaitable[Sequence[Frame]]], outbox: Outbox
) -> asyncio.Task[None]:
    """A task that queues the frames of every bus event of ``source``."""

    async def pump() -> None:
        async for event in source:
            try:
                frames = await translate(event)
            except Exception as exc:  # a catch-up that reads the database may fail: the socket keeps listening
                log.error("a bus event could not be turned into frames: %s", where(exc))
                continue
            for frame in frames:
                outbox.put(frame)

    return asyncio.create_task(pump())


async def _answer(
    answer: Callable[[str | bytes], AsyncIterator[Frame]], raw: str | bytes, outbox: Outbox, path: str
) -> None:
    """Queue the frames answering one client frame; a failure is answered with ``internal``, never by closing."""
    try:
        async for frame in answer(raw):
            outbox.put(frame)
    except Exception as exc:  # the last resort: the frame's content is never logged, only where it failed
        log.error("a frame on %s failed: %s", path, where(exc))
        outbox.put(error("internal", FAILED))


def where(exc: BaseException) -> str:
    """An exception's class and the code lines it went through, without its message (it may quote input)."""
    lines = [f"{frame.filename}:{frame.lineno} in {frame.name}" for frame in traceback.extract_tb(exc.__traceback__)]
    return " <- ".join([type(exc).__name__, *reversed(lines)])


def _dump(frame: Frame) -> str:
    """A frame as JSON text that any transport can encode (an unpaired surrogate is sent escaped)."""
    try:
        text = json.dumps(frame, ensure_ascii=False, separators=(",", ":"))
    except (TypeError, ValueError) as exc:
        log.error("a frame could not be written: %s", where(exc))
        return json.dumps(error("internal", FAILED))
    try:
        text.encode()
    except UnicodeEncodeError:
        return json.dumps(frame, separators=(",", ":"))
    return text


async def hang_up(websocket: WebSocket, code: int, reason: str) -> None:
    """Close with ``code``; when the client does not take the closing frame in :data:`CLOSE_TIMEOUT`, drop it."""
    try:
        async with asyncio.timeout(CLOSE_TIMEOUT):
            await websocket.close(code, reason)
    except TimeoutError:
        drop(websocket)
    except (RuntimeError, OSError, WebSocketDisconnect):
        pass  # gone already


def drop(websocket: WebSocket) -> None:
    """Abort the connection under ``websocket`` without waiting for its buffers to drain.

    ASGI has no such message; uvicorn's ``receive`` is a method of its protocol object, which holds the transport.
    """
    for channel in (websocket._receive, websocket._send):
        transport = getattr(getattr(channel, "__self__", None), "transport", None)
        abort = getattr(transport, "abort", None)  # asyncio's transports and uvloop's (not asyncio subclasses)
        if callable(abort):
            abort()
            return
