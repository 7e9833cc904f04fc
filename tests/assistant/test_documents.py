"""`comptoir docs`: the record of processing and the AI transparency sheet come from the running settings."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from assistant.compliance.documents import (
    RECORD_FILE,
    TO_CONFIRM,
    TO_FILL,
    TRANSPARENCY_FILE,
    gather_facts,
    record_of_processing,
    transparency_sheet,
)
from assistant.config import Settings
from assistant.runtime import build_runtime
from assistant.staff.accounts import Accounts
from assistant.turn.chat import DISCLOSURE
from assistant.web.app import create_app
from assistant.web.deps import SESSION_COOKIE
from escalation.policy import Reason
from guardrails.entities import ENTITIES, PLACEHOLDER_NAMES
from tests.netguard import guarded_environment

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "correct horse battery"


def settings_for(data_dir: Path, **overrides: object) -> Settings:
    return Settings(data_dir=data_dir, **overrides)  # type: ignore[arg-type]


def test_the_record_holds_the_settings_values(tmp_path: Path) -> None:
    settings = settings_for(tmp_path, shop_name="Atelier Vélo", retention={"days": 45, "purge_every_hours": 6})
    record = record_of_processing(settings, gather_facts(settings))
    assert "Atelier Vélo" in record
    assert "45 days" in record and "every 6 hours" in record
    assert TO_FILL in record  # the merchant's legal details are left to fill in, visibly
    for entity in ENTITIES:
        assert f"<{PLACEHOLDER_NAMES[entity]}_n>" in record and entity in record
    assert "originals are not kept" in record
    assert "only if they opted in" in record and "consent (art. 6(1)(a))" in record  # remembered preferences
    assert "data-subject requests" in record
    for title in ("Controller", "Purposes", "data subjects", "personal data", "Recipients", "outside the European",
                  "Retention", "Legal basis", "organisational measures"):  # fmt: skip
        assert title in record


def test_the_record_changes_with_the_settings(tmp_path: Path) -> None:
    plain = settings_for(tmp_path)
    other = settings_for(
        tmp_path,
        retention={"days": 30, "purge_every_hours": 0},
        privacy={"vault_key": "k" * 44},
        database_url="postgresql+psycopg://user:secret@db.internal:5432/comptoir",
        redis_url="redis://cache.internal:6379/0",
    )
    before = record_of_processing(plain, gather_facts(plain))
    after = record_of_processing(other, gather_facts(other))
    assert "90 days" in before and "90 days" not in after and "30 days" in after
    assert "automatic purging is off" in after
    assert "encrypted" in after and "originals are not kept" not in after
    assert "db.internal:5432" in after and "cache.internal:6379" in after
    assert "secret" not in after and "user:" not in after  # hosts only, never credentials
    assert "no external service is configured" in before


def test_the_transparency_sheet_holds_the_settings_values(tmp_path: Path) -> None:
    settings = settings_for(
        tmp_path,
        shop_name="Atelier Vélo",
        escalation={"confidence_threshold": 0.37, "opening_hours": "mon-fri 09:00-18:00"},
    )
    facts = gather_facts(settings)
    sheet = transparency_sheet(settings, facts)
    assert "confidence threshold: 0.37" in sheet
    assert "mon-fri 09:00-18:00" in sheet
    for template in DISCLOSURE.values():
        assert template.format(shop="Atelier Vélo") in sheet
    for reason in Reason:
        assert f"`{reason}`" in sheet
    assert facts.embedding_model in sheet and "all-MiniLM-L6-v2" in facts.embedding_model
    assert "catalog-templates" in sheet
    assert "fr_core_news_sm 3." in sheet and "presidio-analyzer 2." in sheet
    assert "nothing has been indexed" in sheet
    default = settings_for(tmp_path)
    assert "confidence threshold: 0.25" in transparency_sheet(default, gather_facts(default))


def test_the_transparency_sheet_counts_the_index(tmp_path: Path) -> None:
    settings = settings_for(tmp_path)
    settings.index_dir.mkdir(parents=True)
    items = {f"p{i}": {"kind": "product", "vector_id": f"v{i}"} for i in range(7)}
    items |= {f"q{i}": {"kind": "policy", "vector_id": f"w{i}"} for i in range(4)}
    manifest = {"format": 1, "embedding_model": "recipe-x", "items": items}
    (settings.index_dir / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    sheet = transparency_sheet(settings, gather_facts(settings))
    assert "7 products and 4 policy passages" in sheet
    assert "recipe-x" in sheet


def test_the_transparency_sheet_names_the_responder_and_the_tools(tmp_path: Path) -> None:
    default = settings_for(tmp_path)
    facts = gather_facts(default)
    assert (facts.responder_choice, facts.tools) == ("extractive", ())
    sheet = transparency_sheet(default, facts)
    assert f"`{facts.responder}` {facts.responder_version}" in sheet and "no large language model" in sheet
    assert "(`COMPTOIR_TOOLS`): none" in sheet
    tooled = settings_for(tmp_path, tools="order_status, stock")
    assert "(`COMPTOIR_TOOLS`): `order_status`, `stock`" in transparency_sheet(tooled)
    other = replace(facts, responder="phrase-model", responder_choice="other", responder_method=None)
    sheet, record = transparency_sheet(default, other), record_of_processing(default, other)
    assert "`phrase-model`" in sheet and "no large language model" not in sheet and TO_CONFIRM in sheet
    assert "no LLM" not in record and "no network egress" not in record


def test_gathering_facts_loads_no_model(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import spacy

    from retrieval.embeddings import ShopEmbeddings

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a model was loaded")

    monkeypatch.setattr(ShopEmbeddings, "__init__", refuse)
    monkeypatch.setattr(spacy, "load", refuse)
    settings = settings_for(tmp_path)
    assert "all-MiniLM-L6-v2" in gather_facts(settings).embedding_model


@pytest.mark.slow
def test_comptoir_docs_writes_both_files(tmp_path: Path) -> None:
    data, out = tmp_path / "data", tmp_path / "docs"
    env = {
        **guarded_environment(str(tmp_path / "network-attempts.log")),
        "COMPTOIR_DATA_DIR": str(data),
        "COMPTOIR_RETENTION__DAYS": "30",
        "COMPTOIR_ESCALATION__CONFIDENCE_THRESHOLD": "0.4",
        "COMPTOIR_SHOP_NAME": "Boutique Test",
    }
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-m", "assistant.cli", "docs", "--out", str(out)],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    elapsed = time.monotonic() - started
    assert result.returncode == 0, result.stderr[-2000:]
    record = (out / RECORD_FILE).read_text(encoding="utf-8")
    sheet = (out / TRANSPARENCY_FILE).read_text(encoding="utf-8")
    assert "30 days" in record and "Boutique Test" in record
    assert "confidence threshold: 0.4" in sheet
    assert DISCLOSURE["fr"].format(shop="Boutique Test") in sheet
    assert not (tmp_path / "network-attempts.log").exists()
    assert elapsed < 60, f"comptoir docs took {elapsed:.0f}s: it should not load the embedding model"


@pytest.fixture
def console_client(demo_data_dir: Path, embeddings: Any, detector: Any) -> Iterator[TestClient]:
    settings = settings_for(
        demo_data_dir,
        shop_name="Vélo <b>& Co</b>",
        retention={"days": 33},
        escalation={"confidence_threshold": 0.41},
    )
    runtime = build_runtime(settings, embeddings, detector)
    accounts = Accounts(runtime.store.engine)
    for name, role in (("camille", "agent"), ("ada", "admin"), ("dpo", "compliance")):
        accounts.add(name, role, PASSWORD, name.title())
    try:
        with TestClient(create_app(settings, runtime)) as client:
            yield client
    finally:
        runtime.store.engine.dispose()


def _login(client: TestClient, name: str) -> str:
    response = client.post("/console/login", data={"name": name, "password": PASSWORD}, follow_redirects=False)
    assert response.status_code == 303, response.text
    token = response.cookies[SESSION_COOKIE]
    client.cookies.clear()
    return token


def test_the_console_serves_the_documents_to_logged_in_staff(console_client: TestClient) -> None:
    for page in ("/console/docs/record", "/console/docs/ai"):
        refused = console_client.get(page, follow_redirects=False)
        assert refused.status_code == 303 and refused.headers["location"].startswith("/console/login")
        wrong = console_client.get(page, headers={"cookie": f"{SESSION_COOKIE}=forged"}, follow_redirects=False)
        assert wrong.status_code == 303
    for name in ("camille", "ada", "dpo"):
        cookie = {"cookie": f"{SESSION_COOKIE}={_login(console_client, name)}"}
        record = console_client.get("/console/docs/record", headers=cookie)
        assert record.status_code == 200 and record.headers["cache-control"] == "no-store"
        assert "<h1>Record of processing activities" in record.text and "33 days" in record.text
        assert "&lt;b&gt;&amp; Co&lt;/b&gt;" in record.text and "<b>& Co</b>" not in record.text
        sheet = console_client.get("/console/docs/ai", headers=cookie)
        assert sheet.status_code == 200 and "confidence threshold: 0.41" in sheet.text
        assert "<li>reasons:" in sheet.text
        home = "/compliance" if name == "dpo" else "/console"  # back to the reader's own console
        assert f'<a href="{home}">' in record.text
    assert console_client.get("/console/docs/other", headers=cookie).status_code == 404
