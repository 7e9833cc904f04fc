"""The audit log is a hash chain: a record changed, removed or inserted by hand is named; erasure keeps it whole."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command

from assistant.records.audit import AuditAction, record_hash, verify
from assistant.records.migrate import alembic_config
from assistant.records.store import ConversationStore, make_engine
from assistant.runtime import Runtime, build_runtime
from tests.conftest import make_settings
from tests.databases import at_once, postgres_engines


@pytest.fixture
def runtime(demo_data_dir, embeddings, detector) -> Runtime:  # type: ignore[no-untyped-def]
    """A runtime with its own empty database over the demo index."""
    return build_runtime(make_settings(demo_data_dir), embeddings, detector)


def chat_a_little(runtime: Runtime) -> str:
    """A conversation with two answered turns and an agent's claim; its id."""
    chat = runtime.chat
    conversation = chat.open(None, "en").conversation.id
    for client_id, text in (("m1", "a waterproof jacket for hiking"), ("m2", "what is your return policy?")):
        chat.answer(chat.accept(conversation, client_id, text, "en").turn, "en")
    runtime.store.audit(conversation, "camille", "claimed")
    return conversation


def execute(engine: sa.Engine, statement: str, **values: object) -> None:
    with engine.begin() as connection:
        connection.execute(sa.text(statement), values)


def records(engine: sa.Engine) -> list[dict[str, object]]:
    with engine.connect() as connection:
        rows = connection.execute(sa.text("SELECT * FROM audit_events ORDER BY seq")).all()
    return [dict(row._mapping) for row in rows]


def test_a_chain_over_real_turns_and_events_verifies(runtime: Runtime) -> None:
    conversation = chat_a_little(runtime)
    rows = records(runtime.store.engine)
    assert [row["seq"] for row in rows] == list(range(1, len(rows) + 1))
    assert all(rows[n]["prev_hash"] == rows[n - 1]["hash"] for n in range(1, len(rows)))
    recorded = [json.loads(str(row["detail"]))["turn"] for row in rows if row["action"] == AuditAction.TURN_RECORDED]
    assert recorded == [turn.id for turn in runtime.store.transcript(conversation)]
    verdict = verify(runtime.store.engine)
    assert verdict.intact and verdict.records == len(rows) and verdict.head_hash == rows[-1]["hash"]


@pytest.mark.parametrize(("column", "value"), [("detail", '{"note": "nothing to see"}'), ("action", "handed_back")])
def test_an_event_changed_by_hand_is_named(runtime: Runtime, column: str, value: str) -> None:
    chat_a_little(runtime)
    claimed = next(row for row in records(runtime.store.engine) if row["action"] == "claimed")
    execute(
        runtime.store.engine,
        f"UPDATE audit_events SET {column} = :value WHERE seq = :seq",
        value=value,
        seq=claimed["seq"],
    )
    problem = verify(runtime.store.engine).problem
    assert problem is not None and (problem.kind, problem.seq, problem.record_id) == (
        "changed",
        claimed["seq"],
        claimed["id"],
    )
    assert f"record seq {claimed['seq']} (id {claimed['id']}," in problem.describe()


def test_a_turn_changed_by_hand_is_named(runtime: Runtime) -> None:
    conversation = chat_a_little(runtime)
    first = runtime.store.transcript(conversation)[0]
    execute(runtime.store.engine, "UPDATE turns SET answer_text = 'We sell no jackets.' WHERE id = :id", id=first.id)
    problem = verify(runtime.store.engine).problem
    assert problem is not None and problem.kind == "changed" and problem.action == AuditAction.TURN_RECORDED
    assert first.id in problem.explanation
    recorded = next(row for row in records(runtime.store.engine) if first.id in str(row["detail"]))
    assert problem.seq == recorded["seq"]


def test_a_removed_event_is_named(runtime: Runtime) -> None:
    chat_a_little(runtime)
    rows = records(runtime.store.engine)
    middle = rows[len(rows) // 2]
    execute(runtime.store.engine, "DELETE FROM audit_events WHERE seq = :seq", seq=middle["seq"])
    problem = verify(runtime.store.engine).problem
    assert problem is not None and (problem.kind, problem.seq) == ("removed", middle["seq"])


def test_a_removed_turn_is_named_unless_erased(runtime: Runtime) -> None:
    conversation = chat_a_little(runtime)
    last = runtime.store.transcript(conversation)[-1]
    execute(runtime.store.engine, "DELETE FROM turns WHERE id = :id", id=last.id)
    problem = verify(runtime.store.engine).problem
    assert problem is not None and problem.kind == "removed" and last.id in problem.explanation


def test_an_inserted_event_is_named(runtime: Runtime) -> None:
    """A forged record slipped in the middle with a valid hash of its own, the later ones moved down."""
    chat_a_little(runtime)
    engine = runtime.store.engine
    rows = records(engine)
    position = len(rows) // 2
    before = rows[position - 1]
    execute(engine, "UPDATE audit_events SET seq = seq + 1000 WHERE seq > :seq", seq=before["seq"])
    execute(engine, "UPDATE audit_events SET seq = seq - 999 WHERE seq > 1000")
    seq, at = int(str(before["seq"])) + 1, datetime.now(UTC)
    stored_at = at.strftime("%Y-%m-%d %H:%M:%S.%f")  # as SQLite keeps times: UTC, without the zone
    forged = {
        "seq": seq, "prev_hash": before["hash"], "at": stored_at, "conversation_id": None, "actor": "dpo",
        "action": "policy_approved", "detail": "{}",
        "hash": record_hash(seq, str(before["hash"]), at, None, "dpo", "policy_approved", "{}"),
    }  # fmt: skip
    execute(
        engine,
        "INSERT INTO audit_events (seq, prev_hash, hash, at, conversation_id, actor, action, detail) "
        "VALUES (:seq, :prev_hash, :hash, :at, :conversation_id, :actor, :action, :detail)",
        **forged,
    )
    problem = verify(engine).problem
    assert problem is not None and (problem.kind, problem.seq, problem.action) == ("inserted", seq, "policy_approved")


def test_a_record_added_at_the_end_by_hand_is_named(runtime: Runtime) -> None:
    chat_a_little(runtime)
    engine = runtime.store.engine
    last = records(engine)[-1]
    execute(
        engine,
        "INSERT INTO audit_events (seq, prev_hash, hash, at, actor, action, detail) "
        "VALUES (:seq, :prev, :hash, :at, 'dpo', 'pii_revealed', '{}')",
        seq=int(str(last["seq"])) + 1, prev="0" * 64, hash="f" * 64, at="2026-11-28 10:00:00.000000",
    )  # fmt: skip
    problem = verify(engine).problem
    assert problem is not None and (problem.kind, problem.seq) == ("inserted", int(str(last["seq"])) + 1)


def test_erasure_keeps_the_chain_verifiable(runtime: Runtime) -> None:
    conversation = chat_a_little(runtime)
    other = chat_a_little(runtime)
    assert runtime.store.erase(conversation, actor="dpo")
    assert runtime.store.transcript(conversation) == []
    verdict = verify(runtime.store.engine)
    assert verdict.intact, verdict.problem
    erased = records(runtime.store.engine)[-1]
    assert (erased["action"], erased["actor"], erased["conversation_id"]) == (
        "conversation_erased",
        "dpo",
        conversation,
    )
    # the other conversation's turns are still checked
    execute(runtime.store.engine, "UPDATE turns SET shopper_text = 'changed' WHERE conversation_id = :c", c=other)
    problem = verify(runtime.store.engine).problem
    assert problem is not None and problem.kind == "changed"


def test_a_purge_covers_the_turns_it_deleted(runtime: Runtime) -> None:
    conversation = chat_a_little(runtime)
    execute(runtime.store.engine, "DELETE FROM turns WHERE conversation_id = :c", c=conversation)
    assert not verify(runtime.store.engine).intact
    runtime.store.audit(
        None,
        "retention",
        AuditAction.CONVERSATIONS_PURGED,
        count=1,
        before=(datetime.now(UTC) + timedelta(seconds=1)).isoformat(),
    )
    assert verify(runtime.store.engine).intact


def test_a_purge_by_age_keeps_the_chain_verifiable(runtime: Runtime) -> None:
    from assistant.compliance.retention import purge

    conversation = chat_a_little(runtime)
    report = purge(runtime.store, 1, now=datetime.now(UTC) + timedelta(days=2))
    assert (report.purged, runtime.store.transcript(conversation)) == (1, [])
    assert records(runtime.store.engine)[-1]["action"] == AuditAction.CONVERSATIONS_PURGED
    verdict = verify(runtime.store.engine)
    assert verdict.intact, verdict.problem


def test_writers_at_once_keep_one_chain(tmp_path: Path) -> None:
    """Eight writers, each with its own engine (as separate processes would be), append at the same moment."""
    url = f"sqlite:///{tmp_path / 'audit.db'}"
    ConversationStore(make_engine(url)).create_schema()
    stores = [ConversationStore(make_engine(url)) for _ in range(8)]

    def write(store: ConversationStore, number: int) -> None:
        for event in range(10):
            store.audit(None, f"writer-{number}", "checked", event=event)

    outcomes = at_once([lambda s=store, n=number: write(s, n) for number, store in enumerate(stores)])
    assert outcomes == [None] * 8
    verdict = verify(stores[0].engine)
    assert verdict.intact and verdict.records == 80 and verdict.head_seq == 80


def test_events_written_before_the_chain_are_chained_by_the_migration(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'old.db'}")
    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), "0005")
        for number, action in enumerate(("pii_revealed", "conversation_erased", "escalated")):
            connection.execute(
                sa.text(
                    "INSERT INTO audit_events (at, conversation_id, actor, action, detail) "
                    "VALUES (:at, 'c1', 'agent', :action, '{}')"
                ),
                {"at": f"2026-11-0{number + 1} 10:00:00.000000", "action": action},
            )
    store = ConversationStore(engine)
    store.create_schema()
    store.audit("c2", "agent", "claimed")
    verdict = verify(engine)
    assert verdict.intact and verdict.records == 4
    assert [row["action"] for row in records(engine)] == ["pii_revealed", "conversation_erased", "escalated", "claimed"]


def comptoir(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    from tests.netguard import guarded_environment

    env = {**guarded_environment(str(data_dir.parent / "network-attempts.log")), "COMPTOIR_DATA_DIR": str(data_dir)}
    return subprocess.run(
        [sys.executable, "-m", "assistant.cli", *args], env=env, capture_output=True, text=True, timeout=300
    )


@pytest.mark.slow
def test_the_command_says_intact_or_names_the_record(runtime: Runtime) -> None:
    chat_a_little(runtime)
    rows = records(runtime.store.engine)
    result = comptoir(runtime.settings.data_dir, "audit", "verify")
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.splitlines()[0] == f"audit log intact: {len(rows)} records"
    target = rows[1]
    execute(runtime.store.engine, "UPDATE audit_events SET detail = '{}' WHERE seq = :seq", seq=target["seq"])
    result = comptoir(runtime.settings.data_dir, "audit", "verify")
    assert result.returncode == 1, result.stderr[-2000:]
    line = result.stdout.strip()
    assert line.startswith(f"audit log broken: record seq {target['seq']} (id {target['id']}, ")
    assert str(target["action"]) in line and "was changed" in line


def test_postgresql_chain_holds_under_writers_at_once_and_names_a_change() -> None:
    with postgres_engines(6) as engines:
        store = ConversationStore(engines[0])
        store.create_schema()
        opened = store.open(None, "en")
        accepted = store.accept(opened.conversation.id, "m1", "a tent for <PERSON_1>", "en")
        store.complete(accepted.turn, answer_text="Here are two tents.", confidence=0.61, intent="product_search")
        stores = [ConversationStore(engine) for engine in engines]

        def write(store: ConversationStore, number: int) -> None:
            for event in range(5):
                store.audit(opened.conversation.id, f"writer-{number}", "checked", event=event)

        assert at_once([lambda s=s, n=n: write(s, n) for n, s in enumerate(stores)]) == [None] * 6
        verdict = verify(engines[0])
        assert verdict.intact and verdict.records == 31, verdict.problem

        execute(engines[0], "UPDATE turns SET answer_text = 'No tents.' WHERE id = :id", id=accepted.turn.id)
        problem = verify(engines[0]).problem
        assert problem is not None and (problem.kind, problem.seq) == ("changed", 1)

        assert store.erase(opened.conversation.id, actor="dpo")
        assert verify(engines[0]).intact
        execute(engines[0], "UPDATE audit_events SET actor = 'someone' WHERE seq = 7")
        problem = verify(engines[0]).problem
        assert problem is not None and (problem.kind, problem.seq) == ("changed", 7)


@pytest.mark.slow
def test_a_log_rewritten_whole_is_caught_by_the_head_kept_elsewhere(runtime: Runtime) -> None:
    """Whoever can write the database can change a record and hash every later one again: the chain then holds
    together, and only a head hash kept outside Comptoir from an earlier check shows it."""
    conversation = chat_a_little(runtime)
    engine = runtime.store.engine
    kept = verify(engine).head_hash
    runtime.store.audit(conversation, "camille", "handed_back")  # the log grows honestly after the check
    assert verify(engine, kept).intact
    rows = records(engine)
    prev = str(rows[0]["prev_hash"])
    for row in rows:  # an agent's claim becomes someone else's, and the whole chain is hashed again
        actor = "mallory" if row["action"] == "claimed" else str(row["actor"])
        at = datetime.fromisoformat(str(row["at"])).replace(tzinfo=UTC)
        digest = record_hash(
            int(str(row["seq"])), prev, at, row["conversation_id"], actor, str(row["action"]), str(row["detail"])
        )  # type: ignore[arg-type]
        execute(
            engine, "UPDATE audit_events SET actor = :a, prev_hash = :p, hash = :h WHERE seq = :s",
            a=actor, p=prev, h=digest, s=row["seq"],
        )  # fmt: skip
        prev = digest
    assert verify(engine).intact  # a chain rewritten whole holds together
    caught = verify(engine, kept).problem
    assert caught is not None and caught.kind == "rewritten" and kept in caught.describe()
    result = comptoir(runtime.settings.data_dir, "audit", "verify", "--expect-head", kept)
    assert result.returncode == 1 and "rewritten or cut back" in result.stdout, result.stderr[-2000:]
    fine = comptoir(runtime.settings.data_dir, "audit", "verify", "--expect-head", prev)
    assert fine.returncode == 0 and "still in the chain" in fine.stdout, fine.stderr[-2000:]
