"""Generated frames on both sockets: every frame is answered (an error with a code, or a normal frame), the
socket is never closed or dropped, and after the run the same socket still answers a ping and a message."""

from __future__ import annotations

import json

from fastapi.testclient import TestClient
from hypothesis import given, settings

from tests.fuzz.checks import acked, blank_message
from tests.fuzz.conftest import BOUNDED, Known, Staff
from tests.fuzz.harness import LiveSocket
from tests.fuzz.strategies import Payload, agent_frames, shopper_frames

SHOPPER_EXAMPLES = 300
AGENT_EXAMPLES = 200
HELLO = json.dumps({"type": "hello", "session": None, "locale": "en"})


def test_every_shopper_frame_is_answered_and_the_socket_stays_usable(fuzz_client: TestClient, known: Known) -> None:
    socket = LiveSocket(lambda: fuzz_client.websocket_connect("/ws/chat"), greeting=HELLO)
    socket.open()

    @BOUNDED
    @settings(max_examples=SHOPPER_EXAMPLES)
    @given(shopper_frames(known.sessions, known.turns, known.requests))
    def exchange(payload: Payload) -> None:
        frames = socket.exchange(payload)
        blank = blank_message(payload)
        assert blank is None or not acked(frames, blank), f"a message that shows nothing was stored: {payload!r}"

    try:
        exchange()
        assert socket.frames_sent > SHOPPER_EXAMPLES
        assert any(f["type"] == "welcome" for f in socket.exchange(HELLO))
        said = socket.exchange(json.dumps({"type": "message", "id": "after-the-run", "text": "a tent for two"}))
        assert [f["type"] for f in said if f.get("id") == "after-the-run" or f.get("reply_to") == "after-the-run"] == [
            "ack",
            "message",
        ]
    finally:
        socket.close()


def test_every_agent_frame_is_answered_and_the_socket_stays_usable(
    fuzz_client: TestClient, staff: Staff, known: Known
) -> None:
    socket = LiveSocket(lambda: fuzz_client.websocket_connect("/ws/agent", headers=staff.agent))
    assert any(f["type"] == "hello" for f in socket.open())

    @BOUNDED
    @settings(max_examples=AGENT_EXAMPLES)
    @given(agent_frames(known.conversations))
    def exchange(payload: Payload) -> None:
        socket.exchange(payload)

    try:
        exchange()
        assert socket.frames_sent > AGENT_EXAMPLES
        opened = socket.exchange(json.dumps({"type": "open", "conversation": known.conversations[0]}))
        assert [f["conversation"] for f in opened if f["type"] == "conversation"] == [known.conversations[0]]
    finally:
        socket.close()
