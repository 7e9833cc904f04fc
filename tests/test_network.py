"""No code path reaches beyond loopback: the guard refuses, and ingest and chat never try."""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.runtime import Runtime
from tests.netguard import NetworkGuard, guarded_environment


def test_the_guard_refuses_a_connection_beyond_loopback() -> None:
    guard = NetworkGuard()
    guard.install()
    try:
        with socket.socket() as sock, pytest.raises(ConnectionRefusedError):
            sock.connect(("192.0.2.1", 443))  # refused in Python, before any packet is sent
        with pytest.raises(ConnectionRefusedError):
            socket.getaddrinfo("huggingface.co", 443)
    finally:
        guard.uninstall()
    assert guard.attempts == ["connect 192.0.2.1", "resolve huggingface.co"]


def test_turns_of_every_intent_stay_on_loopback(demo_runtime: Runtime, network_guard: NetworkGuard) -> None:
    chat = demo_runtime.chat
    opened = chat.open(None, "fr")
    for number, text in enumerate(["bonjour", "tente 2 places", "retours ?", "un conseiller svp", "la météo ?"]):
        accepted = chat.accept(opened.conversation.id, f"n{number}", text, "fr")
        assert chat.answer(accepted.turn, "fr")["ai"] is True
    assert network_guard.attempts == []


@pytest.mark.slow
def test_a_fresh_process_loads_model_and_chroma_without_network(tmp_path: Path, demo_data_dir: Path) -> None:
    log = tmp_path / "attempts.log"
    script = (
        "from assistant.config import Settings\n"
        "from assistant.runtime import build_runtime\n"
        f"runtime = build_runtime(Settings(data_dir={str(demo_data_dir)!r}))\n"
        "print(len(runtime.search.products('tent')))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], env=guarded_environment(str(log)), capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert int(result.stdout.strip().splitlines()[-1]) > 0
    assert not log.exists(), log.read_text()


def test_tldextract_uses_its_bundled_suffix_list(tmp_path: Path) -> None:
    log = tmp_path / "attempts.log"
    script = (
        "from assistant.offline import enforce_offline\n"
        "enforce_offline()\n"
        "import tldextract\n"
        "print(tldextract.extract('shopper@boutique.co.uk').top_domain_under_public_suffix)\n"
    )
    env = {**guarded_environment(str(log)), "TLDEXTRACT_CACHE": str(tmp_path / "tld-cache")}
    result = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "boutique.co.uk"
    assert not log.exists(), log.read_text()
