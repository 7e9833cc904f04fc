"""Builds the long-lived parts once, at start-up: model, index, classifier, responder, store."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

import numpy as np

from assistant.batching import MicroBatcher
from assistant.compliance import ConsentBook, ShopperRights
from assistant.config import Settings
from assistant.limits import WindowLimiter
from assistant.metrics import Metrics
from assistant.model_process import ModelCallError, ModelProcess
from assistant.offline import enforce_offline
from assistant.orders import OrderSource, make_order_source
from assistant.orders.access import LookupLimits, OrderAccess
from assistant.records import ConversationStore, make_engine
from assistant.staff import Accounts, HandoverDesk, LoginLimits, Logins, ShopperMessages
from assistant.turn import (
    ChatService,
    IntentClassifier,
    ModelInfo,
    PrivacyService,
    Retriever,
    Tool,
    TurnPipeline,
    catalog_words,
    customer_id,
    make_responder,
    make_tools,
)
from assistant.turn.scope import POLICY_PATH, REQUEST_PATH, SCOPE_PATH, TOPIC_PATH, EmbeddedJudge, TextModel
from assistant.turn.tools.orders import OrderLookup
from escalation import EscalationPolicy
from escalation.bus import Bus, make_bus
from escalation.hours import OpeningHours
from escalation.queue import HandoverQueue
from guardrails import GroundingCheck, InjectionDetector, PiiDetector, Redactor, Sealer
from guardrails.injection import INJECTION_MODEL_PATH
from guardrails.names import Gazetteer
from retrieval import HnswSettings, HybridSearch, IndexHandle, ShopEmbeddings


@dataclass
class Runtime:
    """The shared components of a running Comptoir."""

    settings: Settings
    embeddings: ShopEmbeddings
    index: IndexHandle
    search: HybridSearch
    chat: ChatService
    privacy: PrivacyService
    desk: HandoverDesk
    accounts: Accounts
    bus: Bus
    messages: ShopperMessages
    """The one flow of a shopper message, for the socket and for ``POST /api/chat``."""
    rights: ShopperRights
    consents: ConsentBook
    openings: WindowLimiter
    """New conversations per client address and minute, over the widget's socket and ``POST /api/chat``."""
    logins: Logins
    """Staff logins, throttled per account name and client address."""
    metrics: Metrics
    """What ``GET /metrics`` reports."""
    orders: OrderSource | None = None
    """Where orders are looked up (``COMPTOIR_ORDERS__SOURCE``); ``None``: nowhere."""

    @property
    def store(self) -> ConversationStore:
        """The conversation and audit store."""
        return self.chat.store


def batch_models(
    settings: Settings,
    embeddings: ShopEmbeddings,
    detector: PiiDetector,
    metrics: Metrics,
    models: ModelProcess | None = None,
) -> None:
    """Route the embedding of messages and their reading for names through micro-batchers (once per model; models
    shared by several runtimes report their batches to the newest one's metrics); with ``models``, the batches run
    in the model process, and so do other texts embedded together (the intents' examples, the policy pages' topics),
    so that this process does not load the models at all."""
    window, size = settings.server.batch_window_ms / 1000, settings.server.batch_size
    # a batch that failed is run again item by item when the failure may be one item's, never because the models'
    # process died (it is started again for the batch once already)
    alone: tuple[type[Exception], ...] = (ModelCallError,) if models is not None else (Exception,)
    if isinstance(embeddings.queries, MicroBatcher):
        embeddings.queries.observe = metrics.batch
    else:
        embed: MicroBatcher[str, np.ndarray] = MicroBatcher(
            models.vectors if models is not None else lambda texts: list(embeddings.embed_many(texts)),
            alone=alone,
            window=window,
            max_size=size,
            name="embed",
            observe=metrics.batch,
        )
        embeddings.queries_through(embed)
    if models is not None:  # the model is not loaded in this process unless something else needs it
        embeddings.many_through(models.vectors)
    if isinstance(detector.analyses, MicroBatcher):
        detector.analyses.observe = metrics.batch
    else:
        read = models.names if models is not None else detector.analyze_many
        ner = MicroBatcher(read, alone=alone, window=window, max_size=size, name="ner", observe=metrics.batch)
        detector.analyses_through(ner)


def hnsw_settings(settings: Settings) -> HnswSettings:
    """The HNSW parameters from the settings."""
    r = settings.retrieval
    return HnswSettings(r.hnsw_ef_search, r.hnsw_ef_construction, r.hnsw_max_neighbors)


def load_embeddings(settings: Settings) -> ShopEmbeddings:
    """The embedding model, loaded from the packaged files."""
    enforce_offline()
    return ShopEmbeddings(
        settings.embedding_model_path,
        max_tokens=settings.retrieval.embedding_max_tokens,
        batch_size=settings.retrieval.embedding_batch_size,
    )


def load_detector(settings: Settings, *, unseen_names: str | None = None) -> PiiDetector:
    """Presidio's analyzer over the installed spaCy pipelines, with the shop's references kept; ``unseen_names``:
    the name gazetteer without the words of that part of the generated sets' split ("holdout" or "dev")."""
    enforce_offline()
    return PiiDetector(
        keep_patterns=settings.privacy.keep_patterns,
        score_threshold=settings.privacy.score_threshold,
        gazetteer=Gazetteer.load(unseen=unseen_names) if unseen_names else None,
    )


def ingest_screen(settings: Settings) -> Callable[[str], tuple[str, ...]]:
    """The instruction screen of an ingest: the patterns' reasons for setting a sentence aside, none for a sentence
    the merchant allowed (``COMPTOIR_RETRIEVAL__SCREEN_ALLOW``)."""
    detector = InjectionDetector()
    allowed = [re.compile(pattern) for pattern in settings.retrieval.screen_allow]

    def screen(sentence: str) -> tuple[str, ...]:
        if any(pattern.search(sentence) for pattern in allowed):
            return ()
        return detector.check(sentence).reasons

    return screen


def load_injection_detector(embeddings: ShopEmbeddings) -> InjectionDetector:
    """The injection patterns with the shipped learned judge (when it was trained on these embeddings)."""
    return InjectionDetector(EmbeddedJudge.for_embeddings(embeddings, INJECTION_MODEL_PATH))


def order_tools(
    settings: Settings, orders: OrderSource | None, store: ConversationStore, redactor: Redactor
) -> list[Tool]:
    """The order look-up, when the settings name an order source."""
    if orders is None:
        return []
    limits = LookupLimits(settings.orders.failures_per_conversation, settings.orders.failures_per_address)
    access = OrderAccess(orders, store, redactor.digest, settings.pseudonym_key(), limits)
    return [OrderLookup(access, store.pseudonyms)]


def build_runtime(
    settings: Settings,
    embeddings: ShopEmbeddings | None = None,
    detector: PiiDetector | None = None,
    *,
    serving: bool = False,
    models: ModelProcess | None = None,
) -> Runtime:
    """Load everything a server needs; ``embeddings`` and ``detector`` may be shared between runtimes (tests do).
    ``serving``: the runtime of ``comptoir serve``, whose models run their batches in a process of their own
    (``COMPTOIR_SERVER__MODEL_PROCESS``; ``models``: that process, when it was started before)."""
    enforce_offline()
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    # the models' process loads them while this one loads its own part
    model_process = models or (ModelProcess(settings) if serving and settings.server.model_process else None)
    embeddings = embeddings or load_embeddings(settings)
    detector = detector or load_detector(settings)
    metrics = Metrics()
    if model_process is None:  # the models run here: loaded now, not at the first shopper's message
        embeddings.load()
        detector.load()
    batch_models(settings, embeddings, detector, metrics, model_process)
    index = IndexHandle(
        settings.index_dir,
        settings.chroma_url,
        settings.collection,
        embeddings,
        hnsw_settings(settings),
        memory_vectors=settings.retrieval.memory_vectors,
    )
    search = HybridSearch(
        index,
        embeddings,
        dense_candidates=settings.retrieval.dense_candidates,
        lexical_candidates=settings.retrieval.lexical_candidates,
    )
    responder = make_responder(settings)
    store = ConversationStore(make_engine(settings.sqlalchemy_url))
    store.create_schema()
    redactor = Redactor(detector, settings.pseudonym_key())
    orders = make_order_source(settings.orders, store.engine, settings.pseudonym_key())
    if model_process is not None:
        model_process.wait_ready()  # the intents' examples are embedded there
    pipeline = TurnPipeline(
        IntentClassifier(embeddings),
        Retriever(search, topics=TextModel.for_embeddings(embeddings, TOPIC_PATH)),
        responder,
        GroundingCheck(low_stock_threshold=settings.retrieval.low_stock_threshold),
        load_injection_detector(embeddings),
        [*make_tools(settings), *order_tools(settings, orders, store, redactor)],
        TextModel.for_embeddings(embeddings, SCOPE_PATH),
        TextModel.for_embeddings(embeddings, POLICY_PATH),
        TextModel.for_embeddings(embeddings, REQUEST_PATH),
    )
    vault_key = settings.privacy.vault_key
    privacy = PrivacyService(
        redactor,
        store,
        Sealer(vault_key.get_secret_value()) if vault_key else None,
        catalog_words(index, settings.shop_name),
    )
    model_info = ModelInfo(responder.name, responder.version, embeddings.version)
    limits = {"max_text_chars": settings.chat.max_text_chars, "max_frame_bytes": settings.chat.max_frame_bytes}
    escalation = EscalationPolicy(settings.escalation.confidence_threshold)
    queue = HandoverQueue(store.engine, store.audit, metrics)
    metrics.queue = queue.load
    secret = settings.customers.token_secret
    identify = (
        partial(
            customer_id, secret=secret.get_secret_value(), max_lifetime=settings.customers.token_max_lifetime_seconds
        )
        if secret
        else None
    )
    consents = ConsentBook(store)
    chat = ChatService(
        store,
        privacy,
        pipeline,
        escalation,
        queue,
        model_info,
        settings.shop_name,
        settings.default_language,
        limits,
        identify,
        consents,
        written_by_model=responder.method is None,
        metrics=metrics,
    )
    accounts = Accounts(store.engine)
    bus = make_bus(settings.redis_url)
    hours = OpeningHours.parse(settings.escalation.opening_hours, settings.escalation.timezone)
    desk = HandoverDesk(chat, queue, accounts, bus, hours, settings.chat.max_text_chars)
    index.current()
    if serving:  # worked out once from the index before the first shopper, not by the first ones at once
        pipeline.retriever.page_topics()
        privacy.catalog_words()
    messages = ShopperMessages(chat, desk)
    rights = ShopperRights(chat, consents)
    openings = WindowLimiter(settings.chat.conversations_per_minute, 60.0)
    logins = Logins(accounts, store, LoginLimits.of(settings.console), settings.pseudonym_key())
    return Runtime(
        settings, embeddings, index, search, chat, privacy, desk, accounts, bus, messages, rights, consents, openings,
        logins, metrics, orders,
    )  # fmt: skip
