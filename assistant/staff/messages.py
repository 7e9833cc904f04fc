"""One shopper message, from its arrival to its answer, whichever door it came through (the widget's socket or
``POST /api/chat``): checked, redacted and stored (then acknowledged), answered by the assistant or routed to the
person who has the conversation."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from typing import Any

from sqlalchemy.exc import IntegrityError
from starlette.concurrency import run_in_threadpool

from assistant.logs import about, naming
from assistant.records.tables import Turn
from assistant.staff.desk import HandoverDesk
from assistant.turn import ChatService, TakenOver

log = logging.getLogger("comptoir.chat")

Frame = dict[str, Any]

ERASED_TEXT = "This conversation was erased at your request; send a hello frame to start a new one."
FAILED_TEXT = "Sorry, something went wrong; your message is saved and will be answered."


def error(code: str, message: str, reply_to: str | None = None) -> Frame:
    """An error frame; the connection stays usable after it."""
    return {"type": "error", "code": code, "message": message, "reply_to": reply_to}


class ShopperMessages:
    """The one flow of a shopper message; the routes differ only in how they frame what it yields."""

    def __init__(self, chat: ChatService, desk: HandoverDesk):
        self.chat = chat
        self.desk = desk

    async def send(
        self,
        conversation_id: str,
        client_id: str,
        text: str,
        locale: str,
        client: str | None = None,
        *,
        stream: bool = False,
    ) -> AsyncIterator[Frame]:
        """The frames for one message: ``ack`` once it is stored, then the answer (or the hand-over's frames); with
        ``stream``, the answer's ``delta`` frames before it when a language model writes it.

        A message the limits refuse yields one error frame and nothing is stored (``MessageRefused``'s code);
        a conversation erased a moment ago yields the error ``erased``.
        """
        text = self.chat.check(text)
        try:
            accept = naming(self.chat.accept, conversation=conversation_id)
            accepted = await run_in_threadpool(accept, conversation_id, client_id, text, locale)
        except IntegrityError:
            if await run_in_threadpool(self.chat.store.conversation, conversation_id) is not None:
                raise
            yield error("erased", ERASED_TEXT, client_id)  # erased on request a moment ago
            return
        yield {"type": "ack", "id": client_id, "redacted": accepted.redacted_kinds()}
        if accepted.duplicate and accepted.turn.routed_to is not None:
            return  # a person has it already
        async for out in self.reply(
            accepted.turn, locale, replay=accepted.duplicate, client=client, stream=stream, handover=accepted.handover
        ):
            yield out

    async def reply(
        self,
        turn: Turn,
        locale: str,
        *,
        replay: bool = False,
        client: str | None = None,
        stream: bool = False,
        handover: str | None = None,
    ) -> AsyncIterator[Frame]:
        """The assistant's answer, unless the conversation is with a person: then it goes to them. ``client``: the
        shopper's network address (order look-ups are limited per address); ``stream``: send the ``delta`` frames
        of an answer a language model writes as they come; ``handover``: the conversation's hand-over state read
        as the message was stored (``Accepted.handover``), else it is read here."""
        if turn.answer_frame is None:
            held = await self.desk.held(turn, handover)
            if held is not None:
                for out in held:
                    yield out
                return
        if not replay or turn.answer_frame is None:
            yield {"type": "typing", "from": "assistant", "ai": True, "state": True}
        answer = naming(self.chat.answer_turn, conversation=turn.conversation_id, turn=turn.id)
        try:
            if stream and self.chat.written_by_model:  # the model's deltas reach the shopper as they come
                deltas: asyncio.Queue[Frame] = asyncio.Queue()
                loop = asyncio.get_running_loop()

                def send(frame: Frame) -> None:  # called from the worker thread that runs the turn
                    loop.call_soon_threadsafe(deltas.put_nowait, frame)

                answering = asyncio.ensure_future(run_in_threadpool(answer, turn, locale, client, send))
                async for delta in _while(answering, deltas):
                    yield delta
                answered = await answering
            else:
                answered = await run_in_threadpool(answer, turn, locale, client, None)
        except TakenOver:
            yield {"type": "typing", "from": "assistant", "ai": True, "state": False}
            await self.desk.forward(turn)
            return
        except Exception:
            with about(conversation=turn.conversation_id, turn=turn.id):
                log.exception("turn %s failed", turn.id)
            yield {"type": "typing", "from": "assistant", "ai": True, "state": False}
            yield error("internal", FAILED_TEXT, turn.client_id)
            return
        yield answered.frame
        await self.desk.answered(turn, answered.frame, queued=answered.queued)


async def _while(task: asyncio.Future[Any], frames: asyncio.Queue[Frame]) -> AsyncIterator[Frame]:
    """The frames put in ``frames`` while ``task`` runs, then those left; ``task`` is left done (its result or
    exception is read by awaiting it)."""
    while not task.done():
        getter = asyncio.ensure_future(frames.get())
        await asyncio.wait({task, getter}, return_when=asyncio.FIRST_COMPLETED)
        if getter.done():
            yield getter.result()
        else:
            getter.cancel()
    while not frames.empty():
        yield frames.get_nowait()
