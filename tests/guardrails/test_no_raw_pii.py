"""Messages full of personal data through a real server: no raw value in any file it writes."""

from __future__ import annotations

import json
import re
import urllib.request
from pathlib import Path

import pytest
from websockets.sync.client import connect

from guardrails import Sealer
from tests.live import frames_until_reply, free_port, server

pytestmark = pytest.mark.slow

MESSAGES = [
    ("en", "Hi, I'm Sarah Connor, mail sarah.connor@example.com or call +44 20 7946 0958 about my tent order"),
    ("en", "Please refund card 4539 1488 0343 6467 or IBAN GB82 WEST 1234 5698 7654 32, my IP is 81.56.12.200"),
    ("en", "ship the boots to 1600 Pennsylvania Avenue NW, Washington, DC 20500, I was born on 04/07/1986"),
    ("fr", "Bonjour, je m'appelle Élodie Garnier, mon portable 06 12 34 56 78, livrez au 14 rue des Lilas, 69003 Lyon"),
    ("fr", "mon IBAN FR76 3000 6000 0112 3456 7890 189 et mon numéro de sécu 2 84 12 75 108 123 94"),
    ("fr", "je répète : elodie.garnier@orange.fr, +33 6 12 34 56 78, merci Élodie Garnier"),
]
VALUES = [
    "Sarah Connor",
    "sarah.connor@example.com",
    "+44 20 7946 0958",
    "4539 1488 0343 6467",
    "GB82 WEST 1234 5698 7654 32",
    "81.56.12.200",
    "1600 Pennsylvania Avenue",
    "04/07/1986",
    "Élodie Garnier",
    "06 12 34 56 78",
    "14 rue des Lilas",
    "FR76 3000 6000 0112 3456 7890 189",
    "2 84 12 75 108 123 94",
    "elodie.garnier@orange.fr",
]


def spellings(value: str) -> set[str]:
    """The value as typed, and without its spaces (how a log or a database might hold digits)."""
    out = {value, value.casefold()}
    if re.fullmatch(r"[\d\s+./A-Z-]+", value):
        out.add(re.sub(r"[\s.-]", "", value))
    return out


def test_no_raw_value_reaches_the_database_the_index_or_the_logs(demo_data_dir: Path) -> None:
    port = free_port()
    logs = demo_data_dir / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    env = {"COMPTOIR_PRIVACY__VAULT_KEY": Sealer.new_key()}
    answers: list[dict[str, object]] = []
    with server(demo_data_dir, port, env, output=logs / "console.log"):
        url = f"ws://127.0.0.1:{port}/ws/chat"
        with connect(url) as ws:
            ws.send(json.dumps({"type": "hello", "session": None, "locale": "en"}))
            token = json.loads(ws.recv(timeout=30))["session"]
            for number, (_lang, text) in enumerate(MESSAGES):
                ws.send(json.dumps({"type": "message", "id": f"m{number}", "text": text}))
                frames = frames_until_reply(ws, f"m{number}")
                ack = next(f for f in frames if f["type"] == "ack")
                assert ack["redacted"], text
                answers.append(frames[-1])
        with connect(url) as ws:  # resume: the history the server replays
            ws.send(json.dumps({"type": "hello", "session": token, "locale": "fr"}))
            answers.append(json.loads(ws.recv(timeout=30)))
            history = json.loads(ws.recv(timeout=30))
            assert history["type"] == "history" and len(history["turns"]) == len(MESSAGES)
            answers.append(history)
        for path, body in [
            ("/api/chat", {"id": "h1", "locale": "en", "text": "call me on +44 20 7946 0958, Sarah Connor"}),
            ("/api/search", {"query": "tent for sarah.connor@example.com"}),
        ]:
            request = urllib.request.Request(
                f"http://127.0.0.1:{port}{path}", json.dumps(body).encode(), {"Content-Type": "application/json"}
            )
            with urllib.request.urlopen(request, timeout=60) as response:
                answers.append(json.loads(response.read()))

    sent_back = json.dumps(answers, ensure_ascii=False)
    assert "<EMAIL_1>" in sent_back and "<PHONE_1>" in sent_back  # the history holds the placeholders
    for value in VALUES:
        for spelling in spellings(value):
            assert spelling not in sent_back, spelling

    files = [path for path in demo_data_dir.rglob("*") if path.is_file()]
    assert any(path.suffix == ".sqlite3" for path in files) and (logs / "comptoir.log").stat().st_size > 0
    assert (demo_data_dir / "comptoir.db").exists()
    leaks = []
    for path in files:
        content = path.read_bytes()
        for value in VALUES:
            for spelling in spellings(value):
                if spelling.encode() in content:
                    leaks.append(f"{path.relative_to(demo_data_dir)}: {spelling}")
    assert not leaks, leaks


LEAK_CEILING = 0.02
"""At most this share of the personal values sent may be found in the files under the data directory."""


def test_generated_personal_data_of_many_locales_stays_out_of_every_file(demo_data_dir: Path) -> None:
    """300 shoppers' messages full of generated personal data (the held-out part: names of 55 locales, addresses
    of 32 countries, phones of 56 regions, IDs), each in its own conversation; then every file under the data
    directory is searched for every labelled value of 4 characters or more."""
    from tools.evalsets.pii_generated import generate

    records = [r for r in generate("holdout", n=300, seed=11) if r["spans"]]
    values = {r["text"][s["start"] : s["end"]] for r in records for s in r["spans"]}
    values = {v for v in values if len(v) >= 4}
    before = [path.read_bytes() for path in demo_data_dir.rglob("*") if path.is_file()]
    already = {v for v in values if any(s.encode() in content for s in spellings(v) for content in before)}
    values -= already  # a word the shop's own index holds already ("Victoria") says nothing about a leak
    port = free_port()
    logs = demo_data_dir / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    env = {"COMPTOIR_PRIVACY__VAULT_KEY": Sealer.new_key(), "COMPTOIR_CHAT__CONVERSATIONS_PER_MINUTE": "1000"}
    with server(demo_data_dir, port, env, output=logs / "console.log"):
        for number, record in enumerate(records):
            with connect(f"ws://127.0.0.1:{port}/ws/chat") as ws:
                ws.send(json.dumps({"type": "hello", "session": None, "locale": record["lang"]}))
                ws.recv(timeout=30)
                ws.send(json.dumps({"type": "message", "id": f"g{number}", "text": record["text"][:2000]}))
                frames_until_reply(ws, f"g{number}")

    contents = [path.read_bytes() for path in demo_data_dir.rglob("*") if path.is_file()]
    found = sorted(
        value for value in values if any(s.encode() in content for s in spellings(value) for content in contents)
    )
    share = len(found) / len(values)
    print(f"{len(found)} of {len(values)} values found in the data directory ({share:.3f}): {found}")
    print(f"left out, in the demo index before any message: {sorted(already)}")
    assert len(records) >= 250 and len(values) >= 400
    assert share <= LEAK_CEILING, found
