"""The turn pipeline's steps: language, intent, and the grounding gate in front of any responder."""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlmodel import Session, select

from assistant.records.tables import Turn
from assistant.runtime import Runtime, build_runtime
from assistant.turn.answers import Answer, Deltas, TurnContext
from assistant.turn.chat import ChatService, ModelInfo
from assistant.turn.intents import Intent
from assistant.turn.language import detect_language
from assistant.turn.pipeline import TurnPipeline
from guardrails import SAFE_ANSWER
from tests.conftest import make_settings


@pytest.mark.parametrize(
    ("text", "locale", "expected"),
    [
        ("bonjour", "en", "fr"),
        ("hello", "fr", "en"),
        ("je cherche une veste imperméable", "en", "fr"),
        ("waterproof jacket for hiking", "fr", "en"),
        ("Gore-Tex", "fr", "fr"),
        ("🏕️", "en", "en"),
    ],
)
def test_language_from_the_text_then_the_locale(text: str, locale: str, expected: str) -> None:
    assert detect_language(text, locale) == expected


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("do you have a 2 person tent?", Intent.PRODUCT_SEARCH),
        ("je cherche un sac de couchage chaud", Intent.PRODUCT_SEARCH),
        ("how much is the Kerbos Trek 2 tent?", Intent.PRODUCT_QUESTION),
        ("how long do I have to return an item?", Intent.POLICY),
        ("combien coûte la livraison en Corse ?", Intent.POLICY),
        ("I'd like to talk to a human", Intent.HUMAN),
        ("je veux parler à un conseiller", Intent.HUMAN),
        ("tell me a joke", Intent.OUT_OF_SCOPE),
        ("bonsoir", Intent.GREETING),
    ],
)
def test_intents_in_english_and_french(demo_runtime: Runtime, text: str, intent: Intent) -> None:
    pipeline = demo_runtime.chat.pipeline
    assert pipeline.classifier.classify(text).intent is intent


@pytest.mark.parametrize("text", ["combien ?", "bon. la rouge alors ?", "ok", "et en 42 ?"])
def test_a_message_that_greets_no_one_is_no_greeting(demo_runtime: Runtime, text: str) -> None:
    assert demo_runtime.chat.pipeline.classifier.classify(text).intent is not Intent.GREETING


class InventingResponder:
    """A responder that adds a figure its sources do not hold, as a language model might."""

    name = "inventing"
    version = "0"
    method = None

    def respond(self, context: TurnContext, deltas: Deltas | None = None) -> Answer:
        product = context.retrieved.products[0].item
        sources = [
            {"id": context.retrieved.products[0].source_id, "kind": "product", "title": "", "url": "", "score": 1}
        ]
        return Answer(f"{product.text('title', 'en')} is 19.99 € today, only 2 left!", 0.9, sources=sources)  # type: ignore[union-attr]


def test_an_ungrounded_answer_is_replaced_and_flagged(demo_data_dir, embeddings, detector) -> None:  # type: ignore[no-untyped-def]
    runtime = build_runtime(make_settings(demo_data_dir), embeddings, detector)
    real = runtime.chat.pipeline
    pipeline = TurnPipeline(real.classifier, real.retriever, InventingResponder(), real.grounding, real.injection)
    models = ModelInfo("inventing", "0", embeddings.version)
    chat = ChatService(
        runtime.store, runtime.privacy, pipeline, runtime.chat.escalation, runtime.chat.queue, models, "Shop", "en"
    )
    opened = chat.open(None, "en")
    frame = chat.answer(chat.accept(opened.conversation.id, "x", "a tent for two", "en").turn, "en")
    assert frame["text"] == SAFE_ANSWER["en"] and frame["confidence"] == 0.0 and frame["ai"] is True
    with Session(runtime.store.engine) as session:
        row = session.exec(select(Turn).where(Turn.client_id == "x")).one()
    assert json.loads(row.flags or "[]")[0] == "grounding_failed"


def test_template_answers_pass_the_grounding_gate(demo_runtime: Runtime) -> None:
    chat = demo_runtime.chat
    opened = chat.open(None, "en")
    texts = [
        "a tent under 300 euros",
        "how much is the Kerbos Trek 2 tent?",
        "what is your return policy?",
        "is the Névé Cirrus 600 jacket in stock?",
    ]
    for number, text in enumerate(texts):
        frame = chat.answer(chat.accept(opened.conversation.id, f"g{number}", text, "en").turn, "en")
        assert frame["text"] != SAFE_ANSWER["en"], text


def test_turns_arriving_together_work_out_the_policy_pages_topics_once(demo_runtime) -> None:  # type: ignore[no-untyped-def]
    """A fresh server's first shoppers all need the page topics: one turn embeds the passages, the others wait."""
    import threading
    from concurrent.futures import ThreadPoolExecutor

    retriever = demo_runtime.chat.pipeline.retriever
    embeddings = retriever.search.embeddings
    batches: list[int] = []

    def counted(texts: list[str]) -> list[Any]:
        batches.append(len(texts))
        return list(embeddings.embed_documents(list(texts)))

    retriever._pages = (0, {})  # as in a server that has not answered anyone yet
    together = threading.Barrier(8)

    def first_turn(_: int) -> dict[str, str]:
        together.wait()
        return dict(retriever.page_topics())

    embeddings.many_through(counted)
    try:
        with ThreadPoolExecutor(8) as pool:
            topics = list(pool.map(first_turn, range(8)))
    finally:
        embeddings.many_through(None)
    assert len(batches) == 1 and batches[0] > 100  # the demo's 121 passages, embedded once
    assert topics[0] and all(found == topics[0] for found in topics)
