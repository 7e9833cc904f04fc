"""Where the guardrails meet the store: redaction before anything is kept, and the vault behind it."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from sqlalchemy.exc import IntegrityError

from assistant.records.audit import AuditAction
from assistant.records.store import Accepted, ConversationStore
from assistant.records.tables import PiiEntry
from guardrails import Expect, Redacted, Redactor, Sealer, VaultError, shop_words
from retrieval import IndexHandle
from retrieval.search import ShopIndex

T = TypeVar("T")


class RevealRefused(PermissionError):
    """Only the agent holding a conversation may see the original of one of its placeholders."""


@dataclass(frozen=True)
class Revealed:
    """An original value, shown once to the agent who asked, and the audit event that records it."""

    placeholder: str
    value: str
    audit_id: int


class PrivacyService:
    """Redacts each shopper message with the conversation's placeholders and keeps the originals sealed."""

    def __init__(
        self,
        redactor: Redactor,
        store: ConversationStore,
        sealer: Sealer | None = None,
        catalog_words: Callable[[], frozenset[str]] = frozenset,
    ):
        self.redactor = redactor
        self.store = store
        self.sealer = sealer
        self.catalog_words = catalog_words

    @property
    def vault_enabled(self) -> bool:
        """Whether original values are kept at all (a vault key is set)."""
        return self.sealer is not None

    def redact(
        self,
        text: str,
        lang: str,
        conversation_id: str = "",
        also_keep: frozenset[str] = frozenset(),
        expect: Expect = Expect.NOTHING,
    ) -> Redacted:
        """``text`` with its personal data replaced; without a conversation the placeholders are throwaway."""
        known = self.store.pseudonyms(conversation_id) if conversation_id else {}
        words = self.catalog_words() | also_keep
        return self.redactor.redact(text, lang, scope=conversation_id, known=known, keep_words=words, expect=expect)

    def accept(
        self, conversation_id: str, client_id: str, text: str, lang: str, expect: Expect = Expect.NOTHING
    ) -> Accepted:
        """Redact a shopper message and store it; nothing of the raw text is written anywhere. ``expect``: what the
        assistant's last answer asked for (an order's postcode is personal data then)."""

        def write(redacted: Redacted, entries: list[PiiEntry]) -> Accepted:
            return self.store.accept(
                conversation_id, client_id, redacted.text, lang, redactions=redacted.counts, entries=entries
            )

        return self.keep(conversation_id, text, lang, write, expect=expect)

    def keep(
        self,
        conversation_id: str,
        text: str,
        lang: str,
        write: Callable[[Redacted, list[PiiEntry]], T],
        also_keep: frozenset[str] = frozenset(),
        expect: Expect = Expect.NOTHING,
    ) -> T:
        """Redact ``text`` with the conversation's placeholders and hand it to ``write`` with its new entries.

        A concurrent redaction in the same conversation (another process) may take a placeholder first;
        then the text is redacted again with the placeholders as they now are.
        """
        keep = self._keeps_originals(conversation_id)
        for attempt in range(5):
            redacted = self.redact(text, lang, conversation_id, also_keep, expect)
            entries = [
                PiiEntry(
                    conversation_id=conversation_id,
                    placeholder=p.placeholder,
                    entity=p.entity,
                    digest=p.digest,
                    sealed=self.sealer.seal(p.value) if keep and self.sealer else None,
                )
                for p in redacted.new
            ]
            try:
                return write(redacted, entries)
            except IntegrityError:
                if attempt == 4:
                    raise
        raise AssertionError("unreachable")

    def choose_vault(self, conversation_id: str, keep: bool) -> None:
        """The shopper says whether the vault may keep what they type; no also erases what it kept."""
        self.store.update_conversation(conversation_id, keep_originals=keep)
        forgotten = 0 if keep else self.store.forget_originals(conversation_id)
        self.store.audit(
            conversation_id,
            "shopper",
            AuditAction.VAULT_ACCEPTED if keep else AuditAction.VAULT_DECLINED,
            values_forgotten=forgotten,
        )

    def reveal(self, conversation_id: str, placeholder: str, agent: str) -> Revealed:
        """The original behind a placeholder, for the agent assigned to the conversation; each reveal is audited."""
        conversation = self.store.conversation(conversation_id)
        if conversation is None:
            raise LookupError(f"no conversation {conversation_id}")
        if not agent or conversation.assigned_agent != agent:
            self.store.audit(
                conversation_id, agent or "anonymous", AuditAction.PII_REVEAL_REFUSED, placeholder=placeholder
            )
            raise RevealRefused("only the agent assigned to this conversation may reveal its personal data")
        if self.sealer is None:
            raise VaultError("there is no vault: no vault key is set")
        entry = self.store.pii_entry(conversation_id, placeholder)
        if entry is None or entry.sealed is None:
            raise VaultError(f"nothing is kept for {placeholder}")
        value = self.sealer.open(entry.sealed)
        event = self.store.audit(
            conversation_id, agent, AuditAction.PII_REVEALED, placeholder=placeholder, entity=entry.entity
        )
        assert event.id is not None
        return Revealed(placeholder, value, event.id)

    def _keeps_originals(self, conversation_id: str) -> bool:
        if self.sealer is None:
            return False
        conversation = self.store.conversation(conversation_id)
        return conversation is not None and conversation.keep_originals


def shop_vocabulary(index: ShopIndex, shop_name: str) -> frozenset[str]:
    """The words the shop itself writes (its name, brands, product names, categories, descriptions).

    A name or a street made only of these is the catalog talking ("Gore-Tex", "Sangle", "900 Carbon
    Road"), not a person. The price: a shopper's lone first name that is also a catalog word is kept.
    """
    texts = [shop_name]
    for product in index.products.values():
        texts.append(product.brand)
        for field in (product.title, product.category, product.description):
            texts.extend(field.values())
    return shop_words(texts)


def catalog_words(index: IndexHandle, shop_name: str) -> Callable[[], frozenset[str]]:
    """:func:`shop_vocabulary` of the current index, recomputed when the index changes."""
    seen: list[tuple[ShopIndex, frozenset[str]]] = []
    lock = threading.Lock()

    def words() -> frozenset[str]:
        current = index.current()
        if not seen or seen[0][0] is not current:
            with lock:  # the messages that arrive meanwhile wait for it rather than each read the whole catalog
                if not seen or seen[0][0] is not current:
                    seen[:] = [(current, shop_vocabulary(current, shop_name))]
        return seen[0][1]

    return words
