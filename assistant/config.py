"""Comptoir's one settings object, read from the environment (prefix ``COMPTOIR_``)."""

from __future__ import annotations

import os
import re
import secrets
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

Language = Literal["en", "fr"]


def _regular_expressions(patterns: list[str], what: str) -> list[str]:
    """``patterns`` when each compiles, else an error naming the bad one."""
    for pattern in patterns:
        try:
            re.compile(pattern)
        except re.error as exc:
            raise ValueError(f"{what} {pattern!r} is not a regular expression: {exc}") from exc
    return patterns


class RetrievalSettings(BaseModel):
    """How the catalog and policies are embedded, indexed and searched."""

    embedding_max_tokens: int = Field(
        48, ge=16, le=256, description="Tokens of each product's text the embedding model reads."
    )
    embedding_batch_size: int = Field(64, ge=1, description="Texts embedded per batch at ingest.")
    hnsw_ef_search: int = Field(
        600, ge=10, description="HNSW search width (Chroma ef_search); Chroma's 100 loses neighbours."
    )
    hnsw_ef_construction: int = Field(200, ge=10, description="HNSW build width (ef_construction).")
    hnsw_max_neighbors: int = Field(32, ge=4, description="HNSW links per node (the M parameter).")
    dense_candidates: int = Field(60, ge=5, description="Nearest neighbours fetched from Chroma.")
    memory_vectors: int = Field(
        50_000,
        ge=0,
        description="Indexes of at most this many items are searched exactly from a copy of their vectors in "
        "memory (1.5 KB an item, read from Chroma once per ingest); larger ones ask Chroma at every search.",
    )
    lexical_candidates: int = Field(60, ge=5, description="Best BM25 matches fetched per query.")
    low_stock_threshold: int = Field(3, ge=0, description="Stock at or below which a product is low.")
    screen_allow: list[str] = Field(
        default_factory=list,
        description="Regular expressions of catalog or policy sentences the instruction screen keeps (a sentence "
        "of yours that the ingest report lists as set aside, once you have read it).",
    )

    @field_validator("screen_allow")
    @classmethod
    def _allow_compiles(cls, patterns: list[str]) -> list[str]:
        return _regular_expressions(patterns, "screen_allow pattern")


class ChatSettings(BaseModel):
    """Limits of the shopper chat."""

    max_text_chars: int = Field(2000, ge=1, description="Longest shopper message accepted, in characters.")
    max_frame_bytes: int = Field(
        16384, ge=1024, description="Largest WebSocket frame read; bigger frames are refused unparsed."
    )
    max_messages_per_second: float = Field(
        4.0,
        gt=0,
        description="Sustained shopper messages per second per connection (one refused as empty or too "
        "long is not counted).",
    )
    burst: int = Field(6, ge=1, description="Messages a shopper may send at once before rate limiting.")
    frames_per_second: float = Field(
        10.0,
        gt=0,
        description="Sustained frames of every other type (hello, typing, rating, privacy, ...) per second per "
        "shopper connection, bad frames included.",
    )
    frame_burst: int = Field(20, ge=1, description="Frames other than messages a shopper may send at once.")
    products_per_answer: int = Field(3, ge=1, le=10, description="Product cards in one answer.")
    conversations_per_minute: int = Field(
        20,
        ge=1,
        description="New conversations one client address may open in a minute, over the widget's socket and "
        "``POST /api/chat`` together; more get the error ``too_many_conversations`` (HTTP 429 with Retry-After).",
    )
    max_outgoing_frames: int = Field(
        64,
        ge=8,
        description="Frames waiting to be sent to one socket; a client that lets more pile up (it does not read) "
        "is disconnected with close code 1008.",
    )


class HttpSettings(BaseModel):
    """Limits of the HTTP endpoints."""

    max_body_bytes: int = Field(
        262144, ge=1024, description="Largest HTTP request body read; a bigger one gets 413 before it is parsed."
    )


class MetricsSettings(BaseModel):
    """Who may read ``GET /metrics``."""

    token: SecretStr | None = Field(
        None,
        description="A scraper sends it as ``Authorization: Bearer <token>``; set, it is required from any address.",
    )
    loopback_only: bool = Field(
        True,
        description="Without a token, only clients on this machine (127.0.0.1, ::1) may read the metrics; false "
        "opens them to any address (behind a proxy that guards them).",
    )


class ServerSettings(BaseModel):
    """How the server process uses memory and shares the machine."""

    drain_seconds: float = Field(
        20.0,
        ge=0,
        le=600,
        description="On SIGTERM, how long the turns in flight may take to finish before the server closes what is "
        "left and exits (each socket closes with 1012 once its answer is sent; the widget reconnects).",
    )

    malloc_arenas: int = Field(
        2,
        ge=0,
        description="Most C allocator arenas (glibc) the server's threads share; fewer arenas keep memory freed by "
        "one turn usable by the next. 0 leaves the C library's default (up to 8 per core).",
    )
    batch_window_ms: float = Field(
        3.0,
        ge=0,
        le=100,
        description="Under load, how long the model calls of turns running at once wait for each other to be made "
        "as one batch (the embedding of messages, the reading of names); a shopper alone never waits. 0: batches "
        "hold only what gathered while the previous one ran.",
    )
    batch_size: int = Field(32, ge=1, le=256, description="Most messages embedded or read for names in one batch.")
    model_process: bool = Field(
        True,
        description="Run the name reader and the embedding model of the shoppers' messages in a process of their "
        "own (about 730 MB more, one per worker): beside the turns' threads, a model in the server's process waits for Python's "
        "lock after each native step.",
    )
    trim_idle_seconds: float = Field(
        2.0,
        ge=0,
        description="Once the server has worked and then been quiet this many seconds, the memory it freed is "
        "handed back to the system; 0 never.",
    )


class PrivacySettings(BaseModel):
    """What the redactor keeps and what the vault needs."""

    vault_key: SecretStr | None = Field(
        None,
        description="Fernet key (``comptoir vault-key`` makes one) that encrypts the original personal data an "
        "assigned agent may reveal; without it nothing but placeholders is kept.",
    )
    keep_patterns: list[str] = Field(
        default_factory=lambda: [r"\bCMD-[A-Z0-9][A-Z0-9-]*\b", r"\b[A-Z]{2,4}-\d{3,6}\b"],
        description="Regular expressions of the shop's own references (order numbers, SKUs) never redacted.",
    )
    score_threshold: float = Field(0.5, ge=0, le=1, description="Least Presidio score for a finding to be redacted.")

    @field_validator("keep_patterns")
    @classmethod
    def _compiles(cls, patterns: list[str]) -> list[str]:
        return _regular_expressions(patterns, "keep pattern")


class EscalationSettings(BaseModel):
    """When a conversation goes to a person."""

    confidence_threshold: float = Field(
        0.25,
        ge=0,
        le=1,
        description="Answer confidence under which the conversation goes to a person; two answers in a row under "
        "this plus 0.15 do too. `comptoir calibrate` shows the trade-off on labelled messages.",
    )
    opening_hours: str | None = Field(
        None,
        description="When agents answer, e.g. ``mon-fri 09:00-18:00; sat 10:00-13:00``; outside them a shopper "
        "asking for a person is told so and may leave a contact. Default: always.",
    )
    timezone: str = Field("Europe/Paris", description="The time zone of the opening hours.")

    @model_validator(mode="after")
    def _hours_read(self) -> EscalationSettings:
        from escalation.hours import OpeningHours

        OpeningHours.parse(self.opening_hours, self.timezone)  # a wrong rule or zone fails at start, named
        return self


class ConsoleSettings(BaseModel):
    """The agents' console."""

    session_hours: float = Field(12, gt=0, le=24 * 30, description="How long a console login lasts, in hours.")
    secure_cookie: bool = Field(
        False, description="Send the console's session cookie over HTTPS only (set it when served over HTTPS)."
    )
    login_failures_per_account: int = Field(
        10,
        ge=1,
        description="Failed logins for one account name (an existing one or not) within a lock-out's length after "
        "which logins to that name are locked out; a successful login clears the count.",
    )
    login_failures_per_address: int = Field(
        30,
        ge=1,
        description="Failed logins from one client address, whatever the names, within a lock-out's length after "
        "which logins from that address are locked out.",
    )
    login_lockout_minutes: float = Field(
        15,
        gt=0,
        le=24 * 60,
        description="How long a lock-out lasts, and the window in which failures are counted. A locked-out login is "
        "answered 429 with Retry-After, its password not checked; `comptoir users unlock NAME` ends one early.",
    )
    frames_per_second: float = Field(
        20.0, gt=0, description="Sustained frames per second one console socket may send; more get ``rate_limited``."
    )
    burst: int = Field(40, ge=1, description="Frames one console socket may send at once before rate limiting.")


class RetentionSettings(BaseModel):
    """How long conversations are kept."""

    days: int = Field(
        90,
        ge=1,
        description="Conversations with no activity for this many days are purged with everything held about them "
        "(turns, vault entries, agents' messages and notes), except those waiting for or held by a person.",
    )
    purge_every_hours: float = Field(
        24,
        ge=0,
        description="How often the server purges (first a minute after start); 0 leaves it to `comptoir purge`.",
    )


class CustomerSettings(BaseModel):
    """Known customers: the merchant's site signs who the shopper is."""

    token_secret: SecretStr | None = Field(
        None,
        description="Shared secret of the HS256 tokens (JWT) the merchant puts in the widget's tag to tie a "
        "conversation to its customer id; without it, every shopper is a guest.",
    )
    token_max_lifetime_seconds: int = Field(
        900, ge=10, le=86400, description="Longest a customer token may live (its exp, from now)."
    )

    @field_validator("token_secret")
    @classmethod
    def _long_enough(cls, secret: SecretStr | None) -> SecretStr | None:
        if secret is not None and len(secret.get_secret_value().encode()) < 32:
            raise ValueError("a customer-token secret (HS256) needs at least 32 bytes")
        return secret


class OrderSettings(BaseModel):
    """Where the assistant finds the orders shoppers placed."""

    source: Literal["none", "local", "shopify", "woocommerce"] = Field(
        "none",
        description="``none``: the assistant cannot see orders (it hands order questions to a person); ``local``: "
        "the order book in the database, filled by ``comptoir orders import FILE``; ``shopify``: the store's Admin "
        "GraphQL API; ``woocommerce``: the shop's REST API v3.",
    )
    base_url: str | None = Field(
        None,
        description="Shopify: https://STORE.myshopify.com; WooCommerce: the site's address (https://shop.example).",
    )
    token: SecretStr | None = Field(None, description="Shopify: the Admin API access token (read_orders).")
    key: SecretStr | None = Field(None, description="WooCommerce: the REST API consumer key (read access).")
    secret: SecretStr | None = Field(None, description="WooCommerce: the REST API consumer secret.")
    api_version: str = Field("2025-07", description="Shopify: the Admin API version.")
    timeout_seconds: float = Field(
        5.0, gt=0, le=60, description="How long a look-up waits for the shop's order system before giving up."
    )
    failures_per_conversation: int = Field(
        5,
        ge=1,
        description="Wrong pairs (order number, e-mail or postcode) a conversation may give in an hour; the next "
        "look-up is refused and the conversation handed to a person.",
    )
    failures_per_address: int = Field(
        20, ge=1, description="Wrong pairs one client address may give in an hour, over all its conversations."
    )


PROVIDERS = {"ollama": "ollama", "openai": "openai", "mistralai": "mistral"}
"""The language-model providers a merchant may name (LangChain's ``provider:model`` form) and the extra that installs
each one's package (``pip install comptoir[openai]``)."""


class LLMSettings(BaseModel):
    """The language model that phrases the answers when ``COMPTOIR_RESPONDER=llm``."""

    model: str | None = Field(
        None,
        description="The model in LangChain's ``provider:model`` form: ``ollama:qwen2.5:7b``, ``openai:gpt-4o-mini`` "
        "(any OpenAI-compatible server with ``COMPTOIR_LLM__BASE_URL``: vLLM, llama.cpp's server, LM Studio), "
        "``mistralai:mistral-small-latest``.",
    )
    base_url: str | None = Field(
        None,
        description="Where the model is served: Ollama's address (default http://localhost:11434), an "
        "OpenAI-compatible server's ``/v1`` address, or Mistral's API address; default the provider's own.",
    )
    api_key: SecretStr | None = Field(None, description="The provider's API key, when it asks for one.")
    timeout_seconds: float = Field(
        10.0,
        gt=0,
        le=120,
        description="How long to wait for the model's first words, and between two parts of its answer; past it, "
        "the extractive answer is sent instead.",
    )
    answer_seconds: float = Field(
        60.0, gt=0, le=600, description="The longest a whole answer may take; past it, the extractive answer is sent."
    )
    temperature: float = Field(0.2, ge=0, le=2, description="Sampling temperature: low keeps answers to the data.")
    max_tokens: int = Field(400, ge=16, le=4096, description="The longest answer the model may write, in tokens.")
    tone: str = Field(
        "warm, precise and brief, like a good salesperson in the shop",
        max_length=300,
        description="How the answers should sound, in a few words (it goes into the model's instructions).",
    )

    @field_validator("model")
    @classmethod
    def _provider_named(cls, model: str | None) -> str | None:
        if model is None:
            return None
        provider, _, name = model.partition(":")
        if not name or provider not in PROVIDERS:
            raise ValueError(
                f"COMPTOIR_LLM__MODEL={model!r} must read provider:model with a provider among "
                f"{', '.join(sorted(PROVIDERS))} (e.g. ollama:qwen2.5:7b)"
            )
        return model

    @property
    def provider(self) -> str | None:
        """The provider part of :attr:`model`."""
        return self.model.partition(":")[0] if self.model else None


class LinkSettings(BaseModel):
    """The shop's own pages for what a shopper does themselves; the assistant gives the link when asked."""

    password: str | None = Field(None, description="Page where a customer chooses a new password.")
    account: str | None = Field(None, description="Page where a shopper creates or manages their account.")
    newsletter: str | None = Field(None, description="Page where a shopper subscribes to or leaves the newsletter.")


class Settings(BaseSettings):
    """Everything Comptoir can be told. Nested fields use ``__``: ``COMPTOIR_CHAT__MAX_TEXT_CHARS``."""

    model_config = SettingsConfigDict(env_prefix="COMPTOIR_", env_nested_delimiter="__", env_file=None, extra="ignore")

    data_dir: Path = Field(Path("./var"), description="Where the server writes everything it keeps.")
    database_url: str | None = Field(
        None, description="SQLAlchemy URL of the audit database; default SQLite in the data directory."
    )
    chroma_url: str | None = Field(None, description="URL of a Chroma server; default an embedded Chroma directory.")
    redis_url: str | None = Field(
        None,
        description="URL of a Redis server (``redis://host:6379/0``) through which several server processes pass "
        "hand-over events; default an in-process bus (one process).",
    )
    shop_name: str = Field("Sommet Sports", description="Shop name the assistant speaks for.")
    log_format: Literal["text", "json"] = Field(
        "text",
        description="``text`` lines, or ``json``: one object per line with the time, level, logger, message and the "
        "ids of the conversation and turn being handled (never a message's text).",
    )
    responder: str = Field(
        "extractive",
        description="Who phrases the answers: ``extractive`` (the default: sentences built from the catalog, the "
        "policies and the tools' rows, no language model) or ``llm`` (the model ``COMPTOIR_LLM__MODEL`` phrases them "
        "from the same rows; the extractive answer is the safety net).",
    )
    tools: Annotated[list[str], NoDecode] = Field(
        default_factory=list,
        description="Tools the assistant may call besides the catalog and the policies, comma-separated "
        "(none by default).",
    )
    default_language: Language = Field("en", description="Language used when nothing else tells.")
    allowed_origins: Annotated[list[str], NoDecode] = Field(
        default_factory=list,
        description="Origins (scheme://host[:port]) of the merchant pages allowed to open the chat, "
        "comma-separated; the server's own origin is always allowed.",
    )
    embedding_model_path: Path | None = Field(
        None, description="Directory of a sentence-transformers model; default the packaged MiniLM."
    )
    collection: str = Field("comptoir", description="Chroma collection name.")
    secret_key: SecretStr | None = Field(
        None,
        description="Key of the placeholders' keyed hashes; several processes must share it. Default: a random "
        "key kept in ``secret.key`` in the data directory.",
    )
    retrieval: RetrievalSettings = Field(default_factory=RetrievalSettings)
    chat: ChatSettings = Field(default_factory=ChatSettings)
    http: HttpSettings = Field(default_factory=HttpSettings)
    server: ServerSettings = Field(default_factory=ServerSettings)
    metrics: MetricsSettings = Field(default_factory=MetricsSettings)
    privacy: PrivacySettings = Field(default_factory=PrivacySettings)
    escalation: EscalationSettings = Field(default_factory=EscalationSettings)
    console: ConsoleSettings = Field(default_factory=ConsoleSettings)
    customers: CustomerSettings = Field(default_factory=CustomerSettings)
    retention: RetentionSettings = Field(default_factory=RetentionSettings)
    links: LinkSettings = Field(default_factory=LinkSettings)
    orders: OrderSettings = Field(default_factory=OrderSettings)
    llm: LLMSettings = Field(default_factory=LLMSettings)

    @field_validator("allowed_origins", mode="before")
    @classmethod
    def _split_origins(cls, value: object) -> object:
        if isinstance(value, str):
            return [item.strip().rstrip("/") for item in value.split(",") if item.strip()]
        return value

    @field_validator("tools", mode="before")
    @classmethod
    def _split_tools(cls, value: object) -> object:
        if isinstance(value, str):
            return [item.strip() for item in value.split(",") if item.strip()]
        return value

    @property
    def index_dir(self) -> Path:
        """Directory holding the Chroma files and the index manifest."""
        return self.data_dir / "index"

    def pseudonym_key(self) -> bytes:
        """The key of the placeholders' hashes: the setting, or one made once and kept in the data directory."""
        if self.secret_key is not None:
            return self.secret_key.get_secret_value().encode()
        path = self.data_dir / "secret.key"
        if not path.exists():
            self.data_dir.mkdir(parents=True, exist_ok=True)
            draft = path.with_name(f".secret.key.{os.getpid()}")
            fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "w") as handle:
                handle.write(secrets.token_urlsafe(32))
                handle.flush()
                os.fsync(handle.fileno())
            try:
                os.link(draft, path)  # atomic, and the first process to make the key wins
            except FileExistsError:
                pass
            finally:
                draft.unlink()
        return path.read_bytes().strip()

    @property
    def sqlalchemy_url(self) -> str:
        """The audit database URL, SQLite in the data directory unless set."""
        return self.database_url or f"sqlite:///{(self.data_dir / 'comptoir.db').resolve()}"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process's settings, read once from the environment."""
    return Settings()
