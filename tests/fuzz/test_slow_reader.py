"""Shoppers that never read, against a real server: 50 sockets resume a conversation with a long history and
keep asking for it (hello after hello) while reading nothing. The server's memory stays under a bound, every
one of them is disconnected with a close code, and the server goes on answering others.

A non-reading socket is closed either because its queue of frames overflowed (1008) or because it never
answered the server's keep-alive pings (1011, ``keepalive ping timeout``, 40 s after it opened with
``comptoir serve``'s 20 s interval and 20 s timeout); a close the client takes too long to read is aborted
(reset). On loopback the kernel takes up to 4 MB per socket off the server's hands (``tcp_wmem``), so hellos
answered with a small ``welcome`` rarely fill the queue before the keep-alive gives up."""

from __future__ import annotations

import json
import socket
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from websockets.sync.client import connect

from tests.fuzz import rawsocket
from tests.fuzz.process import MB, PeakMemory, rss, wait_until_idle
from tests.live import frames_until_reply, free_port, server

pytestmark = pytest.mark.slow

SOCKETS = 50
HELLOS = 150
"""Hellos each slow socket sends (fewer when the server stops taking them)."""
BOUND = 150 * MB
"""Most the server's resident memory may grow over its level before the slow readers came."""
CLOSED_BY = ("1008 ", "1011 keepalive ping timeout", "reset")
QUESTIONS = [
    "a waterproof jacket under 150 euros",
    "tents for 4 people",
    "trail running shoes",
    "a warm sleeping bag for winter",
    "je cherche un sac à dos de randonnée",
    "what is your return policy?",
    "headlamps",
    "bike helmets",
]


def long_history(port: int, turns: int = 24) -> str:
    """A conversation of ``turns`` answered questions, most with product cards; its session token."""
    with connect(f"ws://127.0.0.1:{port}/ws/chat", max_size=None) as ws:
        ws.send(json.dumps({"type": "hello", "session": None, "locale": "en"}))
        token = str(json.loads(ws.recv(timeout=30))["session"])
        for number in range(turns):
            ws.send(json.dumps({"type": "message", "id": f"q{number}", "text": QUESTIONS[number % len(QUESTIONS)]}))
            assert frames_until_reply(ws, f"q{number}")[-1]["type"] == "message"
    return token


def history_size(port: int, token: str) -> int:
    """The bytes of the ``history`` frame a resume of ``token`` is sent."""
    with connect(f"ws://127.0.0.1:{port}/ws/chat", max_size=None) as ws:
        ws.send(json.dumps({"type": "hello", "session": token, "locale": "en"}))
        while True:
            raw = ws.recv(timeout=30)
            if json.loads(raw)["type"] == "history":
                return len(raw)


def keep_asking(port: int, hello: bytes) -> socket.socket:
    """A socket that never reads, after it sent ``HELLOS`` hellos (fewer when the server stopped taking them)."""
    sock = rawsocket.connect(port, "/ws/chat")
    sock.settimeout(5)
    for _ in range(HELLOS):
        try:
            sock.sendall(hello)
        except OSError:  # the server stopped reading, or hung up
            break
    return sock


def test_sockets_that_never_read_are_disconnected_and_memory_stays_bounded(demo_data_dir: Path) -> None:
    port = free_port()
    raised = {
        "COMPTOIR_CHAT__MAX_MESSAGES_PER_SECOND": "1000",
        "COMPTOIR_CHAT__BURST": "1000",
        "COMPTOIR_CHAT__FRAMES_PER_SECOND": "1000",
        "COMPTOIR_CHAT__FRAME_BURST": "1000",
    }
    with server(demo_data_dir, port, raised) as process:
        token = long_history(port)
        size = history_size(port, token)
        wait_until_idle(process.pid)
        before = rss(process.pid)
        hello = rawsocket.frame(json.dumps({"type": "hello", "session": token, "locale": "en"}))
        started = time.monotonic()
        with PeakMemory(process.pid) as memory, ThreadPoolExecutor(SOCKETS) as pool:
            sockets = list(pool.map(lambda _: keep_asking(port, hello), range(SOCKETS)))
            wait_until_idle(process.pid)
            endings = list(pool.map(lambda sock: rawsocket.closing(sock, 60), sockets))
        for sock in sockets:
            sock.close()
        seconds = time.monotonic() - started
        wait_until_idle(process.pid)
        after = rss(process.pid)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=10) as health:
            healthy = json.loads(health.read())["status"] == "ok"
        assert history_size(port, token) == size  # another shopper resuming is still served
    counted = {ending: endings.count(ending) for ending in sorted(set(endings))}
    print(
        f"\nslow readers: {SOCKETS} sockets x {HELLOS} hellos resuming a {size / 1024:.0f} KB history, never read; "
        f"server memory {before / MB:.0f} MB before, peak {memory.peak / MB:.0f} MB "
        f"(+{(memory.peak - before) / MB:.0f} MB, bound +{BOUND / MB:.0f} MB), {after / MB:.0f} MB after; "
        f"closed: {counted}; {seconds:.0f} s"
    )
    assert healthy
    assert all(ending.startswith(CLOSED_BY) for ending in endings), counted
    assert memory.peak - before < BOUND
