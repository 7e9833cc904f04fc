"""The demo shop page and its products' pictures, the policy pages, and the widget script."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import FileResponse, HTMLResponse, Response
from fastapi.templating import Jinja2Templates

from assistant.demo.pictures import PICTURES_PATH, draw, has_picture
from assistant.turn.responders.extractive import format_price
from assistant.web.deps import RuntimeDep
from escalation.policy import REASON_LABELS, SENSITIVE
from retrieval import PolicyPassage
from widget import WIDGET_JS

router = APIRouter()
templates = Jinja2Templates(directory=str(Path(__file__).resolve().parent.parent / "templates"))
templates.env.filters["price"] = lambda product, lang: format_price(product.price, product.currency, lang)
templates.env.filters["reason"] = lambda reason: REASON_LABELS.get(reason, str(reason).replace("_", " "))
templates.env.globals["reason_labels"] = {str(reason): label for reason, label in REASON_LABELS.items()}
templates.env.globals["sensitive_reasons"] = sorted(str(reason) for reason in SENSITIVE)

PICTURE_HEADERS = {
    "Cache-Control": "public, max-age=3600",
    "Content-Security-Policy": "default-src 'none'; sandbox",
}
"""A picture is cached an hour, and opened on its own it may run nothing and load nothing."""


@router.get("/", response_class=HTMLResponse)
def shop(request: Request, runtime: RuntimeDep, lang: str = "en") -> HTMLResponse:
    """A demo shop page with the widget on it."""
    lang = lang if lang in {"en", "fr"} else "en"
    products = list(runtime.index.current().products.values())[:12]
    context = {"products": products, "lang": lang, "shop": runtime.settings.shop_name}
    return templates.TemplateResponse(request, "shop.html", context)


@router.get(PICTURES_PATH + "/{product_id}.svg")
def demo_picture(product_id: str, runtime: RuntimeDep) -> Response:
    """A demo product's picture, drawn from the product; 404 for a product whose catalog row does not point at it."""
    product = runtime.index.current().products.get(product_id)
    if product is None or not has_picture(product):
        raise HTTPException(404, "No such picture")
    return Response(draw(product), media_type="image/svg+xml", headers=PICTURE_HEADERS)


@router.get("/policies/{lang}/{page}", response_class=HTMLResponse)
def policy(request: Request, lang: str, page: str, runtime: RuntimeDep) -> HTMLResponse:
    """A policy page, rebuilt from its indexed passages."""
    corpus = runtime.index.current().corpora["policy"]
    passages = [p for p in corpus.items if isinstance(p, PolicyPassage) and p.page == f"{lang}/{page}"]
    if not passages:
        raise HTTPException(404, "No such policy page")
    sections: dict[str, list[str]] = {}
    for passage in passages:
        sections.setdefault(passage.heading, []).append(passage.text)
    context = {"title": passages[0].title, "sections": sections, "lang": lang, "shop": runtime.settings.shop_name}
    return templates.TemplateResponse(request, "policy.html", context)


@router.get("/widget.js")
def widget_js() -> FileResponse:
    """The embeddable widget, served as it is."""
    return FileResponse(WIDGET_JS, media_type="text/javascript", headers={"Cache-Control": "public, max-age=300"})
