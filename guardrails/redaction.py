"""Redaction: personal data replaced by typed, numbered placeholders, the same value by the same one.

``<EMAIL_1>`` stays ``<EMAIL_1>`` for the same address everywhere in a conversation; the link between
value and placeholder is kept as a keyed hash (the value itself only in the vault, encrypted, if any).
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from guardrails.entities import PERSON, PLACEHOLDER_NAMES, normalise
from guardrails.pii import Detection, PiiDetector
from guardrails.postcodes import POSTCODE, Expect, postcode_spans

_PLACEHOLDER = re.compile(r"<([A-Z_]+)_(\d+)>")


@dataclass(frozen=True)
class Pseudonym:
    """One value of one conversation and its placeholder; ``value`` never leaves the process unsealed."""

    placeholder: str
    entity: str
    digest: str
    value: str = field(repr=False)


@dataclass(frozen=True)
class Redacted:
    """A text with its personal data replaced."""

    text: str
    detections: tuple[Detection, ...]
    pseudonyms: tuple[Pseudonym, ...]
    """Every placeholder used in the text, in order of first appearance."""
    new: tuple[Pseudonym, ...]
    """Those the conversation did not have before."""

    @property
    def counts(self) -> dict[str, int]:
        """Values found per placeholder kind, ``{"EMAIL": 2}``."""
        out: dict[str, int] = {}
        for detection in self.detections:
            name = PLACEHOLDER_NAMES[detection.entity]
            out[name] = out.get(name, 0) + 1
        return out


class Redactor:
    """Finds personal data with the detector and replaces each value with its placeholder."""

    def __init__(self, detector: PiiDetector, key: bytes):
        if len(key) < 16:
            raise ValueError("the pseudonym key must be at least 16 bytes")
        self.detector = detector
        self.key = key

    def digest(self, scope: str, entity: str, value: str) -> str:
        """A keyed hash of a value within a conversation: equal values, equal digests; nothing to reverse."""
        message = f"{scope}\x00{entity}\x00{normalise(entity, value)}".encode()
        return hmac.new(self.key, message, hashlib.sha256).hexdigest()

    def redact(
        self,
        text: str,
        language: str,
        *,
        scope: str = "",
        known: Mapping[str, str] | None = None,
        keep_words: Iterable[str] = (),
        expect: Expect = Expect.NOTHING,
    ) -> Redacted:
        """Replace the personal data in ``text``; ``known`` maps the conversation's digests to placeholders;
        ``expect`` says what the assistant asked for (a postcode it asked for is found without a word naming it)."""
        known = dict(known or {})
        detections = self.detector.detect(text, language, keep_words=keep_words)
        detections = _with_postcodes(text, detections, expect)
        if known:
            detections = self._seen_before(text, scope, known, detections)
        if not detections:
            return Redacted(text, (), (), ())
        counters: dict[str, int] = {}
        for placeholder in known.values():
            match = _PLACEHOLDER.fullmatch(placeholder)
            if match:
                counters[match[1]] = max(counters.get(match[1], 0), int(match[2]))
        used: dict[str, Pseudonym] = {}
        new: list[Pseudonym] = []
        by_span: dict[tuple[int, int], str] = {}
        for detection in detections:
            digest = self.digest(scope, detection.entity, detection.text)
            if digest not in known:
                name = PLACEHOLDER_NAMES[detection.entity]
                counters[name] = counters.get(name, 0) + 1
                known[digest] = f"<{name}_{counters[name]}>"
                new.append(Pseudonym(known[digest], detection.entity, digest, detection.text))
            if digest not in used:
                used[digest] = Pseudonym(known[digest], detection.entity, digest, detection.text)
            by_span[(detection.start, detection.end)] = known[digest]
        out, last = [], 0
        for (start, end), placeholder in sorted(by_span.items()):
            if start < last:  # overlapping the value before (the detector leaves none): hidden with it
                last = max(last, end)
                continue
            out.append(text[last:start] + placeholder)
            last = end
        out.append(text[last:])
        return Redacted("".join(out), tuple(detections), tuple(used.values()), tuple(new))

    def _seen_before(
        self, text: str, scope: str, known: Mapping[str, str], detections: list[Detection]
    ) -> list[Detection]:
        """Names the conversation already gave, found again where the detector missed them this time."""
        words = list(re.finditer(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*", text))
        found = list(detections)
        for size in (4, 3, 2, 1):
            for i in range(len(words) - size + 1):
                start, end = words[i].start(), words[i + size - 1].end()
                if any(start < d.end and d.start < end for d in found):
                    continue
                if self.digest(scope, PERSON, text[start:end]) in known:
                    found.append(Detection(start, end, PERSON, 1.0, text[start:end]))
        return sorted(found, key=lambda d: d.start)


def _with_postcodes(text: str, detections: list[Detection], expect: Expect) -> list[Detection]:
    """The detections and the postcodes outside them (a postcode inside an address is part of the address)."""
    spans = [
        (start, end)
        for start, end in postcode_spans(text, expect)
        if not any(start < d.end and d.start < end for d in detections)
    ]
    if not spans:
        return detections
    found = [Detection(start, end, POSTCODE, 1.0, text[start:end]) for start, end in spans]
    return sorted([*detections, *found], key=lambda d: d.start)


def placeholders(text: str) -> list[str]:
    """The placeholders in a redacted text."""
    return [match.group() for match in _PLACEHOLDER.finditer(text)]
