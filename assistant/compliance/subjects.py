"""Data-subject requests (GDPR art. 15 and 17): find a shopper's conversations, hand over everything held about
them, erase it all.

A shopper is found by their session token (its hash is kept on the conversation) or by an e-mail address or
phone number they wrote: such values are kept only as placeholders with a keyed hash scoped to the
conversation (``guardrails.redaction``), so the given contact is hashed the same way for each conversation and
compared. Every table of the database with a ``conversation_id`` column is read (and, but for the audit log,
erased), so what is exported is what erasure removes.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, select

from assistant.records import audit as chain
from assistant.records.audit import AuditAction
from assistant.records.store import ConversationStore, conversation_tables, hash_token
from assistant.records.tables import KEPT_ON_ERASURE, PiiEntry, SubjectRequest
from guardrails.entities import EMAIL, PHONE, normalise
from guardrails.vault import Sealer, VaultError

FORMAT = "comptoir-subject-export/1"

_HIDDEN = {"conversations": ("token_hash",)}
"""Columns left out of an export: a hash of the shopper's own token tells them nothing."""


class NoSubject(LookupError):
    """No conversation matches the request."""


@dataclass(frozen=True)
class Erasure:
    """What an erasure removed: per table, the keys of the rows deleted."""

    conversations: tuple[str, ...]
    removed: dict[str, list[str]] = field(default_factory=dict)

    def summary(self) -> str:
        """Lines for the terminal."""
        count = len(self.conversations)
        lines = [f"erased {count} conversation{'s' if count != 1 else ''}: {', '.join(self.conversations)}"]
        for table, keys in self.removed.items():
            lines.append(f"  {table}: {len(keys)} row{'s' if len(keys) != 1 else ''} deleted")
        lines.append("  audit_events: kept (each erasure is recorded there)")
        return "\n".join(lines)


def contact_digest(key: bytes, conversation_id: str, entity: str, value: str) -> str:
    """The keyed hash the redactor gives ``value`` in a conversation (``Redactor.digest``)."""
    message = f"{conversation_id}\x00{entity}\x00{normalise(entity, value)}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def find_conversations(
    store: ConversationStore,
    *,
    session: str | None = None,
    contact: str | None = None,
    customer: str | None = None,
    conversation: str | None = None,
    key: bytes = b"",
) -> list[str]:
    """Ids of the conversations of a session token, of a merchant's customer id, of one conversation id, or of
    those in which ``contact`` (e-mail or phone) was written.

    ``key`` is the pseudonym key (``Settings.pseudonym_key()``), needed for a contact. Raises :class:`NoSubject`.
    """
    if sum(value is not None for value in (session, contact, customer, conversation)) != 1:
        raise ValueError("give one of: a session token, a contact, a customer id, a conversation id")
    ids: list[str] = []
    if customer is not None or conversation is not None:
        column, value = ("customer_id", customer) if customer is not None else ("id", conversation)
        with store.engine.connect() as connection:
            matched = connection.execute(
                sa.text(f"SELECT id FROM conversations WHERE {column} = :value"), {"value": str(value).strip()}
            ).scalars()
            ids = [str(cid) for cid in matched]
        if not ids:
            raise NoSubject(f"no conversation found for {'customer' if customer is not None else 'id'} {value}")
        return sorted(ids)
    if session is not None:
        with store.engine.connect() as connection:
            found = connection.execute(
                sa.text("SELECT id FROM conversations WHERE token_hash = :hash"), {"hash": hash_token(session.strip())}
            ).scalar()
        ids = [str(found)] if found is not None else []
        what = "this session token"
    else:
        assert contact is not None
        entity = EMAIL if "@" in contact else PHONE
        with Session(store.engine) as db:
            rows = db.exec(select(PiiEntry.conversation_id, PiiEntry.digest).where(PiiEntry.entity == entity)).all()
        for conversation_id, digest in rows:
            if conversation_id not in ids and hmac.compare_digest(
                contact_digest(key, conversation_id, entity, contact), digest
            ):
                ids.append(conversation_id)
        what = f"contact {contact}"
    if not ids:
        raise NoSubject(f"no conversation found for {what}")
    return sorted(ids)


KINDS = ("access", "erasure")


def file_request(store: ConversationStore, conversation_id: str, customer_id: str | None, kind: str) -> SubjectRequest:
    """Put a shopper's request in the compliance queue (the open one of that kind, if there is one already)."""
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {', '.join(KINDS)}")
    with Session(store.engine) as db:
        statement = select(SubjectRequest).where(
            SubjectRequest.conversation_id == conversation_id,
            SubjectRequest.kind == kind,
            SubjectRequest.status == "open",
        )
        existing = db.exec(statement).first()
        if existing is not None:
            return existing
        request = SubjectRequest(conversation_id=conversation_id, customer_id=customer_id, kind=kind)
        db.add(request)
        store.audit_in(db, conversation_id, "shopper", AuditAction.SUBJECT_REQUEST_FILED, request=request.id, kind=kind)
        db.commit()
        db.refresh(request)
    return request


def requests(
    store: ConversationStore, status: str | None = "open", conversations: Sequence[str] | None = None
) -> list[SubjectRequest]:
    """The shoppers' requests, oldest first (``status=None``: all of them, newest first), of the given
    ``conversations`` only when they are named."""
    with Session(store.engine) as db:
        statement = select(SubjectRequest)
        if conversations is not None:
            statement = statement.where(col(SubjectRequest.conversation_id).in_(conversations))
        if status is not None:
            statement = statement.where(SubjectRequest.status == status).order_by(col(SubjectRequest.created_at))
        else:
            statement = statement.order_by(col(SubjectRequest.created_at).desc())
        return list(db.exec(statement).all())


def open_request(store: ConversationStore, request_id: str) -> SubjectRequest | None:
    """One request still waiting to be served."""
    with Session(store.engine) as db:
        found = db.get(SubjectRequest, request_id)
        return found if found is not None and found.status == "open" else None


def close_request(store: ConversationStore, request_id: str, officer: str, status: str, outcome: str) -> SubjectRequest:
    """Mark a request served (``done``) or ``refused`` with what was done or why; recorded in the audit log."""
    if status not in {"done", "refused"}:
        raise ValueError("status must be done or refused")
    with Session(store.engine) as db:
        request = db.get(SubjectRequest, request_id)
        if request is None:
            raise NoSubject(f"no request {request_id}")
        if request.status != "open":
            raise ValueError(f"request {request_id} is already {request.status}")
        request.status, request.handled_by, request.outcome = status, officer, outcome[:2000]
        request.handled_at = datetime.now(UTC)
        db.add(request)
        store.audit_in(
            db, request.conversation_id, officer, AuditAction.SUBJECT_REQUEST_SERVED,
            request=request_id, kind=request.kind, status=status,
        )  # fmt: skip
        db.commit()
        db.refresh(request)
    return request


READY_DAYS = 7
"""How long a copy made ready for the shopper may be downloaded from their chat."""


def make_ready(store: ConversationStore, request_id: str, officer: str) -> SubjectRequest:
    """An officer hands an access request's copy to the shopper's own chat: they download it there (within
    :data:`READY_DAYS`), the only place that proves it is them (their session token). Recorded in the audit log."""
    with Session(store.engine) as db:
        request = db.get(SubjectRequest, request_id)
        if request is None or request.kind != "access":
            raise NoSubject(f"no access request {request_id}")
        if request.status != "open":
            raise ValueError(f"request {request_id} is already {request.status}")
        now = datetime.now(UTC)
        until = (now + timedelta(days=READY_DAYS)).strftime("%Y-%m-%d")
        request.status, request.handled_by, request.handled_at = "ready", officer, now
        request.outcome = f"Ready for the shopper to download in their chat until {until}."
        db.add(request)
        store.audit_in(
            db, request.conversation_id, officer, AuditAction.SUBJECT_REQUEST_SERVED,
            request=request_id, kind="access", status="ready",
        )  # fmt: skip
        db.commit()
        db.refresh(request)
    return request


def ready_for(store: ConversationStore, conversation_id: str, request_id: str | None = None) -> SubjectRequest | None:
    """The copy waiting for the shopper of this conversation (that one, if ``request_id`` is given), if any."""
    since = datetime.now(UTC) - timedelta(days=READY_DAYS)
    with Session(store.engine) as db:
        statement = select(SubjectRequest).where(
            SubjectRequest.conversation_id == conversation_id,
            SubjectRequest.status == "ready",
            col(SubjectRequest.handled_at) >= since,
        )
        if request_id is not None:
            statement = statement.where(SubjectRequest.id == request_id)
        return db.exec(statement.order_by(col(SubjectRequest.handled_at).desc())).first()


def delivered(store: ConversationStore, request_id: str) -> None:
    """The shopper downloaded their copy: the request is served."""
    with Session(store.engine) as db:
        request = db.get(SubjectRequest, request_id)
        if request is None or request.status != "ready":
            return
        request.status = "done"
        request.outcome = (
            f"Downloaded by the shopper in their chat on {datetime.now(UTC).strftime('%Y-%m-%d %H:%M')} UTC."
        )
        db.add(request)
        store.audit_in(
            db, request.conversation_id, "shopper", AuditAction.SUBJECT_REQUEST_SERVED,
            request=request_id, kind="access", status="done",
        )  # fmt: skip
        db.commit()


def _key(table: sa.Table, row: dict[str, Any]) -> str:
    """A row's primary key, as text."""
    columns = [column.name for column in table.primary_key.columns] or list(row)
    return "/".join(str(row[name]) for name in columns)


def _rows(connection: sa.Connection, table: sa.Table, ids: Sequence[str]) -> list[dict[str, Any]]:
    where = table.c.id if table.name == "conversations" else table.c.conversation_id
    order = [table.c.seq] if table.name == "audit_events" else [column for column in table.primary_key.columns]
    return [dict(row._mapping) for row in connection.execute(sa.select(table).where(where.in_(ids)).order_by(*order))]


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return chain.utc_iso(value)
    if isinstance(value, bytes | memoryview):
        return None
    return value


def held(store: ConversationStore, ids: Sequence[str]) -> dict[str, dict[str, list[dict[str, Any]]]]:
    """Every row held about each conversation, by table (as stored, one read snapshot)."""
    out: dict[str, dict[str, list[dict[str, Any]]]] = {cid: {} for cid in ids}
    tables = conversation_tables(store.engine)
    with store.engine.connect() as connection:
        if connection.dialect.name == "sqlite":
            connection.exec_driver_sql("BEGIN")
        for table in tables:
            for row in _rows(connection, table, ids):
                cid = str(row["id"] if table.name == "conversations" else row["conversation_id"])
                out[cid].setdefault(table.name, []).append(row)
    return out


def export(
    store: ConversationStore, ids: Sequence[str], *, sealer: Sealer | None, actor: str, by: str
) -> dict[str, Any]:
    """Everything held about the conversations ``ids``, ready for JSON; vault values opened when ``sealer`` is set.

    Each conversation exported is recorded by a ``data_exported`` audit event (the contact is not written
    there); the export includes it.
    """
    for cid in ids:
        store.audit(cid, actor, AuditAction.DATA_EXPORTED, by=by, conversations=len(ids))
    conversations = []
    for cid, tables in held(store, ids).items():
        entry: dict[str, Any] = {"id": cid}
        for name, rows in tables.items():
            hidden = _HIDDEN.get(name, ())
            plain = []
            for row in rows:
                item = {column: _plain(value) for column, value in row.items() if column not in hidden}
                if name == "pii_entries":
                    item.pop("sealed", None)
                    item.update(_opened(row.get("sealed"), sealer))
                plain.append(item)
            entry[name] = plain[0] if name == "conversations" else plain
        conversations.append(entry)
    return {
        "format": FORMAT,
        "exported_at": chain.utc_iso(datetime.now(UTC)),
        "exported_by": actor,
        "found_by": by,
        "conversations": conversations,
    }


def _opened(sealed: bytes | memoryview | None, sealer: Sealer | None) -> dict[str, Any]:
    """A vault entry's original value, or why it is not given."""
    if sealed is None:
        return {"value": None, "note": "the original value was not kept"}
    if sealer is None:
        return {"value": None, "note": "kept sealed; no vault key is set to open it"}
    try:
        return {"value": sealer.open(bytes(sealed))}
    except VaultError as exc:
        return {"value": None, "note": str(exc)}


def erase(store: ConversationStore, ids: Sequence[str], *, actor: str) -> Erasure:
    """Delete the conversations ``ids`` and everything held about them through ``ConversationStore.erase`` (each
    erasure recorded in the audit chain), then (SQLite) empty the write-ahead log so no erased text stays."""
    before = held(store, ids)
    removed: dict[str, list[str]] = {}
    tables = {table.name: table for table in conversation_tables(store.engine)}
    for tables_of_one in before.values():
        for name, rows in tables_of_one.items():
            if name not in KEPT_ON_ERASURE:
                removed.setdefault(name, []).extend(_key(tables[name], row) for row in rows)
    for cid in ids:
        store.erase(cid, actor)
    left = sorted(
        {name for tables_of_one in held(store, ids).values() for name in tables_of_one} - set(KEPT_ON_ERASURE)
    )
    if left:
        raise RuntimeError(f"erased, but rows are left in {', '.join(left)}")
    if not store.checkpoint():
        raise RuntimeError("erased, but the SQLite write-ahead log could not be emptied (a reader held it); run again")
    return Erasure(tuple(ids), removed)


def exported_keys(document: dict[str, Any], store: ConversationStore) -> dict[str, list[str]]:
    """The keys of the rows an export holds, by table (audit rows aside), to compare with :class:`Erasure`."""
    tables = {table.name: table for table in conversation_tables(store.engine)}
    keys: dict[str, list[str]] = {}
    for conversation in document["conversations"]:
        for name, rows in conversation.items():
            if name == "id" or name in KEPT_ON_ERASURE:
                continue
            for row in [rows] if isinstance(rows, dict) else rows:
                keys.setdefault(name, []).append(_key(tables[name], row))
    return keys
