"""FastAPI dependencies, as ``Annotated`` aliases."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, HTTPException
from starlette.requests import HTTPConnection

from assistant.chat import ChatService
from assistant.runtime import Runtime


def runtime_of(connection: HTTPConnection) -> Runtime:
    """The runtime the app started with; 503 while it is still loading."""
    runtime: Runtime | None = getattr(connection.app.state, "runtime", None)
    if runtime is None:
        raise HTTPException(status_code=503, detail="Comptoir is starting")
    return runtime


def _chat(connection: HTTPConnection) -> ChatService:
    return runtime_of(connection).chat


RuntimeDep = Annotated[Runtime, Depends(runtime_of)]
ChatDep = Annotated[ChatService, Depends(_chat)]
