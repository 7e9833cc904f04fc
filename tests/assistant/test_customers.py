"""Known customers: a signed, short-lived token in the widget's tag ties a conversation to a customer id."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from typing import Any

import jwt
import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr, ValidationError

from assistant.config import CustomerSettings
from assistant.runtime import Runtime, build_runtime
from assistant.turn.customers import TokenRefused, customer_id, sign
from assistant.web.app import create_app
from tests import customers as shop
from tests.conftest import make_settings
from tests.customers import SECRET

runtime = shop.runtime
client = shop.client
"""A shop that takes its customers' signed tokens (tests/customers.py)."""


OTHER_SECRET = "not-the-secret-the-shop-and-comptoir-share"


def token(**claims: Any) -> str:
    return sign({"sub": "cust-42", "exp": int(time.time()) + 300, **claims}, SECRET)


def _part(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def signed_text(claims: str) -> str:
    """A token whose claims are ``claims`` as written (JSON that ``sign`` would not write), signed with SECRET."""
    body = _part(b'{"alg": "HS256", "typ": "JWT"}') + "." + _part(claims.encode())
    return f"{body}.{_part(hmac.new(SECRET.encode(), body.encode(), hashlib.sha256).digest())}"


def tampered(made: str, claims: dict[str, Any]) -> str:
    """``made`` with other claims put in place of its own, its signature kept."""
    header, _, signature = made.split(".")
    return f"{header}.{_part(json.dumps(claims).encode())}.{signature}"


def test_a_valid_token_names_its_customer() -> None:
    assert customer_id(token(), SECRET, max_lifetime=900) == "cust-42"


@pytest.mark.parametrize(
    ("made", "reason"),
    [
        (lambda: token(exp=int(time.time()) - 5), "expired"),
        (lambda: sign({"sub": "cust-42", "exp": int(time.time()) + 300}, OTHER_SECRET), "signature is wrong"),
        (lambda: tampered(token(), {"sub": "cust-7", "exp": int(time.time()) + 300}), "signature is wrong"),
        (lambda: token(exp=int(time.time()) + 86400), "lives too long"),
        (lambda: sign({"exp": int(time.time()) + 300}, SECRET), "names no customer"),
        (lambda: sign({"sub": "cust-42"}, SECRET), "no expiry"),
        (lambda: "not-a-token", "not a JWT"),
        (lambda: "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.", "HS256"),  # alg "none" is refused
        (lambda: jwt.encode({"sub": "cust-42", "exp": int(time.time()) + 300}, SECRET * 2, "HS512"), "HS256"),
        (lambda: token(sub=""), "names no customer"),
        (lambda: token(sub=42), "names no customer"),
        (lambda: token(sub="c" * 129), "names no customer"),
        (lambda: token(exp="soon"), "no expiry"),
        (lambda: token(exp=True), "no expiry"),
        (lambda: signed_text('{"sub": "cust-42", "exp": NaN}'), "no expiry"),
        (lambda: signed_text('{"sub": "cust-42", "exp": Infinity}'), "no expiry"),
        (lambda: token(nbf=int(time.time()) + 120), "not valid yet"),
        (lambda: signed_text("[1, 2]"), "not readable"),
        (lambda: "a\ud800.b.c", "not readable"),  # a lone surrogate
        (lambda: f"{_part(b'[' * 5000 + b']' * 5000)}.e30.c2ln", "not readable"),  # nesting deeper than JSON reads
        (lambda: "a.b.c", "not readable"),
    ],
)
def test_a_token_that_cannot_be_trusted_is_refused_with_the_reason(made: Any, reason: str) -> None:
    with pytest.raises(TokenRefused, match=reason):
        customer_id(made(), SECRET, max_lifetime=900)


def test_a_customer_id_of_128_characters_is_taken() -> None:
    assert customer_id(token(sub="c" * 128), SECRET, max_lifetime=900) == "c" * 128


def test_a_secret_shorter_than_hs256_needs_is_refused_at_start() -> None:
    with pytest.raises(ValidationError, match="at least 32 bytes"):
        CustomerSettings(token_secret=SecretStr("short secret"))
    with pytest.raises(ValueError, match="at least 32 bytes"):
        customer_id(token(), "short secret", max_lifetime=900)


def hello(ws: Any, **fields: Any) -> list[dict[str, Any]]:
    ws.send_json({"type": "hello", "session": None, "locale": "en", **fields})
    frames = [ws.receive_json()]
    while frames[-1]["type"] != "welcome":
        frames.append(ws.receive_json())
    return frames


def test_the_widget_tag_token_ties_the_conversation_to_the_customer(client: TestClient, runtime: Runtime) -> None:
    with client.websocket_connect("/ws/chat") as ws:
        (welcome,) = hello(ws, customer=token())
    assert welcome["customer"] is True
    conversation = runtime.store.open(welcome["session"], "en").conversation
    assert conversation.customer_id == "cust-42"


def test_an_expired_token_is_refused_clearly_and_the_chat_goes_on_as_a_guest(client: TestClient) -> None:
    with client.websocket_connect("/ws/chat") as ws:
        refused, welcome = hello(ws, customer=token(exp=int(time.time()) - 60))
        assert refused["type"] == "error" and refused["code"] == "bad_customer_token"
        assert "expired" in refused["message"] and "guest" in refused["message"]
        assert welcome["customer"] is False
        ws.send_json({"type": "message", "id": "m1", "text": "a tent for two"})
        while (frame := ws.receive_json())["type"] != "message":
            pass
        assert frame["ai"] is True


def test_another_customers_token_never_resumes_a_conversation(client: TestClient) -> None:
    with client.websocket_connect("/ws/chat") as ws:
        (first,) = hello(ws, customer=token())
    with client.websocket_connect("/ws/chat") as ws:
        ws.send_json({"type": "hello", "session": first["session"], "locale": "en", "customer": token(sub="cust-7")})
        other = ws.receive_json()
    assert other["type"] == "welcome" and other["resumed"] is False and other["session"] != first["session"]
    with client.websocket_connect("/ws/chat") as ws:  # the same customer resumes
        ws.send_json({"type": "hello", "session": first["session"], "locale": "en", "customer": token()})
        assert ws.receive_json()["resumed"] is True


def test_the_http_chat_takes_the_same_token(client: TestClient, runtime: Runtime) -> None:
    known = client.post("/api/chat", json={"session": None, "id": "h1", "text": "a tent for two", "customer": token()})
    assert known.status_code == 200 and known.json()["customer"] is True and "customer_error" not in known.json()
    conversation = runtime.store.open(known.json()["session"], "en").conversation
    assert conversation.customer_id == "cust-42"
    stale = token(exp=int(time.time()) - 60)
    guest = client.post("/api/chat", json={"session": None, "id": "h1", "text": "a tent for two", "customer": stale})
    body = guest.json()
    assert guest.status_code == 200 and body["customer"] is False and body["message"]["ai"] is True
    assert body["customer_error"]["code"] == "bad_customer_token" and "expired" in body["customer_error"]["message"]
    other = client.post(
        "/api/chat",
        json={"session": known.json()["session"], "id": "h2", "text": "hello", "customer": token(sub="cust-7")},
    )
    assert other.json()["resumed"] is False  # another customer never resumes it, over HTTP either


def test_without_a_secret_the_shop_takes_no_tokens(demo_data_dir: Any, embeddings: Any, detector: Any) -> None:
    runtime = build_runtime(make_settings(demo_data_dir), embeddings, detector)
    with TestClient(create_app(runtime.settings, runtime)) as client, client.websocket_connect("/ws/chat") as ws:
        refused, welcome = hello(ws, customer=token())
    assert "does not take customer tokens" in refused["message"] and welcome["customer"] is False
