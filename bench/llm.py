"""What Comptoir adds to an answer a language model writes: a real server (``comptoir serve``, ``responder=llm``)
phrasing its answers through a model server on loopback (tests/llms.py, speaking OpenAI's chat completions with
server-sent events, at a model's pace), shopper questions sent over the widget's WebSocket, and for each answer the
time to its first ``delta`` frame and to its final ``message`` frame, less the time the model itself took.

What is subtracted, per answer (the model's times are measured inside the model server, from the moment it has
read the request, so everything before the request — storing, redacting, retrieving, building the prompt,
connecting — and everything after the model's part was written — reading the stream, the sentence checks,
building, storing and sending the frames — counts as Comptoir's):

- from the time to the first ``delta``: the model's time to the part that releases the first sentence. The
  sentence gate (assistant/turn/responders/gate.py) releases a sentence only once the next one has begun and once
  ``JUDGE_WORDS`` words are waiting for the language check; which part does that is found by feeding the answer's
  parts, as the model streamed them, to a gate whose checks all pass (the answer was used, so the real checks
  passed too, at the same parts). An answer whose first sentence is released only at its end has the model's
  whole answer subtracted.
- from the time to the final ``message`` frame: the model's whole answer (its last part and the end of the
  stream written).

The share of that overhead spent before the model is asked (the turn up to the request: storing, redacting,
retrieving, the extractive draft, the prompt) is printed too: the time from sending the message to the model server
reading the request, on the bench's own clock (the model server runs in the bench's process).

Only answers the model wrote are counted: a message answered without the model (a greeting, a hand-over, a
question back) is left out, and an answer that fell back to the extractive one (``llm_fallback:*`` in the stored
turn's flags) is counted and reported, not timed.
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assistant.config import Settings
from assistant.records.store import ConversationStore, make_engine
from assistant.turn.responders.gate import SentenceGate
from tests.llms import LoopbackModel, Scripted, loopback_model, salesperson, words

PART_DELAY = 0.01
"""Seconds between two parts of the model's answer (a word and its space: about 100 words a second)."""
FIRST_DELAY = 0.2
"""Seconds before the model's first part (reading the prompt)."""
WARM = 10
"""Messages sent first and not timed (the first requests load the HTTP client, the checks' models, ...)."""
MEASURED = 100
PER_CONVERSATION = 5
"""Messages a shopper sends in one conversation before another shopper starts one."""
PAUSE = 0.3
"""Seconds between a frame answering a message and the next message (a shopper's pace)."""


@dataclass
class Sent:
    """One timed message: its times over the socket, and the model's answer to it (when it was asked)."""

    text: str
    first_delta: float | None = None
    final: float | None = None
    frame: dict[str, Any] = field(default_factory=dict)
    request: dict[str, Any] | None = None
    asked: float | None = None
    """Milliseconds from sending the message to the model server reading the request."""
    model: tuple[float, float] | None = None
    parts_at: list[float] = field(default_factory=list)
    handed_over: bool = False


def release_part(parts: list[str]) -> int | None:
    """The index of the part after which the gate releases its first sentence, ``None`` when only the end of the
    stream does."""
    released: list[str] = []
    gate = SentenceGate((), lambda sentence, cited: None, lambda text: True, released.append)
    for index, part in enumerate(parts):
        gate.feed(part)
        if released:
            return index
    return None


async def conversation_turns(port: int, model: LoopbackModel, texts: list[str]) -> list[Sent]:
    """Each message's frames timed, one shopper at a time at a shopper's pace; a message the hand-over policy gives
    to a person ends that conversation (a person answers what follows)."""
    import websockets

    read_at: list[float] = []  # when the model server read each request, on this process's clock
    serve = model.next

    def next_timed(body: dict[str, Any]) -> Scripted:
        read_at.append(time.perf_counter())
        return serve(body)

    model.next = next_timed  # type: ignore[method-assign]

    async def fresh() -> Any:
        ws = await websockets.connect(f"ws://127.0.0.1:{port}/ws/chat", max_size=None)
        await ws.send(json.dumps({"type": "hello", "session": None, "locale": "en"}))
        while json.loads(await ws.recv())["type"] != "welcome":
            pass
        return ws

    sent: list[Sent] = []
    ws = await fresh()
    in_conversation = 0
    try:
        for number, text in enumerate(texts):
            if in_conversation == PER_CONVERSATION:
                await ws.close()
                ws, in_conversation = await fresh(), 0
            in_conversation += 1
            one = Sent(text)
            asked, answered = len(model.requests), len(model.timings)
            started = time.perf_counter()
            await ws.send(json.dumps({"type": "message", "id": f"l{number}", "text": text}))
            while True:
                frame = json.loads(await ws.recv())
                if frame["type"] == "delta" and one.first_delta is None:
                    one.first_delta = (time.perf_counter() - started) * 1000
                elif frame["type"] in ("message", "error") and frame.get("reply_to") == f"l{number}":
                    one.final = (time.perf_counter() - started) * 1000
                    one.frame = frame
                    break
                elif frame["type"] == "handoff" and frame.get("state") in ("queued", "assigned"):
                    one.handed_over = True
                    break
            if len(model.requests) > asked:
                one.request = model.requests[asked]
                one.asked = (read_at[asked] - started) * 1000
                for _ in range(100):  # the model server files its timings just after the end of its stream
                    if len(model.timings) > answered:
                        break
                    await asyncio.sleep(0.01)
                if len(model.timings) > answered:
                    one.model = model.timings[answered]
                    one.parts_at = model.parts_at[answered]
            sent.append(one)
            if one.handed_over:
                await ws.close()
                ws, in_conversation = await fresh(), 0
            await asyncio.sleep(PAUSE)
    finally:
        await ws.close()
    return sent


def llm_figures(data_dir: Path, texts: list[str], percentiles: Callable[[list[float]], str]) -> None:
    """Print the times to the first ``delta`` and to the final frame of answers a model on loopback writes, the
    model's own times, and Comptoir's overhead over them, in ms."""
    from bench.__main__ import free_port, wait_ready

    messages = (texts * (1 + (WARM + MEASURED) // len(texts)))[: WARM + MEASURED]
    with loopback_model() as model:
        model.delay, model.first_delay = PART_DELAY, FIRST_DELAY
        port = free_port()
        env = {
            **os.environ,
            "COMPTOIR_DATA_DIR": str(data_dir),
            "COMPTOIR_RESPONDER": "llm",
            "COMPTOIR_LLM__MODEL": "openai:loopback-7b",
            "COMPTOIR_LLM__BASE_URL": f"{model.url}/v1",
            "COMPTOIR_LLM__API_KEY": "sk-loopback",
            "COMPTOIR_CHAT__CONVERSATIONS_PER_MINUTE": "1000",
        }
        server = subprocess.Popen(
            [sys.executable, "-m", "assistant.cli", "serve", "--port", str(port)], env=env, stderr=subprocess.DEVNULL
        )
        try:
            wait_ready(port)
            sent = asyncio.run(conversation_turns(port, model, messages))
        finally:
            server.terminate()
            server.wait(10)
    store = ConversationStore(make_engine(Settings(data_dir=data_dir).sqlalchemy_url))
    timed = sent[WARM:]
    firsts, first_model, first_over = [], [], []
    finals, final_model, final_over = [], [], []
    before: list[float] = []
    fallbacks: dict[str, int] = {}
    without_model = handed_over = errors = 0
    for one in timed:
        if one.handed_over:
            handed_over += 1
            continue
        if one.frame.get("type") != "message" or one.final is None:
            errors += 1
            continue
        turn = store.turn(one.frame["turn"])
        flags = json.loads((turn.flags if turn else None) or "[]")
        fell_back = [flag for flag in flags if flag.startswith("llm_fallback")]
        if one.request is None:
            without_model += 1
            continue
        if fell_back or one.model is None or one.first_delta is None:
            for flag in fell_back or ["no delta" if one.model else "model stream unfinished"]:
                fallbacks[flag] = fallbacks.get(flag, 0) + 1
            continue
        parts = words(salesperson(one.request.get("messages", [])))
        assert len(parts) == len(one.parts_at), (one.text, parts, one.parts_at)
        index = release_part(parts)
        to_release = (one.parts_at[index] if index is not None else one.model[1]) * 1000
        whole = one.model[1] * 1000
        firsts.append(one.first_delta)
        first_model.append(to_release)
        first_over.append(one.first_delta - to_release)
        finals.append(one.final)
        final_model.append(whole)
        final_over.append(one.final - whole)
        before.append(one.asked or 0.0)
    store.engine.dispose()
    pace = f"{FIRST_DELAY * 1000:.0f} ms to its first part, {PART_DELAY * 1000:.0f} ms between parts"
    print(f"LLM answers over WebSocket (loopback model: {pace}):")
    print(f"  first delta:                              {percentiles(firsts)}")
    print(f"    of which the model, to the part released: {percentiles(first_model)}")
    print(f"    overhead over the model's time:         {percentiles(first_over)}")
    print(f"  final message frame:                      {percentiles(finals)}")
    print(f"    of which the model's whole answer:      {percentiles(final_model)}")
    print(f"    overhead over the model's time:         {percentiles(final_over)}")
    print(f"  of the overhead, before the model is asked: {percentiles(before)}")
    print(
        f"  of the overhead, once the model answers: first delta {percentiles([o - b for o, b in zip(first_over, before, strict=True)])}"
    )
    print(
        f"                                           final frame {percentiles([o - b for o, b in zip(final_over, before, strict=True)])}"
    )
    fell = ", ".join(f"{flag}: {count}" for flag, count in sorted(fallbacks.items())) or "none"
    print(
        f"  {len(timed)} messages timed: {len(firsts)} answered by the model, fallbacks {fell}, "
        f"{without_model} answered without it, {handed_over} handed over, {errors} errors"
    )
