"""The compliance documents as console pages, for any logged-in member of staff."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from markdown_it import MarkdownIt
from starlette.concurrency import run_in_threadpool

from assistant.compliance.documents import gather_facts, record_of_processing, transparency_sheet
from assistant.web.deps import RuntimeDep, staff_of
from assistant.web.routes.pages import templates

router = APIRouter()

DOCUMENTS = {
    "record": ("Record of processing activities", record_of_processing),
    "ai": ("AI transparency sheet", transparency_sheet),
}

_MARKDOWN = MarkdownIt("commonmark", {"html": False})  # raw HTML in a setting (a shop name) is shown as text


@router.get("/console/docs/{name}", response_class=HTMLResponse, response_model=None)
async def document(request: Request, name: str, runtime: RuntimeDep) -> Response:
    """A document generated from the running settings, rendered from its Markdown."""
    if name not in DOCUMENTS:
        raise HTTPException(404)
    user = await staff_of(request)
    if user is None:
        return RedirectResponse(f"/console/login?next=/console/docs/{name}", status_code=303)
    title, write = DOCUMENTS[name]
    facts = await run_in_threadpool(gather_facts, runtime.settings)
    markdown = write(runtime.settings, facts)
    context = {
        "shop": runtime.settings.shop_name,
        "title": title,
        "html": _MARKDOWN.render(markdown),
        "others": {key: label for key, (label, _) in DOCUMENTS.items()},
        "home": ("/compliance", "Compliance") if user.role == "compliance" else ("/console", "Console"),
    }
    return templates.TemplateResponse(request, "console/document.html", context, headers={"Cache-Control": "no-store"})
