"""Generated frames on both sockets: every frame is answered (an error with a code, or a normal frame), the
socket is never closed or dropped, and after the run the same socket still answers a ping and a message."""

from __future__ import annotations

import json

from fastapi.testclient import TestClient
from hypothesis import given, note

from tests.fuzz.checks import acked, blank_message
from tests.fuzz.conftest import Known, Staff, bounded
from tests.fuzz.harness import AGENT_MARKER, SHOPPER_MARKER, LiveSocket
from tests.fuzz.strategies import Sent, agent_frames, shopper_frames

SHOPPER_EXAMPLES = 500
AGENT_EXAMPLES = 300
HELLO = json.dumps({"type": "hello", "session": None, "locale": "en"})
PING = json.dumps({"type": "ping"})


def test_every_shopper_frame_is_answered_and_the_socket_stays_usable(fuzz_client: TestClient, known: Known) -> None:
    socket = LiveSocket(lambda: fuzz_client.websocket_connect("/ws/chat"), SHOPPER_MARKER, HELLO)

    @bounded(SHOPPER_EXAMPLES)
    @given(shopper_frames(known.sessions, known.turns, known.requests))
    def exchange(sent: Sent) -> None:
        note(f"sent {sent!r}")
        frames = socket.exchange(sent.data)
        blank = blank_message(sent.data)
        assert blank is None or not acked(frames, blank), f"a message that shows nothing was stored: {sent!r}"

    try:
        socket.open()
        exchange()
        assert socket.frames_sent > SHOPPER_EXAMPLES
        assert "pong" in [f["type"] for f in socket.exchange(PING)]
        assert any(f["type"] == "welcome" for f in socket.exchange(HELLO))
        said = socket.exchange(json.dumps({"type": "message", "id": "after-the-run", "text": "a tent for two"}))
        assert [f["type"] for f in said if f.get("id") == "after-the-run" or f.get("reply_to") == "after-the-run"] == [
            "ack",
            "message",
        ]
    finally:
        ended = socket.close()
    assert ended is None, f"the handler failed with {ended!r}"


def test_every_agent_frame_is_answered_and_the_socket_stays_usable(
    fuzz_client: TestClient, staff: Staff, known: Known
) -> None:
    socket = LiveSocket(
        lambda: fuzz_client.websocket_connect("/ws/agent", headers=dict(staff.agent)), AGENT_MARKER, PING
    )

    @bounded(AGENT_EXAMPLES)
    @given(agent_frames(known.conversations))
    def exchange(sent: Sent) -> None:
        note(f"sent {sent!r}")
        socket.exchange(sent.data)

    try:
        assert any(f["type"] == "hello" for f in socket.open())
        exchange()
        assert socket.frames_sent > AGENT_EXAMPLES
        assert "pong" in [f["type"] for f in socket.exchange(PING)]
        opened = socket.exchange(json.dumps({"type": "open", "conversation": known.conversations[0]}))
        assert [f["conversation"] for f in opened if f["type"] == "conversation"] == [known.conversations[0]], opened
    finally:
        ended = socket.close()
    assert ended is None, f"the handler failed with {ended!r}"
