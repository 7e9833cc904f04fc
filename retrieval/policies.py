"""The shop's policy pages, split into passages that keep their headings and source."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import asdict, dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from langchain_text_splitters import RecursiveCharacterTextSplitter

POLICY_SUFFIXES = {".md", ".markdown", ".html", ".htm", ".txt"}
_LANGUAGES = {"en", "fr", "de", "es", "it", "nl"}
_PASSAGE_CHARS = 700


@dataclass(frozen=True)
class PolicyPassage:
    """One passage of a policy page, with the headings above it and where it comes from."""

    id: str
    page: str
    lang: str
    title: str
    heading: str
    text: str
    url: str

    def embedding_text(self) -> str:
        """The page title and heading give a passage its meaning: embed them with it."""
        return f"{self.title}. {self.heading}. {self.text}"

    def lexical_text(self) -> str:
        """Words a shopper may use to find this passage."""
        return f"{self.title} {self.heading} {self.heading} {self.text}"

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready form."""
        return asdict(self)

    def content_hash(self) -> str:
        """A hash of everything indexed."""
        return hashlib.sha256(json.dumps(self.to_dict(), sort_keys=True).encode()).hexdigest()


@dataclass(frozen=True)
class _Section:
    heading: str
    text: str


def load_policies(directory: Path, *, language: str = "en") -> list[PolicyPassage]:
    """Every policy page under ``directory``; a sub-folder named like ``fr`` gives its language."""
    if not directory.is_dir():
        raise FileNotFoundError(f"policy folder not found: {directory}")
    passages: list[PolicyPassage] = []
    for path in sorted(p for p in directory.rglob("*") if p.suffix.lower() in POLICY_SUFFIXES):
        lang = path.parent.name if path.parent.name in _LANGUAGES else language
        passages.extend(load_policy_page(path, lang=lang))
    return passages


def load_policy_page(path: Path, *, lang: str) -> list[PolicyPassage]:
    """Split one page into passages of at most a few hundred characters, under their headings."""
    raw = path.read_text(encoding="utf-8")
    meta, body = _front_matter(raw)
    if path.suffix.lower() in {".html", ".htm"}:
        sections = _html_sections(body)
    elif path.suffix.lower() == ".txt":
        sections = [_Section("", body)]
    else:
        sections = _markdown_sections(body)
    title = meta.get("title") or next((s.heading for s in sections if s.heading), path.stem)
    page = f"{lang}/{path.stem}"
    url = meta.get("url") or f"/policies/{page}"
    splitter = RecursiveCharacterTextSplitter(chunk_size=_PASSAGE_CHARS, chunk_overlap=80)
    passages: list[PolicyPassage] = []
    for section in sections:
        for chunk in splitter.split_text(section.text):
            passages.append(
                PolicyPassage(
                    id=f"{page}#{len(passages) + 1}",
                    page=page,
                    lang=lang,
                    title=title,
                    heading=section.heading or title,
                    text="\n".join(" ".join(line.split()) for line in chunk.splitlines() if line.strip()),
                    url=url,
                )
            )
    return passages


def _front_matter(raw: str) -> tuple[dict[str, str], str]:
    match = re.match(r"^---\s*\n(.*?)\n---\s*\n", raw, re.S)
    if not match:
        return {}, raw
    meta = {}
    for line in match[1].splitlines():
        key, _, value = line.partition(":")
        if value:
            meta[key.strip().lower()] = value.strip().strip("\"'")
    return meta, raw[match.end() :]


def _markdown_sections(body: str) -> list[_Section]:
    sections: list[_Section] = []
    headings: list[str] = []
    lines: list[str] = []

    def flush() -> None:
        text = "\n".join(lines).strip()
        if text:
            sections.append(_Section(" › ".join(headings[1:] or headings), _strip_markdown(text)))
        lines.clear()

    for line in body.splitlines():
        heading = re.match(r"^(#{1,6})\s+(.*?)\s*#*\s*$", line)
        if heading:
            flush()
            depth = len(heading[1])
            headings[depth - 1 :] = [heading[2]]
        else:
            lines.append(line)
    flush()
    return sections


_LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+\.)\s+")


def _reflow(text: str) -> str:
    """One line per paragraph or list item: hard-wrapped lines are joined."""
    lines: list[str] = []
    for paragraph in re.split(r"\n\s*\n", text):
        items: list[str] = []
        for line in paragraph.splitlines():
            if not line.strip():
                continue
            if _LIST_ITEM.match(line) or not items:
                items.append(line.strip())
            else:
                items[-1] += " " + line.strip()
        lines.extend(items)
    return "\n".join(lines)


def _strip_markdown(text: str) -> str:
    text = _reflow(text)
    text = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"[*_`]{1,3}([^*_`]+)[*_`]{1,3}", r"\1", text)
    return "\n".join(_LIST_ITEM.sub("", line) for line in text.splitlines())


class _HtmlSections(HTMLParser):
    _HEADINGS = {"h1", "h2", "h3", "h4"}
    _SKIP = {"script", "style", "nav", "footer", "header"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.sections: list[_Section] = []
        self.heading = ""
        self.parts: list[str] = []
        self.in_heading = False
        self.skip_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._SKIP:
            self.skip_depth += 1
        elif tag in self._HEADINGS:
            self._flush()
            self.in_heading, self.heading = True, ""
        elif tag in {"p", "li", "br", "div", "tr"}:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP and self.skip_depth:
            self.skip_depth -= 1
        elif tag in self._HEADINGS:
            self.in_heading = False

    def handle_data(self, data: str) -> None:
        if self.skip_depth:
            return
        if self.in_heading:
            self.heading += data.strip()
        else:
            self.parts.append(data)

    def _flush(self) -> None:
        text = "".join(self.parts).strip()
        if text:
            self.sections.append(_Section(self.heading, text))
        self.parts = []


def _html_sections(body: str) -> list[_Section]:
    parser = _HtmlSections()
    parser.feed(body)
    parser._flush()
    return parser.sections
