"""``/ws/chat``: the shopper's WebSocket."""

from __future__ import annotations

from urllib.parse import urlparse

from fastapi import APIRouter, WebSocket

from assistant.web.deps import client_address, runtime_of
from assistant.web.drain import RESTART, RESTART_REASON
from assistant.web.routes.sockets import converse
from assistant.web.shopper_socket import ChatConnection

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
    if websocket.app.state.drain.draining:  # shutting down: come back in a moment (to this server or another)
        await websocket.close(RESTART, RESTART_REASON)
        return
    limits = runtime.settings.chat
    connection = ChatConnection(
        runtime.chat,
        limits,
        runtime.desk,
        runtime.messages,
        runtime.rights,
        runtime.openings,
        client_address(websocket),
    )
    try:
        await converse(
            websocket,
            connection.receive,
            lambda: connection.subscription,
            connection.translate,
            max_waiting=limits.max_outgoing_frames,
            drain=websocket.app.state.drain,
            metrics=runtime.metrics,
        )
    finally:
        connection.close()
