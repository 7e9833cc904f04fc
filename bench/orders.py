"""What an order look-up adds to a turn: conversations against a Shopify store on loopback (tests/platforms.py,
speaking the Admin GraphQL API), the look-up turn timed end to end (redaction, reading, the tool, the answer, the
audit), less the time the store itself took to answer."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from pydantic import SecretStr

from assistant.config import OrderSettings, Settings
from assistant.runtime import build_runtime
from guardrails import PiiDetector
from retrieval import ShopEmbeddings
from tests.platforms import SHOPIFY_TOKEN, shopify, shopify_order

CONVERSATIONS = 120


def order_figures(
    data_dir: Path, embeddings: ShopEmbeddings, detector: PiiDetector, percentiles: Callable[[list[float]], str]
) -> None:
    """Print the look-up turn's time and its overhead over the store's own time, in ms."""
    with shopify() as store:
        store.orders = [shopify_order(1000 + n, day=1 + n % 25) for n in range(CONVERSATIONS)]
        orders = OrderSettings(source="shopify", base_url=store.url, token=SecretStr(SHOPIFY_TOKEN))
        runtime = build_runtime(Settings(data_dir=data_dir, orders=orders), embeddings, detector)
        turns, overheads, served = [], [], []
        for n in range(CONVERSATIONS):
            conversation = runtime.chat.open(None, "en").conversation.id
            asked = runtime.chat.accept(conversation, "q", "where is my order?", "en")
            runtime.chat.answer(asked.turn, "en", "127.0.0.1")
            before = len(store.served)
            started = time.perf_counter()
            given = runtime.chat.accept(conversation, "a", f"#{1000 + n} shopper{1000 + n}@example.org", "en")
            frame = runtime.chat.answer(given.turn, "en", "127.0.0.1")
            took = (time.perf_counter() - started) * 1000
            store_ms = sum(store.served[before:]) * 1000
            assert frame["act"] == "tools", (n, given.turn.shopper_text, frame["text"])
            turns.append(took)
            served.append(store_ms)
            overheads.append(took - store_ms)
        warm = CONVERSATIONS // 6
        print(f"order look-up turn (loopback Shopify):      {percentiles(turns[warm:])}")
        print(f"  of which the store's own answer:          {percentiles(served[warm:])}")
        print(f"  overhead over the store's time:           {percentiles(overheads[warm:])}")
        runtime.store.engine.dispose()
