"""HTTP under abuse: every malformed body answered 422 (never 500, the value never echoed), bodies over the limit
refused before they are parsed, new conversations limited per address, and the security headers of staff pages."""

from __future__ import annotations

import http.client
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient

from assistant.records import AuditEvent, Conversation
from assistant.runtime import Runtime, build_runtime
from assistant.web.app import create_app
from guardrails import PiiDetector
from retrieval import ShopEmbeddings
from tests.app import served, staff_cookie
from tests.conftest import make_settings

PASSWORD = "correct horse battery"
IBAN = "FR76 3000 6000 0112 3456 7890 189"
EMAIL = "abuse.probe@example.com"
GOOD_SEARCH = {"query": "a tent for two", "k": 3}


def fresh_runtime(
    root: Path, demo_index_dir: Path, embeddings: ShopEmbeddings, detector: PiiDetector, **settings: Any
) -> Runtime:
    """A runtime over a copy of the demo index, with its own database and ``settings``."""
    shutil.copytree(demo_index_dir / "index", root / "index")
    return build_runtime(make_settings(root, **settings), embeddings, detector)


@pytest.fixture(scope="module")
def runtime(
    demo_index_dir: Path, embeddings: ShopEmbeddings, detector: PiiDetector, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Runtime]:
    built = fresh_runtime(
        tmp_path_factory.mktemp("http-abuse"),
        demo_index_dir,
        embeddings,
        detector,
        chat={"conversations_per_minute": 500},
    )
    built.accounts.add("dpo", "compliance", PASSWORD, "Dpo")
    built.accounts.add("camille", "agent", PASSWORD, "Camille")
    yield built
    built.store.engine.dispose()


@pytest.fixture(scope="module")
def client(runtime: Runtime) -> Iterator[TestClient]:
    with TestClient(create_app(runtime.settings, runtime)) as test_client:
        yield test_client


@pytest.fixture(scope="module")
def officer(client: TestClient) -> dict[str, str]:
    return staff_cookie(client, "dpo", PASSWORD)


@pytest.fixture(scope="module")
def agent(client: TestClient) -> dict[str, str]:
    return staff_cookie(client, "camille", PASSWORD)


def count(runtime: Runtime, table: Any) -> int:
    with runtime.store.engine.connect() as connection:
        return int(connection.execute(sa.select(sa.func.count()).select_from(table)).scalar_one())


def assert_refused(response: Any, status: int, code: str, *never: str) -> str:
    """The one error shape with ``code``; the message repeats none of ``never``."""
    assert response.status_code == status, response.text
    detail = response.json()["detail"]
    assert set(detail) == {"code", "message"} and detail["code"] == code and detail["message"]
    for value in never:
        assert value not in response.text
    return str(detail["message"])


def raw_post(client: TestClient, path: str, body: str) -> Any:
    """A POST of ``body`` exactly as written (JSON the client library would refuse to write: NaN, lone surrogates)."""
    return client.post(
        path, content=body.encode("utf-8", "surrogatepass"), headers={"content-type": "application/json"}
    )


BAD_SEARCHES = [
    ('{"query": "tent", "filters": {"category": 5}}', "category"),
    ('{"query": "tent", "filters": {"categories": 5}}', "categories"),
    ('{"query": "tent", "filters": {"brands": true}}', "brands"),
    ('{"query": "tent", "filters": {"brand": ["Alpina", 3]}}', "brand"),
    ('{"query": "tent", "filters": {"max_price": NaN}}', "max_price"),
    ('{"query": "tent", "filters": {"min_price": NaN}}', "min_price"),
    ('{"query": "tent", "filters": {"max_price": Infinity}}', "max_price"),
    ('{"query": "tent", "filters": {"min_price": -Infinity}}', "min_price"),
    ('{"query": "tent", "filters": {"max_price": "sNaN"}}', "max_price"),
    ('{"query": "tent", "filters": {"min_price": "NaN"}}', "min_price"),
    ('{"query": "tent", "filters": {"max_price": 1e308}}', "max_price"),
    ('{"query": "tent", "filters": {"in_stock": "no"}}', "in_stock"),
    ('{"query": "tent", "filters": {"in_stock": 0}}', "in_stock"),
    ('{"query": "tent", "filters": {"size": {"eu": 43}}}', "size"),
    ('{"query": "tent", "filters": {"colour": "\\ud800"}}', "colour"),
    ('{"query": "tent", "filters": {"category": "\\udfff tents"}}', "category"),
    ('{"query": "tent", "filters": {"\\ud800": 1}}', "unknown filter"),
    ('{"query": "tent", "filters": 5}', "filters"),
    ('{"query": "tent for ' + EMAIL + ' \\ud800"}', "query"),
    ('{"query": 5}', "query"),
    ('{"query": ["tent"]}', "query"),
    ('{"query": "tent", "k": NaN}', "k"),
    ('{"query": "tent", "k": "5"}', "k"),
    ('{"query": "tent", "k": 5.0}', "k"),
    ('{"query": "tent", "k": true}', "k"),
    ('{"query": "tent", "k": 1e400}', "k"),
    ('{"query": "tent", "' + EMAIL + '": 1}', "(a field)"),
    ('{"query": "tent", "iban": "' + IBAN + '"}', "iban"),
    ("[1, 2]", "body"),
    ('"tent"', "body"),
    ("null", "body"),
    ('{"query": "tent"', "body"),
    ('{"query": "' + "[" * 5000 + '"}', "query"),
    ('{"query": "tent", "k": 1' + "0" * 5000 + "}", "body"),
    ("[" * 5000 + "]" * 5000, "body"),
]


@pytest.mark.parametrize(("body", "field"), BAD_SEARCHES)
def test_bad_search_bodies_get_422_naming_the_field_and_the_next_request_is_answered(
    client: TestClient, body: str, field: str
) -> None:
    response = raw_post(client, "/api/search", body)
    assert response.status_code == 422, response.text
    message = assert_refused(response, 422, response.json()["detail"]["code"], EMAIL, IBAN, "\\ud800", "sNaN")
    assert response.json()["detail"]["code"] in ("invalid_request", "bad_filters")
    assert field in message
    assert client.post("/api/search", json=GOOD_SEARCH).status_code == 200


def test_in_stock_false_does_not_filter_and_strings_do_not_read_as_true(client: TestClient) -> None:
    answered = client.post("/api/search", json={"query": "tent", "filters": {"in_stock": False}})
    assert answered.status_code == 200
    assert "in_stock" not in answered.json()["filters"]
    assert client.post("/api/search", json={"query": "tent", "filters": {"in_stock": "false"}}).status_code == 422


def test_explicit_numeric_strings_still_bound_prices(client: TestClient, runtime: Runtime) -> None:
    answered = client.post("/api/search", json={"query": "jacket", "filters": {"max_price": "80"}})
    assert answered.status_code == 200, answered.text
    products = runtime.index.current().products
    assert answered.json()["results"]
    assert all(float(products[hit["id"]].price) <= 80 for hit in answered.json()["results"])


BAD_CHATS = [
    ('{"id": "a", "text": NaN}', "text"),
    ('{"id": "a", "text": Infinity}', "text"),
    ('{"id": "a", "text": "hello \\ud800"}', "text"),
    ('{"id": "a\\ud800", "text": "hello"}', "id"),
    ('{"id": "a", "text": "a surrogate encoded as UTF-8 bytes: \ud800"}', "text"),
    ('{"id": "a", "text": "hello", "session": "\\udc00"}', "session"),
    ('{"id": "a", "text": "hello", "locale": "\\ud83d"}', "locale"),
    ('{"id": "a", "text": "hello", "customer": "eyJ\\ud800"}', "customer"),
    ('{"id": "a", "text": "hello", "locale": "en\\u0000"}', "locale"),
    ('{"id": "a\\nb", "text": "hello"}', "id"),
    ('{"id": 7, "text": "hello"}', "id"),
    ('{"id": "a", "text": ["hello"]}', "text"),
    ('{"id": "a", "text": {"t": "hello"}}', "text"),
    ('{"id": "a", "text": "hello", "session": 12}', "session"),
    ('{"id": "a", "text": "hello", "locale": ["fr"]}', "locale"),
    ('{"id": "a", "text": "hello", "customer": true}', "customer"),
    ('{"id": "a", "text": "hello", "contact": "' + EMAIL + '"}', "contact"),
    ('{"id": "a", "text": "hello", "session": "' + "s" * 201 + '"}', "session"),
    ('{"id": "' + "i" * 129 + '", "text": "hello"}', "id"),
    ('{"id": "a", "text": "call ' + EMAIL + '", "extra": "' + IBAN + '"}', "extra"),
    ('{"id": "a"}', "text"),
    ("{}", "id"),
    ("[]", "body"),
    ("not json at all " + EMAIL, "body"),
]


@pytest.mark.parametrize(("body", "field"), BAD_CHATS)
def test_bad_chat_bodies_get_422_and_nothing_is_created(
    client: TestClient, runtime: Runtime, body: str, field: str
) -> None:
    before = count(runtime, Conversation), count(runtime, AuditEvent)
    response = raw_post(client, "/api/chat", body)
    message = assert_refused(response, 422, "invalid_request", EMAIL, IBAN, "\\ud800")
    assert field in message
    assert (count(runtime, Conversation), count(runtime, AuditEvent)) == before
    good = client.post("/api/chat", json={"id": "ok", "text": "a tent for two", "locale": "en"})
    assert good.status_code == 200 and good.json()["message"]["ai"] is True


def test_a_body_that_is_not_utf8_gets_422(client: TestClient) -> None:
    for body in (b'{"id": "a", "text": "caf\xe9"}', b"\xff\xfe{}", b'{"query": "\xc3"}'):
        response = client.post("/api/chat", content=body, headers={"content-type": "application/json"})
        assert assert_refused(response, 422, "invalid_request") == "body: is not valid JSON"


def test_a_message_of_control_characters_only_is_empty(client: TestClient) -> None:
    assert_refused(client.post("/api/chat", json={"id": "c", "text": "\u0001\u0002\u007f"}), 422, "empty_text")


def test_a_422_or_a_413_leaves_the_keep_alive_connection_usable(runtime: Runtime) -> None:
    too_big = '{"query": "' + "x" * runtime.settings.http.max_body_bytes + '"}'
    with served(runtime) as url:
        address = urlparse(url)
        connection = http.client.HTTPConnection(address.hostname or "127.0.0.1", address.port, timeout=60)
        try:
            for body, status in [
                ('{"query": "tent", "filters": {"max_price": NaN}}', 422),
                ('{"query": "tent \\ud800"}', 422),
                ("{", 422),
                (too_big, 413),
            ]:
                connection.request("POST", "/api/search", body.encode(), {"Content-Type": "application/json"})
                answer = connection.getresponse()
                assert answer.status == status and answer.getheader("connection") != "close"
                answer.read()
            connection.request(
                "POST", "/api/search", b'{"query": "tent", "k": 2}', {"Content-Type": "application/json"}
            )
            answer = connection.getresponse()
            assert answer.status == 200
            assert len(answer.read()) > 0
        finally:
            connection.close()


def test_a_body_over_the_limit_is_refused_before_it_is_parsed(client: TestClient, runtime: Runtime) -> None:
    limit = runtime.settings.http.max_body_bytes
    big = ('{"id": "a", "text": "hello", "padding": "' + "x" * limit + '"').encode()  # not even valid JSON
    refused = client.post("/api/chat", content=big, headers={"content-type": "application/json"})
    message = assert_refused(refused, 413, "body_too_large")
    assert str(limit) in message
    unknown = client.post("/api/search", json={"query": "tent", "blob": "x" * (limit - 100)})
    assert_refused(unknown, 422, "invalid_request")  # under the limit, the unknown field is named
    assert client.post("/api/search", json=GOOD_SEARCH).status_code == 200


def test_a_streamed_body_is_counted_and_refused_past_the_limit(client: TestClient, runtime: Runtime) -> None:
    limit = runtime.settings.http.max_body_bytes
    sent: list[int] = []

    def chunks() -> Iterator[bytes]:
        yield b'{"query": "tent", "padding": "'
        for number in range(4 * limit // 4096):
            sent.append(number)
            yield b"x" * 4096
        yield b'"}'

    refused = client.post("/api/search", content=chunks(), headers={"content-type": "application/json"})
    assert "content-length" not in {key.lower() for key in refused.request.headers}
    assert_refused(refused, 413, "body_too_large")
    small = client.post(
        "/api/search", content=iter([b'{"query": ', b'"tent", "k": 2}']), headers={"content-type": "application/json"}
    )
    assert small.status_code == 200, small.text


def test_every_route_taking_a_body_has_the_limit(client: TestClient, runtime: Runtime, officer: dict[str, str]) -> None:
    big = b"name=" + b"a" * runtime.settings.http.max_body_bytes
    form = {"content-type": "application/x-www-form-urlencoded"}
    assert_refused(client.post("/console/login", content=big, headers=form), 413, "body_too_large")
    assert_refused(
        client.post("/compliance/requests/nothing", content=big, headers={**form, **officer}), 413, "body_too_large"
    )


def test_the_body_limit_leaves_the_widget_socket_alone(client: TestClient, runtime: Runtime) -> None:
    with client.websocket_connect("/ws/chat") as ws:
        ws.send_json({"type": "hello", "session": None, "locale": "en"})
        assert ws.receive_json()["type"] == "welcome"


def test_new_conversations_over_http_are_limited_per_address(
    demo_index_dir: Path, embeddings: ShopEmbeddings, detector: PiiDetector, tmp_path: Path
) -> None:
    limited = fresh_runtime(tmp_path, demo_index_dir, embeddings, detector, chat={"conversations_per_minute": 2})
    try:
        with TestClient(create_app(limited.settings, limited)) as client:
            opened = [client.post("/api/chat", json={"id": f"o{n}", "text": "a tent for two"}) for n in range(2)]
            assert [answer.status_code for answer in opened] == [200, 200]
            before = count(limited, Conversation), count(limited, AuditEvent)
            for session in (None, "a token this server never gave"):
                refused = client.post("/api/chat", json={"session": session, "id": "o3", "text": "a tent for two"})
                assert_refused(refused, 429, "too_many_conversations")
                assert 1 <= int(refused.headers["retry-after"]) <= 60
            assert (count(limited, Conversation), count(limited, AuditEvent)) == before
            resumed = client.post(
                "/api/chat", json={"session": opened[0].json()["session"], "id": "o4", "text": "and in green?"}
            )
            assert resumed.status_code == 200 and resumed.json()["resumed"] is True  # resuming is not counted
            other = TestClient(create_app(limited.settings, limited), client=("203.0.113.9", 50000))
            with other:
                assert other.post("/api/chat", json={"id": "o5", "text": "a tent for two"}).status_code == 200
    finally:
        limited.store.engine.dispose()


def test_compliance_inputs_that_cannot_be_read_get_422(client: TestClient, officer: dict[str, str]) -> None:
    for path in (
        "/compliance/search.json?page=%C2%B2",
        "/compliance/search.json?page=99999999999999999999999",
        "/compliance/search.json?max_confidence=nan",
        "/compliance/search.json?start=" + EMAIL,
        "/compliance/export.json?start=2026-13-45",
        "/compliance/audit.csv?start=not-a-day",
        "/compliance/kpis.json?from=%00",
    ):
        response = client.get(path, headers=officer)
        assert response.status_code == 422, (path, response.text)
        assert EMAIL not in response.text
    fields = "&".join(f"f{n}=v" for n in range(40))
    posted = client.post(
        "/compliance/requests/nothing",
        content=fields.encode(),
        headers={**officer, "content-type": "application/x-www-form-urlencoded"},
    )
    assert_refused(posted, 422, "bad_form")
    assert client.get("/compliance/search.json", headers=officer).status_code == 200


def inline_scripts(page: str) -> list[str]:
    """The page's ``<script>`` elements that run code written in the page itself."""
    tags = re.findall(r"<script\b[^>]*>", page)
    return [tag for tag in tags if "src=" not in tag and 'type="application/json"' not in tag]


def test_staff_pages_carry_a_policy_that_forbids_framing_and_inline_script(
    client: TestClient, officer: dict[str, str], agent: dict[str, str]
) -> None:
    pages = [
        ("/console/login", {}),
        ("/console", agent),
        ("/console/docs/record", agent),
        ("/compliance", officer),
        ("/compliance/kpis", officer),
        ("/compliance/requests", officer),
        ("/compliance/audit", officer),
    ]
    for path, cookie in pages:
        page = client.get(path, headers=cookie)
        assert page.status_code == 200, path
        policy = page.headers["content-security-policy"]
        assert "frame-ancestors 'none'" in policy and "script-src 'self'" in policy
        assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
        assert page.headers["x-content-type-options"] == "nosniff"
        assert page.headers["referrer-policy"] == "same-origin"
        assert page.headers["x-frame-options"] == "DENY"
        assert inline_scripts(page.text) == [], path
    for script in ("/console/static/console.js", "/compliance/static/kpis.js", "/compliance/static/chart.umd.min.js"):
        served_script = client.get(script, headers=officer)
        assert served_script.status_code == 200 and served_script.headers["x-content-type-options"] == "nosniff"
    refused = client.get("/compliance/search.json")
    assert refused.status_code == 401 and "frame-ancestors 'none'" in refused.headers["content-security-policy"]


def test_the_widget_and_the_shop_page_can_be_embedded_by_merchants(client: TestClient) -> None:
    for path in ("/widget.js", "/", "/policies/en/returns", "/healthz"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert response.headers["x-content-type-options"] == "nosniff"
        assert "frame-ancestors" not in response.headers.get("content-security-policy", "")
        assert "x-frame-options" not in response.headers
    api = client.post("/api/search", json=GOOD_SEARCH)
    assert api.headers["x-content-type-options"] == "nosniff"
