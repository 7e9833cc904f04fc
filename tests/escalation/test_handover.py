"""The hand-over end to end through the real app: a shopper's widget socket and an agent's console socket.

Every test runs on both stacks: SQLite with the in-process bus, and PostgreSQL with Redis (on CI).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from assistant.records.tables import StaffMessage, Turn
from assistant.runtime import Runtime, build_runtime
from assistant.staff.accounts import Accounts
from assistant.turn.chat import TakenOver
from assistant.web.app import create_app
from assistant.web.deps import SESSION_COOKIE
from escalation.hours import DAYS
from tests.app import until
from tests.conftest import make_settings
from tests.databases import postgres_url, redis_url

PASSWORD = "correct horse battery"


@pytest.fixture(params=["sqlite", "postgres+redis"])
def stack(request: pytest.FixtureRequest) -> Iterator[dict[str, str]]:
    """The settings that choose the stack."""
    if request.param == "sqlite":
        yield {}
        return
    bus = redis_url()
    with postgres_url() as database:
        yield {"database_url": database, "redis_url": bus}


def start(data_dir: Any, stack: dict[str, str], embeddings: Any, detector: Any, **overrides: Any) -> Runtime:
    runtime = build_runtime(make_settings(data_dir, **stack, **overrides), embeddings, detector)
    accounts = Accounts(runtime.store.engine)
    accounts.add("camille", "agent", PASSWORD, "Camille")
    accounts.add("noe", "agent", PASSWORD, "Noé")
    accounts.add("dpo", "compliance", PASSWORD, "Data protection")
    return runtime


@contextmanager
def closing_engine(runtime: Runtime) -> Iterator[None]:
    try:
        yield
    finally:
        runtime.store.engine.dispose()


@pytest.fixture
def runtime(demo_data_dir: Any, stack: dict[str, str], embeddings: Any, detector: Any) -> Iterator[Runtime]:
    started = start(demo_data_dir, stack, embeddings, detector)
    yield started
    started.store.engine.dispose()


@pytest.fixture
def client(runtime: Runtime) -> Iterator[TestClient]:
    with TestClient(create_app(runtime.settings, runtime)) as test_client:
        yield test_client


def login(client: TestClient, name: str) -> str:
    response = client.post(
        "/console/login", data={"name": name, "password": PASSWORD, "next": "/console"}, follow_redirects=False
    )
    assert response.status_code == 303, response.text
    token = response.cookies[SESSION_COOKIE]
    client.cookies.clear()
    return token


def agent_socket(client: TestClient, token: str) -> Any:
    return client.websocket_connect("/ws/agent", headers={"cookie": f"{SESSION_COOKIE}={token}"})


def read_until(ws: Any, kind: str) -> list[dict[str, Any]]:
    """Every frame up to and including the first of ``kind``."""
    frames = [ws.receive_json()]
    while frames[-1]["type"] != kind:
        frames.append(ws.receive_json())
    return frames


def shopper(ws: Any, locale: str = "en") -> dict[str, Any]:
    ws.send_json({"type": "hello", "session": None, "locale": locale})
    return until(ws, "welcome")


def test_a_shopper_asks_for_a_person_an_agent_claims_talks_and_hands_back(client: TestClient, runtime: Runtime) -> None:
    with ExitStack() as stack:
        widget = stack.enter_context(client.websocket_connect("/ws/chat"))
        shopper(widget)
        widget.send_json({"type": "message", "id": "m1", "text": "do you have a tent for two people?"})
        until(widget, "message", reply_to="m1")
        widget.send_json({"type": "handoff"})
        queued = until(widget, "handoff")
        assert queued["state"] == "queued" and queued["position"] == 1
        assert queued["agents_online"] is False  # no console is open yet, and the shopper is told so
        assert "leave" in queued["text"]

        console = stack.enter_context(agent_socket(client, login(client, "camille")))
        assert until(console, "hello")["agent"]["display_name"] == "Camille"
        lists = until(console, "queue")
        assert [w["reasons"] for w in lists["waiting"]] == [["request"]]
        assert lists["waiting"][0]["preview"] == "do you have a tent for two people?"
        conversation = lists["waiting"][0]["conversation"]
        assert until(widget, "handoff")["agents_online"] is True  # an agent came online: the shopper hears it

        console.send_json({"type": "open", "conversation": conversation})
        view = until(console, "conversation")
        assert view["packet"]["reasons"] == ["request"] and view["packet"]["lang"] == "en"
        assert [e["kind"] for e in view["transcript"]] == ["shopper", "assistant"]
        assert view["transcript"][1]["sources"] and view["transcript"][1]["confidence"] is not None
        assert "tent" in view["summary"] and view["suggestion"]

        console.send_json({"type": "claim", "conversation": conversation})
        until(console, "done", action="claim")
        joined = until(widget, "handoff", state="assigned")
        assert joined["agent"] == "Camille" and joined["ai"] is False

        widget.send_json({"type": "message", "id": "m2", "text": "my email is jane.doe@example.org, is it waterproof?"})
        assert until(widget, "ack", id="m2")["redacted"] == ["EMAIL"]
        seen = until(console, "shopper_message", conversation=conversation)
        assert seen["text"] == "my email is <EMAIL_1>, is it waterproof?"

        widget.send_json({"type": "typing", "state": True})
        assert until(console, "typing", conversation=conversation)["from"] == "shopper"
        console.send_json({"type": "typing", "conversation": conversation, "state": True})
        assert until(widget, "typing")["agent"] == "Camille"
        console.send_json({"type": "note", "conversation": conversation, "text": "Regular customer, be kind"})
        until(console, "done", action="note")
        console.send_json(
            {
                "type": "message",
                "conversation": conversation,
                "id": "a1",
                "text": "Yes, it is. Camille here, I wrote to jane.doe@example.org",
            }
        )
        said = until(widget, "message")  # the note never reaches the shopper: the next message is the agent's
        assert said["from"] == "agent" and said["ai"] is False and said["agent"] == "Camille"
        assert said["text"] == "Yes, it is. Camille here, I wrote to jane.doe@example.org"

        console.send_json({"type": "hand_back", "conversation": conversation})
        until(console, "done", action="hand_back")
        assert until(widget, "handoff")["state"] == "returned"
        widget.send_json({"type": "message", "id": "m3", "text": "what is your return policy?"})
        answer = until(widget, "message", reply_to="m3")
        assert answer["from"] == "assistant" and answer["ai"] is True

    turns = runtime.store.transcript(conversation)
    assert [t.routed_to for t in turns] == [None, "agent", None]
    assert turns[1].answer_frame is None  # the assistant never answered while the agent held it
    with Session(runtime.store.engine) as session:
        staff = session.exec(select(StaffMessage).where(StaffMessage.conversation_id == conversation)).all()
    assert sorted((m.kind, m.text) for m in staff) == [
        ("message", "Yes, it is. Camille here, I wrote to <EMAIL_1>"),
        ("note", "Regular customer, be kind"),
    ]
    actions = [e.action for e in runtime.store.audit_events(conversation)]
    for action in ("escalated", "claimed", "note_added", "agent_message", "handed_back"):
        assert action in actions
    claimed = next(e for e in runtime.store.audit_events(conversation) if e.action == "claimed")
    assert claimed.actor == "camille"


def test_sensitive_topics_jump_the_queue_and_positions_move(client: TestClient) -> None:
    with ExitStack() as stack:
        first, second, upset = (stack.enter_context(client.websocket_connect("/ws/chat")) for _ in range(3))
        for ws in (first, second, upset):
            shopper(ws)
        first.send_json({"type": "handoff"})
        assert until(first, "handoff")["position"] == 1
        second.send_json({"type": "handoff"})
        assert until(second, "handoff")["position"] == 2
        upset.send_json(
            {
                "type": "message",
                "id": "c1",
                "text": "I want to make a formal complaint, the stove leaked gas in my tent",
            }
        )
        until(upset, "message", reply_to="c1")
        assert until(upset, "handoff")["position"] == 1
        assert until(first, "handoff", position=2)
        assert until(second, "handoff", position=3)

        console = stack.enter_context(agent_socket(client, login(client, "camille")))
        lists = until(console, "queue")
        assert [w["priority"] for w in lists["waiting"]] == [1, 0, 0]
        assert "complaint" in lists["waiting"][0]["reasons"]
        console.send_json({"type": "claim", "conversation": lists["waiting"][0]["conversation"]})
        until(console, "done")
        assert until(first, "handoff", position=1)
        assert until(second, "handoff", position=2)


def test_a_shopper_joining_at_the_end_of_the_queue_moves_no_one_and_tells_no_one_else(client: TestClient) -> None:
    with ExitStack() as stack:
        widgets = [stack.enter_context(client.websocket_connect("/ws/chat")) for _ in range(3)]
        for ws in widgets:
            shopper(ws)
        for number, ws in enumerate(widgets, 1):
            ws.send_json({"type": "handoff"})
            assert until(ws, "handoff")["position"] == number
        for ws in widgets[:2]:  # what reached the first two after they joined: nothing about the queue
            ws.send_json({"type": "ping"})
            assert [frame["type"] for frame in read_until(ws, "pong")] == ["pong"]

        console = stack.enter_context(agent_socket(client, login(client, "camille")))
        lists = until(console, "queue")
        console.send_json({"type": "claim", "conversation": lists["waiting"][0]["conversation"]})
        until(console, "done")
        assert until(widgets[1], "handoff", position=1)  # the ones behind moved up, and hear it
        assert until(widgets[2], "handoff", position=2)


def test_while_queued_messages_are_kept_for_the_agent_and_the_assistant_stays_quiet(client: TestClient) -> None:
    with client.websocket_connect("/ws/chat") as widget:
        shopper(widget)
        widget.send_json({"type": "message", "id": "m1", "text": "I want to talk to a real person please"})
        until(widget, "message", reply_to="m1")
        assert until(widget, "handoff")["state"] == "queued"
        widget.send_json({"type": "message", "id": "m2", "text": "it is about order CMD-4411"})
        widget.send_json({"type": "ping"})
        frames = read_until(widget, "pong")
        kinds = [f["type"] for f in frames]
        assert "ack" in kinds and "message" not in kinds and "typing" not in kinds  # the assistant stays quiet
        assert next(f for f in frames if f["type"] == "handoff")["state"] == "queued"  # where they stand


def test_two_agents_claiming_at_once_one_wins_and_the_other_is_told(client: TestClient) -> None:
    with ExitStack() as stack:
        widget = stack.enter_context(client.websocket_connect("/ws/chat"))
        shopper(widget)
        widget.send_json({"type": "handoff"})
        until(widget, "handoff")
        camille = stack.enter_context(agent_socket(client, login(client, "camille")))
        noe = stack.enter_context(agent_socket(client, login(client, "noe")))
        conversation = until(camille, "queue")["waiting"][0]["conversation"]
        for console in (camille, noe):
            console.send_json({"type": "claim", "conversation": conversation})
        outcomes = []
        for console in (camille, noe):
            while True:
                frame = console.receive_json()
                if frame["type"] in ("done", "error"):
                    outcomes.append(frame)
                    break
        assert sorted(f["type"] for f in outcomes) == ["done", "error"]
        refused = next(f for f in outcomes if f["type"] == "error")
        assert refused["code"] == "refused" and "assigned" in refused["message"]
        loser = noe if outcomes[1] is refused else camille
        loser.send_json({"type": "message", "conversation": conversation, "id": "x", "text": "hello"})
        assert until(loser, "error")["code"] == "refused"


def test_an_agent_takes_over_a_live_conversation_and_the_assistant_stops_answering(
    client: TestClient, runtime: Runtime
) -> None:
    with ExitStack() as stack:
        widget = stack.enter_context(client.websocket_connect("/ws/chat"))
        shopper(widget, "fr")
        widget.send_json({"type": "message", "id": "m1", "text": "une tente deux places légère"})
        until(widget, "message", reply_to="m1")
        console = stack.enter_context(agent_socket(client, login(client, "camille")))
        live = until(console, "queue")["live"]
        assert [item["lang"] for item in live] == ["fr"]
        conversation = live[0]["conversation"]
        console.send_json({"type": "take_over", "conversation": conversation})
        until(console, "done", action="take_over")
        joined = until(widget, "handoff", state="assigned")
        assert joined["text"] == "Camille a rejoint la conversation."
        widget.send_json({"type": "message", "id": "m2", "text": "et en vert ?"})
        until(widget, "ack", id="m2")
        assert until(console, "shopper_message", conversation=conversation)["text"] == "et en vert ?"
        console.send_json({"type": "close", "conversation": conversation, "resolution": ""})
        assert until(console, "error")["code"] == "bad_frame"
        console.send_json({"type": "close", "conversation": conversation, "resolution": "Advised the green model"})
        until(console, "done", action="close")
        assert until(widget, "handoff")["state"] == "closed"
    assert runtime.store.transcript(conversation)[1].answer_frame is None
    closed = next(e for e in runtime.store.audit_events(conversation) if e.action == "closed")
    assert json.loads(closed.detail)["resolution"] == "Advised the green model"


def test_outside_opening_hours_the_shopper_is_told_and_may_leave_a_contact(
    demo_data_dir: Any, stack: dict[str, str], embeddings: Any, detector: Any
) -> None:
    tomorrow = DAYS[(datetime.now(UTC) + timedelta(days=2)).weekday()]
    runtime = start(
        demo_data_dir,
        stack,
        embeddings,
        detector,
        escalation={"opening_hours": f"{tomorrow} 09:00-10:00", "timezone": "UTC"},
    )
    with (
        closing_engine(runtime),
        TestClient(create_app(runtime.settings, runtime)) as client,
        client.websocket_connect("/ws/chat") as widget,
    ):
        shopper(widget)
        widget.send_json({"type": "handoff"})
        queued = until(widget, "handoff")
        assert queued["open"] is False and queued["state"] == "queued"
        assert "away" in queued["text"] and "09:00" in queued["text"]
        widget.send_json({"type": "contact", "contact": "not a contact"})
        assert until(widget, "error")["code"] == "bad_contact"
        widget.send_json({"type": "contact", "contact": "jane.doe@example.org"})
        assert until(widget, "contact") == {"type": "contact", "saved": True}
        conversation = runtime.desk.queue.waiting()[0]
        assert conversation.contact_left is True
        turns = runtime.store.transcript(conversation.conversation_id)
        assert turns[-1].shopper_text == "Contact for a reply: <EMAIL_1>" and turns[-1].routed_to == "queue"
        assert runtime.desk.queue.state(conversation.conversation_id).value == "queued"


def test_the_console_needs_an_agent_logged_in_from_its_own_origin(client: TestClient) -> None:
    page = client.get("/console", follow_redirects=False)
    assert page.status_code == 303 and page.headers["location"].startswith("/console/login")
    wrong = client.post("/console/login", data={"name": "camille", "password": "wrong password!"})
    assert wrong.status_code == 401 and "Wrong name or password" in wrong.text
    foreign = client.post(
        "/console/login", data={"name": "camille", "password": PASSWORD}, headers={"origin": "https://evil.example"}
    )
    assert foreign.status_code == 403
    officer = login(client, "dpo")
    assert client.get("/console", headers={"cookie": f"{SESSION_COOKIE}={officer}"}).status_code == 403
    with pytest.raises(Exception), agent_socket(client, officer) as ws:  # noqa: B017, PT011 - refused at the handshake
        ws.receive_json()
    token = login(client, "camille")
    page = client.get("/console", headers={"cookie": f"{SESSION_COOKIE}={token}"})
    assert page.status_code == 200 and "Camille" in page.text
    with (
        pytest.raises(Exception),  # noqa: B017, PT011
        client.websocket_connect(
            "/ws/agent", headers={"cookie": f"{SESSION_COOKIE}={token}", "origin": "https://evil.example"}
        ) as ws,
    ):
        ws.receive_json()
    out = client.post("/console/logout", headers={"cookie": f"{SESSION_COOKIE}={token}"}, follow_redirects=False)
    assert out.status_code == 303
    assert (
        client.get("/console", headers={"cookie": f"{SESSION_COOKIE}={token}"}, follow_redirects=False).status_code
        == 303
    )
    with pytest.raises(Exception), agent_socket(client, token) as ws:  # noqa: B017, PT011
        ws.receive_json()


def test_a_resumed_shopper_gets_the_agents_messages_and_where_they_stand(client: TestClient) -> None:
    with ExitStack() as stack:
        widget = stack.enter_context(client.websocket_connect("/ws/chat"))
        session = shopper(widget)["session"]
        widget.send_json({"type": "handoff"})
        until(widget, "handoff")
        console = stack.enter_context(agent_socket(client, login(client, "camille")))
        conversation = until(console, "queue")["waiting"][0]["conversation"]
        console.send_json({"type": "claim", "conversation": conversation})
        until(console, "done")
        console.send_json({"type": "message", "conversation": conversation, "id": "a1", "text": "Hello, I am here"})
        until(console, "done", action="message")
        widget.close()
        again = stack.enter_context(client.websocket_connect("/ws/chat"))
        again.send_json({"type": "hello", "session": session, "locale": "en"})
        assert until(again, "welcome")["resumed"] is True
        history = until(again, "history")
        assert [(m["agent"], m["text"]) for m in history["agents"]] == [("Camille", "Hello, I am here")]
        assert until(again, "handoff")["state"] == "assigned"


def test_pending_turns_of_a_held_conversation_go_to_the_agent_after_a_restart(runtime: Runtime) -> None:
    """A message acknowledged just before a crash, in a conversation an agent holds, is not answered by the AI."""
    opened = runtime.chat.open(None, "en")
    runtime.desk.queue.escalate(opened.conversation.id, ("request",), 0)
    runtime.desk.queue.claim(opened.conversation.id, "camille")
    runtime.chat.accept(opened.conversation.id, "m1", "are you still there?", "en")  # then the server died
    with TestClient(create_app(runtime.settings, runtime)) as client, client.websocket_connect("/ws/chat") as widget:
        widget.send_json({"type": "hello", "session": opened.token, "locale": "en"})
        until(widget, "history")
        widget.send_json({"type": "ping"})
        frames = read_until(widget, "pong")
    assert [f["type"] for f in frames] == ["handoff", "pong"]
    assert frames[0]["state"] == "assigned"
    with Session(runtime.store.engine) as session:
        turn = session.exec(select(Turn).where(Turn.conversation_id == opened.conversation.id)).one()
    assert turn.routed_to == "agent" and turn.answer_frame is None


def test_over_http_too_the_assistant_does_not_answer_a_conversation_a_person_holds(
    client: TestClient, runtime: Runtime
) -> None:
    first = client.post("/api/chat", json={"session": None, "locale": "en", "id": "h1", "text": "a tent for two"})
    assert first.json()["message"]["ai"] is True
    session = first.json()["session"]
    conversation = runtime.store.transcript(runtime.store.active_since(datetime(2000, 1, 1, tzinfo=UTC), 1)[0][0])
    runtime.desk.queue.take_over(conversation[0].conversation_id, "camille")
    held = client.post("/api/chat", json={"session": session, "locale": "en", "id": "h2", "text": "and in green?"})
    assert held.status_code == 200
    assert held.json()["message"] is None and held.json()["handoff"]["state"] == "assigned"
    assert runtime.store.transcript(conversation[0].conversation_id)[1].routed_to == "agent"


def test_an_answer_computed_while_an_agent_took_over_is_not_sent(runtime: Runtime) -> None:
    """The connection checked the state before the pipeline ran; the service checks again before it records."""
    opened = runtime.chat.open(None, "en")
    accepted = runtime.chat.accept(opened.conversation.id, "m1", "a tent for two", "en")
    runtime.desk.queue.take_over(opened.conversation.id, "camille")  # lands while the answer is being computed
    with pytest.raises(TakenOver):
        runtime.chat.answer(accepted.turn, "en")
    (turn,) = runtime.store.transcript(opened.conversation.id)
    assert turn.answer_frame is None and turn.routed_to == "agent"
