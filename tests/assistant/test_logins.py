"""Staff logins under attack: failed logins counted per account name and per client address in the database,
lock-outs that refuse even the right password without checking it, the same answers for unknown names, and
every failure, lock-out and unlock in the audit log."""

from __future__ import annotations

import hashlib
import io
import json
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient

from assistant.cli import main
from assistant.config import ConsoleSettings, get_settings
from assistant.records.audit import AuditAction, verify
from assistant.records.store import ConversationStore, make_engine
from assistant.runtime import Runtime, build_runtime
from assistant.staff import Accounts, LoginLimits, Logins
from assistant.staff.logins import LoginFailure
from assistant.web.app import create_app
from assistant.web.deps import SESSION_COOKIE
from tests.conftest import make_settings
from tests.databases import at_once, postgres_engines

PASSWORD = "correct horse battery"
WRONG = "Tr0ub4dor&3 wrong"
ELSEWHERE = ("198.51.100.20", 50000)
"""Another client address than the test client's."""


# -- through the real login form -----------------------------------------------------------------------


def start(data_dir: Path, embeddings: Any, detector: Any) -> Runtime:
    return build_runtime(make_settings(data_dir), embeddings, detector)


@pytest.fixture
def runtime(demo_data_dir: Path, embeddings: Any, detector: Any) -> Iterator[Runtime]:
    started = start(demo_data_dir, embeddings, detector)
    started.accounts.add("camille", "agent", PASSWORD, "Camille")
    started.accounts.add("dpo", "compliance", PASSWORD, "Data protection")
    yield started
    started.store.engine.dispose()


@pytest.fixture
def client(runtime: Runtime) -> Iterator[TestClient]:
    with TestClient(create_app(runtime.settings, runtime)) as test_client:
        yield test_client


def log_in(client: TestClient, name: str, password: str) -> Any:
    return client.post("/console/login", data={"name": name, "password": password}, follow_redirects=False)


@pytest.fixture
def scrypt_calls(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many times the standard library's scrypt ran (each call goes through to it)."""
    calls: list[int] = []
    real = hashlib.scrypt

    def counted(*args: Any, **kwargs: Any) -> bytes:
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(hashlib, "scrypt", counted)
    return calls


def events(engine: sa.Engine, *actions: str) -> list[tuple[str, str, dict[str, Any]]]:
    """The audit records of ``actions``, oldest first: actor, action and detail."""
    with engine.connect() as connection:
        rows = connection.execute(sa.text("SELECT actor, action, detail FROM audit_events ORDER BY seq")).all()
    return [(actor, action, json.loads(detail)) for actor, action, detail in rows if action in actions]


def every_audit_text(engine: sa.Engine) -> str:
    with engine.connect() as connection:
        rows = connection.execute(sa.text("SELECT actor, action, detail FROM audit_events")).all()
    return "\n".join(" ".join(row) for row in rows)


def test_the_31st_wrong_password_in_a_minute_is_refused_without_checking_it(
    client: TestClient, runtime: Runtime, scrypt_calls: list[int]
) -> None:
    answers = [log_in(client, "camille", f"{WRONG} {n}") for n in range(30)]
    assert [a.status_code for a in answers[:10]] == [401] * 10  # the default: 10 failures per account name
    assert all("Wrong name or password." in a.text for a in answers[:10])
    assert [a.status_code for a in answers[10:]] == [429] * 20
    for answer in answers[10:]:
        assert 0 < int(answer.headers["retry-after"]) <= 15 * 60
        assert "Too many failed logins; try again in 15 minutes." in answer.text
        assert SESSION_COOKIE not in answer.cookies

    checked = len(scrypt_calls)
    right = log_in(client, "camille", PASSWORD)  # the 31st: the right password, refused unchecked
    assert right.status_code == 429 and "Too many failed logins" in right.text
    assert SESSION_COOKIE not in right.cookies
    assert len(scrypt_calls) == checked  # no scrypt ran for it, nor for the 20 before it
    assert checked == 10  # one per failure counted

    engine = runtime.store.engine
    failed = events(engine, AuditAction.STAFF_LOGIN_FAILED)
    assert len(failed) == 10
    assert {(actor, detail["account"]) for actor, _, detail in failed} == {("camille", "camille")}
    (locked,) = events(engine, AuditAction.STAFF_LOCKED_OUT)
    assert locked[2] == {**locked[2], "scope": "account", "account": "camille", "failures": 10}
    assert not events(engine, AuditAction.STAFF_LOGIN)
    assert WRONG not in every_audit_text(engine) and PASSWORD not in every_audit_text(engine)
    assert verify(engine).intact

    # Another address is refused too: the lock-out is on the account, wherever its logins come from.
    with TestClient(create_app(runtime.settings, runtime), client=ELSEWHERE) as other:
        assert log_in(other, "camille", PASSWORD).status_code == 429
    # Other accounts still log in from the same address.
    assert log_in(client, "dpo", PASSWORD).status_code == 303


def test_an_address_is_locked_out_after_30_failures_whatever_the_names(
    client: TestClient, runtime: Runtime, scrypt_calls: list[int]
) -> None:
    typed = [f"visitor{n}" for n in range(30)]  # 30 names, none of them locked out on its own
    assert {log_in(client, name, WRONG).status_code for name in typed} == {401}
    refused = log_in(client, "camille", PASSWORD)  # the right password of a real account
    assert refused.status_code == 429 and int(refused.headers["retry-after"]) > 0
    checked = len(scrypt_calls)
    assert log_in(client, "dpo", PASSWORD).status_code == 429
    assert len(scrypt_calls) == checked

    with TestClient(create_app(runtime.settings, runtime), client=ELSEWHERE) as other:
        assert log_in(other, "camille", PASSWORD).status_code == 303  # the account itself is not locked

    engine = runtime.store.engine
    failed = events(engine, AuditAction.STAFF_LOGIN_FAILED)
    assert len(failed) == 30
    assert all(
        actor == "(unknown)" and detail["account"] is None and detail["unknown_name"] for actor, _, detail in failed
    )
    assert len({detail["address"] for _, _, detail in failed}) == 1
    (locked,) = events(engine, AuditAction.STAFF_LOCKED_OUT)
    assert locked[2]["scope"] == "address" and locked[2]["address"] == failed[0][2]["address"]
    text = every_audit_text(engine)
    assert not any(name in text for name in typed)  # a typed name can be a password: it is not kept
    assert "testclient" not in text  # nor the address itself
    with engine.connect() as connection:
        stored = " ".join(str(value) for row in connection.execute(sa.select(LoginFailure)) for value in row)
    assert "testclient" not in stored and "visitor" not in stored


def test_an_unknown_name_gets_the_same_answers_as_a_real_one(client: TestClient, runtime: Runtime) -> None:
    def answers(name: str) -> list[tuple[int, str | None, str]]:
        found = [log_in(client, name, WRONG) for _ in range(11)]
        return [(a.status_code, a.headers.get("retry-after"), a.text) for a in found]

    real, unknown = answers("camille"), answers("camile")
    assert [status for status, _, _ in real] == [401] * 10 + [429]
    assert [(status, text) for status, _, text in real] == [(status, text) for status, _, text in unknown]
    assert real[-1][1] is not None and unknown[-1][1] is not None
    locked = events(runtime.store.engine, AuditAction.STAFF_LOCKED_OUT)
    assert [detail["account"] for _, _, detail in locked] == ["camille", None]


def test_throttling_holds_across_two_servers_sharing_one_database(
    demo_data_dir: Path, embeddings: Any, detector: Any
) -> None:
    first = start(demo_data_dir, embeddings, detector)
    second = start(demo_data_dir, embeddings, detector)  # another process's runtime: its own engine, one database
    first.accounts.add("camille", "agent", PASSWORD)
    try:
        with (
            TestClient(create_app(first.settings, first)) as one,
            TestClient(create_app(second.settings, second), client=ELSEWHERE) as two,
        ):
            statuses = [log_in(one if n % 2 else two, "camille", WRONG).status_code for n in range(10)]
            assert statuses == [401] * 10
            assert log_in(one, "camille", PASSWORD).status_code == 429
            assert log_in(two, "camille", PASSWORD).status_code == 429
        assert len(events(first.store.engine, AuditAction.STAFF_LOGIN_FAILED)) == 10
        assert len(events(second.store.engine, AuditAction.STAFF_LOCKED_OUT)) == 1
    finally:
        first.store.engine.dispose()
        second.store.engine.dispose()


# -- the lock-out's rules, on the store --------------------------------------------------------------


class Clock:
    """A clock the test moves."""

    def __init__(self) -> None:
        self.now = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture(params=["sqlite", "postgresql"])
def engines(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[list[sa.Engine]]:
    """Two engines on one new database (two processes): a SQLite file, or PostgreSQL on CI."""
    if request.param == "sqlite":
        found = [make_engine(f"sqlite:///{tmp_path / 'logins.db'}") for _ in range(2)]
        yield found
        for engine in found:
            engine.dispose()
        return
    with postgres_engines(2) as found:
        yield found


def logins_on(engine: sa.Engine, clock: Clock, limits: LoginLimits) -> Logins:
    store = ConversationStore(engine)
    store.create_schema()
    return Logins(Accounts(engine), store, limits, b"a key the processes share" * 2, clock)


@pytest.fixture
def pair(engines: list[sa.Engine]) -> tuple[Logins, Logins, Clock]:
    clock = Clock()
    limits = LoginLimits(per_account=3, per_address=5, lockout=timedelta(minutes=15))
    one, two = (logins_on(engine, clock, limits) for engine in engines)
    one.accounts.add("camille", "agent", PASSWORD)
    return one, two, clock


def test_a_lockout_ends_and_the_next_login_records_the_unlock(pair: tuple[Logins, Logins, Clock]) -> None:
    one, two, clock = pair
    assert [one.log_in("camille", WRONG, "10.0.0.1").locked_out for _ in range(3)] == [False] * 3
    refused = two.log_in("camille", PASSWORD, "10.0.0.2")
    assert refused.user is None and refused.retry_after == 15 * 60
    clock.now += timedelta(minutes=10)
    assert two.log_in("camille", PASSWORD, "10.0.0.2").retry_after == 5 * 60
    clock.now += timedelta(minutes=5, seconds=1)
    welcomed = two.log_in("camille", PASSWORD, "10.0.0.2")
    assert welcomed.user is not None and welcomed.user.name == "camille"

    engine = one.store.engine
    actions = [action for _, action, _ in events(engine, *_LOGIN_ACTIONS)]
    assert actions == ["staff_login_failed"] * 3 + ["staff_locked_out", "staff_unlocked", "staff_login"]
    (unlocked,) = events(engine, AuditAction.STAFF_UNLOCKED)
    assert unlocked == ("comptoir", "staff_unlocked", {"scope": "account", "account": "camille", "reason": "expired"})
    assert verify(engine).intact


def test_a_successful_login_clears_the_accounts_failures(pair: tuple[Logins, Logins, Clock]) -> None:
    one, two, _ = pair
    for _ in range(2):
        assert one.log_in("camille", WRONG, "10.0.0.1").user is None
    assert two.log_in("camille", PASSWORD, "10.0.0.3").user is not None
    for _ in range(2):
        assert not one.log_in("camille", WRONG, "10.0.0.4").locked_out
    assert one.log_in("camille", PASSWORD, "10.0.0.4").user is not None  # 2 + 2 failures: never 3 in a row


def test_failures_are_forgotten_a_lockout_after_the_first(pair: tuple[Logins, Logins, Clock]) -> None:
    one, _, clock = pair
    for _ in range(2):
        one.log_in("camille", WRONG, "10.0.0.1")
    clock.now += timedelta(minutes=15)
    one.log_in("camille", WRONG, "10.0.0.1")
    assert not one.log_in("camille", WRONG, "10.0.0.1").locked_out  # 2 in this window: none is locked out yet
    assert one.log_in("camille", WRONG, "10.0.0.1").user is None
    assert one.log_in("camille", PASSWORD, "10.0.0.1").locked_out  # the third of this window locked it
    assert not events(one.store.engine, AuditAction.STAFF_UNLOCKED)  # no lock-out ended: none is recorded


def test_failures_at_the_same_instant_in_two_processes_lock_out_once(pair: tuple[Logins, Logins, Clock]) -> None:
    one, two, _ = pair
    attempts: list[Callable[[], object]] = [
        partial(logins.log_in, "camille", WRONG, f"10.0.1.{n}") for n, logins in enumerate([one, two] * 3)
    ]
    outcomes = at_once(attempts)
    assert not [outcome for outcome in outcomes if isinstance(outcome, Exception)]
    engine = one.store.engine
    failed = events(engine, AuditAction.STAFF_LOGIN_FAILED)
    assert len(failed) == sum(1 for outcome in outcomes if not getattr(outcome, "locked_out", True))
    assert len(failed) >= 3 and len(events(engine, AuditAction.STAFF_LOCKED_OUT)) == 1
    assert two.log_in("camille", PASSWORD, "10.0.2.1").locked_out
    assert verify(engine).intact


_LOGIN_ACTIONS = (
    AuditAction.STAFF_LOGIN_FAILED, AuditAction.STAFF_LOCKED_OUT, AuditAction.STAFF_UNLOCKED, AuditAction.STAFF_LOGIN,
)  # fmt: skip


# -- the settings and the command ------------------------------------------------------------------------


def test_the_limits_come_from_the_console_settings() -> None:
    limits = LoginLimits.of(
        ConsoleSettings(login_failures_per_account=4, login_failures_per_address=9, login_lockout_minutes=2.5)
    )
    assert limits == LoginLimits(4, 9, timedelta(minutes=2.5))
    assert LoginLimits.of(ConsoleSettings()) == LoginLimits(10, 30, timedelta(minutes=15))


def test_comptoir_users_unlock_ends_a_lockout(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("COMPTOIR_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("COMPTOIR_CONSOLE__LOGIN_FAILURES_PER_ACCOUNT", "2")
    get_settings.cache_clear()
    try:
        settings = get_settings()
        monkeypatch.setattr("sys.stdin", io.StringIO(f"{PASSWORD}\n"))
        assert main(["users", "add", "camille", "--role", "agent", "--password-stdin"]) == 0
        store = ConversationStore(make_engine(settings.sqlalchemy_url))
        logins = Logins(Accounts(store.engine), store, LoginLimits.of(settings.console), settings.pseudonym_key())
        for _ in range(2):
            logins.log_in("camille", WRONG, "10.0.0.1")
        assert logins.log_in("camille", PASSWORD, "10.0.0.1").locked_out
        capsys.readouterr()
        assert main(["users", "unlock", "camille"]) == 0
        assert capsys.readouterr().out.strip() == "unlocked camille"
        assert main(["users", "unlock", "camille"]) == 0
        assert capsys.readouterr().out.strip() == "camille was not locked out"
    finally:
        get_settings.cache_clear()
    assert logins.log_in("camille", PASSWORD, "10.0.0.1").user is not None
    (unlocked,) = events(store.engine, AuditAction.STAFF_UNLOCKED)
    assert unlocked[2] == {"scope": "account", "account": "camille", "reason": "cleared"}
    assert unlocked[0] not in ("comptoir", "camille")  # the operator who ran the command
    store.engine.dispose()
