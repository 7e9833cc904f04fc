"""Measuring the guardrails on labelled sets: PII precision and recall, injection detection rates."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from guardrails.pii import Detection


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    """The records of a JSON-lines file; a bad line is an error naming it."""
    records = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ValueError(f"{path}:{number}: not JSON ({exc.msg})") from exc
            if not isinstance(record, dict) or not isinstance(record.get("text"), str):
                raise ValueError(f"{path}:{number}: a record needs a text string")
            records.append(record)
    return records


def read_labelled(paths: Iterable[Path]) -> list[dict[str, Any]]:
    """The records of several JSON-lines files; a record without a ``source`` takes its file's name."""
    records = []
    for path in paths:
        for record in read_jsonl(path):
            record.setdefault("source", path.stem)
            records.append(record)
    return records


def by_source(records: Iterable[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """Records grouped by their ``source``, in the order the sources first appear."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for record in records:
        groups.setdefault(str(record.get("source", "")), []).append(record)
    return groups


@dataclass
class EntityScore:
    """Counts for one entity type."""

    gold: int = 0
    found: int = 0
    predicted: int = 0
    correct: int = 0

    @property
    def recall(self) -> float:
        """Share of the labelled values that were fully hidden under a placeholder of their type."""
        return self.found / self.gold if self.gold else 1.0

    @property
    def precision(self) -> float:
        """Share of the redactions of this type that were on a labelled value of this type."""
        return self.correct / self.predicted if self.predicted else 1.0


@dataclass
class PiiReport:
    """Precision and recall per entity type and overall, and what was missed or wrongly redacted."""

    per_type: dict[str, EntityScore] = field(default_factory=dict)
    leaked: int = 0
    misses: list[dict[str, Any]] = field(default_factory=list)
    false_positives: list[dict[str, Any]] = field(default_factory=list)

    @property
    def overall(self) -> EntityScore:
        """All types together (micro-averaged)."""
        total = EntityScore()
        for score in self.per_type.values():
            total.gold += score.gold
            total.found += score.found
            total.predicted += score.predicted
            total.correct += score.correct
        return total

    def to_dict(self) -> dict[str, Any]:
        """The figures as JSON."""

        def row(score: EntityScore) -> dict[str, Any]:
            return {
                "gold": score.gold,
                "predicted": score.predicted,
                "precision": round(score.precision, 4),
                "recall": round(score.recall, 4),
            }

        return {
            "per_type": {name: row(score) for name, score in sorted(self.per_type.items())},
            "overall": row(self.overall),
            "leaked_values": self.leaked,
        }

    def table(self) -> str:
        """The figures as a table for a terminal."""
        lines = [f"{'entity':<16}{'gold':>6}{'found':>7}{'precision':>11}{'recall':>8}"]
        for name, score in [*sorted(self.per_type.items()), ("overall", self.overall)]:
            lines.append(f"{name:<16}{score.gold:>6}{score.predicted:>7}{score.precision:>11.3f}{score.recall:>8.3f}")
        lines.append(f"values left visible (under no placeholder at all): {self.leaked}")
        return "\n".join(lines)


def _covered(text: str, start: int, end: int, spans: Iterable[tuple[int, int]]) -> bool:
    """Whether every letter and digit of ``text[start:end]`` is inside one of ``spans``."""
    inside = [False] * (end - start)
    for a, b in spans:
        for i in range(max(a, start), min(b, end)):
            inside[i - start] = True
    return all(inside[i] or not text[start + i].isalnum() for i in range(end - start))


def _spans(record: dict[str, Any], number: int) -> list[tuple[int, int, str]]:
    """The labelled spans of a record, checked: a bad one is an error naming the record."""
    spans = record.get("spans", [])
    where = f"record {number}" + (f" ({record['id']})" if "id" in record else "")
    if not isinstance(spans, list):
        raise ValueError(f"{where}: spans must be a list")
    out = []
    for span in spans:
        try:
            start, end, kind = int(span["start"]), int(span["end"]), str(span["type"])
        except (KeyError, TypeError, ValueError) as exc:
            raise ValueError(f"{where}: a span needs integer start and end and a type") from exc
        if not 0 <= start < end <= len(record["text"]):
            raise ValueError(f"{where}: span {start}-{end} lies outside the text")
        out.append((start, end, kind))
    return out


def score_pii(records: list[dict[str, Any]], detect: Callable[[str, str | None], list[Detection]]) -> PiiReport:
    """Run ``detect(text, lang)`` over labelled records ``{"text", "lang"?, "spans": [{start,end,type}]}``.

    A record may name its ``labelled_types``: a public set that labels names only (not the e-mails or phone numbers
    its texts also hold) scores the detector's names only."""
    report = PiiReport()
    labelled = [_spans(record, number) for number, record in enumerate(records, 1)]  # all checked before any run
    for record, gold in zip(records, labelled, strict=True):
        text = record["text"]
        predicted = detect(text, record.get("lang"))
        if record.get("labelled_types"):  # a set that labels only some kinds: the others are not scored
            predicted = [p for p in predicted if p.entity in record["labelled_types"]]
        for start, end, kind in gold:
            score = report.per_type.setdefault(kind, EntityScore())
            score.gold += 1
            same = [(p.start, p.end) for p in predicted if p.entity == kind]
            if _covered(text, start, end, same):
                score.found += 1
            else:
                report.misses.append({"id": record.get("id"), "type": kind, "value": text[start:end]})
            if not _covered(text, start, end, [(p.start, p.end) for p in predicted]):
                report.leaked += 1
        for p in predicted:
            score = report.per_type.setdefault(p.entity, EntityScore())
            score.predicted += 1
            if any(kind == p.entity and p.start < end and start < p.end for start, end, kind in gold):
                score.correct += 1
            else:
                report.false_positives.append({"id": record.get("id"), "type": p.entity, "value": p.text})
    return report


def catalog_false_positives(products: Iterable[Any], detector: Any, keep_words: frozenset[str]) -> list[dict[str, Any]]:
    """What the redactor finds in a shop's own product texts (titles, descriptions): none of it is personal."""
    found = []
    for product in products:
        for lang in sorted(set(product.title) | set(product.description)):
            text = f"{product.title.get(lang, '')}. {product.description.get(lang, '')}"
            hits = detector.detect(text, lang, keep_words)
            if hits:
                found.append({"id": product.id, "type": hits[0].entity, "value": hits[0].text})
                break
    return found


@dataclass
class InjectionReport:
    """How many attacks were caught and how many ordinary questions were wrongly refused."""

    attacks: int = 0
    detected: int = 0
    ordinary: int = 0
    false_positives: int = 0
    missed: list[str] = field(default_factory=list)
    wrongly_flagged: list[str] = field(default_factory=list)

    @property
    def detection_rate(self) -> float:
        """Share of attacks detected."""
        return self.detected / self.attacks if self.attacks else 1.0

    @property
    def false_positive_rate(self) -> float:
        """Share of ordinary messages flagged as attacks."""
        return self.false_positives / self.ordinary if self.ordinary else 0.0

    def to_dict(self) -> dict[str, Any]:
        """The figures as JSON."""
        return {
            "attacks": self.attacks,
            "ordinary": self.ordinary,
            "detection_rate": round(self.detection_rate, 4),
            "false_positive_rate": round(self.false_positive_rate, 4),
        }

    def table(self) -> str:
        """The figures for a terminal."""
        return (
            f"attacks detected     {self.detected}/{self.attacks} = {self.detection_rate:.3f}\n"
            f"ordinary flagged     {self.false_positives}/{self.ordinary} = {self.false_positive_rate:.3f}"
        )


def score_injection(records: list[dict[str, Any]], is_attack: Callable[[str, str | None], bool]) -> InjectionReport:
    """Run ``is_attack(text, lang)`` over records labelled ``attack`` (or ``injection``) and ``ordinary``."""
    report = InjectionReport()
    for number, record in enumerate(records, 1):
        label = str(record.get("label", "")).lower()
        if label not in {"attack", "injection", "ordinary", "benign"}:
            raise ValueError(f"record {number}: label must be 'attack' or 'ordinary', not {label!r}")
        flagged = is_attack(record["text"], record.get("lang"))
        if label in {"attack", "injection"}:
            report.attacks += 1
            report.detected += flagged
            if not flagged:
                report.missed.append(record["text"])
        else:
            report.ordinary += 1
            report.false_positives += flagged
            if flagged:
                report.wrongly_flagged.append(record["text"])
    return report
