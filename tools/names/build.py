"""Build the name gazetteer and the common-word list the name finder reads (guardrails/names.json.gz).

    .venv/bin/python -m tools.names.build

First names and surnames: Faker's person providers of every locale written in Latin letters (MIT). The name words
of the held-out part of the split that tools/evalsets/pii_generated.py uses (a hash of the word) are listed apart:
measuring the held-out generated set, the gazetteer is loaded without them (``comptoir eval pii --unseen-names``), so
those figures say how the finder does on names it does not know. Places: the country, city and region words of
Faker's address providers count as common words (a capitalised place is no name). Common words: English words written in lower case with a log-probability above -12 in spaCy's English lexeme table, and
English and French word forms of spaCy's lemma tables (spacy-lookups-data, MIT; the English tables come from
WordNet 3.0, Princeton University, permissive licence), except rare ones that English text writes capitalised far
more often than not (proper nouns such as "anna" or "strand", which the lemma tables list too).
"""

from __future__ import annotations

import gzip
import json
import unicodedata
from pathlib import Path

import faker
import faker.config
import spacy_lookups_data

from guardrails.names import NAMES_PATH, fold
from tools.evalsets.pii_generated import token_part

COMMON_LOG_PROBABILITY = -12.0
PROPER_MARGIN = 1.0
PROPER_MAX_LOG_PROBABILITY = -13.0
"""How much more often (natural log) a rare word is written capitalised than not to be a proper noun."""


def _latin(word: str) -> bool:
    return all(not ch.isalpha() or "LATIN" in unicodedata.name(ch, "") for ch in word)


def _words(values: object) -> list[str]:
    names = list(values.keys()) if isinstance(values, dict) else list(values)  # type: ignore[call-overload]
    names = [n.get("name", "") if isinstance(n, dict) else n for n in names]
    return [part for name in names if isinstance(name, str) for part in name.replace("-", " ").split() if len(part) > 1]


def gazetteer() -> tuple[set[str], set[str]]:
    first: set[str] = set()
    last: set[str] = set()
    for locale in faker.config.AVAILABLE_LOCALES:
        try:
            person = faker.Faker(locale).provider("faker.providers.person")
        except AttributeError:
            continue
        if person is None:
            continue
        for attribute, into in (
            ("first_names", first),
            ("first_names_male", first),
            ("first_names_female", first),
            ("last_names", last),
        ):
            for word in _words(getattr(person, attribute, ())):
                if _latin(word):
                    into.add(fold(word))
    return first, last


def places() -> set[str]:
    """Country and city words of Faker's address providers: a capitalised place is no name ("Lisboa", "Eesti")."""
    found: set[str] = set()
    for locale in faker.config.AVAILABLE_LOCALES:
        fake = faker.Faker(locale)
        address = fake.provider("faker.providers.address")
        if address is None:
            continue
        for attribute in ("countries", "cities", "city_names", "provinces", "states", "regions", "municipality"):
            values = getattr(address, attribute, ())
            if callable(values) or isinstance(values, str):
                continue
            for word in _words(values):
                if _latin(word) and len(word) > 2:
                    found.add(fold(word))
    return found


CALENDAR = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
    "lundi",
    "mardi",
    "mercredi",
    "jeudi",
    "vendredi",
    "samedi",
    "dimanche",
    # abbreviations, as dates and mail headers write them ("Fri, 15 Mar 2003")
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "janv",
    "févr",
    "avr",
    "juil",
    "déc",
    "tue",
    "wed",
    "thu",
    "fri",
    "sat",
]


def common_words() -> set[str]:
    data = Path(spacy_lookups_data.__file__).parent / "data"

    def table(name: str) -> dict:  # type: ignore[type-arg]
        with gzip.open(data / name, "rt", encoding="utf-8") as handle:
            return json.load(handle)  # type: ignore[no-any-return]

    # lower-case entries only: "Jones" and "Patrick" are frequent, but as names
    probability = table("en_lexeme_prob.json.gz")
    words = {w for w, p in probability.items() if p > COMMON_LOG_PROBABILITY and w.islower()}
    for name in ("en_lemma_lookup.json.gz", "fr_lemma_lookup.json.gz"):
        for form, lemma in table(name).items():
            lemmas = lemma if isinstance(lemma, list) else [lemma]
            words.update(w for w in (form, *lemmas) if w.islower())

    def proper(word: str) -> bool:
        """A rare word that English text writes capitalised far more often than not ("anna", "strand" are lemmas
        of the word lists, but "Anna" is a name): no common word."""
        lower = probability.get(word, -20.0)
        capitalised = probability.get(word[:1].upper() + word[1:], -99.0)
        return lower <= PROPER_MAX_LOG_PROBABILITY and capitalised > lower + PROPER_MARGIN

    return {w for w in words if w.isalpha() and len(w) > 1 and not proper(w)}


def main() -> None:
    first, last = gazetteer()
    where = places() - first  # a place that is also a first name stays a name ("Florence", "Paris" is not one)
    common = common_words() | set(CALENDAR) | where
    held_out = {w for w in first | last if token_part(w) == "holdout"}
    payload = {
        "first": sorted(first),
        "last": sorted(last),
        "held_out": sorted(held_out),
        "common": sorted(common),
        "places": sorted(where),
    }
    with gzip.open(NAMES_PATH, "wt", encoding="utf-8") as handle:
        json.dump(payload, handle, ensure_ascii=False, separators=(",", ":"))
    print(f"{len(first)} first names, {len(last)} surnames, {len(common)} common words -> {NAMES_PATH}")
    print(f"names that are also common words: {len((first | last) & common)}")


if __name__ == "__main__":
    main()
