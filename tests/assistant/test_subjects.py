"""Data-subject requests: a shopper's conversations found by session token or by a contact they wrote, exported
whole (vault values opened) and erased whole, both audited, the audit chain still intact afterwards."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from pydantic import SecretStr

from assistant.compliance.subjects import NoSubject, erase, export, exported_keys, find_conversations, held
from assistant.config import PrivacySettings
from assistant.records.audit import AuditAction, verify
from assistant.records.tables import KEPT_ON_ERASURE as KEPT
from assistant.records.tables import StaffMessage
from assistant.runtime import Runtime, build_runtime
from guardrails import Sealer
from tests.conftest import make_settings
from tests.databases import postgres_url
from tests.netguard import guarded_environment

EMAIL = "Mireille.Vantorq@example.com"
PHONE = "06 12 34 56 78"
WORD = "zorblatquin"
"""A word of the shopper's messages found nowhere else."""
OTHER_EMAIL = "paul.other@example.org"
OTHER_WORD = "glimmerwaxen"


@dataclass
class World:
    runtime: Runtime
    vault_key: str
    mine: list[str]
    tokens: list[str]
    other: str


def converse(runtime: Runtime, *texts: str) -> tuple[str, str]:
    """A conversation in which the shopper wrote ``texts`` and each was answered; its id and token."""
    opened = runtime.chat.open(None, "en")
    cid = opened.conversation.id
    for number, text in enumerate(texts):
        accepted = runtime.chat.accept(cid, f"m{number}", text, "en")
        runtime.chat.answer(accepted.turn, "en")
    return cid, opened.token


@pytest.fixture
def world(demo_data_dir: Path, embeddings: Any, detector: Any) -> Iterator[World]:
    key = Sealer.new_key()
    settings = make_settings(demo_data_dir, privacy=PrivacySettings(vault_key=SecretStr(key)))
    runtime = build_runtime(settings, embeddings, detector)
    first, first_token = converse(
        runtime, f"do you still sell the {WORD} waterproof jacket?", f"my email is {EMAIL}, please write to me"
    )
    second, second_token = converse(runtime, f"call me on {PHONE} about the {WORD} order", f"or mail {EMAIL}")
    runtime.store.add_staff_message(
        StaffMessage(conversation_id=second, kind="note", author="ana", author_name="Ana", text=f"{WORD} note")
    )
    runtime.chat.queue.escalate(second, ("asked",), 0)
    other, _ = converse(runtime, f"my email is {OTHER_EMAIL}, any {OTHER_WORD} socks?")
    yield World(runtime, key, sorted([first, second]), [first_token, second_token], other)
    runtime.store.engine.dispose()


def rows_left(runtime: Runtime, cids: list[str]) -> dict[str, int]:
    """Rows about ``cids`` in every table of the database that has them, audit log aside."""
    counts: dict[str, int] = {}
    for tables in held(runtime.store, cids).values():
        for name, rows in tables.items():
            if name not in KEPT:
                counts[name] = counts.get(name, 0) + len(rows)
    return counts


def files_holding(data_dir: Path, text: str) -> list[Path]:
    return [path for path in data_dir.rglob("*") if path.is_file() and text.encode() in path.read_bytes()]


def test_a_contact_finds_every_conversation_it_was_written_in_and_no_other(world: World) -> None:
    store, key = world.runtime.store, world.runtime.settings.pseudonym_key()
    assert find_conversations(store, contact=EMAIL, key=key) == world.mine
    assert find_conversations(store, contact=f"  {EMAIL.upper()} ", key=key) == world.mine  # case, spaces
    first = find_conversations(store, session=world.tokens[0])
    second = find_conversations(store, session=world.tokens[1])
    assert sorted(first + second) == world.mine
    assert find_conversations(store, contact="+33 6 12 34 56 78", key=key) == second  # another spelling
    assert find_conversations(store, contact=OTHER_EMAIL, key=key) == [world.other]
    with pytest.raises(NoSubject, match="no conversation found for contact nobody@example.com"):
        find_conversations(store, contact="nobody@example.com", key=key)
    with pytest.raises(NoSubject, match="no conversation found for this session token"):
        find_conversations(store, session="not-a-token")


def test_export_holds_the_turns_the_opened_vault_values_and_the_audit_rows(world: World) -> None:
    runtime = world.runtime
    sealer = Sealer(world.vault_key)
    document = export(runtime.store, world.mine, sealer=sealer, actor="dpo", by="contact")
    assert [c["id"] for c in document["conversations"]] == world.mine
    text = json.dumps(document)
    assert OTHER_EMAIL not in text and OTHER_WORD not in text and world.other not in text
    for conversation in document["conversations"]:
        assert "token_hash" not in conversation["conversations"]
        turns = conversation["turns"]
        assert turns and all(turn["answer_text"] for turn in turns)
        assert any(WORD in turn["shopper_text"] for turn in turns)
        assert all(EMAIL not in turn["shopper_text"] for turn in turns)  # stored redacted
        values = {entry["placeholder"]: entry["value"] for entry in conversation["pii_entries"]}
        assert EMAIL in values.values()
        actions = [event["action"] for event in conversation["audit_events"]]
        assert "turn_recorded" in actions and actions[-1] == AuditAction.DATA_EXPORTED
        assert conversation["audit_events"][-1]["actor"] == "dpo"
        assert EMAIL not in conversation["audit_events"][-1]["detail"]
    second = document["conversations"][world.mine.index(find_conversations(runtime.store, session=world.tokens[1])[0])]
    assert PHONE in {entry["value"] for entry in second["pii_entries"]}
    assert [m["text"] for m in second["staff_messages"]] == [f"{WORD} note"]
    assert second["handovers"][0]["state"] == "queued"
    assert verify(runtime.store.engine).intact

    without_key = export(runtime.store, world.mine, sealer=None, actor="dpo", by="contact")
    entries = [e for c in without_key["conversations"] for e in c["pii_entries"]]
    assert entries and all(e["value"] is None and "no vault key" in e["note"] for e in entries)


def test_erase_by_contact_removes_everything_and_leaves_the_other_shopper(world: World) -> None:
    runtime = world.runtime
    data_dir = runtime.settings.data_dir
    other_before = rows_left(runtime, [world.other])
    assert files_holding(data_dir, WORD)  # the search finds it while it is kept
    document = export(runtime.store, world.mine, sealer=Sealer(world.vault_key), actor="dpo", by="contact")

    erasure = erase(runtime.store, world.mine, actor="dpo")

    assert rows_left(runtime, world.mine) == {}
    assert rows_left(runtime, [world.other]) == other_before
    # export holds everything that erase removes
    removed = {name: sorted(keys) for name, keys in erasure.removed.items()}
    assert removed == {name: sorted(keys) for name, keys in exported_keys(document, runtime.store).items()}
    assert {"conversations", "turns", "pii_entries", "staff_messages", "handovers"} <= set(removed)
    assert "erased 2 conversations" in erasure.summary()
    for needle in (EMAIL, EMAIL.lower(), PHONE, "0612345678", WORD):
        assert files_holding(data_dir, needle) == [], needle
    assert files_holding(data_dir, OTHER_WORD)
    erasures = [
        e for cid in world.mine for e in runtime.store.audit_events(cid) if e.action == AuditAction.CONVERSATION_ERASED
    ]
    assert [(e.conversation_id, e.actor) for e in erasures] == [(cid, "dpo") for cid in world.mine]
    assert verify(runtime.store.engine).intact
    assert find_conversations(runtime.store, contact=OTHER_EMAIL, key=runtime.settings.pseudonym_key())
    with pytest.raises(NoSubject):
        find_conversations(runtime.store, contact=EMAIL, key=runtime.settings.pseudonym_key())


def test_erase_by_session_removes_that_conversation_only(world: World) -> None:
    runtime = world.runtime
    [cid] = find_conversations(runtime.store, session=world.tokens[0])
    erase(runtime.store, [cid], actor="dpo")
    assert rows_left(runtime, [cid]) == {}
    assert len(find_conversations(runtime.store, contact=EMAIL, key=runtime.settings.pseudonym_key())) == 1
    assert verify(runtime.store.engine).intact


@pytest.mark.slow
def test_the_commands_export_and_erase(world: World, tmp_path: Path) -> None:
    runtime = world.runtime
    log = tmp_path / "network-attempts.log"
    env = {
        **guarded_environment(str(log)),
        "COMPTOIR_DATA_DIR": str(runtime.settings.data_dir),
        "COMPTOIR_PRIVACY__VAULT_KEY": world.vault_key,
    }

    def comptoir(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "assistant.cli", *args]
        return subprocess.run(command, env=env, capture_output=True, text=True, timeout=120, input=stdin)

    out = tmp_path / "export.json"
    done = comptoir("export", "--contact", EMAIL, "--out", str(out), "--actor", "dpo")
    assert done.returncode == 0, done.stderr
    document = json.loads(out.read_text())
    assert [c["id"] for c in document["conversations"]] == world.mine
    assert {EMAIL, PHONE} <= {e["value"] for c in document["conversations"] for e in c["pii_entries"]}
    printed = comptoir("export", f"--session={world.tokens[0]}")
    assert printed.returncode == 0, printed.stderr
    assert len(json.loads(printed.stdout)["conversations"]) == 1

    both = comptoir("export", f"--session={world.tokens[0]}", "--contact", EMAIL)
    assert both.returncode == 2 and "not allowed with argument" in both.stderr
    missing = comptoir("export", "--contact", "nobody@example.com")
    assert missing.returncode == 1 and "no conversation found for contact nobody@example.com" in missing.stderr

    declined = comptoir("erase", "--contact", EMAIL, stdin="n\n")
    assert declined.returncode == 1 and "nothing erased" in declined.stdout
    assert rows_left(runtime, world.mine)["turns"] == 4
    erased = comptoir("erase", "--contact", EMAIL, "--yes", "--actor", "dpo")
    assert erased.returncode == 0, erased.stderr
    assert erased.stdout.startswith("erased 2 conversations")
    assert "turns: 4 rows deleted" in erased.stdout
    assert rows_left(runtime, world.mine) == {}
    verified = comptoir("audit", "verify")
    assert verified.returncode == 0, verified.stdout
    again = comptoir("erase", f"--session={world.tokens[1]}", "--yes")
    assert again.returncode == 1 and "no conversation found" in again.stderr
    assert not log.exists(), "the commands tried to reach the network"
    exports = [
        e for cid in world.mine for e in runtime.store.audit_events(cid) if e.action == AuditAction.DATA_EXPORTED
    ]
    assert len(exports) == 3 and [e.actor for e in exports].count("dpo") == 2


@pytest.mark.slow
def test_a_known_customer_is_found_exported_and_erased_by_customer_id(world: World, tmp_path: Path) -> None:
    runtime = world.runtime
    first = runtime.chat.open(None, "en", None, "cust-4411").conversation.id
    runtime.chat.answer(runtime.chat.accept(first, "k1", f"do you have {WORD} boots? mail {EMAIL}", "en").turn, "en")
    second = runtime.chat.open(None, "fr", None, "cust-4411").conversation.id
    runtime.chat.answer(runtime.chat.accept(second, "k1", "une tente deux places ?", "fr").turn, "fr")
    runtime.chat.open(None, "en", None, "cust-9000")
    assert find_conversations(runtime.store, customer="cust-4411") == sorted([first, second])
    with pytest.raises(NoSubject, match="customer cust-0000"):
        find_conversations(runtime.store, customer="cust-0000")
    with pytest.raises(ValueError, match="give one of"):
        find_conversations(runtime.store, customer="cust-4411", session="x")

    env = {**guarded_environment(str(tmp_path / "net.log")), "COMPTOIR_DATA_DIR": str(runtime.settings.data_dir)}
    command = [sys.executable, "-m", "assistant.cli"]
    out = tmp_path / "customer.json"
    done = subprocess.run(
        [*command, "export", "--customer", "cust-4411", "--out", str(out), "--actor", "dpo"],
        env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    document = json.loads(out.read_text())
    assert document["found_by"] == "customer"
    assert sorted(c["id"] for c in document["conversations"]) == sorted([first, second])
    erased = subprocess.run(
        [*command, "erase", "--customer", "cust-4411", "--yes", "--actor", "dpo"],
        env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert erased.returncode == 0, erased.stderr
    assert rows_left(runtime, [first, second]) == {}
    assert find_conversations(runtime.store, customer="cust-9000")
    assert verify(runtime.store.engine).intact


def test_erasure_on_postgresql_leaves_no_trace_in_any_table(
    demo_data_dir: Path, embeddings: Any, detector: Any
) -> None:
    with postgres_url() as url:
        settings = make_settings(demo_data_dir, database_url=url)
        runtime = build_runtime(settings, embeddings, detector)
        try:
            mine, _ = converse(runtime, f"my email is {EMAIL}, is the {WORD} tent waterproof?", f"call {PHONE}")
            runtime.store.add_staff_message(
                StaffMessage(conversation_id=mine, kind="note", author="ana", author_name="Ana", text=f"{WORD} note")
            )
            other, _ = converse(runtime, f"any {OTHER_WORD} socks?")
            assert postgres_rows_holding(runtime, WORD)  # the search finds it while it is kept
            erase(runtime.store, [mine], actor="dpo")
            for needle in (EMAIL, EMAIL.lower(), PHONE, "0612345678", WORD):
                assert postgres_rows_holding(runtime, needle) == [], needle
            assert postgres_rows_holding(runtime, OTHER_WORD)
            assert rows_left(runtime, [other])["turns"] == 1
            assert verify(runtime.store.engine).intact
        finally:
            runtime.store.engine.dispose()


def postgres_rows_holding(runtime: Runtime, text: str) -> list[str]:
    """Every table of the schema whose rows, read as text, hold ``text``: the database searched as a whole."""
    import sqlalchemy as sa

    found = []
    with runtime.store.engine.connect() as connection:
        tables = sa.inspect(connection).get_table_names()
        for table in tables:
            hits = connection.execute(
                sa.text(f'SELECT count(*) FROM "{table}" AS t WHERE strpos(t::text, :needle) > 0'), {"needle": text}
            ).scalar_one()
            if hits:
                found.append(table)
    return found
