"""The hand-over state machine and the durable queue: order, priority, one winner per claim, who may act."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.records.store import ConversationStore, make_engine
from escalation.queue import TRANSITIONS, Action, HandoverQueue, State, TransitionRefused
from tests.databases import at_once, postgres_engines


@pytest.fixture
def store(tmp_path: Path) -> ConversationStore:
    store = ConversationStore(make_engine(f"sqlite:///{tmp_path / 'queue.db'}"))
    store.create_schema()
    return store


def conversations(store: ConversationStore, count: int) -> list[str]:
    return [store.open(None, "en").conversation.id for _ in range(count)]


def test_the_queue_keeps_order_and_puts_sensitive_topics_first(store: ConversationStore) -> None:
    queue = HandoverQueue(store.engine, store.audit)
    first, second, urgent = conversations(store, 3)
    queue.escalate(first, ("low_confidence",), 0)
    queue.escalate(second, ("request",), 0)
    assert (queue.position(first), queue.position(second)) == (1, 2)
    queue.escalate(urgent, ("safety",), 1)
    assert [w.conversation_id for w in queue.waiting()] == [urgent, first, second]
    assert (queue.position(urgent), queue.position(first), queue.position(second)) == (1, 2, 3)
    queue.escalate(second, ("legal",), 1)  # escalating again adds reasons and raises the priority, keeps the time
    assert [w.conversation_id for w in queue.waiting()] == [second, urgent, first]
    assert queue.waiting()[0].reasons == ("request", "legal")
    queue.claim(urgent, "agent-a")
    assert (queue.position(second), queue.position(first), queue.position(urgent)) == (1, 2, None)


def test_the_state_machine_refuses_moves_it_does_not_know(store: ConversationStore) -> None:
    queue = HandoverQueue(store.engine, store.audit)
    (conversation,) = conversations(store, 1)
    assert queue.state(conversation) is State.AI
    with pytest.raises(TransitionRefused):
        queue.claim(conversation, "agent-a")  # nothing to claim: it is not waiting
    with pytest.raises(TransitionRefused):
        queue.hand_back(conversation, "agent-a")
    queue.escalate(conversation, ("request",), 0)
    queue.claim(conversation, "agent-a")
    assert (queue.state(conversation), queue.holder(conversation)) == (State.ASSIGNED, "agent-a")
    assert store.conversation(conversation).assigned_agent == "agent-a"  # type: ignore[union-attr]
    with pytest.raises(TransitionRefused):
        queue.hand_back(conversation, "agent-b")  # only the holder
    queue.hand_back(conversation, "agent-a")
    assert queue.state(conversation) is State.AI and store.conversation(conversation).assigned_agent is None  # type: ignore[union-attr]
    queue.take_over(conversation, "agent-b")
    queue.close(conversation, "agent-b", "refund approved by phone")
    assert queue.state(conversation) is State.CLOSED
    actions = [(e.actor, e.action) for e in store.audit_events(conversation)]
    assert actions == [
        ("assistant", "escalated"),
        ("agent-a", "claimed"),
        ("agent-a", "handed_back"),
        ("agent-b", "taken_over"),
        ("agent-b", "closed"),
    ]
    assert {(start, action) for start, action in TRANSITIONS} >= {(State.QUEUED, Action.CLAIM)}


def race(queue: HandoverQueue, conversation: str, agents: int) -> list[str]:
    """Agents claiming one conversation at the same instant; the ones whose claim went through."""
    names = [f"agent-{n}" for n in range(agents)]
    outcomes = at_once([lambda name=name: queue.claim(conversation, name) for name in names])
    assert all(o is None or isinstance(o, TransitionRefused) for o in outcomes), outcomes
    return [name for name, outcome in zip(names, outcomes, strict=True) if outcome is None]


def test_many_claims_at_once_one_winner(store: ConversationStore) -> None:
    queue = HandoverQueue(store.engine)
    for conversation in conversations(store, 5):
        queue.escalate(conversation, ("request",), 0)
        winners = race(queue, conversation, 12)
        assert len(winners) == 1 and queue.holder(conversation) == winners[0]


@pytest.fixture
def postgres_store() -> Iterator[ConversationStore]:
    with postgres_engines(pool_size=16) as (engine,):
        store = ConversationStore(engine)
        store.create_schema()
        yield store


def test_many_claims_at_once_one_winner_on_postgresql(postgres_store: ConversationStore) -> None:
    queue = HandoverQueue(postgres_store.engine)
    for conversation in conversations(postgres_store, 5):
        queue.escalate(conversation, ("request",), 0)
        winners = race(queue, conversation, 12)
        assert len(winners) == 1 and queue.holder(conversation) == winners[0]
