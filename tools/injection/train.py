"""Train the injection model (guardrails/injection_model.json.gz): a logistic regression over a text's MiniLM
embedding and its words, that reads an attempt to instruct the assistant (override its rules, take its secrets,
give it another job, speak as its system) as such, in phrasings no rule was written for.

    .venv/bin/python -m tools.injection.train

Attacks: the development part of BIPIA's e-mails with an instruction inserted (MIT) and of the JailbreakBench attack
prompts (MIT), the attacks of tests/data/injection.jsonl and the development part of
tools/evalsets/injection_written.jsonl (written apart from this code). Ordinary: the development part of HWU64's
requests (CC BY 4.0) and of BIPIA's clean e-mails, the in-scope shopper lines of tools/scope/training.jsonl, the
turns of the dev conversations, the ordinary messages of those injection sets, and the sentences of the demo shop's
and Saleor's (BSD-3-Clause) product descriptions, which the catalog screen reads.

Nothing of Tensor Trust or promptmap is read (their licences keep them for evaluation), nor any held-out part. The
threshold is chosen on the shopper messages of a calibration slice of the development part that the fit does not
see: the lowest with at most 2 % of its ordinary messages taken for attacks.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
from pathlib import Path

from guardrails.injection import INJECTION_MODEL_PATH
from retrieval import ShopEmbeddings
from tools.evalsets.public import PUBLIC_DATA, _csv, injection_records, part_of
from tools.scope.train import Spec, fit

ROOT = Path(__file__).resolve().parents[2]
WRITTEN = ROOT / "tools/evalsets/injection_written.jsonl"
SPEC = Spec(
    "injection",
    4.0,
    0.02,
    "BIPIA e-mails and JailbreakBench prompts (MIT, development parts), HWU64 (CC BY 4.0, development part), "
    "tests/data/injection.jsonl, tools/evalsets/injection_written.jsonl (development part), tools/scope/training.jsonl "
    "(in scope), dev conversations, demo and Saleor product descriptions",
)


def _jsonl(path: Path) -> list[dict]:  # type: ignore[type-arg]
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+", text) if len(s.split()) >= 3]


def shopper_messages() -> list[tuple[str, bool]]:
    """Messages a shopper sends (attacks among them), the ones the threshold is chosen on: the injection sets of
    ours and the dev conversations' turns."""
    rows = [(r["text"], r["label"] == "attack") for r in _jsonl(ROOT / "tests/data/injection.jsonl")]
    if WRITTEN.is_file():
        rows += [(r["text"], r["label"] == "attack") for r in _jsonl(WRITTEN) if part_of(r["id"]) == "dev"]
    for conversation in _jsonl(ROOT / "tests/data/conversations.jsonl"):
        rows += [(t["text"], False) for t in conversation["turns"]]
    return rows


def labelled() -> list[tuple[str, bool]]:
    """Every development text and whether it is an attack."""
    rows: list[tuple[str, bool]] = shopper_messages()
    public = injection_records("dev", ("bipia_email", "jbb_prompt", "hwu64"), training=True)
    for records in (public["jbb_prompt"], public["hwu64"]):
        rows += [(r["text"], r["label"] == "attack") for r in records]
    # A poisoned e-mail differs from its clean copy by one inserted instruction: that instruction is the attack,
    # the clean e-mail and its sentences are ordinary (the whole poisoned e-mail would teach the e-mail's look).
    rows += [(r["inserted"], True) for r in public["bipia_email"] if r["label"] == "attack"]
    for email in (r["text"] for r in public["bipia_email"] if r["label"] == "ordinary"):
        rows += [(email, False), *((s, False) for s in _sentences(email))]
    rows += [(r["text"], False) for r in _jsonl(ROOT / "tools/scope/training.jsonl") if r["scope"] == "in"]
    catalog = json.loads((ROOT / "assistant/demo/catalog.json").read_text(encoding="utf-8"))
    for product in catalog:
        texts = [product.get("description", ""), product.get("description_fr", "")]
        rows += [(s, False) for text in texts for s in _sentences(str(text))]
    rows += [(s, False) for r in _csv("catalog_saleor_demo/products.csv") for s in _sentences(r["description"])]
    unique = dict(rows)
    return list(unique.items())


def _calibration(text: str) -> bool:
    return int(hashlib.sha1(f"calibration:{text}".encode()).hexdigest()[:8], 16) % 5 == 0


def main() -> None:
    rows = labelled()
    train = [(t, y) for t, y in rows if not _calibration(t)]
    calibrate = [(t, y) for t, y in dict(shopper_messages()).items() if _calibration(t)]
    print(f"public data: {PUBLIC_DATA}; {len(train)} to fit, {len(calibrate)} to choose the threshold")
    payload = fit(
        [t for t, _ in train],
        [y for _, y in train],
        ([t for t, _ in calibrate], [y for _, y in calibrate]),
        SPEC,
        ShopEmbeddings(),
    )
    with gzip.open(INJECTION_MODEL_PATH, "wt", encoding="utf-8") as handle:
        json.dump(payload, handle, ensure_ascii=False, separators=(",", ":"))
    print(f"wrote {INJECTION_MODEL_PATH} ({INJECTION_MODEL_PATH.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
