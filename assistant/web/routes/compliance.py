"""The compliance console: conversations searched and explained, exports, erasure, and shoppers' requests.

Every page and file here is for the role ``compliance`` (``OfficerPage``, ``OfficerApi``): a logged-out visitor
is sent to the login page (data answers 401), any other member of staff gets 403. The console only reads, except
erasure and closing a request, which are POSTs from this origin. Reading a transcript and exporting are
recorded in the audit log, like erasure.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, RedirectResponse, Response, StreamingResponse
from starlette.concurrency import iterate_in_threadpool, run_in_threadpool

from assistant.compliance import review, subjects
from assistant.compliance.requests import GONE
from assistant.records.audit import AuditAction, verify
from assistant.runtime import Runtime
from assistant.staff.accounts import User
from assistant.web.deps import DataRequestsDep, OfficerApi, OfficerPage, RuntimeDep, form_of, refusal
from assistant.web.routes.console import same_origin
from assistant.web.routes.pages import templates

router = APIRouter()

STATIC = Path(__file__).resolve().parent.parent / "static"
_FILES = {
    "compliance.css": "text/css",
    "compliance-kpis.css": "text/css",
    "kpis.js": "text/javascript",
    "chart.umd.min.js": "text/javascript",
}
_NO_STORE = {"Cache-Control": "no-store"}


@router.get("/compliance/static/{name}")
def compliance_static(name: str) -> FileResponse:
    """The compliance pages' script and style sheet, and the chart library, served from here (no CDN)."""
    if name not in _FILES:
        raise refusal(404, "not_found", "No such file.")
    return FileResponse(STATIC / name, media_type=_FILES[name], headers={"Cache-Control": "no-cache"})


def _context(runtime: Runtime, officer: User, section: str, **more: Any) -> dict[str, Any]:
    return {"shop": runtime.settings.shop_name, "officer": officer, "section": section, **more}


def _query(request: Request) -> review.Query:
    try:
        return review.Query.parse(dict(request.query_params))
    except review.BadQuery as exc:
        raise refusal(422, "bad_filter", str(exc)) from exc


@router.get("/compliance", response_class=HTMLResponse, response_model=None)
async def conversations_page(request: Request, officer: OfficerPage, runtime: RuntimeDep) -> Response:
    """Search and filter conversations."""
    error, page = None, None
    try:
        query = review.Query.parse(dict(request.query_params))
    except review.BadQuery as exc:
        query, error = review.Query(), str(exc)
    if error is None:
        page = await run_in_threadpool(review.search, runtime.store.engine, query)
    context = _context(
        runtime,
        officer,
        "conversations",
        query=query,
        page=page,
        error=error,
        params=query.params(),
        exports=urlencode(query.described()),
        choices={
            "intent": review.INTENTS,
            "reason": review.REASONS,
            "flag": review.FLAGS,
            "rating": review.RATINGS,
        },
        notice=request.query_params.get("done"),
    )
    return templates.TemplateResponse(
        request, "compliance/index.html", context, status_code=422 if error else 200, headers=_NO_STORE
    )


@router.get("/compliance/search.json", response_model=None)
async def search_json(request: Request, officer: OfficerApi, runtime: RuntimeDep) -> Response:
    """The same search as data."""
    query = _query(request)
    page = await run_in_threadpool(review.search, runtime.store.engine, query)
    body = {
        "filters": query.described(),
        "page": query.page,
        "pages": page.pages,
        "total": page.total,
        "conversations": [row.__dict__ for row in page.rows],
    }
    return JSONResponse(body, headers=_NO_STORE)


async def _reviewed(runtime: Runtime, officer: User, conversation_id: str) -> dict[str, Any]:
    found = await run_in_threadpool(review.conversation, runtime.store.engine, conversation_id[:64])
    if found is None:
        raise refusal(404, "no_conversation", GONE)
    await run_in_threadpool(runtime.store.audit, found["id"], officer.name, AuditAction.TRANSCRIPT_VIEWED)
    return found


@router.get("/compliance/conversations/{conversation_id}.json", response_model=None)
async def conversation_json(conversation_id: str, officer: OfficerApi, runtime: RuntimeDep) -> Response:
    """One transcript with its explanations, as data."""
    return JSONResponse(await _reviewed(runtime, officer, conversation_id), headers=_NO_STORE)


@router.get("/compliance/conversations/{conversation_id}", response_class=HTMLResponse, response_model=None)
async def conversation_page(
    request: Request, conversation_id: str, officer: OfficerPage, runtime: RuntimeDep
) -> Response:
    """One transcript, each answer with its explanation, the hand-over, the audit trail, and the actions."""
    found = await _reviewed(runtime, officer, conversation_id)
    requests = await run_in_threadpool(subjects.requests, runtime.store, None, [found["id"]])
    context = _context(runtime, officer, "conversations", conversation=found, requests=requests)
    return templates.TemplateResponse(request, "compliance/conversation.html", context, headers=_NO_STORE)


def _download(name: str, media: str, body: Iterator[str]) -> StreamingResponse:
    headers = {"Content-Disposition": f'attachment; filename="{name}"', **_NO_STORE}
    return StreamingResponse(iterate_in_threadpool(body), media_type=media, headers=headers)


@router.get("/compliance/export.{kind}", response_model=None)
async def export(request: Request, kind: str, officer: OfficerApi, runtime: RuntimeDep) -> Response:
    """The conversations of a filtered set (or ``?conversation=ID``, one) as JSON or CSV, redacted as stored."""
    if kind not in ("json", "csv"):
        raise refusal(404, "not_found", "Exports are .json or .csv.")
    params = dict(request.query_params)
    one = params.pop("conversation", None)
    if one is not None:
        query = None
        exists = await run_in_threadpool(runtime.store.conversation, one[:64])
        if exists is None:
            raise refusal(404, "no_conversation", GONE)
        ids = [exists.id]
    else:
        try:
            query = review.Query.parse(params)
            ids = await run_in_threadpool(review.matching_ids, runtime.store.engine, query)
        except review.BadQuery as exc:
            raise refusal(422, "bad_filter", str(exc)) from exc
    await run_in_threadpool(
        runtime.store.audit,
        ids[0] if one is not None else None,
        officer.name,
        AuditAction.TRANSCRIPTS_EXPORTED,
        format=kind,
        filters=_as_audited(query.described()) if query is not None else {"conversation": ids[0]},
        conversations=len(ids),
    )
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    name = f"comptoir-{'conversation-' + ids[0][:12] if one else 'conversations'}-{stamp}.{kind}"
    engine = runtime.store.engine
    if kind == "json":
        return _download(name, "application/json", review.export_json(engine, ids, query, officer.name))
    return _download(name, "text/csv; charset=utf-8", review.export_csv(engine, ids))


def _as_audited(filters: dict[str, Any]) -> dict[str, Any]:
    """An export's filters as its audit record keeps them: the words searched for may be someone's personal data,
    so only their length is kept."""
    if "text" in filters:
        filters = {**filters, "text": f"({len(filters['text'])} characters)"}
    return filters


@router.get("/compliance/conversations/{conversation_id}/subject-export", response_model=None)
async def subject_export(conversation_id: str, officer: OfficerApi, data_requests: DataRequestsDep) -> Response:
    """Everything held about the shopper of this conversation (all their conversations when they are a known
    customer), vault values opened when a vault key is set: the file to hand over (GDPR art. 15)."""
    document = await data_requests.copy(conversation_id, officer.name)
    first = document["conversations"][0]["id"]
    name = f"comptoir-subject-{first[:12]}-{datetime.now(UTC).strftime('%Y%m%d-%H%M%S')}.json"
    headers = {"Content-Disposition": f'attachment; filename="{name}"', **_NO_STORE}
    return Response(json.dumps(document, indent=2, ensure_ascii=False), media_type="application/json", headers=headers)


async def _form(request: Request) -> dict[str, str]:
    """A POSTed form from this origin only (the session cookie is also SameSite=Strict)."""
    if not same_origin(request.headers.get("origin"), request.headers.get("host")):
        raise refusal(403, "cross_site", "Cross-site request refused")
    return await form_of(request)


@router.post("/compliance/conversations/{conversation_id}/erase", response_model=None)
async def erase(
    request: Request, conversation_id: str, officer: OfficerApi, data_requests: DataRequestsDep
) -> Response:
    """Erase the shopper of this conversation (all their conversations when they are a known customer); the
    form must carry ``confirm`` equal to the conversation id. Open requests of theirs are marked served."""
    form = await _form(request)
    if form.get("confirm", "").strip() != conversation_id:
        raise refusal(422, "not_confirmed", "Type the conversation id to confirm.")
    done = await data_requests.erase(conversation_id, officer.name, form.get("request"))
    return RedirectResponse(f"/compliance?{urlencode({'done': done})}", status_code=303)


@router.get("/compliance/requests", response_class=HTMLResponse, response_model=None)
async def requests_page(request: Request, officer: OfficerPage, runtime: RuntimeDep) -> Response:
    """Shoppers' requests from the widget: open ones first (oldest first), then those already handled."""
    every = await run_in_threadpool(subjects.requests, runtime.store, None)
    now = datetime.now(UTC)
    waiting = sorted((r for r in every if r.status == "open"), key=lambda r: r.created_at)
    handled = [r for r in every if r.status != "open"][:200]
    context = _context(
        runtime,
        officer,
        "requests",
        waiting=waiting,
        handled=handled,
        now=now,
        notice=request.query_params.get("done"),
    )
    return templates.TemplateResponse(request, "compliance/requests.html", context, headers=_NO_STORE)


@router.get("/compliance/requests.json", response_model=None)
async def requests_json(officer: OfficerApi, runtime: RuntimeDep) -> Response:
    """Shoppers' requests as data (all of them, newest first)."""
    every = await run_in_threadpool(subjects.requests, runtime.store, None)
    body = [json.loads(r.model_dump_json()) for r in every]
    return JSONResponse({"requests": body}, headers=_NO_STORE)


@router.post("/compliance/requests/{request_id}", response_model=None)
async def close_request(
    request: Request, request_id: str, officer: OfficerApi, data_requests: DataRequestsDep
) -> Response:
    """Serve a request: ``action=erase`` erases (an erasure request); for an access request, ``action=deliver``
    puts the copy in the shopper's chat to download, ``action=done`` marks it sent another way (``outcome``);
    ``action=refuse`` with a ``reason``."""
    form = await _form(request)
    action, outcome, reason = form.get("action"), form.get("outcome", ""), form.get("reason", "")
    done = await data_requests.serve(request_id, officer.name, action, outcome=outcome, reason=reason)
    return RedirectResponse(f"/compliance/requests?{urlencode({'done': done})}", status_code=303)


@router.get("/compliance/audit", response_class=HTMLResponse, response_model=None)
async def audit_page(request: Request, officer: OfficerPage, runtime: RuntimeDep) -> Response:
    """The audit log's chain checked on demand (``?check=1``, and ``kept=HASH`` a head hash kept from an earlier
    check), as ``comptoir audit verify`` does: intact with its head hash to keep elsewhere, or the first record
    changed, removed or inserted (or the kept head gone)."""
    verdict = None
    kept = request.query_params.get("kept", "").strip()[:64] or None
    if request.query_params.get("check"):
        verdict = await run_in_threadpool(verify, runtime.store.engine, kept)
    context = _context(runtime, officer, "audit", verdict=verdict, kept=kept, checked_at=datetime.now(UTC))
    status = 409 if verdict is not None and not verdict.intact else 200
    return templates.TemplateResponse(request, "compliance/audit.html", context, status_code=status, headers=_NO_STORE)


@router.get("/compliance/audit.csv", response_model=None)
async def audit_csv(request: Request, officer: OfficerApi, runtime: RuntimeDep) -> Response:
    """The audit log as CSV with its hashes (``?start=&end=``, UTC days), to keep a copy outside Comptoir."""
    params = {key: value for key, value in request.query_params.items() if key in ("start", "end")}
    try:
        query = review.Query.parse(params)
    except review.BadQuery as exc:
        raise refusal(422, "bad_filter", str(exc)) from exc
    await run_in_threadpool(
        runtime.store.audit, None, officer.name, AuditAction.AUDIT_LOG_EXPORTED, **query.described()
    )
    name = f"comptoir-audit-log-{datetime.now(UTC).strftime('%Y%m%d-%H%M%S')}.csv"
    return _download(name, "text/csv; charset=utf-8", review.export_audit(runtime.store.engine, query.start, query.end))
