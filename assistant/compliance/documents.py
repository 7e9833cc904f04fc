"""Compliance documents written from the running configuration: the GDPR art. 30 record of processing and
the AI system's transparency sheet (EU AI Act art. 50, 12 and 14).

Every value comes from the settings or the code at run time; :func:`gather_facts` reads package metadata and
the index manifest, and loads neither the embedding model nor the spaCy pipelines.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from urllib.parse import urlsplit

from assistant.config import Settings

TO_FILL = "**[TO FILL IN BY THE MERCHANT]**"
TO_CONFIRM = "**[TO CONFIRM BY THE MERCHANT]**"

RECORD_FILE = "record-of-processing.md"
TRANSPARENCY_FILE = "ai-transparency.md"

_PACKAGES = (
    "presidio-analyzer",
    "presidio-anonymizer",
    "spacy",
    "sentence-transformers",
    "torch",
    "chromadb",
)


@dataclass(frozen=True)
class Facts:
    """What the code and the installed packages say, next to the settings."""

    embedding_model: str
    responder: str
    responder_version: str
    spacy_pipelines: dict[str, str]
    """Language -> ``package version``."""
    packages: dict[str, str]
    entities: dict[str, str]
    """Presidio entity -> the placeholder name stored, e.g. ``EMAIL_ADDRESS`` -> ``EMAIL``."""
    reasons: tuple[str, ...]
    sensitive_reasons: tuple[str, ...]
    roles: tuple[str, ...]
    disclosure: dict[str, str]
    """Locale -> the disclosure template (``{shop}`` not yet filled)."""
    products: int | None = None
    passages: int | None = None
    index_recipe: str | None = None
    generated_by: str = field(default="")


def _version(package: str) -> str:
    try:
        return version(package)
    except PackageNotFoundError:
        return "not installed"


def _host(url: str) -> str:
    """The host (and port) of a service URL, never its credentials or path."""
    parts = urlsplit(url)
    host = parts.hostname or url.split("://", 1)[-1].split("/", 1)[0].rsplit("@", 1)[-1]
    return f"{host}:{parts.port}" if parts.port else host


def gather_facts(settings: Settings) -> Facts:
    """Read the facts without loading a model: package metadata, the code's constants, the index manifest."""
    from assistant.staff.accounts import Role
    from assistant.turn.chat import DISCLOSURE
    from assistant.turn.responders import make_responder
    from escalation.policy import SENSITIVE, Reason
    from guardrails.pii import ENTITIES, PLACEHOLDER_NAMES, SPACY_MODELS
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
        embedding_model=embedding,
        responder=responder.name,
        responder_version=responder.version,
        spacy_pipelines=pipelines,
        packages={name: _version(name) for name in _PACKAGES},
        entities={entity: PLACEHOLDER_NAMES[entity] for entity in ENTITIES},
        reasons=tuple(str(r) for r in Reason),
        sensitive_reasons=tuple(str(r) for r in Reason if r in SENSITIVE),
        roles=tuple(str(r) for r in Role),
        disclosure=dict(DISCLOSURE),
        products=sum(i.get("kind") == PRODUCTS for i in items) if indexed else None,
        passages=sum(i.get("kind") == POLICIES for i in items) if indexed else None,
        index_recipe=manifest.get("embedding_model"),
        generated_by=f"comptoir {_version('comptoir')}",
    )


def _bullets(lines: list[str]) -> str:
    return "\n".join(f"- {line}" for line in lines)


def _services(settings: Settings) -> list[str]:
    out = []
    if settings.database_url:
        out.append(f"audit and conversation database at `{_host(settings.database_url)}` (`COMPTOIR_DATABASE_URL`)")
    if settings.redis_url:
        out.append(f"Redis hand-over bus at `{_host(settings.redis_url)}` (`COMPTOIR_REDIS_URL`)")
    if settings.chroma_url:
        out.append(f"Chroma vector index at `{_host(settings.chroma_url)}` (`COMPTOIR_CHROMA_URL`)")
    return out


def _purge_schedule(settings: Settings) -> str:
    hours = settings.retention.purge_every_hours
    if hours == 0:
        return "automatic purging is off (`COMPTOIR_RETENTION__PURGE_EVERY_HOURS=0`): run `comptoir purge` regularly"
    return f"the server purges every {hours:g} hours (`COMPTOIR_RETENTION__PURGE_EVERY_HOURS`), and `comptoir purge` does it by hand"


def _placeholders(facts: Facts) -> str:
    return ", ".join(f"`<{name}_n>` ({entity})" for entity, name in facts.entities.items())


def record_of_processing(settings: Settings, facts: Facts) -> str:
    """The GDPR art. 30 record of processing activities of this deployment, in Markdown."""
    vault_on = settings.privacy.vault_key is not None
    services = _services(settings)
    vault = (
        "the vault key is set: the original of each placeholder is kept encrypted (Fernet) unless the shopper "
        "declined, and only the agent assigned to the conversation can reveal it (each reveal is audited)"
        if vault_on
        else "the vault key is not set: originals are not kept, only placeholders"
    )
    storage = [
        f"database: {'`' + _host(settings.database_url) + '`' if settings.database_url else 'SQLite in the data directory'}"
    ]
    storage.append(
        f"index: {'Chroma at `' + _host(settings.chroma_url) + '`' if settings.chroma_url else 'embedded Chroma in the data directory'}"
    )
    recipients = [
        f"the support agents of {settings.shop_name} (console accounts with role "
        + ", ".join(f"`{r}`" for r in facts.roles)
        + ")",
        "processors: none by default. " + TO_FILL + " add the host of this server if it is not run by the merchant",
    ]
    if services:
        recipients += [f"service named in the settings: {s}; {TO_FILL} the operator of this service" for s in services]
    else:
        recipients.append("no external service is configured (no database, Redis or Chroma server URL is set)")
    sections = [
        f"# Record of processing activities — {settings.shop_name} chat assistant",
        f"GDPR article 30. Generated by `comptoir docs` ({facts.generated_by}) from the running configuration; "
        "generate it again after changing the settings.",
        "## 1. Controller",
        _bullets(
            [
                f"Shop: {settings.shop_name}",
                f"Legal name, address, registration number, contact, data-protection officer: {TO_FILL}",
            ]
        ),
        "## 2. Purposes of the processing",
        _bullets(
            [
                "answering shoppers' questions from the shop's catalog and policy pages (an automated assistant)",
                "handing a conversation over to the shop's support agents, and letting a shopper leave a contact "
                "for a reply",
                "keeping an audit record of each answer, hand-over, reveal of personal data and erasure",
                "remembering a known customer's language and the product categories they were shown, to suggest "
                "them in later conversations, only if they opted in from the widget",
                "answering data-subject requests (a copy of one's data, its erasure) made from the widget",
                "security of the service (rate limiting, refusing attempts to reprogram the assistant)",
            ]
        ),
        "## 3. Categories of data subjects",
        _bullets(["shoppers who use the chat on the shop's pages", "staff with a console account"]),
        "## 4. Categories of personal data",
        _bullets(
            [
                "shoppers' messages, redacted before storage: personal data in them is replaced by typed "
                f"placeholders {_placeholders(facts)}, linked by a keyed hash scoped to the conversation",
                f"originals of the placeholders: {vault}",
                "contacts left for a reply (e-mail address or phone number), redacted and sealed like any message",
                "the conversation's language, timestamps and a random session token",
                "for known customers: the merchant's customer id (from a signed token); with their opt-in, their "
                "language and the product categories they were shown (the last five); the history of their "
                "opt-ins and withdrawals",
                "ratings of answers (thumbs up or down)",
                "data-subject requests: kind, time, status, who served it and how (no shopper text)",
                "staff account names, display names and roles; login sessions; agents' messages and notes",
                "audit events (actor, action, time; no shopper text)",
            ]
        ),
        "## 5. Recipients",
        _bullets(recipients),
        "## 6. Transfers outside the European Union",
        _bullets(
            [
                "none by default: the assistant makes no network request at run time (models and pipelines are "
                "installed packages, no LLM)",
                f"{TO_FILL} if the server or a service above is hosted outside the EU, name it and the safeguard",
            ]
        ),
        "## 7. Retention",
        _bullets(
            [
                f"a conversation with no activity for {settings.retention.days} days (`COMPTOIR_RETENTION__DAYS`) "
                "is purged with its turns, vault entries, agents' messages and notes; conversations waiting for "
                "or held by a person are kept until closed",
                _purge_schedule(settings),
                "the audit chain (`audit_events`) is kept; it holds no shopper text, and each purge is recorded",
                "remembered preferences: until the customer withdraws their opt-in, or the conversation they were "
                "last learnt from is purged or erased (erasure also removes the customer's opt-in history)",
                "data-subject requests: kept as the record that they were served (no shopper text)",
                f"staff accounts: until removed; login sessions last {settings.console.session_hours:g} hours",
            ]
        ),
        "## 8. Legal basis",
        _bullets(
            [
                f"suggested, {TO_CONFIRM}: legitimate interest (GDPR art. 6(1)(f)) in answering customers; steps "
                "prior to a contract at the shopper's request (art. 6(1)(b)) for questions about an order",
                f"audit and security: legitimate interest and legal obligations {TO_CONFIRM}",
                "remembered preferences: the customer's consent (art. 6(1)(a)), withdrawn from the widget at any time",
                "data-subject requests: legal obligation (art. 6(1)(c), GDPR art. 12 to 17)",
            ]
        ),
        "## 9. Technical and organisational measures",
        _bullets(
            [
                "redaction before storage (Presidio and spaCy, English and French); the shop's own references "
                "are kept by pattern",
                "vault encryption of originals (Fernet), " + ("enabled" if vault_on else "not enabled"),
                "hash-chained, tamper-evident audit log (`comptoir audit verify`)",
                "role-separated console (" + ", ".join(f"`{r}`" for r in facts.roles) + "); salted scrypt "
                "password hashes; sessions held in the database with an HttpOnly, SameSite=Strict cookie"
                + (", HTTPS only" if settings.console.secure_cookie else ""),
                "no network egress at run time; logs name turns by id, never their text",
                *[f"storage: {s}" for s in storage],
            ]
        ),
    ]
    return "\n\n".join(sections) + "\n"


def transparency_sheet(settings: Settings, facts: Facts) -> str:
    """The AI system's transparency sheet of this deployment, in Markdown."""
    threshold = settings.escalation.confidence_threshold
    if facts.products is None:
        sources = ["no index manifest yet: nothing has been indexed"]
    else:
        sources = [f"{facts.products} products and {facts.passages} policy passages (index manifest)"]
    where = f"Chroma server at `{_host(settings.chroma_url)}`" if settings.chroma_url else f"`{settings.index_dir}`"
    sources += [f"index: {where}, collection `{settings.collection}`"]
    if facts.index_recipe:
        sources.append(f"vectors made with: {facts.index_recipe}")
    hours = settings.escalation.opening_hours or "always"
    sections = [
        f"# AI system transparency sheet — {settings.shop_name} chat assistant",
        f"EU AI Act art. 50 (disclosure), art. 12 (record-keeping), art. 14 (human oversight). Generated by "
        f"`comptoir docs` ({facts.generated_by}) from the running configuration.",
        "## Models and versions",
        _bullets(
            [
                f"answers: `{facts.responder}` {facts.responder_version}, templates filled from retrieved catalog "
                "and policy items; no large language model",
                f"embedding model: {facts.embedding_model}",
                *[f"spaCy pipeline ({lang}): {p}" for lang, p in facts.spacy_pipelines.items()],
                *[f"{name} {v}" for name, v in facts.packages.items()],
            ]
        ),
        "## Data sources",
        _bullets(sources),
        "## Guardrails",
        _bullets(
            [
                "personal data redaction before storage (entities: " + ", ".join(facts.entities) + f"; least "
                f"score {settings.privacy.score_threshold:g})",
                "prompt-injection screening of shopper messages and of indexed content",
                "grounding check of every answer's claims against the retrieved items, and of urgency claims "
                f"(low stock at or under {settings.retrieval.low_stock_threshold})",
                f"message limits: {settings.chat.max_text_chars} characters, "
                f"{settings.chat.max_messages_per_second:g} messages per second",
            ]
        ),
        "## Escalation rules",
        _bullets(
            [
                f"confidence threshold: {threshold:g} (`COMPTOIR_ESCALATION__CONFIDENCE_THRESHOLD`); two answers "
                "in a row just above it also hand over",
                "reasons: " + ", ".join(f"`{r}`" for r in facts.reasons),
                "sensitive (served first): " + ", ".join(f"`{r}`" for r in facts.sensitive_reasons),
                f"opening hours: {hours} ({settings.escalation.timezone}); outside them the shopper is told so "
                "and may leave a contact",
            ]
        ),
        "## Human oversight",
        _bullets(
            [
                "agents take over in the console at `/console`, see the hand-over packet and the assistant's "
                "suggested reply, answer as themselves, and hand back or close",
                "roles: " + ", ".join(f"`{r}`" for r in facts.roles),
                "every answer is audited with its sources, confidence, model versions and hand-over decision",
                "compliance officers review any conversation at `/compliance`: each answer's explanation, exports, "
                "shoppers' data requests, erasure, and key figures (hand-over rate, ratings, injection attempts, "
                "disclosure coverage)",
                "every new conversation's disclosure is recorded (`ai_disclosed`) with the conversation itself",
            ]
        ),
        "## Disclosure shown to shoppers",
        "\n\n".join(
            f"**{lang.upper()}**: {text.format(shop=settings.shop_name)}" for lang, text in facts.disclosure.items()
        ),
        "## Known limits",
        _bullets(
            [
                "only English and French",
                "personal data and injection detectors are pattern- and model-based and miss some cases",
                "answers are retrieval only: the assistant does not know what is not in the catalog or policies",
                f"low confidence under {threshold:g} goes to a person; above it, wrong answers are possible",
            ]
        ),
    ]
    return "\n\n".join(sections) + "\n"


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
