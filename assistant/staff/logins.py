"""Staff logins, throttled: failed logins are counted per account name and per client address, in the database
(so that every server process counts them), and either count reaching its limit locks logins there out for a
while. A locked-out login is refused before its password is checked, the same way whether the name exists or not.

Names and addresses are kept only as keyed hashes (HMAC-SHA256 with the server's secret key). Every failed
login, lock-out and end of a lock-out is a record of the audit log.
"""

from __future__ import annotations

import hashlib
import hmac
import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Field, Session, SQLModel, UTCDateTime, col, select

from assistant.config import ConsoleSettings
from assistant.records import AuditAction, ConversationStore, as_utc
from assistant.records.tables import now as utc_now
from assistant.staff.accounts import Accounts, User

SYSTEM = "comptoir"
"""The actor of the lock-outs and of their expiry."""
UNKNOWN = "(unknown)"
"""The actor of a failed login under a name that is no account (the typed text is not kept)."""


class Scope(StrEnum):
    """What failed logins are counted for."""

    ACCOUNT = "account"
    ADDRESS = "address"


class LoginFailure(SQLModel, table=True):
    """Failed logins of one account name or one client address, known only by a keyed hash."""

    __tablename__ = "login_failures"

    key: str = Field(primary_key=True, max_length=64)
    scope: str = Field(max_length=8)
    account: str | None = Field(
        default=None, max_length=64, description="The account's name, when the key is of an existing account."
    )
    failures: int = 0
    first_at: datetime = Field(description="The first failure counted; the count is forgotten a lock-out later.")
    locked_until: datetime | None = Field(default=None, description="Logins here are refused until then.")
    forget_at: datetime = Field(index=True, description="When the row is deleted (an ended lock-out is audited).")


@dataclass(frozen=True)
class LoginLimits:
    """Failed logins allowed per account name and per client address before a lock-out, and its length (also the
    window in which failures are counted)."""

    per_account: int = 10
    per_address: int = 30
    lockout: timedelta = timedelta(minutes=15)

    @classmethod
    def of(cls, settings: ConsoleSettings) -> LoginLimits:
        """The limits the console's settings give."""
        return cls(
            settings.login_failures_per_account,
            settings.login_failures_per_address,
            timedelta(minutes=settings.login_lockout_minutes),
        )

    def limit(self, scope: Scope) -> int:
        """The failures allowed for ``scope``."""
        return self.per_account if scope is Scope.ACCOUNT else self.per_address


@dataclass(frozen=True)
class LoginOutcome:
    """What a login came to: the account, or nothing; ``retry_after`` seconds when it was refused unchecked."""

    user: User | None
    retry_after: int = 0

    @property
    def locked_out(self) -> bool:
        """Refused because of earlier failures, without checking the password."""
        return self.retry_after > 0


def locked_out_message(retry_after: int) -> str:
    """What the login form says to a locked-out login."""
    minutes = max(1, math.ceil(retry_after / 60))
    return f"Too many failed logins; try again in {minutes} minute{'' if minutes == 1 else 's'}."


class Logins:
    """Checks staff logins: a lock-out first, then the password; counts and audits the failures."""

    def __init__(
        self,
        accounts: Accounts,
        store: ConversationStore,
        limits: LoginLimits,
        key: bytes,
        clock: Callable[[], datetime] = utc_now,
    ):
        self.accounts, self.store, self.limits, self.clock = accounts, store, limits, clock
        self._key = key

    def log_in(self, name: str, password: str, address: str) -> LoginOutcome:
        """The account of ``name`` if ``password`` is right and neither the name nor ``address`` is locked out."""
        keys = {Scope.ACCOUNT: self._hash(Scope.ACCOUNT, name), Scope.ADDRESS: self._hash(Scope.ADDRESS, address)}
        self._forget_expired(list(keys.values()))
        retry_after = self._refuse_if_locked(list(keys.values()))
        if retry_after:
            return LoginOutcome(None, retry_after)
        user = self.accounts.authenticate(name, password)
        if user is None:
            self._count_failure(name, keys)
            return LoginOutcome(None)
        with Session(self.store.engine) as db:
            db.exec(sa.delete(LoginFailure).where(col(LoginFailure.key) == keys[Scope.ACCOUNT]))
            self.store.audit_in(db, None, user.name, AuditAction.STAFF_LOGIN, role=user.role)
            db.commit()
        return LoginOutcome(user)

    def unlock(self, name: str, actor: str) -> bool:
        """Clear the failures and any lock-out of the account name ``name``; whether it was locked out."""
        key = self._hash(Scope.ACCOUNT, name)
        with Session(self.store.engine) as db:
            row = db.get(LoginFailure, key)
            if row is None:
                return False
            locked = row.locked_until is not None and as_utc(row.locked_until) > self.clock()
            db.delete(row)
            if locked:
                about = {**self._about(row), "reason": "cleared"}
                self.store.audit_in(db, None, actor, AuditAction.STAFF_UNLOCKED, **about)
            db.commit()
            return locked

    # -- the steps ----------------------------------------------------------------------------------

    def _hash(self, scope: Scope, value: str) -> str:
        message = f"login-{scope.value}\0{value}".encode("utf-8", "surrogatepass")
        return hmac.new(self._key, message, hashlib.sha256).hexdigest()

    def _forget_expired(self, keys: list[str]) -> None:
        """Delete the rows whose count or lock-out is over (these keys' first), auditing each lock-out that ended."""
        moment = self.clock()
        with Session(self.store.engine) as db:
            expired = col(LoginFailure.forget_at) <= moment
            rows = list(db.exec(select(LoginFailure).where(expired, col(LoginFailure.key).in_(keys))).all())
            rows += db.exec(select(LoginFailure).where(expired, col(LoginFailure.key).not_in(keys)).limit(50)).all()
        for row in rows:
            with Session(self.store.engine) as db:
                gone = db.exec(sa.delete(LoginFailure).where(col(LoginFailure.key) == row.key, expired)).rowcount
                if gone and row.locked_until is not None:
                    about = {**self._about(row), "reason": "expired"}
                    self.store.audit_in(db, None, SYSTEM, AuditAction.STAFF_UNLOCKED, **about)
                db.commit()

    def _refuse_if_locked(self, keys: list[str]) -> int:
        """Seconds until the latest lock-out of these keys ends, or 0. It only reads: refused logins write nothing."""
        moment = self.clock()
        with Session(self.store.engine) as db:
            locked = col(LoginFailure.locked_until) > moment
            statement = select(sa.func.max(LoginFailure.locked_until)).where(col(LoginFailure.key).in_(keys), locked)
            latest = db.exec(statement).one()
        return 0 if latest is None else max(1, math.ceil((as_utc(latest) - moment).total_seconds()))

    def _count_failure(self, name: str, keys: dict[Scope, str]) -> None:
        """Audit a failed login and count it for the name and the address; lock out either at its limit."""
        user = self.accounts.by_name(name)
        account = user.name if user is not None else None
        address = keys[Scope.ADDRESS][:16]
        with Session(self.store.engine) as db:
            detail: dict[str, Any] = {"account": account, "address": address}
            if account is None:
                detail["unknown_name"] = True
            self.store.audit_in(db, None, account or UNKNOWN, AuditAction.STAFF_LOGIN_FAILED, **detail)
            for scope, key in keys.items():
                row = self._count(db, scope, key, account if scope is Scope.ACCOUNT else None)
                if row.failures == self.limits.limit(scope):
                    until = as_utc(row.locked_until).isoformat() if row.locked_until else None
                    about = {**self._about(row), "failures": row.failures, "until": until}
                    self.store.audit_in(db, None, SYSTEM, AuditAction.STAFF_LOCKED_OUT, **about)
            db.commit()

    def _count(self, db: Session, scope: Scope, key: str, account: str | None) -> LoginFailure:
        """One more failure for ``key``, in one statement (several processes count at once): the row as it is now."""
        moment, limit = self.clock(), self.limits.limit(scope)
        until = moment + self.limits.lockout
        table = SQLModel.metadata.tables["login_failures"]
        c = table.c
        stale = c.forget_at <= moment  # its count or lock-out is over: start again
        failures = sa.case((stale, 1), else_=c.failures + 1)
        locks = sa.and_(failures >= limit, sa.or_(stale, c.locked_until.is_(None)))
        later = sa.literal(until, UTCDateTime())
        values = {
            "key": key,
            "scope": scope.value,
            "account": account,
            "failures": 1,
            "first_at": moment,
            "locked_until": until if limit <= 1 else None,
            "forget_at": until,
        }
        insert = postgresql.insert if db.get_bind().dialect.name == "postgresql" else sqlite.insert
        statement = (
            insert(table)
            .values(values)
            .on_conflict_do_update(
                index_elements=[c.key],
                set_={
                    "failures": failures,
                    "account": account,
                    "first_at": sa.case((stale, sa.literal(moment, UTCDateTime())), else_=c.first_at),
                    "locked_until": sa.case((locks, later), (stale, sa.null()), else_=c.locked_until),
                    "forget_at": sa.case((sa.or_(locks, stale), later), else_=c.forget_at),
                },
            )
            .returning(*c)
        )
        return LoginFailure.model_validate(dict(db.connection().execute(statement).one()._mapping))

    @staticmethod
    def _about(row: LoginFailure) -> dict[str, Any]:
        """What a lock-out is on: an account by its name (none for a name that is no account), an address by the
        start of its keyed hash."""
        if row.scope == Scope.ACCOUNT:
            return {"scope": row.scope, "account": row.account}
        return {"scope": row.scope, "address": row.key[:16]}
