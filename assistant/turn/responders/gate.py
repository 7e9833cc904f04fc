"""A language model's answer as it streams in: cut into sentences, each with the labels of the data it cites, each
checked before a word of it reaches the shopper.

The model is asked for plain text with the labels in square brackets ("The Trail 2 costs 199 € [P1]."); a reply
given as JSON instead (``{"answer": ..., "ids": [...]}``, as models tuned for structured output tend to) is read too,
once whole. A sentence is released only when the next one has begun (its labels may follow its full stop) and once
the answer's language is known to be the shopper's.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from typing import Any

LABEL = re.compile(
    r"\s*[\[【]\s*((?:[A-Za-z]{1,2}\d{1,3})(?:\s*[,;/&]?\s*(?:and\s+|et\s+)?[A-Za-z]{1,2}\d{1,3})*)\s*[\]】]"
)
"""A citation: ``[P1]``, ``[P1, S2]``, ``[P1 P3]`` (its leading spaces go with it)."""
_ONE_LABEL = re.compile(r"[A-Za-z]{1,2}\d{1,3}")
_BOUNDARY = re.compile(
    r"[.!?…]+[\"»”’)]*(?:\s*[\[【][^\[\]【】\n]{1,80}[\]】])*(?=\s+[^\s\[【])|(?:\s*[\[【][^\[\]【】\n]{1,80}[\]】])*\n+(?=\s*\S)"
)
"""Where a sentence ends: its closing punctuation and the citations after it, once the next sentence has begun; or a
line break (a list's items)."""
JUDGE_WORDS = 8
"""The answer's language is judged once this many words are waiting (or at its end); nothing is released before."""
_ANSWER_KEYS = ("answer", "text", "reply", "response", "message", "content")
_ID_KEYS = ("ids", "sources", "citations", "cited", "used_ids", "source_ids", "references")


class Rejected(Exception):
    """The model's answer is not used: ``reason`` (``timeout``, ``error``, ``malformed``, ``grounding``, ``person``,
    ``language``) goes into the turn's flag, ``detail`` into the log."""

    def __init__(self, reason: str, detail: str = ""):
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail


@dataclass(frozen=True)
class Reply:
    """The model's answer as checked: the text shown (labels taken out) and the labels it cited, in order."""

    text: str
    cited: tuple[str, ...]


Check = Callable[[str, Sequence[str]], str | None]
"""Reads one sentence with the labels cited so far: ``None`` when it may be shown, else the reason it may not."""


class SentenceGate:
    """Takes the streamed parts of an answer and releases its checked sentences to ``release``."""

    def __init__(
        self,
        labels: Collection[str],
        check: Check,
        written_in: Callable[[str], bool],
        release: Callable[[str], None] | None = None,
    ):
        self.labels = {label.upper() for label in labels}
        self.check = check
        self.written_in = written_in
        """Whether a text is in the shopper's language."""
        self.release = release
        self.raw = ""
        self.buffer = ""
        self.json: bool | None = None
        self.cited: list[str] = []
        self.shown: list[str] = []
        self.pending: list[str] = []
        self.held = ""
        """A line that failed its checks before citing anything: its labels may come with the next line (a list's
        heading, "...paid in 3 instalments:"), so it is checked again with it, and at the end."""
        self.language_known = False
        self.line_ended = False

    def feed(self, part: str) -> None:
        """One streamed part; raises :class:`Rejected` as soon as a sentence fails its checks."""
        self.raw += part
        if self.json is None:
            start = self.raw.lstrip()
            if not start:
                return
            self.json = start[0] in "{`"
            part = self.raw
        if self.json:
            return
        self.buffer += part
        for sentence in self._cut(final=False):
            self._take(sentence)

    def close(self) -> Reply:
        """The whole answer once the stream ended; :class:`Rejected` when it is empty, cites nothing although there
        was data to cite, or fails a check."""
        if self.json:
            text, ids = _from_json(self.raw)
            self.buffer = text
            for label in ids:
                self._cite(label)
        for sentence in self._cut(final=True):
            self._take(sentence)
        if self.held:
            self._take("", final=True)
        text = "".join([*self.shown, *self.pending]).strip()
        if not text:
            raise Rejected("malformed", "empty answer")
        if self.labels and not self.cited:
            raise Rejected("malformed", "no data cited")
        if not self.written_in(text):
            raise Rejected("language", text[:80])
        self._release()
        return Reply(text, tuple(self.cited))

    def _cut(self, *, final: bool) -> list[str]:
        sentences = []
        start = 0
        for match in _BOUNDARY.finditer(self.buffer):
            sentences.append(self.buffer[start : match.end()])
            start = match.end()
        self.buffer = self.buffer[start:]
        if final and self.buffer.strip():
            sentences.append(self.buffer)
            self.buffer = ""
        return sentences

    def _cite(self, label: str) -> None:
        label = label.upper()
        if label in self.labels and label not in self.cited:
            self.cited.append(label)

    def _take(self, sentence: str, *, final: bool = False) -> None:
        own = [label for group in LABEL.findall(sentence) for label in _ONE_LABEL.findall(group)]
        for label in own:
            self._cite(label)
        sentence, self.held = self.held + sentence, ""
        shown = LABEL.sub("", sentence)
        body = shown.strip()
        if not body:
            return
        reason = self.check(body, tuple(self.cited))
        if reason is not None:
            if not own and not final:
                self.held = sentence
                return
            raise Rejected(reason, body[:80])
        leading = shown[: len(shown) - len(shown.lstrip())]
        lead = "" if not self.shown and not self.pending else ("\n" if self.line_ended or "\n" in leading else " ")
        self.line_ended = "\n" in shown[len(shown.rstrip()) :]
        self.pending.append(lead + body)
        waiting = "".join(self.pending)
        if not self.language_known and len(waiting.split()) >= JUDGE_WORDS:
            if not self.written_in(waiting):
                raise Rejected("language", waiting[:80])
            self.language_known = True
        if self.language_known:
            self._release()

    def _release(self) -> None:
        for part in self.pending:
            self.shown.append(part)
            if self.release is not None:
                self.release(part)
        self.pending = []


def _from_json(raw: str) -> tuple[str, list[str]]:
    """The answer and the cited labels of a reply written as JSON (in a code fence or not)."""
    text = re.sub(r"^\s*```(?:json)?\s*|\s*```\s*$", "", raw.strip())
    try:
        value = json.loads(text)
    except json.JSONDecodeError:
        found = re.search(r"\{.*\}", text, re.DOTALL)
        try:
            value = json.loads(found.group()) if found else None
        except json.JSONDecodeError:
            value = None
    if not isinstance(value, dict):
        raise Rejected("malformed", "unreadable JSON")
    answer = next((value[key] for key in _ANSWER_KEYS if isinstance(value.get(key), str)), None)
    if not answer:
        raise Rejected("malformed", "JSON without an answer")
    ids: Any = next((value[key] for key in _ID_KEYS if key in value), [])
    if isinstance(ids, str):
        ids = _ONE_LABEL.findall(ids)
    if not isinstance(ids, list):
        raise Rejected("malformed", "JSON ids not a list")
    return answer, [str(label).strip("[] ") for label in ids]
