"""A small real HTTP server on loopback that answers as a language model server does: OpenAI's chat completions
(``POST /v1/chat/completions``, server-sent events when ``stream`` is set) and Ollama's chat (``POST /api/chat``,
newline-delimited JSON). The language-model responder is tested against it, never against a mock object.

Replies are scripted (:class:`Scripted`: the parts streamed, a delay before the first and between the others, a
connection cut mid-answer, an HTTP error); with no script left, the server answers as a plain salesperson would,
from the data block of the prompt it was sent (the first product's price, the first passage's first sentence, the
first tool row), in the language the instructions ask for, citing each item's label. Every request body is kept.
"""

from __future__ import annotations

import json
import re
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from tests.loopback import serving


@dataclass
class Scripted:
    """One scripted reply."""

    parts: list[str] = field(default_factory=list)
    first_delay: float = 0.0
    """Seconds before the first part (the headers go out at once, as a real server's do)."""
    delay: float = 0.0
    """Seconds between two parts."""
    cut_after: int | None = None
    """Parts sent before the connection is cut (no end of stream)."""
    status: int = 200
    """An HTTP error status instead of an answer."""


def words(text: str) -> list[str]:
    """A text as the parts a model streams: a word and the space after it."""
    return re.findall(r"\S+\s*", text)


class LoopbackModel:
    """The server's state: the scripted replies left, the requests received, and how long each answer took."""

    def __init__(self) -> None:
        self.script: list[Scripted] = []
        self.requests: list[dict[str, Any]] = []
        self.url = ""
        self.delay = 0.0
        """Seconds between two parts of the salesperson's answers (a model's own pace)."""
        self.first_delay = 0.0
        """Seconds before the first part of the salesperson's answers (a model reading its prompt)."""
        self.timings: list[tuple[float, float]] = []
        """Seconds from each request read to its first part written, and to its last."""
        self.parts_at: list[list[float]] = []
        """Seconds from each request read to each of its parts written, one list per streamed answer (kept with
        :attr:`timings`: the same answers, in the same order)."""
        self.lock = threading.Lock()

    def next(self, body: dict[str, Any]) -> Scripted:
        with self.lock:
            self.requests.append(body)
            if self.script:
                return self.script.pop(0)
        return Scripted(words(salesperson(body.get("messages", []))), first_delay=self.first_delay, delay=self.delay)


def salesperson(messages: list[dict[str, Any]]) -> str:
    """A plain answer from the prompt's data block, citing what it uses."""
    system = next((str(m.get("content", "")) for m in messages if m.get("role") == "system"), "")
    french = "in French" in system
    block = re.search(r"<data>\n(.*?)\n</data>", system, re.DOTALL)
    data = block.group(1) if block else ""
    items = dict(re.findall(r"^\[(\w+)\] (.*)$", data, re.MULTILINE))
    sentences: list[str] = []
    for label, line in items.items():
        kind, _, raw = line.partition(": ")
        try:
            item = json.loads(raw)
        except json.JSONDecodeError:
            continue
        if kind == "product" and not any(s for s in sentences if "[P" in s):
            amount = item["price"].split()[0]
            sentences.append(
                f"Je vous conseille {item['title']}, à {amount} € [{label}]."
                if french
                else f"I would suggest the {item['title']}, at {amount} € [{label}]."
            )
        elif kind == "policy" and not any(s for s in sentences if "[S" in s):
            first = re.split(r"(?<=[.!?])\s", item["text"].strip())[0].rstrip(".")
            sentences.append(
                f"D'après notre page {item['page']} : {first} [{label}]."
                if french
                else f"From our {item['page']} page: {first} [{label}]."
            )
        elif label.startswith("T") and not any(s for s in sentences if "[T" in s):
            sentences.append(f"{item.get('text', '')} [{label}]")
    if not sentences:
        return "Je n'ai pas cette information ici." if french else "I don't have that information here."
    sentences.append("Puis-je vous aider pour autre chose ?" if french else "Can I help you with anything else?")
    return " ".join(sentences)


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:  # a client that hung up is no error here
        pass


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    model: LoopbackModel

    def log_message(self, *args: Any) -> None:  # quiet
        pass

    def do_POST(self) -> None:
        started = time.perf_counter()
        body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", "0"))) or b"{}")
        if self.path.rstrip("/") == "/v1/chat/completions":
            self._answer(body, started, _openai_part, _openai_end, "text/event-stream", _openai_whole)
        elif self.path.rstrip("/") == "/api/chat":
            self._answer(body, started, _ollama_part, _ollama_end, "application/x-ndjson", _ollama_whole)
        else:
            self._error(404, "not found")

    def _error(self, status: int, message: str) -> None:
        data = json.dumps({"error": {"message": message, "type": "server_error"}}).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _answer(self, body: dict[str, Any], started: float, part: Any, end: Any, kind: str, whole: Any) -> None:
        scripted = self.model.next(body)
        if scripted.status != 200:
            self._error(scripted.status, "the model failed")
            return
        model = str(body.get("model", "loopback"))
        if not body.get("stream"):
            time.sleep(scripted.first_delay)
            data = json.dumps(whole(model, "".join(scripted.parts))).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
            return
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        self.wfile.flush()
        first = 0.0
        written: list[float] = []
        try:
            time.sleep(scripted.first_delay)
            for n, text in enumerate(scripted.parts):
                if scripted.cut_after is not None and n >= scripted.cut_after:
                    self.connection.shutdown(socket.SHUT_RDWR)  # mid-answer, no end of stream
                    self.close_connection = True
                    return
                if n:
                    time.sleep(scripted.delay)
                self._chunk(part(model, text))
                written.append(time.perf_counter() - started)
                first = first or written[-1]
            self._chunk(end(model))
            self.wfile.write(b"0\r\n\r\n")
            self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):  # the client gave up (a timeout)
            self.close_connection = True
            return
        with self.model.lock:
            self.model.timings.append((first, time.perf_counter() - started))
            self.model.parts_at.append(written)

    def _chunk(self, data: bytes) -> None:
        self.wfile.write(f"{len(data):x}\r\n".encode() + data + b"\r\n")
        self.wfile.flush()


def _openai_part(model: str, text: str) -> bytes:
    chunk = {
        "id": "chatcmpl-loopback",
        "object": "chat.completion.chunk",
        "created": int(time.time()),
        "model": model,
        "choices": [{"index": 0, "delta": {"role": "assistant", "content": text}, "finish_reason": None}],
    }
    return f"data: {json.dumps(chunk)}\n\n".encode()


def _openai_end(model: str) -> bytes:
    chunk = {
        "id": "chatcmpl-loopback",
        "object": "chat.completion.chunk",
        "created": int(time.time()),
        "model": model,
        "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}],
    }
    return f"data: {json.dumps(chunk)}\n\ndata: [DONE]\n\n".encode()


def _openai_whole(model: str, text: str) -> dict[str, Any]:
    return {
        "id": "chatcmpl-loopback",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": model,
        "choices": [{"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}],
        "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
    }


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S.000000Z", time.gmtime())


def _ollama_part(model: str, text: str) -> bytes:
    line = {"model": model, "created_at": _now(), "message": {"role": "assistant", "content": text}, "done": False}
    return (json.dumps(line) + "\n").encode()


def _ollama_end(model: str) -> bytes:
    line = {
        "model": model,
        "created_at": _now(),
        "message": {"role": "assistant", "content": ""},
        "done": True,
        "done_reason": "stop",
        "total_duration": 1,
        "load_duration": 1,
        "prompt_eval_count": 1,
        "prompt_eval_duration": 1,
        "eval_count": 1,
        "eval_duration": 1,
    }
    return (json.dumps(line) + "\n").encode()


def _ollama_whole(model: str, text: str) -> dict[str, Any]:
    end = json.loads(_ollama_end(model))
    return {**end, "message": {"role": "assistant", "content": text}}


@contextmanager
def loopback_model() -> Iterator[LoopbackModel]:
    """A model server on a free loopback port, for the length of the block."""
    model = LoopbackModel()
    with serving(type("Bound", (_Handler,), {"model": model}), _Server) as url:
        model.url = url
        yield model
