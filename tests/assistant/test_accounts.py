"""Staff accounts: scrypt hashes, clear refusals, and the command that makes them."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.cli import main
from assistant.config import Settings
from assistant.records.store import ConversationStore, make_engine
from assistant.staff.accounts import AccountError, Accounts, hash_password, verify_password


@pytest.fixture
def accounts(tmp_path: Path) -> Accounts:
    store = ConversationStore(make_engine(f"sqlite:///{tmp_path / 'users.db'}"))
    store.create_schema()
    return Accounts(store.engine)


def test_passwords_are_salted_scrypt_hashes() -> None:
    first, second = hash_password("correct horse battery"), hash_password("correct horse battery")
    assert first.startswith("scrypt$32768$8$1$") and first != second and "correct" not in first
    assert verify_password("correct horse battery", first)
    assert not verify_password("correct horse batterY", first)
    assert not verify_password("anything", "not a hash")


def test_an_agent_logs_in_with_the_right_password_only(accounts: Accounts) -> None:
    accounts.add("camille", "agent", "a long enough secret", display_name="Camille")
    user = accounts.authenticate("camille", "a long enough secret")
    assert user is not None and (user.role, user.display_name) == ("agent", "Camille")
    assert accounts.authenticate("camille", "wrong password!!") is None
    assert accounts.authenticate("nobody", "a long enough secret") is None


@pytest.mark.parametrize(
    ("name", "role", "password", "message"),
    [
        ("camille", "agent", "a long enough secret", "taken"),
        ("x", "agent", "a long enough secret", "a name is"),
        ("lea", "boss", "a long enough secret", "role must be one of"),
        ("lea", "agent", "short", "at least 12"),
    ],
)
def test_bad_accounts_are_refused_with_the_reason(
    accounts: Accounts, name: str, role: str, password: str, message: str
) -> None:
    accounts.add("camille", "agent", "a long enough secret")
    with pytest.raises(AccountError, match=message):
        accounts.add(name, role, password)


def test_comptoir_users_add(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("COMPTOIR_DATA_DIR", str(tmp_path))
    from assistant.config import Settings, get_settings

    get_settings.cache_clear()
    try:
        monkeypatch.setattr("sys.stdin", io.StringIO("a long enough secret\n"))
        assert main(["users", "add", "amine", "--role", "agent", "--password-stdin"]) == 0
        assert "added amine (agent)" in capsys.readouterr().out
        monkeypatch.setattr("sys.stdin", io.StringIO("a long enough secret\n"))
        assert main(["users", "add", "amine", "--role", "agent", "--password-stdin"]) == 2
        assert "taken" in capsys.readouterr().err
    finally:
        get_settings.cache_clear()
    engine = make_engine(Settings(data_dir=tmp_path).sqlalchemy_url)
    assert Accounts(engine).authenticate("amine", "a long enough secret") is not None


@pytest.mark.parametrize("typed", ["", "a long enough secret\n"])
def test_comptoir_users_add_without_a_terminal_says_how_to_give_the_password(tmp_path: Path, typed: str) -> None:
    """No terminal and the input ends before the password was typed twice: a clear error, no account, no
    traceback."""
    env = {**os.environ, "COMPTOIR_DATA_DIR": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-m", "assistant.cli", "users", "add", "amine", "--role", "agent"],
        input=typed, capture_output=True, text=True, env=env, timeout=120, start_new_session=True,
    )  # fmt: skip
    assert done.returncode == 2, done.stderr
    assert "--password-stdin" in done.stderr
    assert "Traceback" not in done.stderr
    store = ConversationStore(make_engine(Settings(data_dir=tmp_path).sqlalchemy_url))
    store.create_schema()
    assert Accounts(store.engine).authenticate("amine", "a long enough secret") is None
