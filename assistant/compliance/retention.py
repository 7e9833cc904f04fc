"""Retention: conversations inactive for longer than the configured number of days are purged, and the purge is
audited. ``comptoir purge`` runs it once; the server runs it periodically (:func:`purge_periodically`)."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col
from starlette.concurrency import run_in_threadpool

from assistant.records import audit as chain
from assistant.records.audit import AuditAction
from assistant.records.store import ConversationStore
from assistant.records.tables import Conversation, StaffMessage, Turn

log = logging.getLogger("comptoir.retention")

ACTOR = "retention"
"""Who the audit log names for a purge by age."""


_HANDOVERS = sa.table(  # the hand-over's own room (escalation/queue.py); read here, never written
    "handovers",
    sa.column("conversation_id", sa.String),
    sa.column("state", sa.String),
    sa.column("updated_at", sa.DateTime),
)
_WITH_A_PERSON = ("queued", "assigned")
"""Hand-over states in which a person is handling the conversation (or about to)."""


def _inactive_since(moment: datetime) -> sa.ColumnElement[bool]:
    """Conversations in which nothing happened since ``moment``: not opened, no turn, no agent, no hand-over move."""
    cid = col(Conversation.id)
    recent_turn = sa.exists().where(
        col(Turn.conversation_id) == cid, sa.or_(col(Turn.created_at) >= moment, col(Turn.answered_at) >= moment)
    )
    recent_staff = sa.exists().where(col(StaffMessage.conversation_id) == cid, col(StaffMessage.at) >= moment)
    recent_move = sa.exists().where(_HANDOVERS.c.conversation_id == cid, _HANDOVERS.c.updated_at >= moment)
    return sa.and_(col(Conversation.last_seen_at) < moment, ~recent_turn, ~recent_staff, ~recent_move)


def purge_inactive(
    store: ConversationStore,
    before: datetime,
    *,
    dry_run: bool = False,
    batch: int = 500,
    actor: str = ACTOR,
    detail: dict[str, Any] | None = None,
) -> tuple[int, int]:
    """Delete every conversation with no activity since ``before``, and everything held about it.

    A conversation is inactive when it was last opened, and its turns were written and answered, and
    agents wrote in it, and its hand-over last moved, all before ``before``. One waiting for a person or
    held by an agent is kept. Returns how many were (with ``dry_run``: would be) deleted and how many
    were kept for a person. Several processes may purge at once: on PostgreSQL each locks the rows it
    deletes and skips those another holds; on SQLite each batch runs under the write lock.

    Each batch's deletes and its ``conversations_purged`` audit record (the count, the cutoff and
    ``detail``, never the ids) are one transaction: a crash leaves both or neither. A purge that finds
    nothing to delete is recorded too.
    """
    inactive = _inactive_since(before)
    held = sa.exists().where(
        _HANDOVERS.c.conversation_id == col(Conversation.id), _HANDOVERS.c.state.in_(_WITH_A_PERSON)
    )
    with store.engine.connect() as connection:
        skipped = connection.execute(sa.select(sa.func.count()).where(inactive, held)).scalar_one()
        if dry_run:
            return connection.execute(sa.select(sa.func.count()).where(inactive, ~held)).scalar_one(), skipped
    purged = 0
    while True:
        with Session(store.engine) as session:
            connection = session.connection()
            if connection.dialect.name == "sqlite":
                connection.exec_driver_sql("BEGIN IMMEDIATE")  # the choice and the deletes under one write lock
            statement = (
                sa.select(col(Conversation.id))
                .where(inactive, ~held)
                .limit(batch)
                .with_for_update(skip_locked=True)  # PostgreSQL: rows another purge is deleting are left to it
            )
            ids = list(connection.execute(statement).scalars())
            if ids:
                store.delete_conversations(connection, ids)
            if ids or purged == 0:
                record = {"count": len(ids), "skipped": skipped, **(detail or {}), "before": before.isoformat()}
                chain.append(session, None, actor, AuditAction.CONVERSATIONS_PURGED, record)
            session.commit()
        purged += len(ids)
        if len(ids) < batch:
            return purged, skipped


@dataclass(frozen=True)
class PurgeReport:
    """What a purge did (or, dry, would do)."""

    before: datetime
    older_than_days: int
    purged: int
    skipped: int
    dry_run: bool = False

    def summary(self) -> str:
        """One line for the terminal."""
        verb = "would purge" if self.dry_run else "purged"
        line = (
            f"{verb} {self.purged} conversation{'s' if self.purged != 1 else ''} inactive since before "
            f"{self.before.isoformat(timespec='seconds')} (older than {self.older_than_days} days)"
        )
        if self.skipped:
            line += f"; kept {self.skipped} waiting for or held by a person"
        return line


def cutoff(days: int, now: datetime | None = None) -> datetime:
    """The moment before which a conversation's last activity makes it old: ``days`` days ago."""
    if days < 1:
        raise ValueError(f"retention days must be at least 1, not {days}")
    return (now or datetime.now(UTC)) - timedelta(days=days)


def purge(
    store: ConversationStore, days: int, *, dry_run: bool = False, now: datetime | None = None, actor: str = ACTOR
) -> PurgeReport:
    """Delete the conversations inactive for more than ``days`` days, audit it, and (SQLite) empty the log.

    The audit events (one per batch of 500, in the batch's transaction) hold counts and the cutoff, not the
    conversations' ids. A dry run changes nothing.
    """
    before = cutoff(days, now)
    purged, skipped = purge_inactive(store, before, dry_run=dry_run, actor=actor, detail={"older_than_days": days})
    report = PurgeReport(before, days, purged, skipped, dry_run)
    if dry_run:
        return report
    if not store.checkpoint():
        log.warning("the SQLite write-ahead log could not be emptied after the purge (a reader held it)")
    return report


async def purge_periodically(
    store: ConversationStore, days: int, every_seconds: float, first_after: float = 60.0
) -> None:
    """Purge ``first_after`` seconds from now (or sooner, when the period is shorter), then every period.

    Runs until cancelled; a failed purge is logged and tried again at the next period.
    """
    delay = min(first_after, every_seconds)
    while True:
        await asyncio.sleep(delay)
        delay = every_seconds
        try:
            report = await run_in_threadpool(purge, store, days)
        except Exception:
            log.exception("retention purge failed; trying again in %.0f s", every_seconds)
            continue
        if report.purged or report.skipped:
            log.info("retention: %s", report.summary())
