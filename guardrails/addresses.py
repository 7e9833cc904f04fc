"""Postal addresses of every country, read by their structure: a postcode next to a city is the anchor, and the
street line before it (a name and a house number, a post-office box) is the start.

The postcode shapes of the countries a European shop ships to (five digits, four, "NNN NN", "NN-NNN", "NNNN-NNN",
"1234 AB", UK, Irish, Canadian and US forms, with their "LV-", "L-", "CH-" prefixes), a city after it (or before
it, the English way: "Sheffield S3 8XX", "Sydney NSW 2000"), then backwards at most three short segments (split at
commas and line breaks) down to the one holding a house number or a box, and forwards a province code or a
country. A segment of ordinary words ("I ordered 2 jackets") is no street.
"""

from __future__ import annotations

import re
from collections.abc import Callable

_CAPITAL_WORD = r"[A-ZÀ-ÖØ-ÞĀ-ſ][\wÀ-ÿĀ-ſ'’.-]*"
_LOWER_WORD = r"[a-zà-ÿā-ſ][\wà-ÿā-ſ'’.-]*"
_JOIN = r"(?:(?:de|del|la|le|am|an|im|sur|en|di|do|da|dos|upon|on)[ -])?"
_CITY = (
    # "Lyon", "San Sebastián", "Beşiktaş/İstanbul"; in lower case one word or hyphenated ones: "basel" (never the
    # words after it: "69003 Lyon svp")
    rf"(?-i:{_CAPITAL_WORD}(?:[ /-]{_JOIN}{_CAPITAL_WORD}){{0,3}}|{_LOWER_WORD}(?:[/-]{_LOWER_WORD}){{0,2}})"
)
_PREFIX = r"(?:[A-Z]{1,2}-)?"
_POSTCODE_FIRST = (
    r"\d{4}[ ]?[A-Za-z]{2}(?![\w])"  # NL
    r"|\d{3}[ ]\d{2}(?!\d)"  # SE, CZ, SK
    r"|\d{2}-\d{3}(?!\d)"  # PL
    r"|\d{4}-\d{3}(?!\d)"  # PT
    r"|\d{4,6}(?!\d)"  # most of Europe, RO, IN
    r"|\d{3}(?![\d.,])"  # IS
)
_ANCHOR_POSTCODE_CITY = re.compile(
    rf"(?<![\w.,/-]){_PREFIX}(?:{_POSTCODE_FIRST})[ \t]+(?P<city>{_CITY})",
)
_UK = r"[A-Z]{1,2}\d[A-Z\d]?[ ]?\d[A-Z]{2}"
_IE = r"[A-Z]\d[\dW][ ]?[A-Z\d]{4}"
_CA = r"[A-Z]\d[A-Z][ ]?\d[A-Z]\d"
_US = r"[A-Z]{2}[ ]+\d{5}(?:-\d{4})?"
_AU = r"(?:NSW|VIC|QLD|SA|WA|TAS|NT|ACT)[ ]+\d{4}"
_ANCHOR_CITY_POSTCODE = re.compile(
    rf"(?P<city>{_CITY})(?:,?[ \t]+(?:[A-Z]{{2}}|Co\. \w+))?(?:,?[ \t]+(?:-[ \t]+)?|[ \t]*\n[ \t]*)"
    rf"(?:{_UK}|{_IE}|{_CA}|{_US}|{_AU}|\d{{6}}|[A-Z]{{2}}-\d{{4,5}})(?![\w])",
    re.IGNORECASE,
)
_NUMBER = re.compile(
    r"(?<![\w.])(?:n\.?\s?[º°o]\.?\s?|no:?\s?|nr\.?\s?|#)?\d{1,5}(?:[ ]?[A-Za-z](?![\w]{2}))?(?:[/-]\d{1,5}[A-Za-z]?)*"
    r"(?:[ ]?(?:bis|ter))?\b\.?",
    re.IGNORECASE,
)
_BOX = re.compile(
    r"\b(?:p\.?\s?o\.?\s?box|box|postbus|postfach|apartado(?: de correos)?|locked bag|private bag|bp|cp|case postale|"
    r"boîte postale|casella postale|skrytka pocztowa|unit \d+ box|psc|cmr)\b",
    re.IGNORECASE,
)
_STREET_WORDS = frozenset(
    [
        "rue",
        "avenue",
        "av",
        "boulevard",
        "bd",
        "bld",
        "chemin",
        "allée",
        "allee",
        "place",
        "impasse",
        "quai",
        "route",
        "cours",
        "square",
        "passage",
        "voie",
        "sentier",
        "résidence",
        "lotissement",
        "hameau",
        "faubourg",
        "promenade",
        "esplanade",
        "via",
        "viale",
        "piazza",
        "piazzale",
        "corso",
        "largo",
        "vicolo",
        "contrada",
        "strada",
        "borgo",
        "calle",
        "avenida",
        "avda",
        "plaza",
        "paseo",
        "carrer",
        "camino",
        "carretera",
        "ronda",
        "travesía",
        "rua",
        "travessa",
        "estrada",
        "praça",
        "praca",
        "alameda",
        "ulica",
        "ul",
        "aleja",
        "al",
        "osiedle",
        "iela",
        "gatve",
        "g",
        "pr",
        "prospektas",
        "utca",
        "út",
        "tér",
        "körút",
        "krt",
        "gate",
        "gata",
        "gatan",
        "vägen",
        "väg",
        "vej",
        "gade",
        "stræti",
        "gata",
        "katu",
        "tie",
        "polku",
        "kuja",
        "mnt",
        "tänav",
        "maantee",
        "cad",
        "caddesi",
        "sok",
        "sokak",
        "bulvarı",
        "bulevardul",
        "blvd",
        "calea",
        "str",
        "strada",
        "şos",
        "sos",
        "street",
        "st",
        "road",
        "rd",
        "lane",
        "ln",
        "drive",
        "dr",
        "avenue",
        "ave",
        "close",
        "terrace",
        "way",
        "crescent",
        "court",
        "ct",
        "gardens",
        "mews",
        "row",
        "walk",
        "hill",
        "park",
        "grove",
        "straße",
        "strasse",
        "weg",
        "gasse",
        "platz",
        "allee",
        "ring",
        "damm",
        "ufer",
        "steig",
        "straat",
        "laan",
        "plein",
        "gracht",
        "kade",
        "dijk",
        "steeg",
        "singel",
        "postbus",
        "box",
        "po",
        "bag",
        "apartado",
        "correos",
        "postfach",
        "bp",
        "cp",
        "flat",
        "apt",
        "apartment",
        "suite",
        "unit",
        "floor",
        "house",
        "lgh",
        "leil",
        "as",
        "bus",
        "bl",
        "sc",
        "ap",
        "et",
        "em",
        "entresuelo",
        "izda",
        "dcha",
        "esq",
        "dto",
        "frente",
        "ulica",
        "cesta",
        "trg",
        "náměstí",
        "nábřeží",
        "třída",
        "ulice",
        "namestie",
        "nám",
        "kl",
        "sal",
        "th",
        "tv",
        "mf",
        "st",
    ]
)
_COUNTRIES = (
    r"united states|usa|u\.s\.a\.|united kingdom|uk|england|scotland|wales|ireland|éire|eire|irlande|canada|australia|"
    r"india|inde|france|belgique|belgië|belgium|belgien|luxembourg|deutschland|germany|allemagne|österreich|austria|"
    r"autriche|schweiz|suisse|svizzera|switzerland|nederland|netherlands|pays-bas|italia|italy|italie|españa|spain|"
    r"espagne|portugal|sverige|sweden|suède|danmark|denmark|danemark|norge|norway|norvège|suomi|finland|finlande|"
    r"ísland|iceland|islande|polska|poland|pologne|česko|czechia|czech republic|tchéquie|slovensko|slovakia|"
    r"slovaquie|magyarország|hungary|hongrie|românia|romania|roumanie|eesti|estonia|estonie|latvija|latvia|lettonie|"
    r"lietuva|lithuania|lituanie|hrvatska|croatia|croatie|slovenija|slovenia|slovénie|türkiye|turkey|turquie|"
    r"royaume-uni|états-unis|etats-unis"
)
_AFTER = re.compile(
    rf"(?:,?[ \t]+\(?[A-Z]{{2}}\)?(?![\w]))?(?:,?[ \t]+sector \d)?"
    rf"(?:(?:,[ \t]*[A-ZÀ-ÞĀ-ſ][\wÀ-ÿĀ-ſ]+(?:[ \t][a-zà-ÿā-ſ]+)?(?=,[ \t]*(?i:{_COUNTRIES})(?![\w])))?"
    rf"(?:,[ \t]*|[ \t]*\n[ \t]*)(?i:{_COUNTRIES})(?![\w]))?"
)
_SEGMENT_SPLIT = re.compile(r",[ \t]*|[ \t]*\n[ \t]*|[ \t]+-[ \t]+")
_CUE = re.compile(
    r"(?i:^.*(?:\b(?:address|adress|adresse|addr|ship(?:ping)? to|deliver(?:y)? to|send (?:it )?to|livr\w* (?:à|au|a)|"
    r"envoy\w* (?:à|au|a)|to|at|à|chez|en|au)\b\s*:?|(?<!\bno)(?<!\bd)(?<!\bdaire)(?<!\bnr)(?<!\bkat):)\s*)"
)
_MAX_BACK = 130
_ONLY_NUMBER = re.compile(r"(?:n\.?\s?[º°o]\.?\s?|no:?\s?|nr\.?\s?)?\d[\w/-]*\.?(?:,|\n|$)", re.IGNORECASE)


def find_addresses(
    text: str, is_common: Callable[[str], bool], is_place: Callable[[str], bool] = lambda _: False
) -> list[tuple[int, int]]:
    """The spans of the postal addresses in ``text``; ``is_common`` tells a common English or French word,
    ``is_place`` a known place ("belfast" in lower case is a city, "jackets" is not)."""
    spans: list[tuple[int, int]] = []
    anchors = [
        (m.start(), m.end()) for m in _ANCHOR_POSTCODE_CITY.finditer(text) if _city_ok(m["city"], is_common, is_place)
    ]
    anchors += [
        (m.start(), m.end()) for m in _ANCHOR_CITY_POSTCODE.finditer(text) if _city_ok(m["city"], is_common, is_place)
    ]
    for start, end in sorted(anchors):
        street = _street_start(text, start, is_common)
        if street is None:
            street, end = start, _street_after(text, end, is_common)
            if end == -1:
                continue
        after = _AFTER.match(text, end)
        end = after.end() if after else end
        end = len(text[:end].rstrip(" ,.\t\n")) if text[end - 1 : end] in (",", " ") else end
        if spans and street <= spans[-1][1]:
            spans[-1] = (spans[-1][0], max(end, spans[-1][1]))
        else:
            spans.append((street, end))
    return spans


def _city_ok(city: str, is_common: Callable[[str], bool], is_place: Callable[[str], bool]) -> bool:
    """A city's first word is a name: "Berlin", "basel", not "jackets" or "euros"."""
    first = re.split(r"[ /-]", city)[0].strip(".,")
    return len(first) > 1 and not (first.islower() and is_common(first.casefold()) and not is_place(first.casefold()))


def _street_start(text: str, anchor: int, is_common: Callable[[str], bool]) -> int | None:
    """Where the address starts: the earliest of the (at most three) segments before the anchor that holds a house
    number or a box, when every segment from there on reads as part of an address."""
    window_start = max(0, anchor - _MAX_BACK)
    before = text[window_start:anchor]
    cuts = [m for m in _SEGMENT_SPLIT.finditer(before)]
    bounds = [0, *(m.end() for m in cuts)]
    segments = []
    for i, begin in enumerate(bounds):
        finish = cuts[i].start() if i < len(cuts) else len(before)
        segments.append((begin, finish))
    segments = [s for s in segments if before[s[0] : s[1]].strip()][-5:]
    best: int | None = None
    for begin, finish in reversed(segments):
        piece = before[begin:finish]
        cue = _CUE.match(piece)
        offset = cue.end() if cue and cue.end() < len(piece) else 0
        offset += _after_last_sentence(piece[offset:])
        piece = piece[offset:]
        if not _addressish(piece, is_common):
            break
        if _NUMBER.search(piece) or _BOX.search(piece):
            best = window_start + begin + offset
        elif best is not None and _ONLY_NUMBER.match(text, best) and not _BOX.search(piece):
            best = window_start + begin + offset  # "Rua Direita, n.º 223": the street before its number
        if cue and offset:
            break
    return best


_NEXT_SEGMENT = re.compile(r",[ \t]*([^,\n]{3,60}?)(?=[,\n]|$|\.\s)")


def _street_after(text: str, end: int, is_common: Callable[[str], bool]) -> int:
    """The end of a street written after its postcode and city ("6720 Szeged, Kossuth Lajos tér 13."), else -1."""
    match = _NEXT_SEGMENT.match(text, end)
    if not match or not _NUMBER.search(match.group(1)) or not _addressish(match.group(1), is_common):
        return -1
    tail = re.match(r"\.?(?:[ \t]*(?:[IVX]+\.|\d{1,3}\.|em\.|emelet|ajtó))*", text[match.end() :])
    return match.end() + (tail.end() if tail else 0)


_NUMBER_FIRST_STREET = re.compile(
    r"\d{1,5}[a-zA-Z]?\s+(?:[^\W\d_]+\s+){0,3}(?P<type>[^\W\d_]+)\.?$",
)


def _after_last_sentence(piece: str) -> int:
    """Where the last sentence of ``piece`` begins: after "23456789. " or "tomorrow. ", not after "St. " or "ul. "."""
    start = 0
    for match in re.finditer(r"([^\W_]+)[.!?]\s+", piece):
        word = match.group(1)
        if word.isdigit() or (word.islower() and len(word) > 2 and word not in _STREET_WORDS):
            start = match.end()
    return start


def _addressish(piece: str, is_common: Callable[[str], bool]) -> bool:
    street = _NUMBER_FIRST_STREET.match(piece.strip())
    if street and street["type"].casefold() in _STREET_WORDS:
        return True  # "29 grange close", "44 bridge street"
    words = re.findall(r"[^\W\d_]+", piece)
    if not words or len(piece.split()) > 8:
        return bool(re.fullmatch(r"[\s\d/.#-]+", piece)) and bool(piece.strip())
    for word in words:
        folded = word.casefold()
        if word[0].islower() and len(word) > 3 and is_common(folded) and folded not in _STREET_WORDS:
            return False
    return True
