"""The compliance KPIs: a page with charts and the same figures as JSON, for compliance officers."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.concurrency import run_in_threadpool

from assistant.compliance.kpis import Period, compute
from assistant.web.deps import OfficerApi, OfficerPage, RuntimeDep
from assistant.web.routes.pages import templates

router = APIRouter()

NO_STORE = {"Cache-Control": "no-store"}
From = Annotated[str | None, Query(alias="from", description="The first UTC day, YYYY-MM-DD (included)")]
To = Annotated[str | None, Query(alias="to", description="The last UTC day, YYYY-MM-DD (included)")]


def _period(start: str | None, end: str | None) -> Period:
    return Period.parse(start, end, datetime.now(UTC).date())


@router.get("/compliance/kpis.json", response_model=None)
async def kpis_json(officer: OfficerApi, runtime: RuntimeDep, start: From = None, end: To = None) -> Response:
    """The KPIs of a period with their definitions; 422 with the reason for a period that cannot be read."""
    try:
        period = _period(start, end)
    except ValueError as exc:
        body = {"detail": {"code": "bad_period", "message": str(exc)}}
        return JSONResponse(body, status_code=422, headers=NO_STORE)
    figures = await run_in_threadpool(compute, runtime.store.engine, period)
    return JSONResponse(figures, headers=NO_STORE)


@router.get("/compliance/kpis", response_class=HTMLResponse, response_model=None)
async def kpis_page(
    request: Request, officer: OfficerPage, runtime: RuntimeDep, start: From = None, end: To = None
) -> Response:
    """The KPIs of a period as number cards and charts (drawn by kpis.js from the same figures, in the page)."""
    context: dict[str, Any] = {
        "shop": runtime.settings.shop_name,
        "officer": officer,
        "section": "kpis",
        "asked": {"from": start or "", "to": end or ""},
        "period": None,
        "figures": None,
        "error": None,
    }
    try:
        period = _period(start, end)
    except ValueError as exc:
        context["error"] = str(exc)
        return templates.TemplateResponse(request, "compliance/kpis.html", context, status_code=422, headers=NO_STORE)
    context["period"] = period
    context["figures"] = (await run_in_threadpool(compute, runtime.store.engine, period))["kpis"]
    return templates.TemplateResponse(request, "compliance/kpis.html", context, headers=NO_STORE)
