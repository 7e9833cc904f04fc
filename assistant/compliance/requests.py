"""What a compliance officer does for a shopper: hand over a copy of their data, erase it, and serve (or refuse)
the requests they filed from the widget.

Each move says what was done in one line, for the officer, or raises :class:`Refused` (:class:`NotFound` when what
it is about is gone) with a code and the reason. A shopper still in the chat hears of it over the bus.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from starlette.concurrency import run_in_threadpool

from assistant.compliance import subjects
from assistant.compliance.shopper import ShopperRights
from assistant.records.store import ConversationStore
from assistant.records.tables import SubjectRequest
from assistant.staff.desk import HandoverDesk, shopper_topic

GONE = "No such conversation (it may have been erased or purged)."


class Refused(Exception):
    """An officer's move that cannot be done; ``code`` names why, the message says it."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


class NotFound(Refused):
    """The conversation or the open request the move is about does not exist (any more)."""


@dataclass(frozen=True)
class DataRequests:
    """The officer's side of shoppers' data rights (GDPR art. 15 and 17)."""

    store: ConversationStore
    rights: ShopperRights
    desk: HandoverDesk

    async def subject(self, conversation_id: str) -> tuple[list[str], str]:
        """The conversations of the shopper of ``conversation_id`` (all those of their customer id, if they have
        one), and how they were found: ``conversation`` or ``customer``."""
        found = await run_in_threadpool(self.store.conversation, conversation_id[:64])
        if found is None:
            raise NotFound("no_conversation", GONE)
        if found.customer_id is None:
            return [found.id], "conversation"
        ids = await run_in_threadpool(subjects.find_conversations, self.store, customer=found.customer_id)
        return ids, "customer"

    async def copy(self, conversation_id: str, officer: str) -> dict[str, Any]:
        """Everything held about the shopper of this conversation, vault values opened when a vault key is set:
        the file to hand over (recorded in the audit log)."""
        ids, by = await self.subject(conversation_id)
        sealer = self.rights.chat.privacy.sealer
        return await run_in_threadpool(subjects.export, self.store, ids, sealer=sealer, actor=officer, by=by)

    async def erase(self, conversation_id: str, officer: str, request_id: str | None = None) -> str:
        """Erase the shopper of this conversation (all their conversations when they are a known customer) and
        close their open erasure requests (and ``request_id``); what was done, in one line."""
        ids, _ = await self.subject(conversation_id)
        return await self._erase(ids, officer, request_id)

    async def serve(
        self, request_id: str, officer: str, action: str | None, *, outcome: str = "", reason: str = ""
    ) -> str:
        """Serve an open request: ``erase`` (an erasure request), ``deliver`` (an access request's copy to the
        shopper's chat), ``done`` (an access request's copy sent another way, ``outcome`` saying how) or
        ``refuse`` (with a ``reason``); what was done, in one line."""
        found = await run_in_threadpool(subjects.open_request, self.store, request_id[:64])
        if found is None:
            raise NotFound("no_request", "No such open request.")
        if action == "refuse":
            return await self._refuse(found, officer, reason.strip())
        conversation = await run_in_threadpool(self.store.conversation, found.conversation_id)
        if conversation is None and action in ("erase", "done"):
            gone = "Nothing was held any more: the conversation had already been erased or purged."
            await self._close(found, officer, "done", gone)
            return gone
        if action == "erase" and found.kind == "erasure":
            ids, _ = await self.subject(found.conversation_id)
            return await self._erase(ids, officer, found.id)
        if action == "deliver" and found.kind == "access":
            return await self._deliver(found, officer, conversation.locale if conversation is not None else "en")
        if action == "done" and found.kind == "access":
            await self._close(found, officer, "done", outcome.strip() or "Export sent to the shopper.")
            return "Request marked as served."
        raise Refused("bad_action", f"{action!r} does not fit a {found.kind} request.")

    async def _refuse(self, found: SubjectRequest, officer: str, reason: str) -> str:
        if not reason:
            raise Refused("no_reason", "Say why the request is refused.")
        await self._close(found, officer, "refused", reason)
        return "Request refused."

    async def _deliver(self, found: SubjectRequest, officer: str, locale: str) -> str:
        """Put the copy in the shopper's chat (if it is open, they see it at once; else when they come back)."""
        ready = await run_in_threadpool(subjects.make_ready, self.store, found.id, officer)
        frame = self.rights.copy_ready_frame(ready, locale)
        await self.desk.bus.publish(shopper_topic(found.conversation_id), frame)
        return "The copy waits in the shopper's chat; they download it there (their session proves it is them)."

    async def _close(self, found: SubjectRequest, officer: str, status: str, outcome: str) -> None:
        await run_in_threadpool(subjects.close_request, self.store, found.id, officer, status, outcome)

    async def _erase(self, ids: list[str], officer: str, request_id: str | None) -> str:
        """Erase ``ids`` and close the open requests of those conversations that it serves."""
        pending = await run_in_threadpool(subjects.requests, self.store, "open", ids)
        conversations = [await run_in_threadpool(self.store.conversation, cid) for cid in ids]
        locales = {c.id: c.locale for c in conversations if c is not None}
        erased = await run_in_threadpool(subjects.erase, self.store, ids, actor=officer)
        for cid, locale in locales.items():  # a shopper still in the chat is told, and starts afresh
            await self.desk.bus.publish(shopper_topic(cid), self.rights.erased_frame(locale))
        await self.desk.queue_changed()  # agents' lists lose it
        rows = sum(len(keys) for keys in erased.removed.values())
        summary = f"Erased {len(ids)} conversation{'s' if len(ids) != 1 else ''} ({rows} rows)."
        for request in pending:
            if request.kind == "erasure" or request.id == request_id:
                await self._close(request, officer, "done", summary)
        return summary
