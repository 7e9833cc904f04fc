"""Several server processes on PostgreSQL, Redis and a Chroma server share one queue and route messages.

Also: a server killed with SIGKILL while conversations wait and are held loses nothing.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from websockets.sync.client import ClientConnection, connect

from assistant.web.deps import SESSION_COOKIE
from tests.databases import postgres_url, redis_url
from tests.live import chroma_server, free_port, server, staff_login
from tests.netguard import guarded_environment

pytestmark = pytest.mark.slow

PASSWORD = "correct horse battery"


def comptoir(data_dir: Path, env: dict[str, str], *args: str, stdin: str | None = None) -> str:
    environment = {
        **guarded_environment(str(data_dir.parent / "network-attempts.log")),
        "COMPTOIR_DATA_DIR": str(data_dir),
        **env,
    }
    done = subprocess.run(
        [sys.executable, "-m", "assistant.cli", *args],
        env=environment,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def login(port: int, name: str) -> str:
    """A console session token of ``name``."""
    return staff_login(port, name, PASSWORD)


def until(ws: ClientConnection, kind: str, **match: Any) -> dict[str, Any]:
    for _ in range(300):
        frame = json.loads(ws.recv(timeout=60))
        if frame["type"] == kind and all(frame.get(k) == v for k, v in match.items()):
            return frame
    raise AssertionError(f"no {kind} frame")


def shopper(port: int) -> ClientConnection:
    return connect(f"ws://127.0.0.1:{port}/ws/chat", open_timeout=30)


def console(port: int, token: str) -> ClientConnection:
    return connect(
        f"ws://127.0.0.1:{port}/ws/agent", additional_headers={"Cookie": f"{SESSION_COOKIE}={token}"}, open_timeout=30
    )


@contextmanager
def shared_services(tmp_path: Path) -> Iterator[dict[str, str]]:
    """PostgreSQL, Redis and a Chroma server holding the demo shop, with one agent account."""
    bus = redis_url()
    with postgres_url() as database, chroma_server(tmp_path / "chroma", free_port()) as chroma:
        env = {
            "COMPTOIR_DATABASE_URL": database,
            "COMPTOIR_REDIS_URL": bus,
            "COMPTOIR_CHROMA_URL": chroma,
            "COMPTOIR_SECRET_KEY": "a-key-every-process-of-the-shop-shares",
        }
        data_dir = tmp_path / "data"
        comptoir(data_dir, env, "ingest", "--demo")
        comptoir(data_dir, env, "users", "add", "camille", "--role", "agent", "--display-name", "Camille",
                 "--password-stdin", stdin=PASSWORD + "\n")  # fmt: skip
        yield env


def test_a_shopper_on_one_process_and_an_agent_on_another(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    with shared_services(tmp_path) as env:
        one, two = free_port(), free_port()
        with server(data_dir, one, env), server(data_dir, two, env):
            with shopper(one) as widget, console(two, login(two, "camille")) as agent:
                widget.send(json.dumps({"type": "hello", "session": None, "locale": "en"}))
                until(widget, "welcome")
                widget.send(json.dumps({"type": "message", "id": "m1", "text": "I want to speak to a person"}))
                until(widget, "message", reply_to="m1")
                assert until(widget, "handoff")["state"] == "queued"

                until(agent, "hello")
                conversation = None
                while conversation is None:  # the lists refresh when the escalation reaches this process
                    waiting = until(agent, "queue")["waiting"]
                    conversation = waiting[0]["conversation"] if waiting else None
                agent.send(json.dumps({"type": "claim", "conversation": conversation}))
                until(agent, "done", action="claim")
                assert until(widget, "handoff", state="assigned")["agent"] == "Camille"

                widget.send(json.dumps({"type": "message", "id": "m2", "text": "my tent pole broke"}))
                until(widget, "ack", id="m2")
                heard = until(agent, "shopper_message", conversation=conversation)
                assert heard["text"] == "my tent pole broke"
                agent.send(json.dumps({"type": "message", "conversation": conversation, "id": "a1",
                                       "text": "I am sending you a new pole today."}))  # fmt: skip
                said = until(widget, "message")
                assert (said["from"], said["ai"], said["agent"]) == ("agent", False, "Camille")
                assert said["text"] == "I am sending you a new pole today."

                agent.send(json.dumps({"type": "hand_back", "conversation": conversation}))
                until(agent, "done", action="hand_back")
                assert until(widget, "handoff")["state"] == "returned"
                widget.send(json.dumps({"type": "message", "id": "m3", "text": "a lightweight two person tent"}))
                answer = until(widget, "message", reply_to="m3")
                assert answer["from"] == "assistant" and answer["ai"] is True
                assert answer["products"], "the assistant answers again, from the catalog in the Chroma server"


def test_a_server_killed_while_conversations_wait_and_are_held_loses_nothing(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    with shared_services(tmp_path) as env:
        port = free_port()
        sessions: list[str] = []
        with server(data_dir, port, env) as process:
            token = login(port, "camille")
            for number in range(3):
                with shopper(port) as widget:
                    widget.send(json.dumps({"type": "hello", "session": None, "locale": "en"}))
                    sessions.append(until(widget, "welcome")["session"])
                    widget.send(json.dumps({"type": "handoff"}))
                    assert until(widget, "handoff")["position"] == number + 1
                    widget.send(json.dumps({"type": "message", "id": "w1", "text": f"still waiting, number {number}"}))
                    until(widget, "ack", id="w1")
            with console(port, token) as agent:
                order = [w["conversation"] for w in until(agent, "queue")["waiting"]]
                agent.send(json.dumps({"type": "claim", "conversation": order[0]}))
                until(agent, "done", action="claim")
            os.kill(process.pid, signal.SIGKILL)
            process.wait(10)

        with server(data_dir, port, env):
            with console(port, login(port, "camille")) as agent:
                lists = until(agent, "queue")
                assert [w["conversation"] for w in lists["waiting"]] == order[1:]
                assert [h["conversation"] for h in lists["held"]] == order[:1]
                assert lists["held"][0]["agent"] == "camille"
                agent.send(json.dumps({"type": "open", "conversation": order[0]}))
                view = until(agent, "conversation")
                assert [e["text"] for e in view["transcript"] if e["kind"] == "shopper"] == ["still waiting, number 0"]
            for number, session in enumerate(sessions):
                with shopper(port) as widget:
                    widget.send(json.dumps({"type": "hello", "session": session, "locale": "en"}))
                    assert until(widget, "welcome")["resumed"] is True
                    history = until(widget, "history")
                    assert [t["shopper"]["text"] for t in history["turns"]] == [f"still waiting, number {number}"]
                    assert history["turns"][0]["assistant"] is None  # a person answers it, not the assistant
                    where = until(widget, "handoff")
                    assert where["state"] == ("assigned" if number == 0 else "queued")
                    if number:
                        assert where["position"] == number
