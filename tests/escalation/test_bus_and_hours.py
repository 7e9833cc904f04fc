"""The bus between connections (in-process and Redis) and the opening hours."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest

from escalation.bus import MemoryBus, RedisBus
from escalation.hours import OpeningHours
from tests.databases import redis_url


def test_the_in_process_bus_delivers_to_each_subscriber_of_a_topic_in_order() -> None:
    async def run() -> None:
        bus = MemoryBus()
        await bus.start()
        first, second, other = bus.subscribe("shopper.a"), bus.subscribe("shopper.a", "agents"), bus.subscribe("x")
        for number in range(3):
            await bus.publish("shopper.a", {"n": number})
        await bus.publish("agents", {"type": "refresh"})
        assert [await first.get() for _ in range(3)] == [{"n": 0}, {"n": 1}, {"n": 2}]
        assert [await second.get() for _ in range(4)][-1] == {"type": "refresh"}
        assert other.queue.empty()
        first.close()
        await bus.publish("shopper.a", {"n": 3})
        assert first.queue.empty() and (await second.get()) == {"n": 3}
        await bus.mark_present("agent:a:1", 30)
        await bus.mark_present("agent:b:1", -1)  # expired
        assert await bus.present() == 1
        await bus.mark_absent("agent:a:1")
        assert await bus.present() == 0

    asyncio.run(run())


def test_redis_carries_events_between_processes_and_counts_agents_online() -> None:
    url = redis_url()

    async def run() -> None:
        one, two = RedisBus(url, prefix="comptoir-test:"), RedisBus(url, prefix="comptoir-test:")
        await one.start()
        await two.start()
        try:
            heard = two.subscribe("shopper.a")
            await one.publish("shopper.a", {"type": "message", "text": "hello"})
            await one.publish("shopper.b", {"type": "message", "text": "not for a"})
            assert await asyncio.wait_for(heard.get(), 5) == {"type": "message", "text": "hello"}
            await asyncio.sleep(0.2)
            assert heard.queue.empty()
            await one.mark_present("agent:camille:1", 30)
            await one.mark_present("agent:noe:1", 0.2)
            assert await two.present() == 2
            await asyncio.sleep(0.3)
            assert await two.present() == 1  # a console that stopped renewing is no longer counted
            await two.mark_absent("agent:camille:1")
            assert await one.present() == 0
        finally:
            await one.stop()
            await two.stop()

    asyncio.run(run())


def test_a_wrong_redis_url_fails_the_start_with_the_reason() -> None:
    async def run() -> None:
        await RedisBus("redis://127.0.0.1:1/0").start()

    with pytest.raises(Exception, match="(?i)connect"):
        asyncio.run(run())


def test_opening_hours_read_as_a_merchant_writes_them() -> None:
    hours = OpeningHours.parse("mon-fri 09:00-18:00; sat 10:00-13:00", "Europe/Paris")
    saturday_night = datetime(2026, 11, 28, 22, 0, tzinfo=UTC)  # 23:00 in Paris
    assert not hours.is_open(saturday_night)
    assert hours.next_opening(saturday_night) == datetime(2026, 11, 30, 8, 0, tzinfo=UTC)
    assert hours.is_open(datetime(2026, 11, 30, 8, 30, tzinfo=UTC))  # Monday 09:30 in Paris
    assert hours.is_open(datetime(2026, 11, 28, 9, 30, tzinfo=UTC))  # Saturday 10:30 in Paris
    assert not hours.is_open(datetime(2026, 11, 28, 12, 0, tzinfo=UTC))  # Saturday 13:00: closed
    always = OpeningHours.parse(None, "Europe/Paris")
    assert always.is_open(saturday_night)
    weekend = OpeningHours.parse("fri-mon 10:00-12:00", "UTC")  # a range across the week's end
    assert [d for d, _, _ in weekend.rules or ()] == [4, 5, 6, 0]


@pytest.mark.parametrize(
    ("text", "complaint"),
    [
        ("mon-fri 9-18", "write days and hours"),
        ("mon-fri 18:00-09:00", "end must come after"),
        ("lun 09:00-10:00", "unknown day"),
    ],
)
def test_wrong_opening_hours_are_refused_with_the_reason(text: str, complaint: str) -> None:
    with pytest.raises(ValueError, match=complaint):
        OpeningHours.parse(text, "Europe/Paris")
