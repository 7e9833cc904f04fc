"""FastAPI dependencies, as ``Annotated`` aliases."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, HTTPException
from starlette.concurrency import run_in_threadpool
from starlette.requests import HTTPConnection

from assistant.accounts import User
from assistant.chat import ChatService
from assistant.runtime import Runtime


def runtime_of(connection: HTTPConnection) -> Runtime:
    """The runtime the app started with; 503 while it is still loading."""
    runtime: Runtime | None = getattr(connection.app.state, "runtime", None)
    if runtime is None:
        raise HTTPException(status_code=503, detail="Comptoir is starting")
    return runtime


SESSION_COOKIE = "comptoir_staff"


async def staff_of(connection: HTTPConnection) -> User | None:
    """The member of staff whose console session cookie came with the request, if any."""
    token = connection.cookies.get(SESSION_COOKIE)
    if not token:
        return None
    return await run_in_threadpool(runtime_of(connection).accounts.session_user, token[:200])


def _chat(connection: HTTPConnection) -> ChatService:
    return runtime_of(connection).chat


RuntimeDep = Annotated[Runtime, Depends(runtime_of)]
ChatDep = Annotated[ChatService, Depends(_chat)]
