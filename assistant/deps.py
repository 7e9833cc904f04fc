"""FastAPI dependencies, as ``Annotated`` aliases."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import Depends, HTTPException
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.requests import HTTPConnection

from assistant.accounts import Role, User
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


async def officer_or_refusal(connection: HTTPConnection, *, page: bool) -> User | Response:
    """The compliance officer of the request, or what to answer instead: a page sends a logged-out visitor to the
    login form, data answers 401; anyone logged in who is not a compliance officer gets 403."""
    user = await staff_of(connection)
    if user is None:
        if page:
            back = connection.url.path + (f"?{connection.url.query}" if connection.url.query else "")
            return RedirectResponse(f"/console/login?next={quote(back)}", status_code=303)
        return JSONResponse({"detail": "Log in as a compliance officer first."}, status_code=401)
    if user.role != Role.COMPLIANCE.value:
        raise HTTPException(403, "The compliance console is for compliance officers.")
    return user


def _chat(connection: HTTPConnection) -> ChatService:
    return runtime_of(connection).chat


RuntimeDep = Annotated[Runtime, Depends(runtime_of)]
ChatDep = Annotated[ChatService, Depends(_chat)]
