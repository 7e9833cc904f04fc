"""The compliance console: conversations searched and explained, exports, erasure, and shoppers' requests.

Every page and file here is for the role ``compliance`` (``officer_or_refusal``): a logged-out visitor is sent
to the login page (data answers 401), any other member of staff gets 403. The console only reads, except
erasure and closing a request, which are POSTs from this origin. Reading a transcript and exporting are
recorded in the audit log, like erasure.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, RedirectResponse, Response, StreamingResponse
from starlette.concurrency import iterate_in_threadpool, run_in_threadpool

from assistant import review, subjects
from assistant.accounts import User
from assistant.audit import verify
from assistant.deps import RuntimeDep, officer_or_refusal
from assistant.desk import shopper_topic
from assistant.routes.console import same_origin
from assistant.routes.pages import templates
from assistant.runtime import Runtime
from guardrails import Sealer

router = APIRouter()

STATIC = Path(__file__).resolve().parent.parent / "static"
_FILES = {
    "compliance.css": "text/css",
    "compliance-kpis.css": "text/css",
    "kpis.js": "text/javascript",
    "chart.umd.min.js": "text/javascript",
}
_NO_STORE = {"Cache-Control": "no-store"}
VIEWED = "transcript_viewed"
EXPORTED = "transcripts_exported"


@router.get("/compliance/static/{name}")
def compliance_static(name: str) -> FileResponse:
    """The compliance pages' script and style sheet, and the chart library, served from here (no CDN)."""
    if name not in _FILES:
        raise HTTPException(404)
    return FileResponse(STATIC / name, media_type=_FILES[name], headers={"Cache-Control": "no-cache"})


def _context(runtime: Runtime, officer: User, section: str, **more: Any) -> dict[str, Any]:
    return {"shop": runtime.settings.shop_name, "officer": officer, "section": section, **more}


def _query(request: Request) -> review.Query:
    try:
        return review.Query.parse(dict(request.query_params))
    except review.BadQuery as exc:
        raise HTTPException(422, detail={"code": "bad_filter", "message": str(exc)}) from exc


@router.get("/compliance", response_class=HTMLResponse, response_model=None)
async def conversations_page(request: Request, runtime: RuntimeDep) -> Response:
    """Search and filter conversations."""
    officer = await officer_or_refusal(request, page=True)
    if isinstance(officer, Response):
        return officer
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
async def search_json(request: Request, runtime: RuntimeDep) -> Response:
    """The same search as data."""
    officer = await officer_or_refusal(request, page=False)
    if isinstance(officer, Response):
        return officer
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
        raise HTTPException(404, "No such conversation (it may have been erased or purged).")
    await run_in_threadpool(runtime.store.audit, found["id"], officer.name, VIEWED)
    return found


@router.get("/compliance/conversations/{conversation_id}.json", response_model=None)
async def conversation_json(request: Request, conversation_id: str, runtime: RuntimeDep) -> Response:
    """One transcript with its explanations, as data."""
    officer = await officer_or_refusal(request, page=False)
    if isinstance(officer, Response):
        return officer
    return JSONResponse(await _reviewed(runtime, officer, conversation_id), headers=_NO_STORE)


@router.get("/compliance/conversations/{conversation_id}", response_class=HTMLResponse, response_model=None)
async def conversation_page(request: Request, conversation_id: str, runtime: RuntimeDep) -> Response:
    """One transcript, each answer with its explanation, the hand-over, the audit trail, and the actions."""
    officer = await officer_or_refusal(request, page=True)
    if isinstance(officer, Response):
        return officer
    found = await _reviewed(runtime, officer, conversation_id)
    requests = await run_in_threadpool(subjects.requests, runtime.store, None, [found["id"]])
    context = _context(runtime, officer, "conversations", conversation=found, requests=requests)
    return templates.TemplateResponse(request, "compliance/conversation.html", context, headers=_NO_STORE)


def _download(name: str, media: str, body: Iterator[str]) -> StreamingResponse:
    headers = {"Content-Disposition": f'attachment; filename="{name}"', **_NO_STORE}
    return StreamingResponse(iterate_in_threadpool(body), media_type=media, headers=headers)


@router.get("/compliance/export.{kind}", response_model=None)
async def export(request: Request, kind: str, runtime: RuntimeDep) -> Response:
    """The conversations of a filtered set (or ``?conversation=ID``, one) as JSON or CSV, redacted as stored."""
    officer = await officer_or_refusal(request, page=False)
    if isinstance(officer, Response):
        return officer
    if kind not in ("json", "csv"):
        raise HTTPException(404)
    params = dict(request.query_params)
    one = params.pop("conversation", None)
    if one is not None:
        query = None
        exists = await run_in_threadpool(runtime.store.conversation, one[:64])
        if exists is None:
            raise HTTPException(404, "No such conversation (it may have been erased or purged).")
        ids = [exists.id]
    else:
        try:
            query = review.Query.parse(params)
            ids = await run_in_threadpool(review.matching_ids, runtime.store.engine, query)
        except review.BadQuery as exc:
            raise HTTPException(422, detail={"code": "bad_filter", "message": str(exc)}) from exc
    await run_in_threadpool(
        runtime.store.audit,
        ids[0] if one is not None else None,
        officer.name,
        EXPORTED,
        format=kind,
        filters=query.described() if query is not None else {"conversation": ids[0]},
        conversations=len(ids),
    )
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    name = f"comptoir-{'conversation-' + ids[0][:12] if one else 'conversations'}-{stamp}.{kind}"
    engine = runtime.store.engine
    if kind == "json":
        return _download(name, "application/json", review.export_json(engine, ids, query, officer.name))
    return _download(name, "text/csv; charset=utf-8", review.export_csv(engine, ids))


@router.get("/compliance/conversations/{conversation_id}/subject-export", response_model=None)
async def subject_export(request: Request, conversation_id: str, runtime: RuntimeDep) -> Response:
    """Everything held about the shopper of this conversation (all their conversations when they are a known
    customer), vault values opened when a vault key is set: the file to hand over (GDPR art. 15)."""
    officer = await officer_or_refusal(request, page=False)
    if isinstance(officer, Response):
        return officer
    ids, by = await _subject(runtime, conversation_id)
    vault_key = runtime.settings.privacy.vault_key
    sealer = Sealer(vault_key.get_secret_value()) if vault_key else None
    document = await run_in_threadpool(subjects.export, runtime.store, ids, sealer=sealer, actor=officer.name, by=by)
    name = f"comptoir-subject-{ids[0][:12]}-{datetime.now(UTC).strftime('%Y%m%d-%H%M%S')}.json"
    headers = {"Content-Disposition": f'attachment; filename="{name}"', **_NO_STORE}
    return Response(json.dumps(document, indent=2, ensure_ascii=False), media_type="application/json", headers=headers)


async def _subject(runtime: Runtime, conversation_id: str) -> tuple[list[str], str]:
    """The conversations of the shopper of ``conversation_id``: all those of their customer id, if they have one."""
    found = await run_in_threadpool(runtime.store.conversation, conversation_id[:64])
    if found is None:
        raise HTTPException(404, "No such conversation (it may have been erased or purged).")
    if found.customer_id is None:
        return [found.id], "conversation"
    ids = await run_in_threadpool(subjects.find_conversations, runtime.store, customer=found.customer_id)
    return ids, "customer"


async def _form(request: Request) -> dict[str, str]:
    """A POSTed form from this origin only (the session cookie is also SameSite=Strict)."""
    if not same_origin(request.headers.get("origin"), request.headers.get("host")):
        raise HTTPException(403, "Cross-site request refused")
    form = parse_qs((await request.body()).decode(errors="replace"), max_num_fields=10)
    return {key: values[0] for key, values in form.items()}


@router.post("/compliance/conversations/{conversation_id}/erase", response_model=None)
async def erase(request: Request, conversation_id: str, runtime: RuntimeDep) -> Response:
    """Erase the shopper of this conversation (all their conversations when they are a known customer); the
    form must carry ``confirm`` equal to the conversation id. Open requests of theirs are marked served."""
    officer = await officer_or_refusal(request, page=False)
    if isinstance(officer, Response):
        return officer
    form = await _form(request)
    if form.get("confirm", "").strip() != conversation_id:
        raise HTTPException(422, detail={"code": "not_confirmed", "message": "Type the conversation id to confirm."})
    ids, _ = await _subject(runtime, conversation_id)
    done = await _erase(runtime, officer, ids, form.get("request"))
    return RedirectResponse(f"/compliance?{urlencode({'done': done})}", status_code=303)


async def _erase(runtime: Runtime, officer: User, ids: list[str], request_id: str | None) -> str:
    """Erase ``ids`` and close the open requests of those conversations; what was done, in one line."""
    pending = await run_in_threadpool(subjects.requests, runtime.store, "open", ids)
    locales = {cid: c.locale for cid in ids if (c := await run_in_threadpool(runtime.store.conversation, cid))}
    erased = await run_in_threadpool(subjects.erase, runtime.store, ids, actor=officer.name)
    for cid, locale in locales.items():  # a shopper still in the chat is told, and starts afresh
        await runtime.desk.bus.publish(shopper_topic(cid), runtime.chat.erased_frame(locale))
    await runtime.desk.queue_changed()  # agents' lists lose it
    rows = sum(len(keys) for keys in erased.removed.values())
    summary = f"Erased {len(ids)} conversation{'s' if len(ids) != 1 else ''} ({rows} rows)."
    for pending_request in pending:
        if pending_request.kind == "erasure" or pending_request.id == request_id:
            await run_in_threadpool(
                subjects.close_request, runtime.store, pending_request.id, officer.name, "done", summary
            )
    return summary


@router.get("/compliance/requests", response_class=HTMLResponse, response_model=None)
async def requests_page(request: Request, runtime: RuntimeDep) -> Response:
    """Shoppers' requests from the widget: open ones first (oldest first), then those already handled."""
    officer = await officer_or_refusal(request, page=True)
    if isinstance(officer, Response):
        return officer
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
async def requests_json(request: Request, runtime: RuntimeDep) -> Response:
    """Shoppers' requests as data (all of them, newest first)."""
    officer = await officer_or_refusal(request, page=False)
    if isinstance(officer, Response):
        return officer
    every = await run_in_threadpool(subjects.requests, runtime.store, None)
    body = [json.loads(r.model_dump_json()) for r in every]
    return JSONResponse({"requests": body}, headers=_NO_STORE)


@router.post("/compliance/requests/{request_id}", response_model=None)
async def close_request(request: Request, request_id: str, runtime: RuntimeDep) -> Response:
    """Serve a request: ``action=erase`` erases (an erasure request); for an access request, ``action=deliver``
    puts the copy in the shopper's chat to download, ``action=done`` marks it sent another way;
    ``action=refuse`` with a ``reason``."""
    officer = await officer_or_refusal(request, page=False)
    if isinstance(officer, Response):
        return officer
    form = await _form(request)
    found = await run_in_threadpool(subjects.open_request, runtime.store, request_id[:64])
    if found is None:
        raise HTTPException(404, "No such open request.")
    action = form.get("action")
    if (
        action in ("erase", "done")
        and await run_in_threadpool(runtime.store.conversation, found.conversation_id) is None
    ):
        outcome = "Nothing was held any more: the conversation had already been erased or purged."
        await run_in_threadpool(subjects.close_request, runtime.store, found.id, officer.name, "done", outcome)
        done = outcome
    elif action == "erase" and found.kind == "erasure":
        ids, _ = await _subject(runtime, found.conversation_id)
        done = await _erase(runtime, officer, ids, found.id)
    elif action == "deliver" and found.kind == "access":
        ready = await run_in_threadpool(subjects.make_ready, runtime.store, found.id, officer.name)
        conversation = await run_in_threadpool(runtime.store.conversation, found.conversation_id)
        locale = conversation.locale if conversation is not None else "en"
        frame = runtime.chat.copy_ready_frame(ready, locale)
        await runtime.desk.bus.publish(shopper_topic(found.conversation_id), frame)  # the chat, if it is open
        done = "The copy waits in the shopper's chat; they download it there (their session proves it is them)."
    elif action == "done" and found.kind == "access":
        outcome = form.get("outcome", "").strip() or "Export sent to the shopper."
        await run_in_threadpool(subjects.close_request, runtime.store, found.id, officer.name, "done", outcome)
        done = "Request marked as served."
    elif action == "refuse":
        reason = form.get("reason", "").strip()
        if not reason:
            raise HTTPException(422, detail={"code": "no_reason", "message": "Say why the request is refused."})
        await run_in_threadpool(subjects.close_request, runtime.store, found.id, officer.name, "refused", reason)
        done = "Request refused."
    else:
        raise HTTPException(
            422, detail={"code": "bad_action", "message": f"{action!r} does not fit a {found.kind} request."}
        )
    return RedirectResponse(f"/compliance/requests?{urlencode({'done': done})}", status_code=303)


@router.get("/compliance/audit", response_class=HTMLResponse, response_model=None)
async def audit_page(request: Request, runtime: RuntimeDep) -> Response:
    """The audit log's chain checked on demand (``?check=1``, and ``kept=HASH`` a head hash kept from an earlier
    check), as ``comptoir audit verify`` does: intact with its head hash to keep elsewhere, or the first record
    changed, removed or inserted (or the kept head gone)."""
    officer = await officer_or_refusal(request, page=True)
    if isinstance(officer, Response):
        return officer
    verdict = None
    kept = request.query_params.get("kept", "").strip()[:64] or None
    if request.query_params.get("check"):
        verdict = await run_in_threadpool(verify, runtime.store.engine, kept)
    context = _context(runtime, officer, "audit", verdict=verdict, kept=kept, checked_at=datetime.now(UTC))
    status = 409 if verdict is not None and not verdict.intact else 200
    return templates.TemplateResponse(request, "compliance/audit.html", context, status_code=status, headers=_NO_STORE)


@router.get("/compliance/audit.csv", response_model=None)
async def audit_csv(request: Request, runtime: RuntimeDep) -> Response:
    """The audit log as CSV with its hashes (``?start=&end=``, UTC days), to keep a copy outside Comptoir."""
    officer = await officer_or_refusal(request, page=False)
    if isinstance(officer, Response):
        return officer
    params = {key: value for key, value in request.query_params.items() if key in ("start", "end")}
    try:
        query = review.Query.parse(params)
    except review.BadQuery as exc:
        raise HTTPException(422, detail={"code": "bad_filter", "message": str(exc)}) from exc
    await run_in_threadpool(runtime.store.audit, None, officer.name, "audit_log_exported", **query.described())
    name = f"comptoir-audit-log-{datetime.now(UTC).strftime('%Y%m%d-%H%M%S')}.csv"
    return _download(name, "text/csv; charset=utf-8", review.export_audit(runtime.store.engine, query.start, query.end))
