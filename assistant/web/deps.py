"""FastAPI dependencies, as ``Annotated`` aliases, and the answers to what they raise.

Every JSON error of Comptoir has one shape, ``{"detail": {"code": "...", "message": "..."}}``: :func:`refusal`
makes one, and :func:`http_error` puts a bare message in that shape."""

from __future__ import annotations

from http import HTTPStatus
from typing import Annotated
from urllib.parse import quote

from fastapi import Depends, HTTPException, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import HTTPConnection

from assistant.compliance.requests import DataRequests, NotFound, Refused
from assistant.runtime import Runtime
from assistant.staff.accounts import Role, User
from assistant.turn.chat import ChatService


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


def refusal(status: int, code: str, message: str) -> HTTPException:
    """An error answer in the one shape of every JSON error of Comptoir: ``{"detail": {"code", "message"}}``."""
    return HTTPException(status, detail={"code": code, "message": message})


class LoginFirst(Exception):
    """A logged-out visitor asked for a staff page: they are sent to the login form, and come back after."""

    def __init__(self, back: str):
        super().__init__(back)
        self.location = f"/console/login?next={quote(back)}"


async def _officer(connection: HTTPConnection, *, page: bool) -> User:
    runtime_of(connection)  # 503 while starting, before anything else is said
    user = await staff_of(connection)
    if user is None:
        if page:
            raise LoginFirst(connection.url.path + (f"?{connection.url.query}" if connection.url.query else ""))
        raise refusal(401, "login_required", "Log in as a compliance officer first.")
    if user.role != Role.COMPLIANCE:
        raise refusal(403, "compliance_only", "The compliance console is for compliance officers.")
    return user


async def officer_page(connection: HTTPConnection) -> User:
    """The compliance officer asking for a page: a logged-out visitor is sent to the login form (303), and back
    to the same path and query after; anyone logged in who is not a compliance officer gets 403."""
    return await _officer(connection, page=True)


async def officer_api(connection: HTTPConnection) -> User:
    """The compliance officer asking for data or an action: 401 logged out, 403 for any other role."""
    return await _officer(connection, page=False)


def _data_requests(connection: HTTPConnection) -> DataRequests:
    runtime = runtime_of(connection)
    return DataRequests(runtime.store, runtime.rights, runtime.desk)


async def login_first(request: Request, exc: LoginFirst) -> Response:
    """Answers :class:`LoginFirst` (registered by the app factory)."""
    return RedirectResponse(exc.location, status_code=303)


async def refused(request: Request, exc: Refused) -> Response:
    """Answers an officer's move the compliance room refuses: 404 when what it is about is gone, else 422."""
    return JSONResponse(
        {"detail": {"code": exc.code, "message": exc.message}}, status_code=404 if isinstance(exc, NotFound) else 422
    )


async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
    """FastAPI's answer to an HTTP error, a bare message put in the one shape (its code named after the status)."""
    if not isinstance(exc.detail, dict):
        try:
            code = HTTPStatus(exc.status_code).phrase.lower().replace(" ", "_").replace("-", "_")
        except ValueError:
            code = "error"
        exc = HTTPException(exc.status_code, {"code": code, "message": str(exc.detail)}, exc.headers)
    return await http_exception_handler(request, exc)


async def invalid_request(request: Request, exc: RequestValidationError) -> Response:
    """A body or parameter FastAPI could not read, in the one shape: 422 naming each field and what is wrong."""
    fields = [f"{'.'.join(str(part) for part in e['loc'][1:]) or e['loc'][0]}: {e['msg']}" for e in exc.errors()]
    message = "; ".join(fields) or "The request cannot be read."
    return JSONResponse({"detail": {"code": "invalid_request", "message": message}}, status_code=422)


def _chat(connection: HTTPConnection) -> ChatService:
    return runtime_of(connection).chat


RuntimeDep = Annotated[Runtime, Depends(runtime_of)]
ChatDep = Annotated[ChatService, Depends(_chat)]
OfficerPage = Annotated[User, Depends(officer_page)]
"""The compliance officer of a page (else a redirect to log in, or 403)."""
OfficerApi = Annotated[User, Depends(officer_api)]
"""The compliance officer of a data answer or an action (else 401 or 403)."""
DataRequestsDep = Annotated[DataRequests, Depends(_data_requests)]
