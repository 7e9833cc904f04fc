"""The demo shop's pictures: every demo product has one that Comptoir serves itself, safe to show anywhere."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from assistant.cli import DEMO_DIR
from assistant.demo.pictures import COLOURS, FALLBACK, draw, kind_of, picture_url
from assistant.runtime import Runtime, build_runtime
from guardrails import PiiDetector
from retrieval import Product, ShopEmbeddings
from tests.app import app_client
from tests.conftest import DATA, ingest_files, make_settings

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def client(demo_runtime: Runtime) -> Iterator[TestClient]:
    with app_client(demo_runtime) as test_client:
        yield test_client


@pytest.fixture(scope="module")
def demo_products(demo_runtime: Runtime) -> dict[str, Product]:
    return demo_runtime.index.current().products


def local_name(name: str) -> str:
    return name.rsplit("}", 1)[-1].rsplit(":", 1)[-1].lower()


def assert_safe_svg(text: str) -> ET.Element:
    """``text`` parses as an SVG document that runs nothing and references nothing outside itself."""
    root = ET.fromstring(text)
    assert root.tag == f"{SVG}svg"
    assert int(root.get("width", "0")) > 0 and int(root.get("height", "0")) > 0  # a size of its own: naturalWidth > 0
    for element in root.iter():
        assert local_name(element.tag) not in {"script", "foreignobject", "image", "use", "a", "style"}, element.tag
        for name, value in element.attrib.items():
            assert local_name(name) != "href" and not local_name(name).startswith("on"), (element.tag, name)
            assert "url(" not in value and "javascript:" not in value, (element.tag, name, value)
    return root


def test_the_demo_catalog_points_every_product_at_its_served_picture() -> None:
    rows = json.loads((DEMO_DIR / "catalog.json").read_text(encoding="utf-8"))
    assert rows and all(row["image_url"] == picture_url(row["id"]) == f"/demo/pictures/{row['id']}.svg" for row in rows)


def test_every_demo_product_has_a_safe_small_picture(client: TestClient, demo_products: dict[str, Product]) -> None:
    assert len(demo_products) > 200
    for product in demo_products.values():
        response = client.get(product.image_url)
        assert response.status_code == 200, product.id
        assert response.headers["content-type"] == "image/svg+xml"
        assert "max-age" in response.headers["cache-control"]
        assert response.headers["content-security-policy"] == "default-src 'none'; sandbox"
        assert response.headers["x-content-type-options"] == "nosniff"
        assert len(response.content) < 4096, product.id
        assert_safe_svg(response.text)


def test_a_picture_shows_what_the_product_is_tinted_by_its_first_colour(demo_products: dict[str, Product]) -> None:
    expected = {
        "SS-0001": "jacket",  # Crête Trek 500 Waterproof Jacket, black
        "SS-0014": "fleece",
        "SS-0019": "boot",
        "SS-0034": "shoe",
        "SS-0049": "tent",
        "SS-0063": "sleeping_bag",
        "SS-0076": "backpack",
        "SS-0107": "bike",
        "SS-0130": "gloves",
        "SS-0150": "trousers",  # ski trousers: trousers, not skis
        "SS-0212": "headlamp",
    }
    assert {id_: kind_of(demo_products[id_]) for id_ in expected} == expected
    assert not [p.id for p in demo_products.values() if kind_of(p) == FALLBACK]  # each demo product is drawn as a kind
    jacket = demo_products["SS-0001"]
    assert jacket.colours[0] == "black" and COLOURS["black"] in draw(jacket)
    assert draw(jacket) == draw(jacket)  # the same product, the same picture
    assert COLOURS["navy"] in draw(demo_products["SS-0002"])  # the women's jacket comes first in navy


def test_a_product_of_no_known_kind_or_colour_gets_the_generic_picture() -> None:
    odd = Product(
        id="X-1",
        sku="X-1",
        title={"en": "Gift card"},
        description={},
        category={"en": "Gifts"},
        brand="",
        price="20.00",
        currency="EUR",
        stock=1,
        url="",
        image_url=picture_url("X-1"),
    )
    assert kind_of(odd) == FALLBACK
    assert_safe_svg(draw(odd))


def test_an_unknown_product_has_no_picture(client: TestClient) -> None:
    assert client.get("/demo/pictures/SS-9999.svg").status_code == 404
    assert client.get("/demo/pictures/SS-0001.png").status_code == 404


def test_a_merchant_product_with_its_own_image_gets_no_drawn_picture(
    tmp_path: Path, embeddings: ShopEmbeddings, detector: PiiDetector
) -> None:
    settings = make_settings(tmp_path / "data")
    ingest_files(settings, embeddings, DATA / "catalog_generic.csv", None)
    runtime = build_runtime(settings, embeddings, detector)
    product = runtime.index.current().products["SS-0001"]
    assert product.image_url.startswith("https://")  # the merchant's own picture
    with app_client(runtime) as client:
        assert client.get(picture_url("SS-0001")).status_code == 404


class Images(HTMLParser):
    """The ``<img>`` tags of a page, as dicts of their attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[dict[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "img":
            self.found.append(dict(attrs))


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_shop_page_shows_each_product_picture(
    client: TestClient, demo_products: dict[str, Product], lang: str
) -> None:
    page = Images()
    page.feed(client.get("/", params={"lang": lang}).text)
    assert len(page.found) == 12
    for image in page.found:
        src = image["src"] or ""
        product = demo_products[src.removeprefix("/demo/pictures/").removesuffix(".svg")]
        assert image["alt"] == product.text("title", lang)
        response = client.get(src)
        assert response.status_code == 200 and response.headers["content-type"] == "image/svg+xml"
        assert_safe_svg(response.text)
