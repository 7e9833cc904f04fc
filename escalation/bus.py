"""The bus that carries hand-over events between connections: in one process, or across several via Redis.

A shopper connected to one server process and an agent connected to another talk through the bus: each
connection subscribes to the topics it cares about, and any process publishes to them. The port is
:class:`Bus`; :class:`MemoryBus` serves one process, :class:`RedisBus` any number of them. The bus also
counts the agents online (a presence entry per console connection, renewed while it is open).
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import AsyncIterator, Callable
from contextlib import suppress
from typing import Any, Protocol
from urllib.parse import urlparse

log = logging.getLogger("comptoir.bus")

Event = dict[str, Any]


RESYNC = "resync"
"""The local event that follows a lost and restored bus connection: what was published meanwhile never came."""
CONNECT_SECONDS = 3.0
"""How long a connection to Redis may take to open."""
RETRY_AT_MOST = 1.0
"""Longest pause between two tries to reach Redis again."""


class Subscription:
    """Events published to some topics, in order, from the moment of subscribing."""

    def __init__(self, topics: tuple[str, ...], release: Callable[[Subscription], None]):
        self.topics = topics
        self.queue: asyncio.Queue[Event] = asyncio.Queue()
        self._release = release

    async def get(self) -> Event:
        """The next event."""
        return await self.queue.get()

    def __aiter__(self) -> AsyncIterator[Event]:
        return self._events()

    async def _events(self) -> AsyncIterator[Event]:
        while True:
            yield await self.queue.get()

    def close(self) -> None:
        """Stop receiving."""
        self._release(self)


class Bus(Protocol):
    """Publish events to topics, subscribe to topics, and count who is present."""

    async def start(self) -> None: ...

    async def stop(self) -> None: ...

    async def publish(self, topic: str, event: Event) -> None: ...

    def subscribe(self, *topics: str) -> Subscription: ...

    async def mark_present(self, key: str, ttl: float) -> None: ...

    async def mark_absent(self, key: str) -> None: ...

    async def present(self) -> int: ...

    async def ready(self) -> None:
        """Raise when the bus cannot carry events now (its server does not answer, the subscription is down)."""


class _LocalFanout:
    """Hands each event to the subscriptions of this process."""

    def __init__(self) -> None:
        self._subscribers: dict[str, set[Subscription]] = {}

    def subscribe(self, *topics: str) -> Subscription:
        subscription = Subscription(topics, self._release)
        for topic in topics:
            self._subscribers.setdefault(topic, set()).add(subscription)
        return subscription

    def _release(self, subscription: Subscription) -> None:
        for topic in subscription.topics:
            subscribers = self._subscribers.get(topic)
            if subscribers is not None:
                subscribers.discard(subscription)
                if not subscribers:
                    del self._subscribers[topic]

    def _deliver(self, topic: str, event: Event) -> None:
        for subscription in tuple(self._subscribers.get(topic, ())):
            subscription.queue.put_nowait(event)

    def _deliver_everywhere(self, event: Event) -> None:
        """Hand ``event`` to every subscription of this process once."""
        for subscription in {s for subscribers in self._subscribers.values() for s in subscribers}:
            subscription.queue.put_nowait(event)


class MemoryBus(_LocalFanout):
    """One process: events go straight to the subscribers; presence is a dictionary."""

    def __init__(self) -> None:
        super().__init__()
        self._presence: dict[str, float] = {}

    async def start(self) -> None:
        return None

    async def stop(self) -> None:
        return None

    async def publish(self, topic: str, event: Event) -> None:
        if topic in self._subscribers:  # nobody listening (a shopper gone, no console open): nothing to copy
            self._deliver(topic, json.loads(json.dumps(event, default=str)))  # the same copy semantics as Redis

    async def mark_present(self, key: str, ttl: float) -> None:
        self._presence[key] = time.time() + ttl

    async def ready(self) -> None:
        return None

    async def mark_absent(self, key: str) -> None:
        self._presence.pop(key, None)

    async def present(self) -> int:
        now = time.time()
        return sum(1 for expiry in self._presence.values() if expiry > now)


class RedisBus(_LocalFanout):
    """Several processes: events go through Redis pub/sub; presence is a sorted set of expiry times.

    Each process keeps one pattern subscription (``<prefix>*``) and hands events to its own subscribers,
    so a thousand shoppers on one process cost one Redis connection for reading.
    """

    def __init__(self, url: str, prefix: str | None = None) -> None:
        super().__init__()
        # pub/sub channels are shared by all of a Redis server's databases: the database number is in the prefix
        database = urlparse(url).path.strip("/") or "0"
        self.url, self.prefix = url, prefix or f"comptoir:{database}:"
        self._client: Any = None
        self._reader: asyncio.Task[None] | None = None
        self._subscribed = asyncio.Event()

    async def start(self) -> None:
        import redis.asyncio as redis

        self._subscribed = asyncio.Event()
        # a Redis that does not answer fails a connection in seconds, and a silent subscription is pinged
        self._client = redis.from_url(
            self.url, decode_responses=True, socket_connect_timeout=CONNECT_SECONDS, health_check_interval=15
        )
        await self._client.ping()  # a wrong URL fails the start, with Redis's own error
        self._reader = asyncio.create_task(self._read(), name="comptoir-bus-reader")
        await asyncio.wait_for(self._subscribed.wait(), 10)

    async def stop(self) -> None:
        if self._reader is not None:
            self._reader.cancel()
            with suppress(asyncio.CancelledError):
                await self._reader
        if self._client is not None:
            await self._client.aclose()

    async def publish(self, topic: str, event: Event) -> None:
        await self._client.publish(self.prefix + topic, json.dumps(event, default=str))

    async def mark_present(self, key: str, ttl: float) -> None:
        await self._client.zadd(self.prefix + "presence", {key: time.time() + ttl})

    async def ready(self) -> None:
        await self._client.ping()
        if not self._subscribed.is_set():
            raise ConnectionError("the bus's subscription is being restored")

    async def mark_absent(self, key: str) -> None:
        await self._client.zrem(self.prefix + "presence", key)

    async def present(self) -> int:
        name = self.prefix + "presence"
        now = time.time()
        await self._client.zremrangebyscore(name, "-inf", now)
        return int(await self._client.zcount(name, now, "+inf"))

    async def _read(self) -> None:
        """Read the pattern subscription for good; a lost connection is retried with a growing pause (at most
        :data:`RETRY_AT_MOST` seconds). Events published while this process was not subscribed are gone (Redis keeps
        nothing for absent listeners): once subscribed again, every local subscription gets a ``resync`` event,
        on which it reads what it missed from the database."""
        pause = 0.2
        lost = False
        while True:
            try:
                self._subscribed.clear()
                pubsub = self._client.pubsub(ignore_subscribe_messages=True)
                await pubsub.psubscribe(self.prefix + "*")
                self._subscribed.set()
                if lost:
                    log.warning("bus connection back; subscribers catch up")
                    self._deliver_everywhere({"type": RESYNC})
                    lost = False
                pause = 0.2
                async for message in pubsub.listen():
                    if message.get("type") != "pmessage":
                        continue
                    topic = message["channel"][len(self.prefix) :]
                    try:
                        self._deliver(topic, json.loads(message["data"]))
                    except ValueError:
                        log.warning("dropped a malformed bus message on %s", topic)
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # the server went away: try again
                lost = True
                log.warning("bus connection lost (%s); retrying in %.1f s", type(exc).__name__, pause)
                await asyncio.sleep(pause)
                pause = min(pause * 2, RETRY_AT_MOST)


def make_bus(redis_url: str | None) -> Bus:
    """Redis when a URL is set, else the in-process bus."""
    return RedisBus(redis_url) if redis_url else MemoryBus()
