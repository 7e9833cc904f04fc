"""The rows the store gives back from its own writes and reads (built without the models' constructors) are the
rows the database holds, on SQLite and on PostgreSQL."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import inspect
from sqlmodel import Session, SQLModel, col, select

from assistant.records.store import ConversationStore, make_engine
from assistant.records.tables import AuditEvent, Conversation, Turn, as_utc
from tests.databases import postgres_engines


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[ConversationStore]:
    if request.param == "sqlite":
        yield ConversationStore(make_engine(f"sqlite:///{tmp_path / 'rows.db'}"))
        return
    with postgres_engines() as (engine,):
        yield ConversationStore(engine)


def same(row: SQLModel) -> dict[str, Any]:
    """A row's columns, times in UTC (SQLite gives them back without their zone)."""
    values = row.model_dump()
    return {name: as_utc(value) if isinstance(value, datetime) else value for name, value in values.items()}


def stored(store: ConversationStore, model: type[SQLModel], key: Any) -> dict[str, Any]:
    with Session(store.engine) as session:
        row = session.get(model, key)
        assert row is not None
        return same(row)


def test_the_rows_a_turn_is_given_are_the_rows_stored(store: ConversationStore) -> None:
    store.create_schema()
    opened = store.open(None, "fr", "disclosed")
    assert same(opened.conversation) == stored(store, Conversation, opened.conversation.id)
    assert inspect(opened.conversation).detached
    accepted = store.accept(opened.conversation.id, "m1", "une lampe frontale", "fr", redactions={"EMAIL": 1})
    turn = accepted.turn
    assert (turn.seq, turn.redactions, turn.answer_frame) == (1, json.dumps({"EMAIL": 1}), None)
    assert same(turn) == stored(store, Turn, turn.id)
    assert store.accept(opened.conversation.id, "m1", "une lampe frontale", "fr").duplicate

    frame = json.dumps({"text": "Voici", "sources": [{"kind": "tool", "asks": "order_number"}]})
    done = store.complete(turn, answer_text="Voici", answer_frame=frame, intent="order", confidence=0.4)
    assert done is not None and done.frame() == json.loads(frame)
    assert same(done) == stored(store, Turn, turn.id)

    second = store.accept(opened.conversation.id, "m2", "et une autre", "fr").turn
    assert second.seq == 2
    conversation, earlier = store.before(opened.conversation.id, second.seq, 6)
    assert conversation is not None and same(conversation) == stored(store, Conversation, opened.conversation.id)
    assert [same(t) for t in earlier] == [stored(store, Turn, turn.id)]  # answered turns only, before turn 2
    assert store.before("no-such-conversation", 1, 6) == (None, [])
    assert [t.id for t in store.answered_before(opened.conversation.id, 2**31 - 1, 1)] == [turn.id]

    with Session(store.engine) as session:
        actions = session.exec(select(AuditEvent.action).order_by(col(AuditEvent.seq))).all()
    assert list(actions) == ["ai_disclosed", "turn_recorded"]
