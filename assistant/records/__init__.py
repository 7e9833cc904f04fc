"""The records room: the tables Comptoir keeps, the store that reads and writes them, the audit log's hash
chain, and the schema migrations. It imports nothing from the other rooms of ``assistant``."""

from assistant.records.audit import AuditAction, verify
from assistant.records.store import Accepted, ConversationHeld, ConversationStore, Opened, make_engine
from assistant.records.tables import (
    AuditEvent,
    Consent,
    Conversation,
    PiiEntry,
    Preference,
    StaffMessage,
    SubjectRequest,
    Turn,
    as_utc,
)

__all__ = [
    "Accepted",
    "AuditAction",
    "AuditEvent",
    "Consent",
    "Conversation",
    "ConversationHeld",
    "ConversationStore",
    "Opened",
    "PiiEntry",
    "Preference",
    "StaffMessage",
    "SubjectRequest",
    "Turn",
    "as_utc",
    "make_engine",
    "verify",
]
