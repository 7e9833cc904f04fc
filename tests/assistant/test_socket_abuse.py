"""Both WebSockets under abuse: every frame rate limited, conversations opened per address limited, every
malformed frame answered with the socket still usable, transcripts sent once per connection, messages with
nothing to read refused, and a client that does not read disconnected with its memory released."""

from __future__ import annotations

import http.client
import json
import logging
import shutil
import socket
import time
import urllib.request
from collections.abc import Iterator
from contextlib import suppress
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select
from uvicorn.protocols.websockets.websockets_sansio_impl import WebSocketsSansIOProtocol
from websockets.client import ClientProtocol
from websockets.frames import Close, Frame, Opcode
from websockets.http11 import Response
from websockets.protocol import State
from websockets.sync.client import connect
from websockets.uri import parse_uri

from assistant.records.audit import AuditAction
from assistant.records.tables import AuditEvent, Conversation, Turn
from assistant.runtime import Runtime, build_runtime
from assistant.staff.accounts import Accounts
from assistant.web.deps import SESSION_COOKIE
from assistant.web.routes import sockets
from assistant.web.routes.sockets import TOO_SLOW, where
from tests.app import app_client, served, staff_cookie
from tests.conftest import make_settings

PASSWORD = "correct horse battery"

ROOMY = {
    "chat": {
        "max_messages_per_second": 1000,
        "burst": 1000,
        "frames_per_second": 1000,
        "frame_burst": 1000,
        "conversations_per_minute": 100_000,
    },
    "console": {"frames_per_second": 1000, "burst": 1000},
}
"""Limits wide enough that only the frame under test is refused."""


def runtime_over(data_dir: Path, embeddings: Any, detector: Any, **overrides: Any) -> Runtime:
    """A runtime over a copy of the demo index, with an agent account ``camille``."""
    runtime = build_runtime(make_settings(data_dir, **overrides), embeddings, detector)
    Accounts(runtime.store.engine).add("camille", "agent", PASSWORD, "Camille")
    return runtime


@pytest.fixture(scope="module")
def roomy(demo_index_dir: Path, embeddings: Any, detector: Any, tmp_path_factory: pytest.TempPathFactory) -> Runtime:
    """A runtime whose limits refuse nothing but the frame under test, shared by the module."""
    data_dir = tmp_path_factory.mktemp("abuse")
    shutil.copytree(demo_index_dir / "index", data_dir / "index")
    return runtime_over(data_dir, embeddings, detector, **ROOMY)


@pytest.fixture
def strict(demo_data_dir: Path, embeddings: Any, detector: Any) -> Runtime:
    """The default limits: 4 frames a second, 6 at once, 20 new conversations a minute per address."""
    return runtime_over(demo_data_dir, embeddings, detector)


@pytest.fixture(scope="module")
def client(roomy: Runtime) -> Iterator[TestClient]:
    with app_client(roomy) as test_client:
        yield test_client


@pytest.fixture(scope="module")
def console(client: TestClient) -> dict[str, str]:
    """The Cookie header of Camille's console session."""
    return staff_cookie(client, "camille", PASSWORD)


def hello(ws: Any, session: str | None = None) -> dict[str, Any]:
    ws.send_json({"type": "hello", "session": session, "locale": "en"})
    return ws.receive_json()


def answers(ws: Any, raw: str | bytes) -> list[dict[str, Any]]:
    """Send one raw frame, then a ping: every frame that came before the pong (the pong proves the socket lives)."""
    if isinstance(raw, bytes):
        ws.send_bytes(raw)
    else:
        ws.send_text(raw)
    ws.send_text('{"type": "ping"}')
    frames = []
    while (frame := ws.receive_json())["type"] != "pong":
        frames.append(frame)
    return frames


def answered(ws: Any, client_id: str, text: str) -> dict[str, Any]:
    """The assistant's answer (or the error) to one message."""
    ws.send_json({"type": "message", "id": client_id, "text": text})
    while True:
        frame = ws.receive_json()
        if frame["type"] in ("message", "error") and frame.get("reply_to") == client_id:
            return frame


def rows(runtime: Runtime, model: Any, *where: Any) -> list[Any]:
    with Session(runtime.store.engine) as session:
        return list(session.exec(select(model).where(*where)).all())


def nested(depth: int, inner: str = "1") -> str:
    return "[" * depth + inner + "]" * depth


# Every malformed frame is answered, and the socket stays usable

SHOPPER_MALFORMED = [
    ('{"type": "message", "id": "m", "text": "tent \\ud800"}', "bad_text"),
    ('{"type": "message", "id": "m", "text": "tent \ud800"}', "bad_text"),
    ('{"type": "message", "id": "\\ud800", "text": "tent"}', "bad_text"),
    ('{"type": "hello", "session": "\\udfff"}', "bad_text"),
    ('{"type": "hello", "session": null, "locale": "\\ud800"}', "bad_text"),
    ('{"type": "hello", "session": null, "customer": "\\ud800"}', "bad_text"),
    ('{"type": "contact", "contact": "jane@example.org\\ud83d"}', "bad_text"),
    ('{"type": "data_download", "id": "\\ud800"}', "bad_text"),
    ('{"type": "rating", "turn": "\\ud800", "value": "up"}', "bad_text"),
    ('{"type": "ping", "\\ud800": 1}', "bad_text"),
    ('{"type": "ping", "deep": [{"deeper": ["\\udc00"]}]}', "bad_text"),
    ('{"type": "rating", "turn": "x", "value": []}', "bad_frame"),
    ('{"type": "rating", "turn": "x", "value": {"up": 1}}', "bad_frame"),
    ('{"type": "data_request", "kind": []}', "bad_frame"),
    ('{"type": "hello", "session": []}', "bad_frame"),
    ('{"type": "message", "id": [], "text": "tent"}', "bad_frame"),
    ('{"type": "message", "id": "m", "text": {}}', "bad_frame"),
    ('{"type": []}', "unknown_type"),
    ('{"type": {"a": 1}}', "unknown_type"),
    ('{"type": null}', "unknown_type"),
    ("{}", "unknown_type"),
    (nested(1000), "bad_json"),
    (nested(8000), "bad_json"),
    ('{"type": "message", "id": "m", "text": "tent", "x": ' + nested(5000) + "}", "bad_json"),
    ('{"a": ' * 1000 + "1" + "}" * 1000, "bad_json"),
    ('{"type": "message", "id": "m", "text": NaN}', "bad_json"),
    ('{"type": "ping", "n": -Infinity}', "bad_json"),
    ('{"type": "ping", "n": ' + "1" * 5000 + "}", "bad_json"),
    ('"just a string"', "bad_json"),
    (b"\xff\xfe{}", "bad_json"),
    ('{"type": "message", "id": "m", "text": "\u200b\u200b\u200b"}', "empty_text"),
    ('{"type": "message", "id": "m", "text": "\u200d\ufeff\u2060\u00ad\u180e"}', "empty_text"),
    ('{"type": "message", "id": "m", "text": "\u3000 \u00a0\u2028\\t\\n"}', "empty_text"),
    ('{"type": "message", "id": "m", "text": "\u0085\u009f\\u0000\\u001b"}', "empty_text"),
]


@pytest.mark.parametrize(("raw", "code"), SHOPPER_MALFORMED)
def test_every_malformed_shopper_frame_gets_an_error_and_the_socket_stays_usable(
    client: TestClient, raw: str | bytes, code: str
) -> None:
    with client.websocket_connect("/ws/chat") as ws:
        hello(ws)
        frames = answers(ws, raw)
        assert [(f["type"], f["code"]) for f in frames] == [("error", code)]
        assert frames[0]["message"]
        assert answered(ws, "after", "headlamp")["type"] == "message"


AGENT_MALFORMED = [
    ('{"type": "open", "conversation": "\\ud800"}', "bad_text"),
    ('{"type": "message", "conversation": "c", "id": "a", "text": "hello \\udbff"}', "bad_text"),
    ('{"type": "note", "conversation": "c", "text": "\ud800"}', "bad_text"),
    ('{"type": "open", "conversation": []}', "bad_frame"),
    ('{"type": "typing", "conversation": {}, "state": true}', "bad_frame"),
    ('{"type": []}', "unknown_type"),
    ('{"type": {"open": 1}, "conversation": "c"}', "unknown_type"),
    (nested(1000), "bad_json"),
    ('{"type": "open", "conversation": "c", "x": ' + nested(5000) + "}", "bad_json"),
    ('{"type": "close", "conversation": "c", "resolution": NaN}', "bad_json"),
    (b"\xc3\x28", "bad_json"),
]


@pytest.mark.parametrize(("raw", "code"), AGENT_MALFORMED)
def test_every_malformed_console_frame_gets_an_error_and_the_socket_stays_usable(
    client: TestClient, roomy: Runtime, console: dict[str, str], raw: str | bytes, code: str
) -> None:
    conversation = roomy.chat.open(None, "en").conversation.id
    with client.websocket_connect("/ws/agent", headers=console) as ws:
        assert ws.receive_json()["type"] == "hello"
        errors = [f for f in answers(ws, raw) if f["type"] == "error"]
        assert [f["code"] for f in errors] == [code]
        assert errors[0]["message"]
        ws.send_json({"type": "open", "conversation": conversation})
        while (frame := ws.receive_json())["type"] != "conversation":
            assert frame["type"] != "error"
        assert frame["conversation"] == conversation


ODD_VALUES: list[Any] = [None, True, False, 0, -1, 1.5, "", "\u0000", "x" * 300, [], {}, [[None]], {"k": []}]
"""Values of every JSON type, none of which any field of the protocol takes."""

SHOPPER_FIELDS = {
    "hello": ["session", "locale", "vault", "customer"],
    "message": ["id", "text"],
    "privacy": ["vault"],
    "contact": ["contact"],
    "rating": ["turn", "value"],
    "data_request": ["kind"],
    "data_download": ["id"],
    "consent": ["remember"],
    "typing": ["state"],
    "handoff": ["type"],
}


@pytest.mark.parametrize("kind", sorted(SHOPPER_FIELDS))
def test_any_json_type_in_any_field_of_a_shopper_frame_is_answered(client: TestClient, kind: str) -> None:
    with client.websocket_connect("/ws/chat") as ws:
        hello(ws)
        for field in SHOPPER_FIELDS[kind]:
            for value in ODD_VALUES:
                base = {"type": kind, "id": "odd", "text": "tent", "session": None, "turn": "t"}
                for frame in answers(ws, json.dumps({**base, field: value})):
                    assert frame["type"] != "error" or (frame["code"] and frame["message"]), frame
        assert answered(ws, "after", "headlamp")["type"] == "message"


AGENT_FIELDS = {
    "open": ["conversation"],
    "claim": ["conversation"],
    "message": ["conversation", "id", "text"],
    "note": ["conversation", "text"],
    "typing": ["conversation", "state"],
    "hand_back": ["conversation"],
    "close": ["conversation", "resolution"],
    "ping": ["type"],
}


@pytest.mark.parametrize("kind", sorted(AGENT_FIELDS))
def test_any_json_type_in_any_field_of_a_console_frame_is_answered(
    client: TestClient, console: dict[str, str], kind: str
) -> None:
    with client.websocket_connect("/ws/agent", headers=console) as ws:
        assert ws.receive_json()["type"] == "hello"
        for field in AGENT_FIELDS[kind]:
            for value in ODD_VALUES:
                base = {"type": kind, "conversation": "no-such", "id": "odd", "text": "hi", "resolution": "done"}
                for frame in answers(ws, json.dumps({**base, field: value})):
                    assert frame["type"] != "error" or (frame["code"] and frame["message"]), frame


# The last resort


def test_a_frame_that_fails_unexpectedly_is_answered_internal_and_logged_without_its_content(
    strict: Runtime, caplog: pytest.LogCaptureFixture
) -> None:
    secret = "jane.doe@example.org"
    with app_client(strict) as client, client.websocket_connect("/ws/chat") as ws:
        hello(ws)
        with strict.store.engine.begin() as connection:  # the database loses a table under the running server
            connection.exec_driver_sql("ALTER TABLE turns RENAME TO turns_gone")
        with caplog.at_level(logging.ERROR, logger="comptoir.web"):
            frames = answers(ws, json.dumps({"type": "rating", "turn": secret, "value": "up"}))
    assert [(f["type"], f["code"]) for f in frames] == [("error", "internal")]
    failures = [r for r in caplog.records if r.name == "comptoir.web"]
    assert failures
    assert "OperationalError" in failures[0].getMessage()
    assert secret not in caplog.text


def test_where_names_the_failure_and_its_code_lines_but_never_its_message() -> None:
    def leaky(value: str) -> None:
        raise ValueError(f"cannot read {value}")

    try:
        leaky("jane.doe@example.org")
    except ValueError as exc:
        described = where(exc)
    assert described.startswith("ValueError <- ")
    assert "in leaky" in described
    assert "jane.doe" not in described


# Messages with nothing to read


def test_a_message_of_zero_width_characters_is_refused_and_nothing_is_stored(
    client: TestClient, roomy: Runtime
) -> None:
    with client.websocket_connect("/ws/chat") as ws:
        conversation = hello(ws)["session"]
        refused = answered(ws, "zw", "\u200b" * 20)
        kept = answered(ws, "family", "\U0001f469\u200d\U0001f469\u200d\U0001f467 tent for a family")
    assert refused["code"] == "empty_text"
    assert refused["reply_to"] == "zw"
    assert kept["type"] == "message"
    opened = roomy.chat.open(conversation, "en")
    stored = rows(roomy, Turn, Turn.conversation_id == opened.conversation.id)
    assert [turn.client_id for turn in stored] == ["family"]
    assert stored[0].shopper_text == "\U0001f469\u200d\U0001f469\u200d\U0001f467 tent for a family"


# Transcripts once per connection


def test_a_resume_sends_the_transcript_once_per_connection(client: TestClient) -> None:
    tokens = []
    for text in ("a tent for two", "a headlamp"):
        with client.websocket_connect("/ws/chat") as ws:
            tokens.append(hello(ws)["session"])
            answered(ws, "q", text)
    first, second = tokens
    with client.websocket_connect("/ws/chat") as ws:
        assert hello(ws, first)["resumed"] is True
        history = ws.receive_json()
        assert history["type"] == "history"
        assert [t["shopper"]["text"] for t in history["turns"]] == ["a tent for two"]
        for _ in range(3):
            again = answers(ws, json.dumps({"type": "hello", "session": first}))
            assert [f["type"] for f in again] == ["welcome"]
            assert again[0]["resumed"] is True
        switched = answers(ws, json.dumps({"type": "hello", "session": second}))
        assert [f["type"] for f in switched] == ["welcome", "history"]
        assert [t["shopper"]["text"] for t in switched[1]["turns"]] == ["a headlamp"]
        assert [f["type"] for f in answers(ws, json.dumps({"type": "hello", "session": second}))] == ["welcome"]
        assert answered(ws, "more", "and batteries for it")["type"] == "message"


# Rate of every frame, and conversations per address


def test_200_hellos_without_a_session_open_no_more_conversations_than_allowed(strict: Runtime) -> None:
    limits = strict.settings.chat
    with app_client(strict) as client, client.websocket_connect("/ws/chat") as ws:
        frames = [hello(ws) for _ in range(200)]
    welcomes = [f for f in frames if f["type"] == "welcome"]
    refused = [f["code"] for f in frames if f["type"] == "error"]
    assert 0 < len(welcomes) <= limits.conversations_per_minute
    assert len(welcomes) + len(refused) == 200
    assert set(refused) <= {"rate_limited", "too_many_conversations"}
    assert len(rows(strict, Conversation)) == len(welcomes)
    disclosed = rows(strict, AuditEvent, AuditEvent.action == AuditAction.AI_DISCLOSED.value)
    assert len(disclosed) == len(welcomes)


def test_conversations_per_address_are_limited_and_resuming_is_not_counted(
    demo_data_dir: Path, embeddings: Any, detector: Any
) -> None:
    runtime = runtime_over(
        demo_data_dir,
        embeddings,
        detector,
        chat={
            "max_messages_per_second": 1000,
            "burst": 1000,
            "frames_per_second": 1000,
            "frame_burst": 1000,
            "conversations_per_minute": 5,
        },
    )
    with app_client(runtime) as client:
        with client.websocket_connect("/ws/chat") as ws:
            frames = [hello(ws) for _ in range(200)]
        with client.websocket_connect("/ws/chat") as other:
            elsewhere = hello(other)
            resumed = hello(other, frames[0]["session"])
            assert other.receive_json()["type"] == "history"
            assert answered(other, "q", "a tent")["type"] == "message"
    assert [f["type"] for f in frames[:5]] == ["welcome"] * 5
    assert {f["code"] for f in frames[5:]} == {"too_many_conversations"}
    assert all(1 <= f["retry_after"] <= 60 and f["message"] for f in frames[5:])
    assert elsewhere["code"] == "too_many_conversations"  # the limit is the address's, over all its sockets
    assert resumed["type"] == "welcome" and resumed["resumed"] is True
    assert len(rows(runtime, Conversation)) == 5
    assert len(rows(runtime, AuditEvent, AuditEvent.action == AuditAction.AI_DISCLOSED.value)) == 5


def test_every_kind_of_frame_counts_against_the_rate(demo_data_dir: Path, embeddings: Any, detector: Any) -> None:
    runtime = runtime_over(demo_data_dir, embeddings, detector, chat={"frames_per_second": 0.001, "frame_burst": 10})
    with app_client(runtime) as client, client.websocket_connect("/ws/chat") as ws:
        conversation = hello(ws)["session"]
        for _ in range(200):
            ws.send_json({"type": "privacy", "vault": False})
        privacy = [ws.receive_json() for _ in range(200)]
        others = []
        for raw in ('{"type": "ping"}', '{"type": "rating", "turn": "t", "value": "up"}', "not json", "{}"):
            ws.send_text(raw)
            others.append(ws.receive_json())
    assert [f["type"] for f in privacy[:9]] == ["privacy"] * 9  # the hello took the tenth token
    assert {f.get("code") for f in privacy[9:]} == {"rate_limited"}
    assert {f.get("code") for f in others} == {"rate_limited"}
    opened = runtime.chat.open(conversation, "en").conversation.id
    declined = rows(runtime, AuditEvent, AuditEvent.conversation_id == opened)
    assert len([row for row in declined if row.action == AuditAction.VAULT_DECLINED.value]) == 9


# A client that does not read


class SilentClient:
    """A WebSocket client on a raw socket, through websockets' sans-I/O protocol, that sends as it likes and reads
    only when told: a page that stopped reading (its receive buffer kept small, as a slow phone's would be)."""

    def __init__(self, url: str, headers: dict[str, str] | None = None):
        uri = parse_uri(url)
        self.sock = socket.socket()
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        self.sock.settimeout(30)
        self.sock.connect((uri.host, uri.port))
        self.protocol = ClientProtocol(uri, max_size=None)
        request = self.protocol.connect()
        for name, value in (headers or {}).items():
            request.headers[name] = value
        self.protocol.send_request(request)
        self.sock.sendall(b"".join(self.protocol.data_to_send()))
        while self.protocol.state is State.CONNECTING:
            self.protocol.receive_data(self.sock.recv(4096))
        response = self.protocol.events_received()[0]
        assert isinstance(response, Response) and response.status_code == 101

    def flood(self, text: str, most: int = 200_000) -> int:
        """Send ``text`` again and again without reading, until the server stops taking frames (nothing goes out
        for 3 s) or ``most`` were sent; how many were sent."""
        self.sock.settimeout(3)
        sent = 0
        try:
            while sent < most:
                for _ in range(50):
                    self.protocol.send_text(text.encode())
                self.sock.sendall(b"".join(self.protocol.data_to_send()))
                sent += 50
        except (TimeoutError, ConnectionError):
            pass
        finally:
            self.sock.settimeout(30)
        return sent

    def read_until_closed(self) -> Close | None:
        """Read everything the server sent; its closing frame, or ``None`` if the connection ended without one."""
        while True:
            try:
                data = self.sock.recv(65536)
            except (TimeoutError, ConnectionError):
                data = b""
            if not data:
                self.protocol.receive_eof()
                return self.protocol.close_rcvd
            self.protocol.receive_data(data)
            for event in self.protocol.events_received():
                if isinstance(event, Frame) and event.opcode is Opcode.CLOSE:
                    with suppress(OSError):
                        self.sock.sendall(b"".join(self.protocol.data_to_send()))
                    return self.protocol.close_rcvd

    def wait_for_reset(self, seconds: float = 60) -> bool:
        """Wait, without reading, until the server drops the connection (a reset); ``False`` if it never does."""
        for _ in range(int(seconds * 10)):
            if self.sock.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR) != 0:
                return True
            time.sleep(0.1)
        return False

    def close(self) -> None:
        self.sock.close()


def resident_kib() -> int:
    """This process's resident memory (the server runs in it, on a thread), in KiB."""
    status = Path("/proc/self/status").read_text()
    return int(next(line for line in status.splitlines() if line.startswith("VmRSS:")).split()[1])


def long_conversation(runtime: Runtime, turns: int) -> str:
    """A conversation of ``turns`` answered turns, made through the chat service; its session token."""
    opened = runtime.chat.open(None, "en")
    questions = ["a waterproof jacket under 150 euros", "a tent for four people", "what is your return policy?"]
    for number in range(turns):
        accepted = runtime.chat.accept(opened.conversation.id, f"q{number}", questions[number % 3], "en")
        runtime.chat.answer(accepted.turn, "en")
    return opened.token


def healthy(url: str) -> bool:
    """``/healthz`` answers, and a new shopper is welcomed and answered."""
    with urllib.request.urlopen(f"{url}/healthz", timeout=30) as response:
        if response.status != 200:
            return False
    with connect(url.replace("http://", "ws://") + "/ws/chat", open_timeout=30) as ws:
        ws.send(json.dumps({"type": "hello", "session": None}))
        if json.loads(ws.recv(timeout=30))["type"] != "welcome":
            return False
        ws.send(json.dumps({"type": "message", "id": "m", "text": "a headlamp"}))
        kinds = [json.loads(ws.recv(timeout=30))["type"] for _ in range(3)]
    return kinds == ["ack", "typing", "message"]


@pytest.fixture
def live(strict: Runtime) -> Iterator[str]:
    """The app over the default limits, served by uvicorn on loopback (a real socket, with flow control). No
    keep-alive pings: on a loaded machine they could close a silent client (1011) before the outbox cap does."""
    with served(strict, ws_ping_interval=None) as url:
        yield url


class PatientProtocol(WebSocketsSansIOProtocol):
    """uvicorn's WebSocket protocol, waiting 120 s instead of 10 for the client's side of the closing handshake."""

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.close_timeout = 120


@pytest.fixture
def late_reader(strict: Runtime, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """The app served for a client that reads only once its own sends stall (3 s without progress), and then
    reads everything the server had buffered: on a loaded machine that takes longer than the 10 s a silent client
    is given to take the closing frame, and the server rightly drops it, unread data and all, with a reset
    (``test_a_client_that_never_reads_is_dropped``). The tests using it check the close code, so both waits (the
    app's and the WebSocket protocol's) are made long enough."""
    monkeypatch.setattr(sockets, "CLOSE_TIMEOUT", 120.0)
    with served(strict, ws_ping_interval=None, ws=PatientProtocol) as url:
        yield url


@pytest.mark.slow
def test_a_shopper_who_does_not_read_while_asking_for_history_is_disconnected(
    strict: Runtime, late_reader: str
) -> None:
    live = late_reader
    token = long_conversation(strict, 24)
    before = resident_kib()
    client = SilentClient(live.replace("http://", "ws://") + "/ws/chat")
    try:
        hello = json.dumps({"type": "hello", "session": token})
        sent = client.flood(hello)
        closing = client.read_until_closed()
    finally:
        client.close()
    after = resident_kib()
    print(f"\n{sent} hellos unread: server memory {before / 1024:.0f} MiB before, {after / 1024:.0f} MiB after")
    assert closing is not None, "the server dropped the socket without a close code"
    assert (closing.code, closing.reason) == (1008, TOO_SLOW)
    assert after - before < 64 * 1024
    assert healthy(live)


@pytest.mark.slow
def test_a_client_that_never_reads_is_dropped(live: str) -> None:
    client = SilentClient(live.replace("http://", "ws://") + "/ws/chat")
    try:
        client.flood(json.dumps({"type": "ping"}))
        dropped = client.wait_for_reset()
    finally:
        client.close()
    assert dropped, "the server kept the connection of a client that never read"
    assert healthy(live)


@pytest.mark.slow
def test_a_console_that_does_not_read_is_disconnected(strict: Runtime, late_reader: str) -> None:
    live = late_reader
    address = urlparse(live)
    connection = http.client.HTTPConnection(address.hostname or "127.0.0.1", address.port, timeout=30)
    connection.request(
        "POST",
        "/console/login",
        body=f"name=camille&password={PASSWORD.replace(' ', '+')}",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    response = connection.getresponse()
    assert response.status == 303
    cookie = next(c for c in response.headers.get_all("set-cookie") or [] if c.startswith(SESSION_COOKIE))
    connection.close()
    client = SilentClient(live.replace("http://", "ws://") + "/ws/agent", {"Cookie": cookie.split(";")[0]})
    try:
        client.flood(json.dumps({"type": "ping"}))
        closing = client.read_until_closed()
    finally:
        client.close()
    assert closing is not None
    assert (closing.code, closing.reason) == (1008, TOO_SLOW)
    assert healthy(live)
