"""The shopper's WebSocket: disclosure, AI marking, resume, idempotency, bad input, audit rows."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import event
from sqlmodel import Session, select
from starlette.websockets import WebSocketDisconnect

from assistant.records.tables import Turn
from assistant.runtime import Runtime, build_runtime
from assistant.web.app import create_app
from tests.conftest import make_settings


@pytest.fixture
def runtime(demo_data_dir, embeddings, detector) -> Runtime:  # type: ignore[no-untyped-def]
    """A runtime with its own empty database over the demo index."""
    return build_runtime(make_settings(demo_data_dir, allowed_origins="https://shop.example"), embeddings, detector)


@pytest.fixture
def client(runtime: Runtime) -> Iterator[TestClient]:
    with TestClient(create_app(runtime.settings, runtime)) as test_client:
        yield test_client


def hello(ws: Any, session: str | None = None, locale: str = "en") -> dict[str, Any]:
    ws.send_json({"type": "hello", "session": session, "locale": locale})
    return ws.receive_json()


def turn(ws: Any, client_id: str, text: str) -> list[dict[str, Any]]:
    """Send a message; return every frame up to and including its answer or error."""
    ws.send_json({"type": "message", "id": client_id, "text": text})
    frames = []
    while True:
        frame = ws.receive_json()
        frames.append(frame)
        if frame["type"] in ("message", "error"):
            return frames


def test_first_frame_is_the_disclosure_and_every_assistant_frame_says_ai(client: TestClient) -> None:
    with client.websocket_connect("/ws/chat") as ws:
        welcome = hello(ws)
        assert welcome["type"] == "welcome"
        assert "AI assistant" in welcome["disclosure"]
        assert "not a person" in welcome["disclosure"]
        assert welcome["ai"] is True
        frames = turn(ws, "m1", "a waterproof jacket for hiking")
    assert [f["type"] for f in frames] == ["ack", "typing", "message"]
    answer = frames[-1]
    assert answer["from"] == "assistant"
    assert answer["reply_to"] == "m1"
    assert all(f["ai"] is True for f in frames if f["type"] != "ack")
    assert answer["products"]
    assert 0.0 <= answer["confidence"] <= 1.0
    assert {"id", "title", "price", "currency", "availability", "url", "image_url"} <= set(answer["products"][0])


def test_french_disclosure_and_answer(client: TestClient) -> None:
    with client.websocket_connect("/ws/chat") as ws:
        welcome = hello(ws, locale="fr")
        assert "assistant IA" in welcome["disclosure"]
        answer = turn(ws, "f1", "je cherche une tente pour 4 personnes")[-1]
    assert answer["lang"] == "fr"
    assert answer["text"].startswith("Voici")


def test_resume_replays_the_transcript_with_the_disclosure(client: TestClient) -> None:
    with client.websocket_connect("/ws/chat") as ws:
        token = hello(ws)["session"]
        first = turn(ws, "a", "what is your return policy?")[-1]
    with client.websocket_connect("/ws/chat") as ws:
        welcome = hello(ws, session=token)
        history = ws.receive_json()
    assert welcome["resumed"] is True
    assert welcome["disclosure"]
    assert history["type"] == "history"
    assert history["ai"] is True
    assert [t["shopper"]["text"] for t in history["turns"]] == ["what is your return policy?"]
    assert history["turns"][0]["assistant"]["text"] == first["text"]


def test_unknown_session_token_starts_a_new_conversation(client: TestClient) -> None:
    with client.websocket_connect("/ws/chat") as ws:
        welcome = hello(ws, session="not-a-real-token")
    assert welcome["resumed"] is False
    assert welcome["session"] != "not-a-real-token"


def test_a_message_id_sent_twice_is_answered_once(client: TestClient, runtime: Runtime) -> None:
    with client.websocket_connect("/ws/chat") as ws:
        hello(ws)
        first = turn(ws, "same", "trail running shoes")[-1]
        again = turn(ws, "same", "trail running shoes")
    assert again[-1]["replay"] is True
    assert again[-1]["turn"] == first["turn"]
    assert "typing" not in [f["type"] for f in again]
    with Session(runtime.store.engine) as session:
        assert len(session.exec(select(Turn).where(Turn.client_id == "same")).all()) == 1


def test_one_complete_audit_row_per_turn(client: TestClient, runtime: Runtime) -> None:
    with client.websocket_connect("/ws/chat") as ws:
        hello(ws)
        for number, text in enumerate(["hello", "sleeping bag for winter", "do you ship to Switzerland?"]):
            turn(ws, f"t{number}", text)
    with Session(runtime.store.engine) as session:
        rows = session.exec(select(Turn).order_by(Turn.seq)).all()  # type: ignore[arg-type]
    assert [r.shopper_text for r in rows] == ["hello", "sleeping bag for winter", "do you ship to Switzerland?"]
    for row in rows:
        assert row.answer_text
        assert row.answered_at
        assert row.intent
        assert row.responder == "catalog-templates"
        assert row.responder_version
        assert row.embedding_model
        assert "MiniLM" in row.embedding_model
        assert row.latency_ms is not None
        assert row.latency_ms > 0
        assert row.confidence is not None
        assert 0 <= row.confidence <= 1
        assert isinstance(json.loads(row.sources or "null"), list)
    assert json.loads(rows[1].sources or "[]")[0]["id"].startswith("product:")


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("not json", "bad_json"),
        ("[1, 2]", "bad_json"),
        ('{"type": "dance"}', "unknown_type"),
        ('{"type": "message", "id": "x"}', "bad_frame"),
        ('{"type": "message", "text": "hi"}', "bad_frame"),
        ('{"type": "message", "id": "x", "text": ""}', "empty_text"),
        ('{"type": "message", "id": "x", "text": "\\u0000\\u0007  "}', "empty_text"),
        ('{"type": "message", "id": "x", "text": "' + "a" * 2001 + '"}', "too_long"),
        ('{"type": "message", "id": "x", "text": "' + "é" * 10000 + '"}', "too_long"),
        ('{"type": "message", "id": "x", "text": "' + "a" * 20000 + '"}', "frame_too_large"),
        ('{"type": "hello", "session": 42}', "bad_frame"),
        ('{"type": "hello", "session": null, "vault": "yes"}', "bad_frame"),
        ('{"type": "privacy", "vault": "no"}', "bad_frame"),
    ],
)
def test_bad_frames_get_an_error_and_the_connection_stays_usable(client: TestClient, raw: str, code: str) -> None:
    with client.websocket_connect("/ws/chat") as ws:
        hello(ws)
        ws.send_text(raw)
        error = ws.receive_json()
        assert error["type"] == "error"
        assert error["code"] == code
        assert error["message"]
        answer = turn(ws, "after", "headlamp")[-1]
        assert answer["type"] == "message"


def test_a_message_before_hello_is_refused(client: TestClient) -> None:
    with client.websocket_connect("/ws/chat") as ws:
        ws.send_json({"type": "message", "id": "1", "text": "hi"})
        assert ws.receive_json()["code"] == "not_started"
        assert hello(ws)["type"] == "welcome"


def test_too_many_messages_a_second_are_rate_limited(client: TestClient) -> None:
    with client.websocket_connect("/ws/chat") as ws:
        hello(ws)
        for number in range(12):
            ws.send_json({"type": "message", "id": f"r{number}", "text": "hi"})
        finals = []
        while len(finals) < 12:
            frame = ws.receive_json()
            if frame["type"] in ("message", "error"):
                finals.append(frame)
    limited = [f for f in finals if f.get("code") == "rate_limited"]
    assert limited
    assert finals[0]["type"] == "message"
    assert {f["reply_to"] for f in limited} <= {f"r{n}" for n in range(12)}


def test_control_characters_and_emoji_are_handled(client: TestClient, runtime: Runtime) -> None:
    with client.websocket_connect("/ws/chat") as ws:
        hello(ws)
        emoji = turn(ws, "e", "🏕️🔥")[-1]
        control = turn(ws, "c", "tent\u0000 for\u0007 two")[-1]
    assert emoji["type"] == "message"
    assert control["type"] == "message"
    with Session(runtime.store.engine) as session:
        stored = session.exec(select(Turn).where(Turn.client_id == "c")).one()
    assert stored.shopper_text == "tent for two"


def test_awkward_messages_with_personal_data_are_redacted_and_answered(client: TestClient, runtime: Runtime) -> None:
    messages = {
        "mixed": "bonjour, do you have a tente 2 places? je suis Camille Rousseau, camille.r@example.fr",
        "control": "mail: jo\u0000hn.doe\u0007@example.com, a headlamp please",
        "emoji": "🏕️🔥 +33 6 98 76 54 32 🏕️",
    }
    with client.websocket_connect("/ws/chat") as ws:
        hello(ws)
        frames = {key: turn(ws, key, text) for key, text in messages.items()}
    for key, got in frames.items():
        assert got[0]["type"] == "ack" and got[0]["redacted"], key
        assert got[-1]["type"] == "message", key
    with Session(runtime.store.engine) as session:
        stored = {row.client_id: row.shopper_text for row in session.exec(select(Turn)).all()}
    assert stored == {
        "mixed": "bonjour, do you have a tente 2 places? je suis <PERSON_1>, <EMAIL_1>",
        "control": "mail: <EMAIL_2>, a headlamp please",
        "emoji": "🏕️🔥 <PHONE_1> 🏕️",
    }


def test_origin_outside_the_allow_list_is_refused(client: TestClient) -> None:
    with pytest.raises(WebSocketDisconnect):
        with client.websocket_connect("/ws/chat", headers={"origin": "https://evil.example"}) as ws:
            ws.receive_json()
    with client.websocket_connect("/ws/chat", headers={"origin": "https://shop.example"}) as ws:
        assert hello(ws)["type"] == "welcome"


def test_a_turn_reads_the_hand_over_state_once(client: TestClient, runtime: Runtime) -> None:
    """Issue 17: the state is read with the message's own insert (and checked again only inside the answer's
    conditional UPDATE), never by a query of its own; a conversation with a person still goes to them."""
    statements: list[str] = []

    def seen(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(statement)

    with client.websocket_connect("/ws/chat") as ws:
        hello(ws)
        event.listen(runtime.store.engine, "before_cursor_execute", seen)
        try:
            frames = turn(ws, "h1", "a waterproof jacket for hiking")
        finally:
            event.remove(runtime.store.engine, "before_cursor_execute", seen)
    assert frames[-1]["type"] == "message"
    reads = [s for s in statements if "handovers" in s and s.lstrip().upper().startswith("SELECT")]
    assert len(reads) == 1, reads  # the accept's: the turn's id if resent, its seq, and the hand-over state
    assert "max(turns.seq)" in reads[0]
