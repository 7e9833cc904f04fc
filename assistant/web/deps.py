"""FastAPI dependencies, as ``Annotated`` aliases, and the answers to what they raise.

Every JSON error of Comptoir has one shape, ``{"detail": {"code": "...", "message": "..."}}``: :func:`refusal`
makes one, and :func:`http_error` puts a bare message in that shape."""

from __future__ import annotations

import re
from http import HTTPStatus
from typing import Annotated, Any
from urllib.parse import parse_qs, quote

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


_UNPARSED = "There was an error parsing the body"
"""FastAPI's 400 for a body its JSON decoder gave up on (nested too deep, a number too long, not UTF-8)."""


async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
    """FastAPI's answer to an HTTP error, a bare message put in the one shape (its code named after the status).

    A body FastAPI could not decode is ``invalid_request`` (422), as is any body that cannot be read."""
    if exc.status_code == 400 and exc.detail == _UNPARSED:
        return JSONResponse({"detail": {"code": "invalid_request", "message": "body: is not valid JSON"}}, 422)
    if not isinstance(exc.detail, dict):
        try:
            code = HTTPStatus(exc.status_code).phrase.lower().replace(" ", "_").replace("-", "_")
        except ValueError:
            code = "error"
        exc = HTTPException(exc.status_code, {"code": code, "message": str(exc.detail)}, exc.headers)
    return await http_exception_handler(request, exc)


_FIELD_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_-]{0,63}")
_REASONS = {
    "missing": "is required",
    "extra_forbidden": "is not a field of this request",
    "json_invalid": "is not valid JSON",
    "string_type": "must be a string",
    "string_unicode": "must be valid Unicode text (no lone surrogate)",
    "int_type": "must be a whole number",
    "int_parsing": "must be a whole number",
    "int_from_float": "must be a whole number",
    "float_type": "must be a number",
    "float_parsing": "must be a number",
    "finite_number": "must be a finite number",
    "bool_type": "must be true or false",
    "bool_parsing": "must be true or false",
    "dict_type": "must be a JSON object",
    "model_type": "must be a JSON object",
    "model_attributes_type": "must be a JSON object",
    "list_type": "must be a list",
}
# pydantic's own sentence for these names a limit or the choices, never the value sent
_SAID_AS_IS = {
    "string_too_short",
    "string_too_long",
    "too_short",
    "too_long",
    "greater_than",
    "greater_than_equal",
    "less_than",
    "less_than_equal",
    "literal_error",
    "enum",
}


def _field(loc: tuple[int | str, ...]) -> str:
    """The dotted name of a field; a part that is not a plain name (a key the client made up) is not repeated."""
    parts = loc[1:] if len(loc) > 1 and not isinstance(loc[1], int) else loc[:1]
    return ".".join(
        str(part) if isinstance(part, int) or _FIELD_NAME.fullmatch(part) else "(a field)" for part in parts
    )


def _reason(error: dict[str, Any]) -> str:
    kind = error.get("type", "")
    if kind in _REASONS:
        return _REASONS[kind]
    if kind in _SAID_AS_IS:
        return str(error["msg"])
    if kind == "value_error":  # Comptoir's own validators, whose messages never quote the value
        return str(error["msg"]).removeprefix("Value error, ")
    return f"is not valid ({kind})" if _FIELD_NAME.fullmatch(kind) else "is not valid"


async def invalid_request(request: Request, exc: RequestValidationError) -> Response:
    """A body or parameter FastAPI could not read, in the one shape: 422 naming each field and what is wrong,
    never repeating the value sent."""
    fields = [f"{_field(tuple(e['loc']))}: {_reason(e)}" for e in exc.errors()]
    message = "; ".join(dict.fromkeys(fields)) or "The request cannot be read."
    return JSONResponse({"detail": {"code": "invalid_request", "message": message}}, status_code=422)


def client_address(connection: HTTPConnection) -> str:
    """The address the request or socket came from (the proxy's, behind a reverse proxy), for per-client limits."""
    return connection.client.host if connection.client is not None else "unknown"


async def form_of(request: Request, fields: int = 10) -> dict[str, str]:
    """A URL-encoded form posted to a staff page, first value of each field; 422 ``bad_form`` when it has more than
    ``fields`` fields."""
    try:
        form = parse_qs((await request.body()).decode(errors="replace"), max_num_fields=fields)
    except ValueError as exc:
        raise refusal(422, "bad_form", f"A form has at most {fields} fields.") from exc
    return {key: values[0] for key, values in form.items()}


def _chat(connection: HTTPConnection) -> ChatService:
    return runtime_of(connection).chat


RuntimeDep = Annotated[Runtime, Depends(runtime_of)]
ChatDep = Annotated[ChatService, Depends(_chat)]
OfficerPage = Annotated[User, Depends(officer_page)]
"""The compliance officer of a page (else a redirect to log in, or 403)."""
OfficerApi = Annotated[User, Depends(officer_api)]
"""The compliance officer of a data answer or an action (else 401 or 403)."""
DataRequestsDep = Annotated[DataRequests, Depends(_data_requests)]
