"""The agents' console: login and logout, the console page, its static files, and ``/ws/agent``."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlparse

from fastapi import APIRouter, HTTPException, Request, WebSocket
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from assistant.staff import Role, User, locked_out_message
from assistant.web.agent_socket import AgentConnection
from assistant.web.deps import SESSION_COOKIE, RuntimeDep, form_of, runtime_of, staff_of
from assistant.web.frames import RateLimiter
from assistant.web.routes.pages import templates
from assistant.web.routes.sockets import converse

router = APIRouter()

STATIC = Path(__file__).resolve().parent.parent / "static"
CONSOLE_ROLES = {Role.AGENT.value, Role.ADMIN.value}
HOMES = {Role.AGENT.value: "/console", Role.ADMIN.value: "/console", Role.COMPLIANCE.value: "/compliance"}


def same_origin(origin: str | None, host: str | None) -> bool:
    """Staff pages take requests from their own origin only (a missing Origin is a same-origin navigation)."""
    return origin is None or (host is not None and urlparse(origin).netloc == host)


def _next_path(value: str | None) -> str:
    """Where to go after logging in: a path on this server, never another site."""
    if value and value.startswith("/") and not value.startswith("//") and "\\" not in value:
        return value
    return "/console"


@router.get("/console/login", response_class=HTMLResponse)
def login_page(request: Request, runtime: RuntimeDep, next: str = "/console") -> HTMLResponse:
    """The login form."""
    context = {"shop": runtime.settings.shop_name, "error": None, "next": _next_path(next)}
    return templates.TemplateResponse(request, "console/login.html", context)


@router.post("/console/login", response_model=None)
async def login(request: Request, runtime: RuntimeDep) -> Response:
    """Check the name and password; on success a session cookie and the way in. A name or client address locked
    out by failed logins is answered 429 with Retry-After, its password unchecked."""
    if not same_origin(request.headers.get("origin"), request.headers.get("host")):
        raise HTTPException(403, "Cross-site login refused")
    form = await form_of(request)
    name, password = (form.get(key, "") for key in ("name", "password"))
    target = _next_path(form.get("next", "/console"))
    address = request.client.host if request.client else ""
    outcome = await run_in_threadpool(runtime.logins.log_in, name[:64], password[:1024], address)
    user = outcome.user
    if user is None:
        refused = {"Retry-After": str(outcome.retry_after)} if outcome.locked_out else None
        error = locked_out_message(outcome.retry_after) if refused else "Wrong name or password."
        context = {"shop": runtime.settings.shop_name, "error": error, "next": target}
        return templates.TemplateResponse(request, "console/login.html", context, 429 if refused else 401, refused)
    token = await run_in_threadpool(runtime.accounts.start_session, user, runtime.settings.console.session_hours)
    home = HOMES.get(user.role, "/console")
    response = RedirectResponse(target if target.startswith(home) else home, status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=int(runtime.settings.console.session_hours * 3600),
        httponly=True,
        samesite="strict",
        secure=runtime.settings.console.secure_cookie,
        path="/",
    )
    return response


@router.post("/console/logout")
async def logout(request: Request, runtime: RuntimeDep) -> RedirectResponse:
    """End the session in every process."""
    if not same_origin(request.headers.get("origin"), request.headers.get("host")):
        raise HTTPException(403, "Cross-site logout refused")
    await run_in_threadpool(runtime.accounts.end_session, request.cookies.get(SESSION_COOKIE))
    response = RedirectResponse("/console/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.get("/console", response_class=HTMLResponse, response_model=None)
async def console(request: Request, runtime: RuntimeDep) -> Response:
    """The console page, for agents and admins; others are sent to log in or refused."""
    user = await staff_of(request)
    if user is None:
        return RedirectResponse("/console/login?next=/console", status_code=303)
    if user.role not in CONSOLE_ROLES:
        raise HTTPException(403, "The console is for agents and admins.")
    context = {"shop": runtime.settings.shop_name, "agent": user}
    return templates.TemplateResponse(request, "console/index.html", context, headers=_NO_STORE)


@router.get("/console/static/{name}")
def console_static(name: str) -> FileResponse:
    """The console's script and style sheet."""
    if name not in {"console.js", "console.css"}:
        raise HTTPException(404)
    media = "text/javascript" if name.endswith(".js") else "text/css"
    return FileResponse(STATIC / name, media_type=media, headers={"Cache-Control": "no-cache"})


@router.websocket("/ws/agent")
async def agent_socket(websocket: WebSocket) -> None:
    """An agent's live console: refused before it opens without a console session from this origin."""
    runtime = runtime_of(websocket)
    user: User | None = None
    if same_origin(websocket.headers.get("origin"), websocket.headers.get("host")):
        user = await staff_of(websocket)
    if user is None or user.role not in CONSOLE_ROLES:
        await websocket.close(code=1008)
        return
    await websocket.accept()
    settings = runtime.settings
    limiter = RateLimiter(settings.console.frames_per_second, settings.console.burst)
    connection = AgentConnection(runtime.desk, user, settings.chat.max_frame_bytes, limiter)
    await websocket.send_json(connection.hello())
    try:
        await converse(
            websocket,
            connection.receive,
            lambda: connection.subscription,
            connection.translate,
            background=(connection.refresher, connection.presence),
            max_waiting=settings.chat.max_outgoing_frames,
            drain=websocket.app.state.drain,
            metrics=runtime.metrics,
        )
    finally:
        await connection.leave()


_NO_STORE = {"Cache-Control": "no-store"}
