"""Personal data sent every wrong way to a real server: through every HTTP route of the app's OpenAPI schema (as
a stranger, an agent and a compliance officer), in every kind of malformed field, and through the widget's
socket. No answer is a 500, and no raw value reaches any file under the data directory (logs, the database and
its WAL, the index) nor what the process prints."""

from __future__ import annotations

import json
import logging
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote, quote_plus, urlencode

import httpx
import pytest
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import connect

from assistant.logs import SafeFormatter, WithoutQuery
from assistant.records import ConversationStore, make_engine
from assistant.staff import Accounts
from assistant.web.app import create_app
from tests.conftest import make_settings
from tests.live import free_port, server

NAME = "Ottoline Quarrybrook"
EMAIL = "ottoline.quarrybrook@example.org"
PHONE = "+33 6 48 27 19 53"
IBAN = "DE89 3704 0044 0532 0130 00"
VALUES = [NAME, EMAIL, PHONE, IBAN]
SENTENCE = f"my name is {NAME}, write to {EMAIL} or call {PHONE}, my IBAN is {IBAN}"
"""A message that carries all four values, as a shopper would type them."""
PASSWORD = "correct horse battery"
LIMITS_RAISED = {
    "COMPTOIR_CHAT__MAX_MESSAGES_PER_SECOND": "1000",
    "COMPTOIR_CHAT__BURST": "1000",
    "COMPTOIR_CHAT__FRAMES_PER_SECOND": "1000",
    "COMPTOIR_CHAT__FRAME_BURST": "1000",
    "COMPTOIR_CHAT__CONVERSATIONS_PER_MINUTE": "1000",
}
"""So that every frame and request reaches the code that reads it, rather than a rate limit."""
QUERY_NAMES = ["q", "text", "customer", "conversation", "kept", "check", "start", "end", "page", "next", "done", "lang"]
"""Query parameters some routes read without declaring them, and a few they do not know."""


def spellings(value: str) -> set[str]:
    """The ways a value could be written down: as typed, folded, without spaces, URL-encoded, and its rarest word."""
    out = {value, value.casefold(), quote(value), quote_plus(value), quote(value, safe="")}
    if re.fullmatch(r"[\d\s+./A-Z-]+", value):
        out.add(re.sub(r"[\s.-]", "", value))
    if value == NAME:
        out |= {"Quarrybrook", "quarrybrook"}
    return out


def dumps(value: Any) -> str:
    """JSON as a hostile client writes it: lone surrogates escaped, NaN and Infinity as bare words."""
    return json.dumps(value, ensure_ascii=True, allow_nan=True)


def deep(levels: int, inside: Any) -> Any:
    for _ in range(levels):
        inside = [inside]
    return inside


def wrong_values() -> list[Any]:
    """A field's value of every wrong kind, each carrying the personal data."""
    return [
        [SENTENCE],
        {"value": SENTENCE, EMAIL: IBAN},
        SENTENCE + " \ud800",
        "\udfff" + EMAIL,
        SENTENCE + "\u0000\u001b[31m",
        SENTENCE * 3000,  # over the body limit
        deep(300, SENTENCE),
        12345678901234567890123456789,
        float("nan"),
        True,
        None,
    ]


def example(schema: dict[str, Any], components: dict[str, Any]) -> dict[str, Any]:
    """A body that the schema accepts: each required field with a plain value of its type."""
    if "$ref" in schema:
        schema = components[schema["$ref"].rsplit("/", 1)[1]]
    plain = {"string": "probe", "integer": 1, "number": 1, "boolean": False, "object": {}, "array": []}
    body = {}
    for field in schema.get("required", []):
        kind = schema["properties"][field].get("type", "string")
        body[field] = plain.get(kind, "probe")
    return body


def json_bodies(schema: dict[str, Any], components: dict[str, Any]) -> Iterator[str]:
    """Malformed JSON bodies for a route that takes ``schema``: every field of every wrong kind, unknown fields,
    broken JSON, deep nesting; each one carries the personal data."""
    base = example(schema, components)
    fields = list(components[schema["$ref"].rsplit("/", 1)[1]]["properties"]) if "$ref" in schema else []
    for field in fields:
        for value in wrong_values():
            yield dumps({**base, field: value, **({"note": SENTENCE} if not isinstance(value, str) else {})})
    yield dumps({**base, "unknown": SENTENCE, EMAIL: PHONE})
    yield dumps({**base, "filters": {EMAIL: SENTENCE, "brand": [IBAN, 4], "max_price": float("nan")}})
    yield dumps({**base, "filters": {"brand": SENTENCE + "\ud800", "in_stock": "no", "size": {"n": PHONE}}})
    yield dumps([SENTENCE, base])
    yield dumps(SENTENCE)
    yield '{"text": "' + SENTENCE + '", "id": '
    yield '{"text": "' + SENTENCE + '", "k": 1' + "0" * 5000 + "}"
    yield "[" * 3000 + dumps(SENTENCE) + "]" * 3000
    yield SENTENCE


def form_bodies() -> Iterator[str]:
    """Form posts carrying the personal data: plain, with too many fields, and undecodable."""
    for name in ("name", "password", "next", "confirm", "request", "action", "outcome", "reason"):
        yield urlencode({name: SENTENCE, "action": "refuse", "reason": SENTENCE})
    yield "&".join(f"f{n}={quote_plus(SENTENCE)}" for n in range(40))
    yield f"name={quote_plus(SENTENCE)}%ED%A0%80&password=%FF%FE"


def path_values() -> list[str]:
    return [quote(SENTENCE, safe=""), quote(EMAIL), quote(IBAN), "%ED%A0%80" + quote(EMAIL), quote(EMAIL) * 50]


def requests_for(
    path: str, method: str, operation: dict[str, Any], components: dict[str, Any]
) -> Iterator[dict[str, Any]]:
    """Every malformed request of one route."""
    names = re.findall(r"{(\w+)}", path)
    targets = [path]
    for value in path_values():
        filled = path
        for name in names:
            filled = filled.replace("{" + name + "}", value if name not in ("kind", "lang") else "json")
        targets.append(filled)
    declared = [p["name"] for p in operation.get("parameters", []) if p["in"] == "query"]
    for target in targets:
        query = {name: SENTENCE for name in [*declared, *QUERY_NAMES]}
        yield {"method": method, "url": f"{target}?{urlencode(query)}"}
        yield {"method": method, "url": f"{target}?{urlencode({n: EMAIL for n in QUERY_NAMES})}%ED%A0%80=%FF"}
    if method == "GET":
        return
    for target in targets[:2]:
        schema = operation.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema")
        for body in json_bodies(schema or {}, components):
            yield {"method": method, "url": target, "content": body.encode("utf-8", "surrogatepass"), "json": True}
        for body in form_bodies():
            yield {"method": method, "url": target, "content": body.encode(), "form": True}
        yield {"method": method, "url": target, "content": SENTENCE.encode("utf-16"), "json": True}


def socket_frames() -> Iterator[str]:
    """Frames of the widget's socket carrying the personal data, in every wrong shape."""
    yield dumps({"type": "hello", "session": SENTENCE, "locale": EMAIL})
    yield dumps({"type": "hello", "session": [SENTENCE], "locale": {"x": IBAN}})
    yield dumps({"type": "hello", "session": None, "locale": "en", "customer": SENTENCE})
    for value in wrong_values():
        if isinstance(value, str) and len(value) > 10_000:
            continue
        for frame in (
            {"type": "message", "id": "s1", "text": value},
            {"type": "message", "id": value, "text": SENTENCE},
            {"type": "contact", "contact": value},
            {"type": "rating", "turn": value, "value": [SENTENCE]},
            {"type": "data_download", "id": value},
            {"type": "data_request", "kind": value},
            {"type": "consent", "remember": value},
            {"type": value, "text": SENTENCE},
        ):
            yield dumps(frame)
    yield '{"type": "message", "id": "s2", "text": "' + SENTENCE
    yield SENTENCE
    yield "[" * 2000 + dumps(SENTENCE) + "]" * 2000


def send_frames(url: str, frames: Iterator[str]) -> int:
    """Sends every frame, each followed by a ping whose pong is awaited; when the server closes the socket, the next
    frames go over a new one (opened with a ``hello``). The number of sockets closed by the server."""
    pending, closed = list(frames), 0
    while pending:
        with connect(url, max_size=None) as ws:
            ws.send(dumps({"type": "hello", "session": None, "locale": "en"}))
            try:
                while pending:
                    ws.send(pending[0])
                    pending.pop(0)
                    ws.send(dumps({"type": "ping"}))
                    while json.loads(ws.recv(timeout=30)).get("type") != "pong":
                        pass
            except ConnectionClosed:
                closed += 1
    return closed


@pytest.fixture
def staffed_data_dir(demo_data_dir: Path) -> Path:
    """The demo shop's data directory with an agent and a compliance officer."""
    store = ConversationStore(make_engine(make_settings(demo_data_dir).sqlalchemy_url))
    store.create_schema()
    accounts = Accounts(store.engine)
    accounts.add("camille", "agent", PASSWORD, "Camille")
    accounts.add("dpo", "compliance", PASSWORD, "Dpo")
    store.engine.dispose()
    return demo_data_dir


def log_in(client: httpx.Client, name: str) -> str:
    answer = client.post("/console/login", data={"name": name, "password": PASSWORD})
    assert answer.status_code == 303, answer.text
    return answer.cookies["comptoir_staff"]


@pytest.mark.slow
def test_no_personal_data_reaches_a_log_or_a_file_whatever_is_sent(staffed_data_dir: Path, tmp_path: Path) -> None:
    data_dir, output, port = staffed_data_dir, tmp_path / "process-output.log", free_port()
    schema = create_app(make_settings(data_dir)).openapi()
    components = schema["components"]["schemas"]
    statuses: dict[int, list[str]] = {}
    with server(data_dir, port, LIMITS_RAISED, output=output):
        base = f"http://127.0.0.1:{port}"
        with httpx.Client(base_url=base, timeout=120, follow_redirects=False) as client:
            said = client.post("/api/chat", json={"id": "valid-1", "locale": "en", "text": SENTENCE})
            assert said.status_code == 200 and said.json()["message"]["ai"] is True
            cookies = {"agent": log_in(client, "camille"), "officer": log_in(client, "dpo")}
            assert (
                send_frames(
                    f"ws://127.0.0.1:{port}/ws/chat", iter([dumps({"type": "message", "id": "w1", "text": SENTENCE})])
                )
                == 0
            )
            routes = [(path, method.upper(), op) for path, ops in schema["paths"].items() for method, op in ops.items()]
            routes.sort(key=lambda route: route[0] == "/console/logout")  # the sessions end last
            for path, method, operation in routes:
                staff = (
                    ["officer"]
                    if path.startswith("/compliance")
                    else ["agent", "officer"]
                    if path.startswith("/console")
                    else []
                )
                for who in [None, *staff]:
                    cookie = cookies[who] if who else SENTENCE.replace(" ", "_").replace(",", "")
                    for request in requests_for(path, method, operation, components):
                        headers = {"Cookie": f"comptoir_staff={quote(cookie)}", "X-Shopper": quote(SENTENCE)}
                        if request.get("json"):
                            headers["Content-Type"] = "application/json"
                        elif request.get("form"):
                            headers["Content-Type"] = "application/x-www-form-urlencoded"
                        answer = client.request(
                            request["method"], request["url"], content=request.get("content"), headers=headers
                        )
                        statuses.setdefault(answer.status_code, []).append(f"{method} {path} as {who}")
            for path in ("/openapi.json", "/api/docs", f"/nowhere/{quote(EMAIL)}?{urlencode({'q': SENTENCE})}"):
                statuses.setdefault(client.get(path).status_code, []).append(path)
            send_frames(f"ws://127.0.0.1:{port}/ws/chat", socket_frames())
            assert client.get("/healthz").json()["status"] == "ok"
    assert not [status for status in statuses if status >= 500], {s: r[:5] for s, r in statuses.items() if s >= 500}
    assert sum(len(sent) for sent in statuses.values()) > 1000 and {401, 403, 404, 413, 422} <= set(statuses)

    files = [path for path in data_dir.rglob("*") if path.is_file()]
    assert (data_dir / "logs" / "comptoir.log").stat().st_size > 0 and any(p.name.endswith("-wal") for p in files)
    leaks = []
    for path in [*files, output]:
        content = path.read_bytes()
        for value in VALUES:
            for spelling in spellings(value):
                if spelling.encode() in content:
                    leaks.append(f"{path.name}: {spelling}")
    assert not leaks, leaks


def fail_with_personal_data() -> None:
    try:
        {"known": 1}[EMAIL]
    except KeyError as exc:
        raise ValueError(f"could not read {SENTENCE}") from exc


def test_a_logged_traceback_keeps_its_frames_and_leaves_out_what_the_exceptions_quote() -> None:
    try:
        fail_with_personal_data()
    except ValueError:
        record = logging.LogRecord(
            "comptoir.app", logging.ERROR, __file__, 1, "turn %s for %s", ("t-1", EMAIL), sys.exc_info()
        )
    line = SafeFormatter("%(levelname)s %(name)s: %(message)s").format(record)
    assert "turn t-1 for [masked]" in line
    assert "fail_with_personal_data" in line and "builtins.KeyError" in line and "builtins.ValueError" in line
    assert all(spelling not in line for value in VALUES for spelling in spellings(value)), line


def test_uvicorn_lines_lose_their_query_strings() -> None:
    record = logging.LogRecord(
        "uvicorn.error",
        logging.INFO,
        __file__,
        1,
        '%s - "WebSocket %s" [accepted]',
        ("127.0.0.1:5000", f"/ws/chat?q={quote(EMAIL)}"),
        None,
    )
    assert WithoutQuery().filter(record)
    assert record.getMessage() == '127.0.0.1:5000 - "WebSocket /ws/chat" [accepted]'
