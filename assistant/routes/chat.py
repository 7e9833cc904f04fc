"""``/ws/chat``: the shopper's WebSocket."""

from __future__ import annotations

from urllib.parse import urlparse

from fastapi import APIRouter, WebSocket, WebSocketDisconnect

from assistant.connection import ChatConnection
from assistant.deps import runtime_of

router = APIRouter()


def origin_allowed(origin: str | None, host: str | None, allowed: list[str]) -> bool:
    """Browsers send an Origin: it must be the server's own or one the merchant listed."""
    if origin is None:
        return True
    origin = origin.rstrip("/")
    return origin in allowed or (host is not None and urlparse(origin).netloc == host)


@router.websocket("/ws/chat")
async def chat(websocket: WebSocket) -> None:
    """Accept a shopper, then answer frames until they leave."""
    runtime = runtime_of(websocket)
    if not origin_allowed(
        websocket.headers.get("origin"), websocket.headers.get("host"), runtime.settings.allowed_origins
    ):
        await websocket.close(code=1008)
        return
    await websocket.accept()
    connection = ChatConnection(runtime.chat, runtime.settings.chat)
    try:
        while True:
            message = await websocket.receive()
            if message["type"] == "websocket.disconnect":
                return
            raw: str | bytes = message.get("text") or message.get("bytes") or b""
            async for frame in connection.receive(raw):
                await websocket.send_json(frame)
    except WebSocketDisconnect:
        return
