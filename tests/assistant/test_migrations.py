"""Schema changes go through Alembic: a new database, and one made by the first release, end up the same."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlmodel import SQLModel

from assistant.orders.access import LookupFailure  # noqa: F401  (its table is part of the schema)
from assistant.orders.book import OrderRow  # noqa: F401  (its table is part of the schema)
from assistant.records.migrate import HEAD, alembic_config, migrate, revision
from assistant.records.store import ConversationStore, make_engine
from assistant.records.tables import (  # noqa: F401  (the tables)
    Consent,
    Preference,
    SubjectRequest,  # noqa: F401
)
from assistant.staff.accounts import User  # noqa: F401  (its table is part of the schema)
from escalation.queue import Handover  # noqa: F401
from tests.databases import at_once, postgres_engines


def differences(engine: sa.Engine) -> list[object]:
    with engine.connect() as connection:
        return list(compare_metadata(MigrationContext.configure(connection), SQLModel.metadata))


def test_a_new_database_gets_exactly_the_models_schema(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'new.db'}")
    ConversationStore(engine).create_schema()
    assert revision(engine) == HEAD
    assert differences(engine) == []
    ConversationStore(engine).create_schema()  # a second start changes nothing
    assert revision(engine) == HEAD


def test_a_database_of_the_first_release_is_upgraded_and_keeps_its_turns(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'old.db'}")
    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), "0001")
        connection.execute(sa.text("DROP TABLE alembic_version"))  # the first release had no migrations
        connection.execute(
            sa.text(
                "INSERT INTO conversations (id, token_hash, locale, created_at, last_seen_at) "
                "VALUES ('c1', 'h', 'fr', '2026-11-01 10:00:00', '2026-11-01 10:00:00')"
            )
        )
        connection.execute(
            sa.text(
                "INSERT INTO turns (id, conversation_id, seq, client_id, created_at, lang, shopper_text) "
                "VALUES ('t1', 'c1', 1, 'm1', '2026-11-01 10:00:01', 'fr', 'une tente 2 places')"
            )
        )
    store = ConversationStore(engine)
    store.create_schema()
    assert revision(engine) == HEAD and differences(engine) == []
    (turn,) = store.transcript("c1")
    assert turn.shopper_text == "une tente 2 places" and turn.escalation is None
    conversation = store.conversation("c1")
    assert conversation is not None and conversation.keep_originals is True


def test_migrate_is_what_start_up_runs(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'direct.db'}")
    migrate(engine)
    assert set(sa.inspect(engine).get_table_names()) >= {"conversations", "turns", "pii_entries", "audit_events"}


def test_postgresql_gets_the_same_schema() -> None:
    """On CI the database is there (COMPTOIR_TEST_POSTGRES_URL); elsewhere the test says why it did not run."""
    with postgres_engines() as (engine,):
        store = ConversationStore(engine)
        store.create_schema()
        assert revision(engine) == HEAD
        assert differences(engine) == []
        opened = store.open(None, "fr")
        accepted = store.accept(opened.conversation.id, "m1", "une tente <PERSON_1>", "fr", redactions={"PERSON": 1})
        assert store.transcript(opened.conversation.id)[0].id == accepted.turn.id
        assert store.erase(opened.conversation.id, actor="test")


def test_processes_starting_at_once_migrate_once(tmp_path: Path) -> None:
    """Eight stores opening one new SQLite database at the same moment: all start, the schema is whole."""
    url = f"sqlite:///{tmp_path / 'together.db'}"
    outcomes = at_once([lambda: ConversationStore(make_engine(url)).create_schema()] * 8)
    engine = make_engine(url)
    assert outcomes == [None] * 8 and revision(engine) == HEAD and differences(engine) == []


def test_postgresql_processes_starting_at_once_migrate_once() -> None:
    with postgres_engines(6) as engines:
        outcomes = at_once([ConversationStore(engine).create_schema for engine in engines])
        assert outcomes == [None] * 6 and revision(engines[0]) == HEAD and differences(engines[0]) == []
