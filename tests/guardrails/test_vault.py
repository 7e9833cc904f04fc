"""The PII vault: originals sealed at rest, revealed only to the assigned agent, audited, erased."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import SecretStr
from sqlmodel import Session, select

from assistant.config import PrivacySettings
from assistant.records.tables import AuditEvent, PiiEntry, Turn
from assistant.runtime import Runtime, build_runtime
from assistant.turn.privacy import RevealRefused
from guardrails import Sealer, VaultError
from tests.conftest import make_settings

EMAIL = "lea.fontaine@example.fr"


@pytest.fixture
def vault_runtime(demo_data_dir: Path, embeddings, detector) -> Runtime:  # type: ignore[no-untyped-def]
    settings = make_settings(demo_data_dir, privacy=PrivacySettings(vault_key=SecretStr(Sealer.new_key())))
    return build_runtime(settings, embeddings, detector)


def entries(runtime: Runtime, conversation_id: str) -> list[PiiEntry]:
    with Session(runtime.store.engine) as session:
        return list(session.exec(select(PiiEntry).where(PiiEntry.conversation_id == conversation_id)).all())


def test_originals_are_sealed_and_only_the_assigned_agent_sees_them(vault_runtime: Runtime) -> None:
    chat, privacy = vault_runtime.chat, vault_runtime.privacy
    conversation = chat.open(None, "fr").conversation.id
    stored = chat.accept(conversation, "m", f"écrivez-moi à {EMAIL}", "fr").turn
    assert stored.shopper_text == "écrivez-moi à <EMAIL_1>"
    (entry,) = entries(vault_runtime, conversation)
    assert entry.sealed is not None and EMAIL.encode() not in entry.sealed

    with pytest.raises(RevealRefused):
        privacy.reveal(conversation, "<EMAIL_1>", "agent-b")
    vault_runtime.store.update_conversation(conversation, assigned_agent="agent-a")
    with pytest.raises(RevealRefused):
        privacy.reveal(conversation, "<EMAIL_1>", "agent-b")
    revealed = privacy.reveal(conversation, "<EMAIL_1>", "agent-a")
    assert revealed.value == EMAIL

    actions = [(e.actor, e.action) for e in vault_runtime.store.audit_events(conversation)]
    assert actions == [
        ("assistant", "ai_disclosed"),
        ("agent-b", "pii_reveal_refused"),
        ("agent-b", "pii_reveal_refused"),
        ("agent-a", "pii_revealed"),
    ]
    assert all(EMAIL not in e.detail for e in vault_runtime.store.audit_events(conversation))


def test_a_shopper_who_declines_the_vault_leaves_only_placeholders(vault_runtime: Runtime) -> None:
    chat = vault_runtime.chat
    opened = chat.open(None, "en", keep_originals=False)
    assert chat.welcome(opened)["privacy"] == {"redaction": True, "vault": False}
    chat.accept(opened.conversation.id, "m", f"mail me at {EMAIL}", "en")
    (entry,) = entries(vault_runtime, opened.conversation.id)
    assert entry.placeholder == "<EMAIL_1>" and entry.sealed is None
    vault_runtime.store.update_conversation(opened.conversation.id, assigned_agent="agent-a")
    with pytest.raises(VaultError):
        vault_runtime.privacy.reveal(opened.conversation.id, "<EMAIL_1>", "agent-a")


def test_refusing_the_vault_later_forgets_what_it_kept(vault_runtime: Runtime) -> None:
    chat = vault_runtime.chat
    conversation = chat.open(None, "en").conversation.id
    chat.accept(conversation, "a", f"mail me at {EMAIL}", "en")
    assert chat.choose_vault(conversation, False) == {"type": "privacy", "vault": False}
    chat.accept(conversation, "b", "or call +33 6 12 34 56 78", "en")
    assert [(e.placeholder, e.sealed) for e in entries(vault_runtime, conversation)] == [
        ("<EMAIL_1>", None),
        ("<PHONE_1>", None),
    ]
    disclosed, event = vault_runtime.store.audit_events(conversation)
    assert disclosed.action == "ai_disclosed"
    assert (event.actor, event.action, event.detail) == ("shopper", "vault_declined", '{"values_forgotten": 1}')


def test_no_key_no_vault(demo_runtime: Runtime) -> None:
    chat = demo_runtime.chat
    opened = chat.open(None, "en")
    assert chat.welcome(opened)["privacy"]["vault"] is False
    chat.accept(opened.conversation.id, "m", f"mail me at {EMAIL}", "en")
    assert [e.sealed for e in entries(demo_runtime, opened.conversation.id)] == [None]
    demo_runtime.store.update_conversation(opened.conversation.id, assigned_agent="agent-a")
    with pytest.raises(VaultError, match="no vault key"):
        demo_runtime.privacy.reveal(opened.conversation.id, "<EMAIL_1>", "agent-a")


def test_a_value_sealed_with_another_key_is_refused() -> None:
    sealed = Sealer(Sealer.new_key()).seal(EMAIL)
    with pytest.raises(VaultError):
        Sealer(Sealer.new_key()).open(sealed)
    with pytest.raises(VaultError):
        Sealer("not a key")


def test_vault_entries_are_erased_with_the_conversation(vault_runtime: Runtime) -> None:
    chat, store = vault_runtime.chat, vault_runtime.store
    conversation = chat.open(None, "en").conversation.id
    chat.answer(chat.accept(conversation, "m", f"I'm Léa Fontaine, {EMAIL}", "en").turn, "en")
    assert len(entries(vault_runtime, conversation)) == 2
    assert store.erase(conversation, actor="dpo")
    assert entries(vault_runtime, conversation) == []
    assert store.conversation(conversation) is None
    with Session(store.engine) as session:
        assert session.exec(select(Turn).where(Turn.conversation_id == conversation)).all() == []
        erased = session.exec(select(AuditEvent).where(AuditEvent.action == "conversation_erased")).one()
    assert (erased.conversation_id, erased.actor) == (conversation, "dpo")
