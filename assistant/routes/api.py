"""HTTP endpoints for integrations and evaluation: health, one chat turn, search."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from assistant.chat import TakenOver
from assistant.connection import printable
from assistant.customers import TokenRefused
from assistant.deps import ChatDep, RuntimeDep
from assistant.language import detect_language
from retrieval import Filters

router = APIRouter()


class ChatRequest(BaseModel):
    """One shopper message over HTTP."""

    session: str | None = Field(None, max_length=200)
    locale: str | None = None
    id: str = Field(min_length=1, max_length=128)
    text: str
    customer: str | None = Field(None, max_length=4096, description="The shop's signed customer token, as the widget's")


class SearchRequest(BaseModel):
    """A product search with optional explicit filters."""

    query: str = Field(min_length=1, max_length=2000)
    filters: dict[str, Any] | None = None
    k: int = Field(10, ge=1, le=100)


@router.get("/healthz")
def healthz(request: Request) -> JSONResponse:
    """200 once the index and the database are ready."""
    runtime = getattr(request.app.state, "runtime", None)
    if runtime is None:
        return JSONResponse({"status": "starting"}, status_code=503)
    index = runtime.index.current()
    runtime.store.ready()
    return JSONResponse({"status": "ok", "products": len(index.products), "empty": index.empty})


@router.post("/api/chat")
async def chat(body: ChatRequest, chat: ChatDep, runtime: RuntimeDep) -> dict[str, Any]:
    """One turn over HTTP, with the disclosure."""
    text = printable(body.text)
    if not text.strip():
        raise HTTPException(422, detail={"code": "empty_text", "message": "The message is empty."})
    if len(text) > runtime.settings.chat.max_text_chars:
        limit = runtime.settings.chat.max_text_chars
        raise HTTPException(422, detail={"code": "too_long", "message": f"Messages are limited to {limit} characters."})
    locale = chat.locale(body.locale)
    customer, refused = None, None
    if body.customer is not None:
        try:
            customer = await run_in_threadpool(chat.customer, body.customer)
        except TokenRefused as exc:  # as over the WebSocket: said, and the chat goes on as a guest
            refused = {"code": "bad_customer_token", "message": f"{str(exc).capitalize()}; chatting as a guest."}
    opened = await run_in_threadpool(chat.open, body.session, locale, None, customer)
    accepted = await run_in_threadpool(chat.accept, opened.conversation.id, body.id, text, locale)
    reply: dict[str, Any] = {
        "session": opened.token,
        "resumed": opened.resumed,
        "ai": True,
        "disclosure": chat.disclosure(opened.conversation.locale),
        "customer": opened.conversation.customer_id is not None,
        **({"customer_error": refused} if refused else {}),
    }
    if accepted.turn.answer_frame is None:
        held = await runtime.desk.held(accepted.turn)
        if held is not None:  # a person answers this conversation, over the WebSocket
            handoff = await runtime.desk.handoff_frame(opened.conversation.id, locale)
            return {**reply, "message": None, "handoff": handoff}
    try:
        frame = await run_in_threadpool(chat.answer, accepted.turn, locale)
    except TakenOver:
        await runtime.desk.forward(accepted.turn)
        return {**reply, "message": None, "handoff": await runtime.desk.handoff_frame(opened.conversation.id, locale)}
    await runtime.desk.answered(accepted.turn, frame)
    return {**reply, "message": frame}


@router.post("/api/search")
async def search(body: SearchRequest, runtime: RuntimeDep) -> dict[str, Any]:
    """Ranked product ids with their scores; filters explicit or taken from the query."""
    try:
        filters = Filters.from_json(body.filters) if body.filters is not None else None
    except ValueError as exc:
        raise HTTPException(422, detail={"code": "bad_filters", "message": str(exc)}) from exc
    lang = detect_language(body.query, runtime.settings.default_language)
    query = (await run_in_threadpool(runtime.privacy.redact, body.query, lang)).text
    if filters is None:
        filters = runtime.index.current().vocabulary.parse(query)
    hits = await run_in_threadpool(runtime.search.products, query, filters, body.k)
    return {"results": [{"id": h.key, "score": h.score} for h in hits], "filters": filters.to_json()}
