"""Running one WebSocket: frames answering what the client sends, and frames the bus brings, on one writer."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine, Sequence
from contextlib import suppress
from typing import Any

from fastapi import WebSocket, WebSocketDisconnect

from escalation.bus import Subscription

Frame = dict[str, Any]


async def converse(
    websocket: WebSocket,
    answer: Callable[[str | bytes], AsyncIterator[Frame]],
    subscription: Callable[[], Subscription | None],
    translate: Callable[[Frame], Awaitable[Sequence[Frame]]],
    background: Sequence[Callable[[Callable[[Frame], Awaitable[None]]], Coroutine[Any, Any, None]]] = (),
) -> None:
    """Read client frames until the client leaves; everything sent goes through one queue, in order.

    ``subscription`` is asked after each client frame (a ``hello`` may start or change it); each bus event
    is turned into frames by ``translate``. ``background`` coroutines run alongside, with a way to send.
    """
    outbox: asyncio.Queue[Frame] = asyncio.Queue()

    async def write() -> None:
        while True:
            await websocket.send_json(await outbox.get())

    async def pump(source: Subscription) -> None:
        async for event in source:
            for frame in await translate(event):
                await outbox.put(frame)

    tasks = [asyncio.create_task(write()), *(asyncio.create_task(job(outbox.put)) for job in background)]
    current = subscription()
    pumping = asyncio.create_task(pump(current)) if current else None
    try:
        while True:
            message = await websocket.receive()
            if message["type"] == "websocket.disconnect":
                return
            raw: str | bytes = message.get("text") or message.get("bytes") or b""
            async for frame in answer(raw):
                await outbox.put(frame)
            latest = subscription()
            if latest is not current:
                if pumping is not None:
                    pumping.cancel()
                current, pumping = latest, (asyncio.create_task(pump(latest)) if latest else None)
    except WebSocketDisconnect:
        return
    finally:
        for task in [*tasks, *([pumping] if pumping else [])]:
            task.cancel()
        for task in [*tasks, *([pumping] if pumping else [])]:
            with suppress(asyncio.CancelledError, Exception):
                await task
