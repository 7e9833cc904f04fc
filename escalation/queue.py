"""The hand-over state machine and the durable queue of conversations waiting for a person.

A conversation is with the assistant (``ai``), waiting for a person (``queued``), held by one agent
(``assigned``) or finished by a person (``closed``). Every change goes through :data:`TRANSITIONS` and
is one conditional UPDATE in the database, so two agents claiming the same conversation at the same
instant, in any number of processes, get one winner.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any, Protocol

import sqlalchemy as sa
from sqlalchemy import Column, Text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Engine
from sqlmodel import Field, Session, SQLModel, col, select


class State(StrEnum):
    """Who is answering the shopper."""

    AI = "ai"
    QUEUED = "queued"
    ASSIGNED = "assigned"
    CLOSED = "closed"


class Action(StrEnum):
    """What moves a conversation from one state to another."""

    ESCALATE = "escalate"
    CLAIM = "claim"
    TAKE_OVER = "take_over"
    HAND_BACK = "hand_back"
    CLOSE = "close"


class HandoverEvent(StrEnum):
    """The audit action each move of the hand-over writes (with the conversation and who made it)."""

    ESCALATED = "escalated"
    """Queued for a person, with the reasons and the priority."""
    CLAIMED = "claimed"
    TAKEN_OVER = "taken_over"
    HANDED_BACK = "handed_back"
    CLOSED = "closed"
    """Closed by an agent, with the resolution."""


TRANSITIONS: dict[tuple[State, Action], State] = {
    (State.AI, Action.ESCALATE): State.QUEUED,
    (State.CLOSED, Action.ESCALATE): State.QUEUED,
    (State.QUEUED, Action.CLAIM): State.ASSIGNED,
    (State.AI, Action.TAKE_OVER): State.ASSIGNED,
    (State.QUEUED, Action.TAKE_OVER): State.ASSIGNED,
    (State.CLOSED, Action.TAKE_OVER): State.ASSIGNED,
    (State.ASSIGNED, Action.HAND_BACK): State.AI,
    (State.ASSIGNED, Action.CLOSE): State.CLOSED,
    (State.QUEUED, Action.CLOSE): State.CLOSED,
}
"""The only moves there are; anything else is refused."""


def _now() -> datetime:
    return datetime.now(UTC)


def _utc(moment: datetime) -> datetime:
    """A stored moment as UTC (SQLite gives it back without its zone)."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


class Handover(SQLModel, table=True):
    """A conversation's place in the hand-over: its state, why, its priority, and who holds it."""

    __tablename__ = "handovers"

    conversation_id: str = Field(foreign_key="conversations.id", primary_key=True)
    state: str = Field(default=State.AI.value, index=True, max_length=16)
    priority: int = 0
    reasons: str = Field(default="[]", sa_column=Column(Text, nullable=False))
    queued_at: datetime | None = Field(default=None, index=True)
    assigned_to: str | None = Field(default=None, index=True)
    assigned_at: datetime | None = None
    closed_at: datetime | None = None
    resolution: str | None = Field(default=None, sa_column=Column(Text))
    contact_left: bool = Field(default=False, description="The shopper left a contact for a reply.")
    updated_at: datetime = Field(default_factory=_now)


class TransitionRefused(Exception):
    """The move is not allowed from the conversation's state, or someone else got there first."""


@dataclass(frozen=True)
class Waiting:
    """A conversation in the queue, as the console lists it."""

    conversation_id: str
    position: int
    priority: int
    reasons: tuple[str, ...]
    queued_at: datetime
    contact_left: bool = False


Audit = Callable[..., Any]


class QueueWatch(Protocol):
    """Told what the queue does, for the operations' figures (the metrics)."""

    def handed_over(self, reasons: tuple[str, ...]) -> None:
        """A conversation went into the queue, for these reasons."""

    def waited(self, seconds: float) -> None:
        """An agent took a conversation that had waited this long in the queue."""


class HandoverQueue:
    """The hand-over state of every conversation, kept in the database shared by all server processes."""

    def __init__(self, engine: Engine, audit: Audit | None = None, watch: QueueWatch | None = None):
        self.engine = engine
        self.audit = audit or (lambda *args, **kwargs: None)
        self.watch = watch

    def state(self, conversation_id: str) -> State:
        """Where a conversation stands (``ai`` when it never went to a person)."""
        with Session(self.engine) as session:
            row = session.get(Handover, conversation_id)
            return State(row.state) if row else State.AI

    def holder(self, conversation_id: str) -> str | None:
        """The agent holding the conversation, if one does."""
        with Session(self.engine) as session:
            row = session.get(Handover, conversation_id)
            return row.assigned_to if row and row.state == State.ASSIGNED else None

    def escalate(
        self, conversation_id: str, reasons: tuple[str, ...], priority: int, actor: str = "assistant"
    ) -> State:
        """Queue the conversation (with its reasons); already waiting or held, only its priority may rise.

        ``actor`` is who asked: the assistant's policy, or the shopper with the widget's button.
        """
        with self.engine.begin() as connection:
            self._ensure(connection, conversation_id)
            row = connection.execute(sa.select(Handover).where(col(Handover.conversation_id) == conversation_id)).one()
            if row.state in (State.QUEUED, State.ASSIGNED):
                merged = list(dict.fromkeys([*json.loads(row.reasons), *reasons]))
                connection.execute(
                    sa.update(Handover)
                    .where(col(Handover.conversation_id) == conversation_id)
                    .values(priority=max(row.priority, priority), reasons=json.dumps(merged), updated_at=_now())
                )
                return State(row.state)
            self._move(
                connection,
                conversation_id,
                Action.ESCALATE,
                priority=priority,
                reasons=json.dumps(list(reasons)),
                queued_at=_now(),
                assigned_to=None,
                assigned_at=None,
                closed_at=None,
                resolution=None,
            )
        self.audit(conversation_id, actor, HandoverEvent.ESCALATED, reasons=list(reasons), priority=priority)
        if self.watch is not None:
            self.watch.handed_over(reasons)
        return State.QUEUED

    def claim(self, conversation_id: str, agent: str) -> None:
        """A queued conversation to ``agent``; raises :class:`TransitionRefused` for every claim but one."""
        self._assign(conversation_id, agent, Action.CLAIM)

    def take_over(self, conversation_id: str, agent: str) -> None:
        """An agent takes a conversation the assistant is still answering (or one still waiting)."""
        self._assign(conversation_id, agent, Action.TAKE_OVER)

    def hand_back(self, conversation_id: str, agent: str) -> None:
        """The holding agent gives the conversation back to the assistant."""
        with self.engine.begin() as connection:
            self._move(connection, conversation_id, Action.HAND_BACK, holder=agent, assigned_to=None, assigned_at=None)
            self._set_holder(connection, conversation_id, None)
        self.audit(conversation_id, agent, HandoverEvent.HANDED_BACK)

    def close(self, conversation_id: str, agent: str, resolution: str) -> None:
        """The holding agent (or any agent, for one still waiting) closes it with a resolution."""
        with self.engine.begin() as connection:
            held = self._row(connection, conversation_id)
            holder = agent if held is not None and held.state == State.ASSIGNED else None
            self._move(
                connection, conversation_id, Action.CLOSE, holder=holder, closed_at=_now(), resolution=resolution
            )
            self._set_holder(connection, conversation_id, None)
        self.audit(conversation_id, agent, HandoverEvent.CLOSED, resolution=resolution)

    def position(self, conversation_id: str) -> int | None:
        """1 for the next conversation an agent will take; ``None`` when not waiting."""
        with Session(self.engine) as session:
            row = session.get(Handover, conversation_id)
            if row is None or row.state != State.QUEUED or row.queued_at is None:
                return None
            ahead = select(sa.func.count()).where(
                col(Handover.state) == State.QUEUED.value,
                sa.or_(
                    col(Handover.priority) > row.priority,
                    sa.and_(col(Handover.priority) == row.priority, col(Handover.queued_at) < row.queued_at),
                ),
            )
            return int(session.exec(ahead).one()) + 1

    def waiting(self) -> list[Waiting]:
        """The queue in the order agents take it: sensitive topics first, then the longest waiting. Read as plain
        rows: every hand-over and every queue move reads it whole, and a busy evening's queue is long."""
        table = Handover.__table__  # type: ignore[attr-defined]
        statement = (
            sa.select(
                table.c.conversation_id, table.c.priority, table.c.reasons, table.c.queued_at, table.c.contact_left
            )
            .where(table.c.state == State.QUEUED.value)
            .order_by(table.c.priority.desc(), table.c.queued_at)
        )
        with self.engine.connect() as connection:
            rows = connection.execute(statement).all()
        return [
            Waiting(conversation_id, number, priority, tuple(json.loads(reasons)), queued_at, contact_left)
            for number, (conversation_id, priority, reasons, queued_at, contact_left) in enumerate(rows, 1)
        ]

    def load(self) -> tuple[int, float]:
        """How many conversations wait for a person now, and how long (seconds) the oldest has waited."""
        with Session(self.engine) as session:
            count, oldest = session.exec(
                select(sa.func.count(), sa.func.min(Handover.queued_at)).where(
                    col(Handover.state) == State.QUEUED.value
                )
            ).one()
        return int(count), (_now() - _utc(oldest)).total_seconds() if oldest is not None else 0.0

    def held(self) -> list[Handover]:
        """The conversations agents hold now, longest held first."""
        with Session(self.engine) as session:
            statement = (
                select(Handover).where(col(Handover.state) == State.ASSIGNED.value).order_by(col(Handover.assigned_at))
            )
            return list(session.exec(statement).all())

    def get(self, conversation_id: str) -> Handover | None:
        """The hand-over row of a conversation, if it ever went to a person."""
        with Session(self.engine) as session:
            return session.get(Handover, conversation_id)

    def contact_left(self, conversation_id: str) -> None:
        """The shopper left a contact for a reply (shown in the queue)."""
        with self.engine.begin() as connection:
            connection.execute(
                sa.update(Handover).where(col(Handover.conversation_id) == conversation_id).values(contact_left=True)
            )

    def _assign(self, conversation_id: str, agent: str, action: Action) -> None:
        if not agent:
            raise TransitionRefused("an agent is needed")
        with self.engine.begin() as connection:
            self._ensure(connection, conversation_id)
            before = self._row(connection, conversation_id)
            self._move(connection, conversation_id, action, assigned_to=agent, assigned_at=_now())
            self._set_holder(connection, conversation_id, agent)
        if self.watch is not None and before.state == State.QUEUED and before.queued_at is not None:
            self.watch.waited((_now() - _utc(before.queued_at)).total_seconds())
        event = HandoverEvent.CLAIMED if action is Action.CLAIM else HandoverEvent.TAKEN_OVER
        self.audit(conversation_id, agent, event)

    def _move(
        self, connection: sa.Connection, conversation_id: str, action: Action, holder: str | None = None, **values: Any
    ) -> None:
        """One conditional UPDATE per allowed starting state: it changes a row only if nobody moved it first."""
        starts = [start for (start, act) in TRANSITIONS if act is action]
        for start in starts:
            target = TRANSITIONS[(start, action)]
            condition = [col(Handover.conversation_id) == conversation_id, col(Handover.state) == start.value]
            if holder is not None and start is State.ASSIGNED:
                condition.append(col(Handover.assigned_to) == holder)
            result = connection.execute(
                sa.update(Handover).where(*condition).values(state=target.value, updated_at=_now(), **values)
            )
            if result.rowcount == 1:
                return
        current = self._row(connection, conversation_id)
        state = current.state if current else State.AI.value
        raise TransitionRefused(f"cannot {action.value} a conversation that is {state}")

    @staticmethod
    def _row(connection: sa.Connection, conversation_id: str) -> Any:
        return connection.execute(sa.select(Handover).where(col(Handover.conversation_id) == conversation_id)).first()

    @staticmethod
    def _ensure(connection: sa.Connection, conversation_id: str) -> None:
        """The conversation's row, created in state ``ai`` the first time (a concurrent creation is fine)."""
        values = {"conversation_id": conversation_id, "state": State.AI.value, "reasons": "[]", "updated_at": _now()}
        module = postgresql if connection.dialect.name == "postgresql" else sqlite
        connection.execute(module.insert(Handover).values(**values).on_conflict_do_nothing())

    @staticmethod
    def _set_holder(connection: sa.Connection, conversation_id: str, agent: str | None) -> None:
        """Mirror the holder on the conversation (the vault reveals only to them)."""
        conversations = sa.table("conversations", sa.column("id"), sa.column("assigned_agent"))
        connection.execute(
            sa.update(conversations).where(conversations.c.id == conversation_id).values(assigned_agent=agent)
        )
