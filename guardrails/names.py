"""Names of every origin: a gazetteer of first names and surnames of many countries, read with the shape of the
words around them.

The statistical NER of the spaCy pipelines knows the names of its training text; a gazetteer knows names of every
origin but also words that happen to be names ("Rose", "Will", "Page"). So a word counts as a name by its evidence: a
known first name or surname that is no common English or French word is *strong*; a known name that is also a common
word is *weak*; an unknown capitalised word is *unknown*; a common word is no name. A run of capitalised words on
one line (with particles: van, de, al, bin...) is a name when it holds a strong word and another name-like word, or
is a strong first name on its own, or an initial and a name. In lower case, only two strong words in a row count.
Built by ``tools/names/build.py`` from Faker's person providers (MIT) and spaCy's lexical tables (MIT, WordNet).
"""

from __future__ import annotations

import gzip
import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

NAMES_PATH = Path(__file__).with_name("names.json.gz")

PARTICLES = frozenset(
    [
        "van",
        "der",
        "den",
        "de",
        "du",
        "des",
        "von",
        "zu",
        "al",
        "el",
        "bin",
        "ibn",
        "ben",
        "bint",
        "da",
        "di",
        "dos",
        "das",
        "do",
        "del",
        "della",
        "la",
        "le",
        "ter",
        "ten",
        "mac",
        "mc",
        "ní",
        "nic",
        "ap",
        "abu",
        "vom",
        "zum",
        "zur",
        "af",
        "av",
        "op",
        "het",
        "y",
        "e",
    ]
)
"""Words that join the parts of a name ("van der Berg", "al-Sayed", "dos Santos"); never a name on their own."""

TITLES = re.compile(
    r"(?i:\b(?:mr|mrs|ms|miss|mx|dr|prof|sir|madam|m|mme|mlle|monsieur|madame|mademoiselle|herr|frau|sr|sra|srta|"
    r"sig|sig\.ra|dott|signor|signora|don|doña|pan|pani|mevrouw|meneer|dhr|mevr)\.?\s+)$"
)

TITLE_WORDS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "miss",
        "mx",
        "dr",
        "prof",
        "sir",
        "madam",
        "mme",
        "mlle",
        "monsieur",
        "madame",
        "mademoiselle",
        "herr",
        "frau",
        "sr",
        "sra",
        "srta",
        "sig",
        "dott",
        "signor",
        "signora",
        "don",
        "doña",
        "pan",
        "pani",
        "mevrouw",
        "meneer",
        "dhr",
        "mevr",
        "capt",
        "col",
        "gen",
        "rev",
    ]
)
_AND = frozenset({"and", "et", "&", "y", "e", "und", "en"})
_LOWER_CUE = re.compile(
    r"(?:\b(?:tell|ask|its|it's|it is|i'm|im|i am|this is|c'est|je suis|name|named|called|partner|wife|husband|"
    r"friend|son|daughter|mum|mom|dad|sister|brother|girlfriend|boyfriend|colleague|neighbou?r|femme|mari|fils|fille|"
    r"ami|amie|copain|copine|frère|soeur|sœur|pour|for|from|de la part de|signed|thanks|thank you|merci|cheers|"
    r"regards|bisous|cordialement|dites à|dis à|demandez à)[,:]?\s+)$"
)
_LOWER_INTRO = re.compile(
    r"(?:\b(?:i'm|im|i am|je suis|moi c'est|my name is|my name's|name|named|called|"
    r"je m'appelle|mon nom est|in my name|à mon nom|au nom de|signed|signé)[,:]?\s+)$"
)
"""Where a shopper introduces someone: a word the gazetteer does not know is a name there too ("i'm jekaterina")."""
_LOWER_AFTER = re.compile(r"\s+(?:here|ici|again|speaking)\b")

_TOKEN = re.compile(r"[^\W\d_]\.(?:-?[^\W\d_]\.)*|[^\W\d_]+(?:['’\-][^\W\d_]+)*")


def fold(word: str) -> str:
    """The form a word is looked up in: NFC, case folded, typographic apostrophe as a plain one."""
    return unicodedata.normalize("NFC", word).casefold().replace("’", "'")


@dataclass(frozen=True)
class Gazetteer:
    """Known first names and surnames, and common English and French words."""

    first: frozenset[str]
    last: frozenset[str]
    common: frozenset[str]
    places: frozenset[str] = frozenset()

    @classmethod
    def load(cls, path: Path = NAMES_PATH, *, unseen: str | None = None) -> Gazetteer:
        """The shipped gazetteer; ``unseen``: without the name words of one part of the generated sets' split,
        "holdout" (to measure the held-out part on names the gazetteer does not know) or "dev" (to study the misses
        of that measure on the development part)."""
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            data = json.load(handle)
        held_out = frozenset(data["held_out"])
        names = frozenset(data["first"]) | frozenset(data["last"])
        drop = {None: frozenset(), "holdout": held_out, "dev": names - held_out}[unseen]
        return cls(
            frozenset(data["first"]) - drop,
            frozenset(data["last"]) - drop,
            frozenset(data["common"]),
            frozenset(data.get("places", ())),
        )

    def is_place(self, word: str) -> bool:
        """A country, region or city word of the places list."""
        return word in self.places

    def known(self, word: str) -> bool:
        return word in self.first or word in self.last

    def is_common(self, word: str) -> bool:
        """A common English or French word (each part of a hyphenated one)."""
        parts = [p for p in re.split(r"[-']", word) if p]
        return bool(parts) and all(p in self.common for p in parts)


@dataclass(frozen=True)
class _Word:
    start: int
    end: int
    text: str
    folded: str
    kind: str
    """strong, weak, unknown, common, particle or initial"""
    shape: str
    """title, upper, lower or initial"""
    first: bool
    """A known first name."""


class NameFinder:
    """Finds the names in a text from the gazetteer and the shape of its words."""

    def __init__(self, gazetteer: Gazetteer, keep_words: frozenset[str] = frozenset()):
        self.gazetteer = gazetteer
        self.keep_words = keep_words

    def _word(self, match: re.Match[str]) -> _Word:
        text = match.group()
        folded = fold(text)
        if re.fullmatch(r"(?:[^\W\d_]\.-?)+", text):
            return _Word(match.start(), match.end(), text, folded, "initial", "initial", False)
        shape = "upper" if text.isupper() and len(text) > 1 else "lower" if text.islower() else "title"
        parts = [p for p in re.split(r"[-']", folded) if len(p) > 1] or [folded]
        known = any(self.gazetteer.known(p) for p in parts)
        first = any(p in self.gazetteer.first for p in parts)
        contraction = re.fullmatch(r"[^\W\d_]+'(?:m|s|re|ll|ve|d|t)", folded) is not None  # "I'm", "it's"
        common = contraction or self.gazetteer.is_common(folded) or folded in self.keep_words
        if folded in PARTICLES:
            kind = "particle"
        elif folded.rstrip(".") in TITLE_WORDS:
            kind = "common"
        elif known and not common:
            kind = "strong"
        elif known:
            kind = "weak"
        elif common:
            kind = "common"
        else:
            kind = "unknown"
        return _Word(match.start(), match.end(), text, folded, kind, shape, first and not common)

    def find(self, text: str) -> list[tuple[int, int]]:
        """The spans of the names in ``text``."""
        words = [self._word(m) for m in _TOKEN.finditer(text)]
        spans: list[tuple[int, int]] = []
        for run in self._runs(text, words):
            spans.extend(self._names(text, run))
        return spans

    @staticmethod
    def _runs(text: str, words: list[_Word]) -> list[list[_Word]]:
        """Words on one line separated by spaces only (an initial's dot, a hyphen or an apostrophe aside)."""
        runs: list[list[_Word]] = []
        for word in words:
            if runs and re.fullmatch(r"[ \t]+", text[runs[-1][-1].end : word.start]):
                runs[-1].append(word)
            else:
                runs.append([word])
        return runs

    def _names(self, text: str, run: list[_Word]) -> list[tuple[int, int]]:
        found: list[tuple[int, int]] = []
        if all(w.shape == "lower" for w in run):
            found.extend(self._lower_first_names(text, run))
            # "natalia gerassimov", "maria van dijk": a known first name, particles, a known name; no common word
            i = 0
            while i < len(run):
                j = i + 1
                while j < len(run) and run[j].kind == "particle":
                    j += 1
                if run[i].kind == "strong" and run[i].first and j < len(run) and run[j].kind == "strong":
                    found.append((run[i].start, run[j].end))
                    i = j + 1
                else:
                    i += 1
            return found
        found.extend(self._pairs(text, run))
        # capitalised names: split the run at words that cannot be part of a name
        pieces: list[list[_Word]] = [[]]
        for word in run:
            nameish = word.shape != "lower" or word.kind == "particle"
            if nameish and word.kind != "common":
                pieces[-1].append(word)
            elif pieces[-1]:
                pieces.append([])
        for piece in pieces:
            while piece and piece[0].kind == "particle" and not self._leads(piece):
                piece = piece[1:]
            while piece and piece[-1].kind == "particle":
                piece = piece[:-1]
            if piece and self._is_name(text, piece):
                found.append((piece[0].start, piece[-1].end))
        return found

    @staticmethod
    def _pairs(text: str, run: list[_Word]) -> list[tuple[int, int]]:
        """Two people named together, "Isabelly and Qadi will use…", "jussi et tomas vont…": two words of one
        case, neither a word of the language nor a particle, joined by "and" or "et"."""
        found = []
        for i, (left, joint, right) in enumerate(zip(run, run[1:], run[2:], strict=False)):
            if joint.folded not in ("and", "et", "und") or not left.shape == right.shape == "title":
                continue
            kinds = [w.kind for w in (left, right) if len(w.text) > 2]
            opens = i == 0 and re.search(r"(?:^|[.!?:\n])\s*$", text[: left.start]) is not None
            # two known first names, or two words that are no words of the language opening the sentence ("Duke
            # and Dynegy", "Hamas and Hezbollah" in the middle of one are no people)
            if (left.first and right.first) or (
                opens and all(k in ("strong", "unknown") for k in kinds) and len(kinds) == 2
            ):
                found += [(left.start, left.end), (right.start, right.end)]
        return found

    def _lower_first_names(self, text: str, run: list[_Word]) -> list[tuple[int, int]]:
        """Known first names in lower case where a shopper puts a name: after "tell", "its", "my wife", "c'est",
        before "here" or "again", or two of them joined by "and" ("lydia and victoria will use the tent")."""
        found = []
        for i, word in enumerate(run):
            before = text[max(0, word.start - 24) : word.start].casefold().replace("’", "'")
            if word.kind == "unknown" and len(word.text) > 2 and _LOWER_INTRO.search(before):
                end = run[i + 1].end if i + 1 < len(run) and run[i + 1].kind in ("unknown", "strong") else word.end
                found.append((word.start, end))
                continue
            if word.kind not in ("strong", "weak") or not self._first(word):
                continue
            after = text[word.end : word.end + 12].casefold()
            partner = (i + 2 < len(run) and run[i + 1].folded in _AND and self._first(run[i + 2])) or (
                i >= 2 and run[i - 1].folded in _AND and self._first(run[i - 2])
            )
            cued = _LOWER_CUE.search(before) is not None or _LOWER_AFTER.match(after) is not None
            if (word.kind == "strong" and cued) or partner:
                end = word.end
                if i + 1 < len(run) and run[i + 1].kind == "strong" and run[i + 1].folded in self.gazetteer.last:
                    end = run[i + 1].end  # "ester simonsen"
                found.append((word.start, end))
        return found

    def _first(self, word: _Word) -> bool:
        return word.folded in self.gazetteer.first and word.kind in ("strong", "weak")

    @staticmethod
    def _leads(piece: list[_Word]) -> bool:
        """A particle that opens a surname ("de Blouin", "van Dijk") when a name follows it."""
        rest = [w for w in piece if w.kind != "particle"]
        return bool(rest) and rest[0].kind in ("strong", "unknown") and rest[0].shape != "lower"

    @staticmethod
    def _is_name(text: str, piece: list[_Word]) -> bool:
        core = [w for w in piece if w.kind != "particle"]
        kinds = [w.kind for w in core]
        if not core or len(core) > 4:
            return False
        strong = kinds.count("strong")
        titled = bool(TITLES.search(text[max(0, piece[0].start - 14) : piece[0].start]))
        if len(core) == 1:
            word = core[0]
            if word.kind == "initial":
                return False
            return (word.kind == "strong" and word.first) or (titled and word.kind in ("strong", "unknown", "weak"))
        if strong >= 1:
            return True
        if kinds.count("unknown") >= 2 and all(w.shape in ("title", "upper") and len(w.text) > 2 for w in core):
            # two capitalised words that are neither words of the language nor places: a name the gazetteer lacks
            # ("Adunni Ogunbo"); not a run of capitals ("NEED HELP" holds common words anyway)
            return not all(w.shape == "upper" for w in core)
        if any(w.shape == "upper" and w.kind != "common" for w in core) and any(
            w.shape == "title" and w.kind in ("weak", "strong") for w in core
        ):
            return True  # "ORVARSDÓTTIR Atla": a surname in capitals and a known name, the way forms write them
        if kinds.count("initial") >= 1 and any(k in ("weak", "unknown") for k in kinds):
            return True
        if len(core) == 2 and core[0].first and kinds == ["weak", "unknown"] and core[1].shape != "lower":
            return True  # "Christian Rossi", "Will Jaspersen": a first name that is also a word, then a surname
        return titled or kinds.count("weak") >= 2
