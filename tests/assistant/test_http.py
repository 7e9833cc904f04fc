"""HTTP endpoints: health, one turn over HTTP, search with filters."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from assistant.runtime import Runtime
from assistant.web.app import create_app


@pytest.fixture(scope="module")
def client(demo_runtime: Runtime) -> Iterator[TestClient]:
    with TestClient(create_app(demo_runtime.settings, demo_runtime)) as test_client:
        yield test_client


def test_healthz_is_ok_once_ready(client: TestClient) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_healthz_is_503_before_start() -> None:
    app = create_app()
    assert TestClient(app).get("/healthz").status_code == 503  # no lifespan: nothing loaded


def test_chat_over_http_carries_the_disclosure_and_resumes(client: TestClient) -> None:
    first = client.post(
        "/api/chat", json={"session": None, "locale": "en", "id": "h1", "text": "a tent for 2 people"}
    ).json()
    assert first["ai"] is True
    assert "AI assistant" in first["disclosure"]
    message = first["message"]
    assert message["ai"] is True
    assert message["from"] == "assistant"
    assert message["products"]
    second = client.post(
        "/api/chat", json={"session": first["session"], "id": "h2", "text": "what about returns?"}
    ).json()
    assert second["resumed"] is True
    assert second["session"] == first["session"]
    repeat = client.post(
        "/api/chat", json={"session": first["session"], "id": "h1", "text": "a tent for 2 people"}
    ).json()
    assert repeat["message"]["replay"] is True
    assert repeat["message"]["turn"] == message["turn"]


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({"id": "x", "text": ""}, 422),
        ({"id": "x", "text": "a" * 5000}, 422),
        ({"id": "", "text": "hi"}, 422),
        ({"text": "hi"}, 422),
    ],
)
def test_chat_over_http_rejects_bad_input(client: TestClient, body: dict[str, object], status: int) -> None:
    response = client.post("/api/chat", json=body)
    assert response.status_code == status
    detail = response.json()["detail"]  # the one shape of every JSON error
    assert set(detail) == {"code", "message"} and detail["code"] and detail["message"]


def test_search_with_explicit_filters(client: TestClient, demo_runtime: Runtime) -> None:
    response = client.post(
        "/api/search", json={"query": "jacket", "filters": {"max_price": 100, "in_stock": True}, "k": 10}
    )
    assert response.status_code == 200
    results = response.json()["results"]
    assert results
    products = demo_runtime.index.current().products
    for result in results:
        assert float(products[result["id"]].price) <= 100
        assert products[result["id"]].stock > 0
    scores = [r["score"] for r in results]
    assert scores == sorted(scores, reverse=True)


def test_search_takes_filters_from_the_words(client: TestClient, demo_runtime: Runtime) -> None:
    response = client.post("/api/search", json={"query": "veste à moins de 80 euros"}).json()
    assert response["filters"]["max_price"] == 80.0
    products = demo_runtime.index.current().products
    assert all(float(products[r["id"]].price) <= 80 for r in response["results"])


def test_search_relaxes_what_nothing_passes_and_says_so(client: TestClient, demo_runtime: Runtime) -> None:
    products = demo_runtime.index.current().products
    held = client.post("/api/search", json={"query": "black fleece in size M"}).json()
    assert held["relaxed"] == [] and held["filters"]["colour"] == "black" and held["filters"]["size"] == "M"
    first = products[held["results"][0]["id"]]
    assert any(v.colour == "black" and v.size == "M" for v in first.variants)
    body = {"query": "tent", "filters": {"colour": "purple", "max_price": 1}}
    relaxed = client.post("/api/search", json=body).json()
    assert relaxed["relaxed"] == ["colour", "price"] and relaxed["filters"] == {}
    assert relaxed["results"] and "tent" in products[relaxed["results"][0]["id"]].title["en"].lower()


def test_search_rejects_unknown_filters(client: TestClient) -> None:
    response = client.post("/api/search", json={"query": "tent", "filters": {"colour_of_sky": "blue"}})
    assert response.status_code == 422
    assert "colour_of_sky" in str(response.json())


def test_demo_page_embeds_the_widget(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200
    assert '<script src="/widget.js"' in page.text
    script = client.get("/widget.js")
    assert script.status_code == 200
    assert script.headers["content-type"].startswith("text/javascript")
    assert "attachShadow" in script.text


def test_policy_pages_are_served(client: TestClient) -> None:
    assert client.get("/policies/en/returns").status_code == 200
    assert client.get("/policies/fr/returns").status_code == 200
    assert client.get("/policies/en/nothing-here").status_code == 404
