"""Compliance documents written from the running configuration: the GDPR art. 30 record of processing and
the AI system's transparency sheet (EU AI Act art. 50, 12 and 14).

Every value comes from the settings or the code at run time: :func:`gather_facts` reads them into :class:`Facts`
(package metadata and the index manifest included, but neither the embedding model nor the spaCy pipelines), and
the Markdown templates in ``templates/`` are filled from those facts alone.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from assistant.config import Settings

TO_FILL = "**[TO FILL IN BY THE MERCHANT]**"
TO_CONFIRM = "**[TO CONFIRM BY THE MERCHANT]**"

RECORD_FILE = "record-of-processing.md"
TRANSPARENCY_FILE = "ai-transparency.md"

_PACKAGES = (
    "presidio-analyzer",
    "spacy",
    "sentence-transformers",
    "torch",
    "chromadb",
)


@dataclass(frozen=True)
class Facts:
    """Everything the documents say: what the code and the installed packages say, and the settings that matter
    (service hosts only, never their URLs or credentials)."""

    shop_name: str
    embedding_model: str
    responder: str
    """The name and version of the responder that runs, as it gives them (e.g. ``catalog-templates`` ``1.0``)."""
    responder_version: str
    responder_choice: str
    """``COMPTOIR_RESPONDER``, e.g. ``extractive``."""
    responder_method: str | None
    """How it phrases an answer when it uses no language model, as the responder says (``Responder.method``);
    ``None`` when a language model phrases it (the documents then ask the merchant to confirm which)."""
    tools: tuple[str, ...]
    """The tools enabled (``COMPTOIR_TOOLS``), in their order."""
    spacy_pipelines: dict[str, str]
    """Language -> ``package version``."""
    packages: dict[str, str]
    entities: dict[str, str]
    """Presidio entity -> the placeholder name stored, e.g. ``EMAIL_ADDRESS`` -> ``EMAIL``."""
    reasons: tuple[str, ...]
    sensitive_reasons: tuple[str, ...]
    roles: tuple[str, ...]
    disclosure: dict[str, str]
    """Locale -> the disclosure shown to shoppers (with the shop's name)."""
    vault: bool
    database_host: str | None
    redis_host: str | None
    chroma_host: str | None
    index_dir: str
    collection: str
    retention_days: int
    purge_every_hours: float
    session_hours: float
    secure_cookie: bool
    confidence_threshold: float
    opening_hours: str | None
    timezone: str
    score_threshold: float
    low_stock_threshold: int
    max_text_chars: int
    max_messages_per_second: float
    products: int | None = None
    passages: int | None = None
    index_recipe: str | None = None
    order_source: str = "none"
    """``COMPTOIR_ORDERS__SOURCE``: where orders are looked up (``none``, ``local``, ``shopify``, ``woocommerce``)."""
    order_host: str | None = None
    """The host of the shop's order system (Shopify, WooCommerce), never its credentials."""
    llm_model: str | None = None
    """``COMPTOIR_LLM__MODEL`` when a language model writes the answers (``provider:model``)."""
    llm_host: str | None = None
    """Where that model is served: the host of ``COMPTOIR_LLM__BASE_URL``, else the provider's own."""
    llm_local: bool = False
    """Whether that host is this machine (loopback)."""
    generated_by: str = field(default="")


def _version(package: str) -> str:
    try:
        return version(package)
    except PackageNotFoundError:
        return "not installed"


def _host(url: str | None) -> str | None:
    """The host (and port) of a service URL, never its credentials or path."""
    if not url:
        return None
    parts = urlsplit(url)
    host = parts.hostname or url.split("://", 1)[-1].split("/", 1)[0].rsplit("@", 1)[-1]
    return f"{host}:{parts.port}" if parts.port else host


PROVIDER_HOSTS = {"ollama": "localhost:11434", "openai": "api.openai.com", "mistralai": "api.mistral.ai"}
"""Where each provider's model is served when ``COMPTOIR_LLM__BASE_URL`` is not set."""


def _llm(settings: Settings) -> dict[str, Any]:
    """The language model's facts: its name, its host (never its key), whether it runs on this machine."""
    host = _host(settings.llm.base_url) or PROVIDER_HOSTS.get(settings.llm.provider or "", "")
    name = host.rsplit(":", 1)[0].strip("[]")
    local = name in {"localhost", "127.0.0.1", "::1"} or name.startswith("127.")
    return {"llm_model": settings.llm.model, "llm_host": host, "llm_local": local}


def gather_facts(settings: Settings) -> Facts:
    """Read the facts without loading a model: package metadata, the code's constants, the index manifest."""
    from assistant.staff.accounts import Role
    from assistant.turn.chat import disclosures
    from assistant.turn.responders import make_responder
    from escalation.policy import SENSITIVE, Reason
    from guardrails.entities import ENTITIES, PLACEHOLDER_NAMES
    from guardrails.pii import SPACY_MODELS
    from guardrails.postcodes import POSTCODE
    from retrieval.embeddings import ShopEmbeddings
    from retrieval.index import POLICIES, PRODUCTS, Manifest

    responder = make_responder(settings)  # a responder is built without loading a model
    embedding = ShopEmbeddings.__new__(ShopEmbeddings).version  # the property reads metadata, not the weights
    if settings.embedding_model_path is not None:
        embedding = f"model at {settings.embedding_model_path} (in place of {embedding})"
    manifest = Manifest(settings.index_dir / "manifest.json").read()
    items = list(manifest.get("items", {}).values())
    indexed = bool(items) or manifest.get("embedding_model") is not None
    pipelines = {lang: f"{name} {_version(name.replace('_', '-'))}" for lang, name in SPACY_MODELS.items()}
    return Facts(
        shop_name=settings.shop_name,
        embedding_model=embedding,
        responder=responder.name,
        responder_version=responder.version,
        responder_choice=settings.responder,
        responder_method=responder.method,
        tools=tuple(settings.tools),
        order_source=settings.orders.source,
        order_host=_host(settings.orders.base_url),
        **_llm(settings) if responder.method is None else {},
        spacy_pipelines=pipelines,
        packages={name: _version(name) for name in _PACKAGES},
        entities={entity: PLACEHOLDER_NAMES[entity] for entity in (*ENTITIES, POSTCODE)},
        reasons=tuple(str(r) for r in Reason),
        sensitive_reasons=tuple(str(r) for r in Reason if r in SENSITIVE),
        roles=tuple(str(r) for r in Role),
        disclosure={
            lang: text.format(shop=settings.shop_name) for lang, text in disclosures(responder.method is None).items()
        },
        vault=settings.privacy.vault_key is not None,
        database_host=_host(settings.database_url),
        redis_host=_host(settings.redis_url),
        chroma_host=_host(settings.chroma_url),
        index_dir=str(settings.index_dir),
        collection=settings.collection,
        retention_days=settings.retention.days,
        purge_every_hours=settings.retention.purge_every_hours,
        session_hours=settings.console.session_hours,
        secure_cookie=settings.console.secure_cookie,
        confidence_threshold=settings.escalation.confidence_threshold,
        opening_hours=settings.escalation.opening_hours,
        timezone=settings.escalation.timezone,
        score_threshold=settings.privacy.score_threshold,
        low_stock_threshold=settings.retrieval.low_stock_threshold,
        max_text_chars=settings.chat.max_text_chars,
        max_messages_per_second=settings.chat.max_messages_per_second,
        products=sum(i.get("kind") == PRODUCTS for i in items) if indexed else None,
        passages=sum(i.get("kind") == POLICIES for i in items) if indexed else None,
        index_recipe=manifest.get("embedding_model"),
        generated_by=f"comptoir {_version('comptoir')}",
    )


_TEMPLATES = Environment(
    loader=FileSystemLoader(Path(__file__).resolve().parent / "templates"),
    autoescape=False,  # Markdown; the console renders it with raw HTML off
    keep_trailing_newline=True,
    trim_blocks=True,
    lstrip_blocks=True,
    undefined=StrictUndefined,
)
_TEMPLATES.filters["g"] = lambda number: format(number, "g")
_TEMPLATES.filters["codes"] = lambda names: ", ".join(f"`{name}`" for name in names)
_TEMPLATES.globals.update(TO_FILL=TO_FILL, TO_CONFIRM=TO_CONFIRM)


def _render(template: str, facts: Facts) -> str:
    return _TEMPLATES.get_template(template).render(facts=facts)


def record_of_processing(settings: Settings, facts: Facts | None = None) -> str:
    """The GDPR art. 30 record of processing activities of this deployment, in Markdown; ``facts`` are those
    :func:`gather_facts` reads for ``settings`` (read now when not given)."""
    return _render(f"{RECORD_FILE}.j2", facts or gather_facts(settings))


def transparency_sheet(settings: Settings, facts: Facts | None = None) -> str:
    """The AI system's transparency sheet of this deployment, in Markdown; ``facts`` as for
    :func:`record_of_processing`."""
    return _render(f"{TRANSPARENCY_FILE}.j2", facts or gather_facts(settings))


def write_documents(settings: Settings, out: Path, facts: Facts | None = None) -> list[Path]:
    """Write both documents to ``out``; the paths written."""
    facts = facts or gather_facts(settings)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in (
        (RECORD_FILE, record_of_processing(settings, facts)),
        (TRANSPARENCY_FILE, transparency_sheet(settings, facts)),
    ):
        path = out / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
