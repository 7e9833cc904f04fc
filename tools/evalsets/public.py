"""The public labelled sets in ../shared/data (written elsewhere) as records the guardrails' evaluation reads.

    .venv/bin/python -m tools.evalsets.public --part dev|holdout --out DIR

Each set is split once, by a hash of each record's id, into a development part (70 %) that tuning and training may
read and a held-out part (30 %) that is only measured and reported. A source marked ``evaluation_only`` is never
trained on, whatever the part: its licence forbids redistributing it (Tensor Trust) or is share-alike (promptmap).

PII records: ``{"id", "source", "lang", "text", "spans": [{"start", "end", "type"}]}``; injection records:
``{"id", "source", "lang", "label": "attack"|"ordinary", "text"}``. Sources, licences and counts: the data's README.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
PUBLIC_DATA = Path(os.environ.get("COMPTOIR_PUBLIC_DATA", ROOT.parent / "shared" / "data"))
HOLDOUT_SHARE = 0.3
PARTS = ("dev", "holdout")

Record = dict[str, Any]


def part_of(key: str) -> str:
    """The part a record belongs to, fixed by its id: the same record is always in the same part."""
    bucket = int(hashlib.sha1(key.encode("utf-8")).hexdigest()[:8], 16) / 0xFFFFFFFF
    return "holdout" if bucket < HOLDOUT_SHARE else "dev"


def _jsonl(relative: str) -> Iterator[Record]:
    with (PUBLIC_DATA / relative).open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)


def _csv(relative: str) -> Iterator[dict[str, str]]:
    with (PUBLIC_DATA / relative).open(encoding="utf-8", newline="") as handle:
        yield from csv.DictReader(handle)


# --- personal data --------------------------------------------------------------------------------------------------


def _ner(relative: str, source: str, lang: str) -> list[Record]:
    """Sentences with their PERSON spans; places and organisations are no personal data and are not labelled."""
    records = []
    for row in _jsonl(relative):
        spans = [
            {"start": s["start"], "end": s["end"], "type": "PERSON"} for s in row["spans"] if s["type"] == "PERSON"
        ]
        records.append(
            {
                "id": f"{source}:{row['id']}",
                "source": source,
                "lang": lang,
                "text": row["text"],
                "spans": spans,
                "labelled_types": ["PERSON"],  # its e-mails and phone numbers are not labelled
            }
        )
    return records


_NOT_THE_ADDRESS = {"Recipient", "NotAddress", "CountryName", "LandmarkName", "BuildingName"}


def _usaddress() -> list[Record]:
    """US addresses with a number and a street, or a post-office box: one ADDRESS span from the first to the last
    component of the address proper (a recipient, a building's name or a country around it are not in the span).
    Fragments (a street alone, a city and state) are left out: they identify no one."""
    records = []
    for row in _jsonl("address_us_usaddress/addresses.jsonl"):
        labels = {c["label"] for c in row["components"]}
        if not ({"AddressNumber", "StreetName"} <= labels or "USPSBoxID" in labels):
            continue
        if not labels & {"PlaceName", "ZipCode", "StreetNamePostType", "OccupancyIdentifier", "USPSBoxID"}:
            continue
        parts = [c for c in row["components"] if c["label"] not in _NOT_THE_ADDRESS]
        start, end = min(c["start"] for c in parts), max(c["end"] for c in parts)
        span = {"start": start, "end": end, "type": "ADDRESS"}
        records.append(
            {
                "id": f"usaddress:{row['id']}",
                "source": "usaddress",
                "lang": "en",
                "text": row["text"],
                "spans": [span],
                "labelled_types": ["ADDRESS"],  # recipients are people or firms, unlabelled
            }
        )
    return records


PII_SOURCES: dict[str, Callable[[], list[Record]]] = {
    "uner_en_ewt": lambda: _ner("ner_en_uner_ewt/sentences.jsonl", "uner_en_ewt", "en"),
    "europeana_fr": lambda: _ner("ner_fr_europeana/segments.jsonl", "europeana_fr", "fr"),
    "usaddress": _usaddress,
}
"""UNER English web text (CC BY-SA 4.0), Europeana French newspapers (CC0), datamade/usaddress (MIT)."""


# --- injection ------------------------------------------------------------------------------------------------------


def _bipia_emails() -> list[Record]:
    return [
        {
            "id": f"bipia_email:{r['id']}",
            "source": "bipia_email",
            "lang": "en",
            "label": "attack" if r["label"] else "ordinary",
            "text": r["document"],
            "group": f"bipia_email:{r['email_idx']}",  # an e-mail's clean and poisoned copies fall in one part
            "inserted": r["attack_text"],
        }
        for r in _jsonl("prompt_injection_bipia/email_indirect.jsonl")
    ]


def _bipia_attacks() -> list[Record]:
    rows = [r for r in _csv("prompt_injection_bipia/attacks.csv") if r["family"] == "text"]
    return [
        {
            "id": f"bipia_task:{r['attack_id']}",
            "source": "bipia_task",
            "lang": "en",
            "label": "attack",
            "text": r["text"],
        }
        for r in rows
    ]


def _jailbreak_prompts() -> list[Record]:
    return [
        {
            "id": f"jbb_prompt:{r['id']}",
            "source": "jbb_prompt",
            "lang": "en",
            "label": "attack",
            "text": r["text"],
            "group": f"jbb:{r['behavior_index']}",  # one request's prompts of every attack fall in one part
        }
        for r in _jsonl("jailbreakbench/jailbreak_prompts.jsonl")
    ]


def _tensor_trust() -> list[Record]:
    return [
        {"id": f"tensor_trust:{r['id']}", "source": "tensor_trust", "lang": "en", "label": "attack", "text": r["text"]}
        for r in _jsonl("prompt_injection_tensor_trust/attacks.jsonl")
        if r["text"].strip()
    ]


_HARMFUL = {"harmful", "hate", "social_bias"}


def _promptmap() -> list[Record]:
    """promptmap's prompt-stealing and distraction rules (its harmful, hateful and biased requests are no injection:
    they are in ``promptmap_harmful``)."""
    return [
        {"id": f"promptmap:{r['id']}", "source": "promptmap", "lang": "en", "label": "attack", "text": r["text"]}
        for r in _csv("prompt_injection_promptmap/rules.csv")
        if r["type"] not in _HARMFUL
    ]


def _promptmap_harmful() -> list[Record]:
    return [
        {
            "id": f"promptmap:{r['id']}",
            "source": "promptmap_harmful",
            "lang": "en",
            "label": "attack",
            "text": r["text"],
        }
        for r in _csv("prompt_injection_promptmap/rules.csv")
        if r["type"] in _HARMFUL
    ]


def _hwu64() -> list[Record]:
    return [
        {"id": f"hwu64:{r['id']}", "source": "hwu64", "lang": "en", "label": "ordinary", "text": r["text"]}
        for r in _csv("intents_en_hwu64/utterances.csv")
    ]


INJECTION_SOURCES: dict[str, Callable[[], list[Record]]] = {
    "bipia_email": _bipia_emails,
    "bipia_task": _bipia_attacks,
    "jbb_prompt": _jailbreak_prompts,
    "tensor_trust": _tensor_trust,
    "promptmap": _promptmap,
    "promptmap_harmful": _promptmap_harmful,
    "hwu64": _hwu64,
}
"""BIPIA (MIT): e-mails with an instruction inserted, and clean ones; BIPIA's injected tasks on their own; the
JailbreakBench attack prompts (MIT); Tensor Trust's hijacking and extraction attacks (no licence: evaluation only);
promptmap's rules (GPL-3.0: evaluation only); HWU64's home-assistant requests (CC BY 4.0), ordinary messages that
are no shop's."""

EVALUATION_ONLY = frozenset({"tensor_trust", "promptmap", "promptmap_harmful"})


def _in_part(records: list[Record], part: str) -> list[Record]:
    if part not in PARTS:
        raise ValueError(f"part must be one of {PARTS}, not {part!r}")
    return [r for r in records if part_of(r.get("group", r["id"])) == part]


def pii_records(part: str, sources: tuple[str, ...] | None = None) -> dict[str, list[Record]]:
    """The public PII sets' records of ``part``, by source."""
    return {name: _in_part(PII_SOURCES[name](), part) for name in sources or tuple(PII_SOURCES)}


def injection_records(
    part: str, sources: tuple[str, ...] | None = None, *, training: bool = False
) -> dict[str, list[Record]]:
    """The public injection sets' records of ``part``, by source; ``training`` leaves out the evaluation-only ones."""
    names = [n for n in sources or tuple(INJECTION_SOURCES) if not (training and n in EVALUATION_ONLY)]
    return {name: _in_part(INJECTION_SOURCES[name](), part) for name in names}


def written_injection_records(part: str) -> dict[str, list[Record]]:
    """Sets of ours, written apart from the detectors: tools/evalsets/injection_written.jsonl (attacks and shopper
    messages, many languages) split like the public sets, and shopper messages as ordinary ones (the conversations'
    turns and the in-scope messages of the scope set; dev: the tuning files, holdout: their held-out files)."""
    written = [dict(r, source="written") for r in _ours("tools/evalsets/injection_written.jsonl")]
    suffix = "" if part == "dev" else "_holdout"
    turns = [
        {"id": f"{c['id']}:{n}", "source": "shopper", "lang": c["lang"], "label": "ordinary", "text": t["text"]}
        for c in _ours(f"tests/data/conversations{suffix}.jsonl")
        for n, t in enumerate(c["turns"], 1)
    ]
    asked = [
        {"id": f"scope:{n}", "source": "shopper", "lang": r.get("lang", "en"), "label": "ordinary", "text": r["text"]}
        for n, r in enumerate(_ours(f"tests/data/scope{suffix}.jsonl"), 1)
        if r["scope"] == "in"
    ]
    return {"written": _in_part(written, part), "shopper": turns + asked}


def _ours(relative: str) -> list[Record]:
    path = ROOT / relative
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--part", choices=PARTS, required=True)
    parser.add_argument("--out", type=Path, required=True, help="a folder; one JSON-lines file per source")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    injection = injection_records(args.part) | written_injection_records(args.part)
    for kind, sets in (("pii", pii_records(args.part)), ("injection", injection)):
        for name, records in sets.items():
            path = args.out / f"{kind}_{name}_{args.part}.jsonl"
            with path.open("w", encoding="utf-8") as handle:
                for record in records:
                    handle.write(json.dumps(record, ensure_ascii=False) + "\n")
            print(f"{path}: {len(records)}")


if __name__ == "__main__":
    main()
