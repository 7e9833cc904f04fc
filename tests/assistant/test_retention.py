"""Retention: conversations inactive for longer than the period are purged (CLI, server task), audited, and
leave no text behind; recent conversations and those a person handles are kept."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from pydantic import ValidationError
from sqlmodel import Session, col, select

from assistant.compliance.retention import PurgeReport, cutoff, purge, purge_inactive
from assistant.config import RetentionSettings, Settings
from assistant.records.audit import verify
from assistant.records.store import ConversationStore, make_engine
from assistant.records.tables import AuditEvent, Conversation, PiiEntry, StaffMessage, Turn
from assistant.runtime import Runtime, build_runtime
from assistant.web.app import _start_purger, create_app
from escalation.queue import Handover, State
from guardrails import Sealer
from tests.conftest import make_settings
from tests.databases import at_once, postgres_url
from tests.netguard import guarded_environment

OLD_WORD = "quorvexillian"
"""A word of the old shopper's message, found nowhere else (not in the catalog, not a name)."""


@pytest.fixture(params=["sqlite", "postgres"])
def database(request: pytest.FixtureRequest) -> Iterator[dict[str, str]]:
    """The settings that choose the database."""
    if request.param == "sqlite":
        yield {}
        return
    with postgres_url() as url:
        yield {"database_url": url}


def start(data_dir: Path, embeddings: Any, detector: Any, **overrides: Any) -> Runtime:
    privacy = {"vault_key": Sealer.new_key()}
    return build_runtime(make_settings(data_dir, privacy=privacy, **overrides), embeddings, detector)


@pytest.fixture
def runtime(demo_data_dir: Path, database: dict[str, str], embeddings: Any, detector: Any) -> Iterator[Runtime]:
    started = start(demo_data_dir, embeddings, detector, **database)
    yield started
    started.store.engine.dispose()


@pytest.fixture
def sqlite_runtime(demo_data_dir: Path, embeddings: Any, detector: Any) -> Iterator[Runtime]:
    started = start(demo_data_dir, embeddings, detector)
    yield started
    started.store.engine.dispose()


def converse(runtime: Runtime, *texts: str) -> str:
    """A conversation in which the shopper wrote ``texts`` and the assistant answered each; its id.

    A hand-over the policy may have opened is closed: no person is handling it.
    """
    opened = runtime.chat.open(None, "en")
    cid = opened.conversation.id
    for number, text in enumerate(texts):
        accepted = runtime.chat.accept(cid, f"m{number}", text, "en")
        runtime.chat.answer(accepted.turn, "en")
    if runtime.chat.queue.state(cid) in (State.QUEUED, State.ASSIGNED):
        runtime.chat.queue.close(cid, runtime.chat.queue.holder(cid) or "ana", "answered")
    return cid


def with_everything(runtime: Runtime) -> str:
    """A conversation holding every kind of row: turns, vault entries, an agent's note, a closed hand-over."""
    cid = converse(runtime, f"a waterproof jacket like the {OLD_WORD} one", "my email is jo.quorv@example.com")
    runtime.store.add_staff_message(
        StaffMessage(conversation_id=cid, kind="note", author="ana", author_name="Ana", text=f"{OLD_WORD} note")
    )
    runtime.chat.queue.escalate(cid, ("asked",), 0)
    runtime.chat.queue.close(cid, "ana", "answered by mail")
    return cid


def age(runtime: Runtime, cid: str, days: float) -> None:
    """Set every time of a conversation ``days`` back."""
    then = datetime.now(UTC) - timedelta(days=days)
    with runtime.store.engine.begin() as connection:
        connection.execute(
            sa.update(Conversation).where(col(Conversation.id) == cid).values(created_at=then, last_seen_at=then)
        )
        connection.execute(sa.update(Turn).where(col(Turn.conversation_id) == cid).values(created_at=then))
        connection.execute(
            sa.update(Turn)
            .where(col(Turn.conversation_id) == cid, col(Turn.answered_at).is_not(None))
            .values(answered_at=then)
        )
        connection.execute(sa.update(StaffMessage).where(col(StaffMessage.conversation_id) == cid).values(at=then))
        connection.execute(sa.update(Handover).where(col(Handover.conversation_id) == cid).values(updated_at=then))


def rows_of(runtime: Runtime, cid: str) -> dict[str, int]:
    """How many rows each table holds about a conversation."""
    counts = {}
    with Session(runtime.store.engine) as session:
        for name, column in (
            ("conversations", Conversation.id),
            ("turns", Turn.conversation_id),
            ("pii_entries", PiiEntry.conversation_id),
            ("staff_messages", StaffMessage.conversation_id),
            ("handovers", Handover.conversation_id),
            ("audit_events", AuditEvent.conversation_id),
        ):
            counts[name] = session.exec(select(sa.func.count()).where(col(column) == cid)).one()
    return counts


def purge_events(runtime: Runtime) -> list[AuditEvent]:
    with Session(runtime.store.engine) as session:
        statement = select(AuditEvent).where(AuditEvent.action == "conversations_purged")
        return list(session.exec(statement).all())


def test_purge_deletes_exactly_the_inactive_conversations_and_is_audited(runtime: Runtime) -> None:
    old = with_everything(runtime)
    old_plain = converse(runtime, "do you ship to Switzerland?")
    recent = converse(runtime, "trail running shoes")
    queued = converse(runtime, "sleeping bag for winter")
    held = converse(runtime, "a tent for 4 people")
    came_back = converse(runtime, "hiking boots")
    runtime.chat.queue.escalate(queued, ("asked",), 0)
    runtime.chat.queue.take_over(held, "ana")
    for cid in (old, old_plain, queued, held, came_back):
        age(runtime, cid, 100)
    runtime.chat.open(None, "en")  # an empty conversation opened now
    accepted = runtime.chat.accept(came_back, "later", "and gaiters?", "en")  # a new message today
    runtime.chat.answer(accepted.turn, "en")
    before = rows_of(runtime, old)
    assert all(before[table] for table in before), before

    report = purge(runtime.store, 90)

    assert (report.purged, report.skipped, report.dry_run) == (2, 2, False)
    assert abs(report.before - cutoff(90)) < timedelta(seconds=60)
    for cid in (old, old_plain):
        after = rows_of(runtime, cid)
        assert {table: n for table, n in after.items() if table != "audit_events"} == dict.fromkeys(
            ("conversations", "turns", "pii_entries", "staff_messages", "handovers"), 0
        )
    assert rows_of(runtime, old)["audit_events"] == before["audit_events"]  # they hold no shopper text
    for cid in (recent, queued, held, came_back):
        assert runtime.store.conversation(cid) is not None
        assert runtime.store.transcript(cid)
    (event,) = purge_events(runtime)
    assert (event.conversation_id, event.actor) == (None, "retention")
    detail = json.loads(event.detail)
    assert detail == {"count": 2, "skipped": 2, "older_than_days": 90, "before": report.before.isoformat()}
    assert old not in event.detail

    again = purge(runtime.store, 90)
    assert (again.purged, again.skipped) == (0, 2)
    assert len(purge_events(runtime)) == 2


def test_a_dry_run_counts_and_deletes_nothing(runtime: Runtime) -> None:
    old = with_everything(runtime)
    age(runtime, old, 40)
    recent = converse(runtime, "trail running shoes")
    before = rows_of(runtime, old)

    assert purge(runtime.store, 90, dry_run=True).purged == 0
    report = purge(runtime.store, 30, dry_run=True)

    assert (report.purged, report.skipped, report.dry_run) == (1, 0, True)
    assert report.summary().startswith("would purge 1 conversation ")
    assert rows_of(runtime, old) == before
    assert runtime.store.conversation(recent) is not None
    assert purge_events(runtime) == []


def test_two_purges_at_once_delete_each_conversation_once(runtime: Runtime) -> None:
    olds = [converse(runtime, f"tent number {number}") for number in range(6)]
    for cid in olds:
        age(runtime, cid, 100)
    others = [ConversationStore(make_engine(runtime.settings.sqlalchemy_url)) for _ in range(2)]
    try:
        outcomes = at_once([lambda store=store: purge(store, 90) for store in others])  # type: ignore[misc]
    finally:
        for store in others:
            store.engine.dispose()
    reports = [outcome for outcome in outcomes if isinstance(outcome, PurgeReport)]
    assert len(reports) == 2, outcomes
    assert sum(report.purged for report in reports) == 6
    assert all(runtime.store.conversation(cid) is None for cid in olds)


def test_each_batch_is_recorded_in_its_own_transaction(sqlite_runtime: Runtime) -> None:
    runtime = sqlite_runtime
    for n in range(5):
        converse(runtime, f"old question {n}")
    before = datetime.now(UTC) + timedelta(days=1)  # all of them are old by then
    purged, _ = purge_inactive(runtime.store, before, batch=2, detail={"older_than_days": 90})
    assert purged == 5
    events = purge_events(runtime)
    assert [json.loads(e.detail)["count"] for e in events] == [2, 2, 1]  # each with the deletes it records
    assert all(json.loads(e.detail)["before"] == before.isoformat() for e in events)
    assert verify(runtime.store.engine).intact
    purge_inactive(runtime.store, before)  # nothing left: the run is still on record
    assert [json.loads(e.detail)["count"] for e in purge_events(runtime)] == [2, 2, 1, 0]


def test_after_a_purge_no_file_under_the_data_dir_holds_the_old_text(sqlite_runtime: Runtime) -> None:
    runtime = sqlite_runtime
    old = with_everything(runtime)
    converse(runtime, "trail running shoes")
    assert OLD_WORD in runtime.store.transcript(old)[0].shopper_text
    age(runtime, old, 100)
    data_dir = runtime.settings.data_dir

    def holding(word: str) -> list[Path]:
        return [path for path in data_dir.rglob("*") if path.is_file() and word.encode() in path.read_bytes()]

    assert holding(OLD_WORD)  # the search can find it while it is kept
    assert purge(runtime.store, 90).purged == 1
    assert holding(OLD_WORD) == []
    assert holding("trail running shoes")  # the recent conversation is still there


@pytest.mark.slow
def test_comptoir_purge_prints_the_count_and_the_cutoff(sqlite_runtime: Runtime, tmp_path: Path) -> None:
    runtime = sqlite_runtime
    old = converse(runtime, "do you ship to Switzerland?")
    recent = converse(runtime, "trail running shoes")
    age(runtime, old, 45)
    log = tmp_path / "network-attempts.log"
    env = {**guarded_environment(str(log)), "COMPTOIR_DATA_DIR": str(runtime.settings.data_dir)}

    def comptoir(*args: str) -> str:
        command = [sys.executable, "-m", "assistant.cli", "purge", *args]
        done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        return done.stdout

    assert comptoir().startswith("purged 0 conversations ")  # the default: 90 days
    assert comptoir("--days", "30", "--dry-run").startswith("would purge 1 conversation ")
    assert runtime.store.conversation(old) is not None
    printed = comptoir("--days", "30")
    assert printed.startswith("purged 1 conversation inactive since before ")
    assert "(older than 30 days)" in printed
    assert str((datetime.now(UTC) - timedelta(days=30)).date()) in printed
    assert runtime.store.conversation(old) is None
    assert runtime.store.conversation(recent) is not None
    assert not log.exists(), "comptoir purge tried to reach the network"
    refused = subprocess.run(
        [sys.executable, "-m", "assistant.cli", "purge", "--days", "0"], env=env, capture_output=True, text=True
    )
    assert refused.returncode == 2 and "at least 1" in refused.stderr


def test_the_server_purges_periodically(demo_data_dir: Path, embeddings: Any, detector: Any) -> None:
    runtime = start(demo_data_dir, embeddings, detector, retention={"days": 90, "purge_every_hours": 0.5 / 3600})
    try:
        old = converse(runtime, "do you ship to Switzerland?")
        recent = converse(runtime, "trail running shoes")
        age(runtime, old, 100)
        with TestClient(create_app(runtime.settings, runtime)):
            deadline = time.monotonic() + 30
            while runtime.store.conversation(old) is not None and time.monotonic() < deadline:
                time.sleep(0.1)
            assert runtime.store.conversation(old) is None
            assert runtime.store.conversation(recent) is not None
            assert purge_events(runtime)
    finally:
        runtime.store.engine.dispose()


def test_retention_settings(monkeypatch: pytest.MonkeyPatch, sqlite_runtime: Runtime) -> None:
    assert (Settings().retention.days, Settings().retention.purge_every_hours) == (90, 24)
    monkeypatch.setenv("COMPTOIR_RETENTION__DAYS", "30")
    monkeypatch.setenv("COMPTOIR_RETENTION__PURGE_EVERY_HOURS", "0")
    assert (Settings().retention.days, Settings().retention.purge_every_hours) == (30, 0)
    with pytest.raises(ValidationError):
        RetentionSettings(days=0)
    off = sqlite_runtime.settings.model_copy(update={"retention": RetentionSettings(purge_every_hours=0)})
    assert _start_purger(dataclasses.replace(sqlite_runtime, settings=off)) is None  # no server task at 0
