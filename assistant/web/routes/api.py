"""HTTP endpoints for integrations and evaluation: one chat turn, search."""

from __future__ import annotations

import math
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from pydantic import Field

from assistant.turn import MessageRefused, TokenRefused
from assistant.turn.language import detect_language
from assistant.web.deps import ChatDep, RuntimeDep, client_address
from assistant.web.inputs import StrictBody, Text, Word
from retrieval import Filters

router = APIRouter()


class ChatRequest(StrictBody):
    """One shopper message over HTTP."""

    session: Word | None = Field(None, max_length=200)
    locale: Word | None = Field(None, max_length=35)
    id: Word = Field(min_length=1, max_length=128)
    text: Text
    customer: Word | None = Field(
        None, max_length=4096, description="The shop's signed customer token, as the widget's"
    )


class SearchRequest(StrictBody):
    """A product search with optional explicit filters (checked by ``Filters.from_json``)."""

    query: Text = Field(min_length=1, max_length=2000)
    filters: dict[str, Any] | None = None
    k: int = Field(10, ge=1, le=100)


@router.post("/api/chat")
async def chat(request: Request, body: ChatRequest, chat: ChatDep, runtime: RuntimeDep) -> dict[str, Any]:
    """One turn over HTTP, with the disclosure: the same flow as a message over the WebSocket, in one reply.

    A request that would start a conversation counts against its address's ``conversations_per_minute``."""
    try:
        chat.check(body.text)
    except MessageRefused as exc:
        raise HTTPException(422, detail={"code": exc.code, "message": str(exc)}) from exc
    if not await run_in_threadpool(chat.resumes, body.session):
        wait = runtime.openings.hit(client_address(request))
        if wait:
            seconds = max(1, math.ceil(wait))
            said = f"Too many new conversations from this address; try again in {seconds} s."
            detail = {"code": "too_many_conversations", "message": said}
            raise HTTPException(429, detail=detail, headers={"Retry-After": str(seconds)})
    locale = chat.locale(body.locale)
    customer, refused = None, None
    if body.customer is not None:
        try:
            customer = await run_in_threadpool(chat.customer, body.customer)
        except TokenRefused as exc:  # as over the WebSocket: said, and the chat goes on as a guest
            refused = {"code": "bad_customer_token", "message": f"{str(exc).capitalize()}; chatting as a guest."}
    opened = await run_in_threadpool(chat.open, body.session, locale, None, customer)
    sent = runtime.messages.send(opened.conversation.id, body.id, body.text, locale, client_address(request))
    frames = [frame async for frame in sent]
    failed = next((frame for frame in frames if frame["type"] == "error"), None)
    if failed is not None:
        raise HTTPException(
            500 if failed["code"] == "internal" else 409, detail={k: failed[k] for k in ("code", "message")}
        )
    message = next((frame for frame in frames if frame["type"] == "message"), None)
    reply: dict[str, Any] = {
        "session": opened.token,
        "resumed": opened.resumed,
        "ai": True,
        "disclosure": chat.disclosure(opened.conversation.locale),
        "customer": opened.conversation.customer_id is not None,
        **({"customer_error": refused} if refused else {}),
        "message": message,
    }
    if message is None:  # a person answers this conversation, over the WebSocket
        reply["handoff"] = await runtime.desk.handoff_frame(opened.conversation.id, locale)
    return reply


@router.post("/api/search")
async def search(body: SearchRequest, runtime: RuntimeDep) -> dict[str, Any]:
    """Ranked product ids with their scores; filters explicit or taken from the query. When no product passes them
    all, filters are given up one at a time (colour, size, stock, brand, category, budget): ``filters`` names those
    that held, ``relaxed`` those given up."""
    try:
        filters = Filters.from_json(body.filters) if body.filters is not None else None
    except ValueError as exc:
        raise HTTPException(422, detail={"code": "bad_filters", "message": str(exc)}) from exc
    lang = detect_language(body.query, runtime.settings.default_language)
    query = (await run_in_threadpool(runtime.privacy.redact, body.query, lang)).text
    if filters is None:
        filters = runtime.index.current().vocabulary.parse(query)
    found = await run_in_threadpool(runtime.search.find, query, filters, body.k)
    return {"results": [{"id": h.key, "score": h.score} for h in found.hits], **found.to_json()}
