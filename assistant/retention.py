"""Retention: conversations inactive for longer than the configured number of days are purged, and the purge is
audited. ``comptoir purge`` runs it once; the server runs it periodically (:func:`purge_periodically`)."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from starlette.concurrency import run_in_threadpool

from assistant.store import ConversationStore

log = logging.getLogger("comptoir.retention")

ACTOR = "retention"
"""Who the audit log names for a purge by age."""


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
    purged, skipped = store.purge_inactive(before, dry_run=dry_run, actor=actor, detail={"older_than_days": days})
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
