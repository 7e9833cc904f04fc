"""Staff accounts (agents, admins, compliance officers) with passwords hashed by scrypt."""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
from datetime import UTC, datetime, timedelta
from enum import StrEnum

from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Field, Session, SQLModel, select

from assistant.records.tables import as_utc

_SCRYPT = {"n": 2**15, "r": 8, "p": 1}
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._@-]{1,63}")


class Role(StrEnum):
    """What a member of staff may do."""

    AGENT = "agent"
    ADMIN = "admin"
    COMPLIANCE = "compliance"


class User(SQLModel, table=True):
    """A member of staff who logs in to the console."""

    __tablename__ = "users"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(index=True, unique=True, max_length=64)
    display_name: str = Field(max_length=120)
    role: str = Field(max_length=16)
    password_hash: str
    created_at: datetime = Field(default_factory=lambda: datetime.now(UTC))
    disabled: bool = False


class StaffSession(SQLModel, table=True):
    """A console login: the hash of the cookie's token, kept in the database so that every process knows it."""

    __tablename__ = "staff_sessions"

    token_hash: str = Field(primary_key=True, max_length=64)
    user_id: int = Field(foreign_key="users.id")
    created_at: datetime = Field(default_factory=lambda: datetime.now(UTC))
    expires_at: datetime = Field(index=True)


class AccountError(ValueError):
    """A name, role or password that cannot be used, said plainly."""


def hash_password(password: str) -> str:
    """``scrypt$n$r$p$salt$hash``: memory-hard, salted, and the parameters kept with the hash."""
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, maxmem=64 * 1024 * 1024, dklen=32, **_SCRYPT)
    encode = base64.b64encode
    return f"scrypt${_SCRYPT['n']}${_SCRYPT['r']}${_SCRYPT['p']}${encode(salt).decode()}${encode(digest).decode()}"


def verify_password(password: str, stored: str) -> bool:
    """Whether ``password`` is the one ``stored`` was made from (compared in constant time)."""
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(digest)
        found = hashlib.scrypt(
            password.encode(),
            salt=base64.b64decode(salt),
            n=int(n),
            r=int(r),
            p=int(p),
            maxmem=64 * 1024 * 1024,
            dklen=len(expected),
        )
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(found, expected)


_UNKNOWN: list[str] = []


def _unknown_user_hash() -> str:
    """A hash to check against when the name is unknown, so that a wrong name costs one scrypt like a wrong password."""
    if not _UNKNOWN:
        _UNKNOWN.append(hash_password(secrets.token_hex(16)))
    return _UNKNOWN[0]


class Accounts:
    """Creates staff accounts and checks their passwords."""

    def __init__(self, engine: Engine):
        self.engine = engine

    def add(self, name: str, role: str, password: str, display_name: str | None = None) -> User:
        """A new account; a taken name, an unknown role or a short password is refused with the reason."""
        if not _NAME.fullmatch(name):
            raise AccountError("a name is 2 to 64 letters, digits, dots, dashes, underscores or @")
        if role not in {r.value for r in Role}:
            raise AccountError(f"role must be one of {', '.join(r.value for r in Role)}")
        if len(password) < 12:
            raise AccountError("a password needs at least 12 characters")
        user = User(name=name, display_name=display_name or name, role=role, password_hash=hash_password(password))
        with Session(self.engine) as session:
            session.add(user)
            try:
                session.commit()
            except IntegrityError as exc:
                raise AccountError(f"the name {name!r} is taken") from exc
            session.refresh(user)
            return user

    def authenticate(self, name: str, password: str) -> User | None:
        """The account if the password is right and the account is active; the same time either way."""
        with Session(self.engine) as session:
            user = session.exec(select(User).where(User.name == name)).first()
        valid = verify_password(password, user.password_hash if user else _unknown_user_hash())
        return user if user is not None and valid and not user.disabled else None

    def start_session(self, user: User, hours: float) -> str:
        """A new console session for ``user``; the token goes in the cookie, only its hash is kept."""
        assert user.id is not None
        token = secrets.token_urlsafe(32)
        now = datetime.now(UTC)
        with Session(self.engine) as session:
            session.add(
                StaffSession(token_hash=_digest(token), user_id=user.id, expires_at=now + timedelta(hours=hours))
            )
            session.commit()
        return token

    def session_user(self, token: str | None) -> User | None:
        """The active account of a session token that has not expired."""
        if not token:
            return None
        with Session(self.engine) as session:
            found = session.get(StaffSession, _digest(token))
            if found is None or as_utc(found.expires_at) <= datetime.now(UTC):
                return None
            user = session.get(User, found.user_id)
        return user if user is not None and not user.disabled else None

    def end_session(self, token: str | None) -> None:
        """Log out: the token stops working in every process."""
        if not token:
            return
        with Session(self.engine) as session:
            found = session.get(StaffSession, _digest(token))
            if found is not None:
                session.delete(found)
                session.commit()

    def by_name(self, name: str) -> User | None:
        """An account by its login name."""
        with Session(self.engine) as session:
            return session.exec(select(User).where(User.name == name)).first()


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
