"""Generated, labelled PII evaluation texts for Comptoir (issue 14).

``generate(part, n, seed)`` returns ``n`` records of shopper-like text (chat lines,
forms, signatures, letters, e-mails, address blocks; ~60 % English, ~40 % French)
with character-offset spans for personal data only:

    {"id": "gen-dev-0001", "source": "generated", "lang": "en", "locale": "nl_NL",
     "form": "chat", "text": "...", "spans": [{"start": 0, "end": 5, "type": "PERSON"}]}

Span types: PERSON, ADDRESS, EMAIL_ADDRESS, PHONE_NUMBER, CREDIT_CARD, IBAN_CODE,
FR_NIR, US_SSN, UK_NINO, ES_NIF, IT_FISCAL_CODE, BE_NATIONAL_NUMBER.  Everything else
(dates, times, order and tracking numbers, prices, sizes, EAN/SKU codes, catalog titles,
brands, places named as places) is deliberately present and unlabelled.

Name split.  Every name token belongs to a part:
``int(sha1(token.casefold()).hexdigest(), 16) % 3 == 0`` -> "holdout", else "dev".
Tokens are what ``name_tokens()`` returns for a PERSON span: the span split on
whitespace and hyphens, with ``.,;:()`` stripped, without particles (``PARTICLES``:
van, de, al, bin, Mac, Ó, Ní, ...) and without one-letter initials (one letter once
combining marks are dropped, so "İ." lower-cased is still an initial).  A record of a part
only has PERSON spans whose every token is of that part, under the text's casing and
under lower/upper casing too.  E-mail local parts may be built from names of any part
(as the brief allows); street names are not filtered.

Run from the repository root:

    python -m tools.evalsets.pii_generated --part dev --n 800 --out dev.jsonl --stats

The module checks its own output (``check()``): offsets, no overlaps, the split, the
checksums of every identifier, phone validity, coverage of locales, address countries
and phone regions.
"""

from __future__ import annotations

import argparse
import collections
import hashlib
import json
import random
import re
import sys
import unicodedata
import warnings
from dataclasses import dataclass
from pathlib import Path

warnings.filterwarnings("ignore", category=UserWarning)

import phonenumbers as pn  # noqa: E402
from faker import Faker  # noqa: E402
from phonenumbers import PhoneNumberFormat as PNF  # noqa: E402
from phonenumbers import PhoneNumberType as PNT  # noqa: E402

TYPES = (
    "PERSON",
    "ADDRESS",
    "EMAIL_ADDRESS",
    "PHONE_NUMBER",
    "CREDIT_CARD",
    "IBAN_CODE",
    "FR_NIR",
    "US_SSN",
    "UK_NINO",
    "ES_NIF",
    "IT_FISCAL_CODE",
    "BE_NATIONAL_NUMBER",
)
PARTS = ("dev", "holdout")
CATALOG = Path(__file__).resolve().parents[2] / "assistant" / "demo" / "catalog.json"

# ---------------------------------------------------------------------------------------
# name split
# ---------------------------------------------------------------------------------------
PARTICLES = frozenset(
    {
        "van",
        "der",
        "den",
        "de",
        "het",
        "ter",
        "ten",
        "te",
        "op",
        "in",
        "'t",
        "von",
        "vom",
        "zu",
        "und",
        "del",
        "della",
        "dei",
        "degli",
        "delle",
        "di",
        "da",
        "dal",
        "do",
        "dos",
        "das",
        "du",
        "des",
        "d'",
        "le",
        "la",
        "lo",
        "los",
        "las",
        "y",
        "e",
        "i",
        "al",
        "el",
        "bin",
        "ibn",
        "ben",
        "bint",
        "abu",
        "mac",
        "mc",
        "ó",
        "o",
        "ní",
        "nic",
        "uí",
        "ua",
        "mhic",
    }
)


def token_part(token: str) -> str:
    """The part ("dev" or "holdout") a single name token belongs to."""
    return "holdout" if int(hashlib.sha1(token.casefold().encode()).hexdigest(), 16) % 3 == 0 else "dev"


def name_tokens(name: str) -> list[str]:
    """Tokens of a PERSON value that the split applies to (see module docstring)."""
    out = []
    for t in re.split(r"[\s\-\u2010\u2011]+", name):
        t = t.strip(".,;:()")
        letters = "".join(c for c in unicodedata.normalize("NFD", t) if not unicodedata.combining(c))
        if len(letters) <= 1 or t.casefold() in PARTICLES:  # initials ("J.", "İ.") and particles
            continue
        out.append(t)
    return out


def name_in_part(name: str, part: str) -> bool:
    for form in (name, name.lower(), name.upper()):
        for t in name_tokens(form):
            if token_part(t) != part:
                return False
    return True


# ---------------------------------------------------------------------------------------
# locales
# ---------------------------------------------------------------------------------------
# Faker locales with their own (Latin-script) person provider.  Locales that only fall
# back to en_US names (en_AU, fil_PH, tl_PH, en_PH, ...) and non-Latin ones (ar_*, bg_BG,
# el_GR, ru_RU, ...) are left out: unidecode is not installed.
NAME_LOCALES = {
    # locale: country used for matching phones / addresses
    "en_US": "US",
    "en_GB": "GB",
    "en_IE": "IE",
    "en_IN": "IN",
    "en_NG": "NG",
    "en_KE": "KE",
    "en_PK": "PK",
    "en_NZ": "NZ",
    "en_TH": "TH",
    "fr_FR": "FR",
    "fr_BE": "BE",
    "fr_CH": "CH",
    "fr_CA": "CA",
    "fr_DZ": "DZ",
    "de_DE": "DE",
    "de_AT": "AT",
    "de_CH": "CH",
    "nl_NL": "NL",
    "nl_BE": "BE",
    "it_IT": "IT",
    "es_ES": "ES",
    "es_CA": "ES",
    "es_MX": "MX",
    "es_AR": "AR",
    "es_CO": "CO",
    "es_CL": "CL",
    "pt_PT": "PT",
    "pt_BR": "BR",
    "pl_PL": "PL",
    "cs_CZ": "CZ",
    "sk_SK": "SK",
    "hu_HU": "HU",
    "ro_RO": "RO",
    "sv_SE": "SE",
    "da_DK": "DK",
    "no_NO": "NO",
    "fi_FI": "FI",
    "is_IS": "IS",
    "et_EE": "EE",
    "lv_LV": "LV",
    "lt_LT": "LT",
    "hr_HR": "HR",
    "sl_SI": "SI",
    "tr_TR": "TR",
    "az_AZ": "AZ",
    "uz_UZ": "UZ",
    "vi_VN": "VN",
    "id_ID": "ID",
    "zu_ZA": "ZA",
    "tw_GH": "GH",
    "yo_NG": "NG",
    "ha_NG": "NG",
    "ig_NG": "NG",
    "sw": "TZ",
    "ga_IE": "IE",
}
FAMILY_FIRST = {"hu_HU", "vi_VN"}
TWO_SURNAMES = {"es_ES", "es_CA", "es_MX", "es_AR", "es_CO", "es_CL"}
COMPOUND_FIRST = {
    "fr_FR",
    "fr_BE",
    "fr_CH",
    "fr_CA",
    "de_DE",
    "de_AT",
    "de_CH",
    "nl_NL",
    "nl_BE",
    "es_ES",
    "es_MX",
    "es_CO",
    "pt_PT",
    "pt_BR",
    "it_IT",
    "en_US",
    "en_GB",
    "sv_SE",
    "da_DK",
    "no_NO",
    "fi_FI",
    "en_IE",
}
HYPHEN_FIRST = {
    "fr_FR",
    "fr_BE",
    "fr_CH",
    "fr_CA",
    "de_DE",
    "de_AT",
    "de_CH",
    "nl_BE",
    "en_IE",
    "en_GB",
    "fi_FI",
    "da_DK",
    "sv_SE",
    "no_NO",
}

# phone regions: every NAME_LOCALES country plus a few more
PHONE_REGIONS = sorted(set(NAME_LOCALES.values()) | {"LU", "MA", "TN", "GR", "BG", "AU", "PH", "MC"})
REGION_LOCALE = {v: k for k, v in reversed(list(NAME_LOCALES.items()))}
REGION_LOCALE.update(
    {
        "LU": "fr_LU",
        "MA": "fr_MA",
        "TN": "fr_TN",
        "GR": "el_GR",
        "BG": "bg_BG",
        "AU": "en_AU",
        "PH": "en_PH",
        "MC": "fr_MC",
        "TZ": "sw",
    }
)

# ---------------------------------------------------------------------------------------
# small helpers
# ---------------------------------------------------------------------------------------


def stable_int(*parts) -> int:
    return int(hashlib.sha256("\x1f".join(map(str, parts)).encode()).hexdigest()[:15], 16)


def ascii_fold(s: str) -> str:
    table = {
        "ø": "o",
        "Ø": "O",
        "æ": "ae",
        "Æ": "Ae",
        "ß": "ss",
        "ł": "l",
        "Ł": "L",
        "đ": "d",
        "Đ": "D",
        "ı": "i",
        "þ": "th",
        "Þ": "Th",
        "ð": "d",
        "Ð": "D",
        "œ": "oe",
        "Œ": "Oe",
        "ə": "a",
        "Ə": "A",
        "ŋ": "ng",
    }
    s = "".join(table.get(c, c) for c in s)
    s = unicodedata.normalize("NFKD", s)
    return "".join(c for c in s if not unicodedata.combining(c))


def luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def ean13(rng: random.Random, prefix: str) -> str:
    body = prefix + "".join(rng.choice("0123456789") for _ in range(12 - len(prefix)))
    s = sum(int(c) * (3 if i % 2 else 1) for i, c in enumerate(body))
    return body + str((10 - s % 10) % 10)


# ---------------------------------------------------------------------------------------
# identifiers (with their checks)
# ---------------------------------------------------------------------------------------
DNI_LETTERS = "TRWAGMYFPDXBNJZSQVHLCKE"


def iban_check(iban: str) -> bool:
    s = re.sub(r"\s", "", iban).upper()
    if not re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]{8,30}", s):
        return False
    r = s[4:] + s[:4]
    return int("".join(str(int(c, 36)) for c in r)) % 97 == 1


# BBAN layouts: n digit, a upper letter, c alphanumeric (upper)
IBAN_LAYOUT = {
    "AT": "16n",
    "BE": "12n",
    "BG": "4a6n8c",
    "CH": "5n12c",
    "CY": "8n16c",
    "CZ": "20n",
    "DE": "18n",
    "DK": "14n",
    "EE": "16n",
    "ES": "20n",
    "FI": "14n",
    "FR": "10n11c2n",
    "GB": "4a14n",
    "GR": "7n16c",
    "HR": "17n",
    "HU": "24n",
    "IE": "4a14n",
    "IS": "22n",
    "IT": "1a10n12c",
    "LT": "16n",
    "LU": "3n13c",
    "LV": "4a13c",
    "MT": "4a5n18c",
    "NL": "4a10n",
    "NO": "11n",
    "PL": "24n",
    "PT": "21n",
    "RO": "4a16c",
    "SE": "20n",
    "SI": "15n",
    "SK": "20n",
    "TR": "5n1n16c",
    "MC": "10n11c2n",
    "LI": "5n12c",
}
IBAN_BANKS = {
    "GB": ["NWBK", "BARC", "HBUK", "LOYD", "MIDL"],
    "NL": ["ABNA", "INGB", "RABO", "SNSB", "TRIO"],
    "IE": ["AIBK", "BOFI"],
    "BG": ["BNBG", "UNCR"],
    "LV": ["HABA", "UNLA"],
    "RO": ["BTRL", "RNCB"],
    "MT": ["MALT", "VALL"],
}


def make_iban(rng: random.Random, cc: str) -> str:
    layout = IBAN_LAYOUT[cc]
    bban = ""
    first = True
    for count, kind in re.findall(r"(\d+)([nac])", layout):
        count = int(count)
        if kind == "a" and first and cc in IBAN_BANKS and count == 4:
            bban += rng.choice(IBAN_BANKS[cc])
        elif kind == "n":
            bban += "".join(rng.choice("0123456789") for _ in range(count))
        elif kind == "a":
            bban += "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ") for _ in range(count))
        else:
            bban += "".join(rng.choice("0123456789ABCDEFGHJKLMNPRSTUVWXYZ") for _ in range(count))
        first = False
    if cc == "BE":  # national check: last 2 digits = first 10 mod 97 (0 -> 97)
        k = int(bban[:10]) % 97 or 97
        bban = bban[:10] + f"{k:02d}"
    if cc == "TR":
        bban = bban[:5] + "0" + bban[6:]
    num = "".join(str(int(c, 36)) for c in bban + cc + "00")
    check = 98 - int(num) % 97
    return f"{cc}{check:02d}{bban}"


def ssn_ok(s: str) -> bool:
    d = re.sub(r"\D", "", s)
    if len(d) != 9:
        return False
    a, g, n = d[:3], d[3:5], d[5:]
    return a not in ("000", "666") and a[0] != "9" and g != "00" and n != "0000"


NINO_FIRST = "ABCEGHJKLMNOPRSTWXYZ"
NINO_SECOND = "ABCEGHJKLMNPRSTWXYZ"
NINO_BAD = {"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"}


def nino_ok(s: str) -> bool:
    c = re.sub(r"\s", "", s).upper()
    m = re.fullmatch(r"([A-Z])([A-Z])(\d{6})([A-D])", c)
    return bool(m) and m[1] in NINO_FIRST and m[2] in NINO_SECOND and (m[1] + m[2]) not in NINO_BAD


def nif_ok(s: str) -> bool:
    c = re.sub(r"[\s.\-]", "", s).upper()
    m = re.fullmatch(r"([XYZ]?)(\d{7,8})([A-Z])", c)
    if not m:
        return False
    if m[1]:
        if len(m[2]) != 7:
            return False
        num = int("XYZ".index(m[1]).__str__() + m[2])
    else:
        if len(m[2]) != 8:
            return False
        num = int(m[2])
    return DNI_LETTERS[num % 23] == m[3]


CF_ODD = {
    **{str(i): v for i, v in enumerate([1, 0, 5, 7, 9, 13, 15, 17, 19, 21])},
    **dict(
        zip(
            "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
            [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23],
            strict=True,
        )
    ),
}


def cf_ok(s: str) -> bool:
    c = s.upper()
    if not re.fullmatch(r"[A-Z]{6}[0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z]", c):
        return False
    total = 0
    for i, ch in enumerate(c[:15]):
        if i % 2 == 0:
            total += CF_ODD[ch]
        else:
            total += int(ch) if ch.isdigit() else ord(ch) - 65
    return chr(65 + total % 26) == c[15]


def benn_ok(s: str) -> bool:
    d = re.sub(r"\D", "", s)
    if len(d) != 11:
        return False
    body, key = d[:9], int(d[9:])
    return 97 - int(body) % 97 == key or 97 - int("2" + body) % 97 == key


def nir_ok(s: str) -> bool:
    d = re.sub(r"\s", "", s)
    if not re.fullmatch(r"[12]\d{14}", d):
        return False
    return 97 - int(d[:13]) % 97 == int(d[13:])


def phone_ok(s: str, region: str | None = None) -> bool:
    try:
        num = pn.parse(s, region)
    except pn.NumberParseException:
        return False
    return pn.is_valid_number(num)


VALIDATORS = {
    "CREDIT_CARD": lambda v: luhn_ok(re.sub(r"\D", "", v)),
    "IBAN_CODE": iban_check,
    "US_SSN": ssn_ok,
    "UK_NINO": nino_ok,
    "ES_NIF": nif_ok,
    "IT_FISCAL_CODE": cf_ok,
    "BE_NATIONAL_NUMBER": benn_ok,
    "FR_NIR": nir_ok,
    "EMAIL_ADDRESS": lambda v: bool(re.fullmatch(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[a-z]{2,}", v)),
}

# ---------------------------------------------------------------------------------------
# hand-made geography
# ---------------------------------------------------------------------------------------
COUNTRY_NAMES = {  # code: (English, French, local)
    "US": ("USA", "États-Unis", "United States"),
    "GB": ("United Kingdom", "Royaume-Uni", "UK"),
    "CA": ("Canada", "Canada", "Canada"),
    "IE": ("Ireland", "Irlande", "Éire"),
    "AU": ("Australia", "Australie", "Australia"),
    "DE": ("Germany", "Allemagne", "Deutschland"),
    "AT": ("Austria", "Autriche", "Österreich"),
    "CH": ("Switzerland", "Suisse", "Schweiz"),
    "NL": ("Netherlands", "Pays-Bas", "Nederland"),
    "BE": ("Belgium", "Belgique", "België"),
    "LU": ("Luxembourg", "Luxembourg", "Luxembourg"),
    "FR": ("France", "France", "France"),
    "IT": ("Italy", "Italie", "Italia"),
    "ES": ("Spain", "Espagne", "España"),
    "PT": ("Portugal", "Portugal", "Portugal"),
    "SE": ("Sweden", "Suède", "Sverige"),
    "DK": ("Denmark", "Danemark", "Danmark"),
    "NO": ("Norway", "Norvège", "Norge"),
    "FI": ("Finland", "Finlande", "Suomi"),
    "IS": ("Iceland", "Islande", "Ísland"),
    "PL": ("Poland", "Pologne", "Polska"),
    "CZ": ("Czech Republic", "République tchèque", "Česko"),
    "SK": ("Slovakia", "Slovaquie", "Slovensko"),
    "HU": ("Hungary", "Hongrie", "Magyarország"),
    "RO": ("Romania", "Roumanie", "România"),
    "EE": ("Estonia", "Estonie", "Eesti"),
    "LV": ("Latvia", "Lettonie", "Latvija"),
    "LT": ("Lithuania", "Lituanie", "Lietuva"),
    "HR": ("Croatia", "Croatie", "Hrvatska"),
    "SI": ("Slovenia", "Slovénie", "Slovenija"),
    "TR": ("Turkey", "Turquie", "Türkiye"),
    "IN": ("India", "Inde", "India"),
}
TO_COUNTRY_FR = [
    "en Allemagne",
    "en Belgique",
    "en Suisse",
    "en Espagne",
    "en Italie",
    "au Portugal",
    "aux Pays-Bas",
    "en Autriche",
    "au Luxembourg",
    "en Irlande",
    "au Royaume-Uni",
    "en Suède",
    "en Norvège",
    "au Danemark",
    "en Pologne",
    "en Corse",
    "à la Réunion",
]
COUNTRIES_EN = [
    "Germany",
    "Belgium",
    "Switzerland",
    "Spain",
    "Italy",
    "Portugal",
    "the Netherlands",
    "Austria",
    "Luxembourg",
    "Ireland",
    "the UK",
    "Sweden",
    "Norway",
    "Denmark",
    "Poland",
    "Corsica",
    "Canada",
    "the US",
    "Iceland",
    "Finland",
]
PLACES_EN = [
    "Lyon",
    "Chamonix",
    "the Alps",
    "Annecy",
    "the Pyrenees",
    "Grenoble",
    "Munich",
    "the Lake District",
    "Snowdonia",
    "Zermatt",
    "Innsbruck",
    "the Dolomites",
    "Brittany",
    "Bordeaux",
    "Geneva",
    "Brussels",
    "Barcelona",
    "Lille",
    "Nantes",
    "Toulouse",
    "Lausanne",
    "Bolzano",
    "the Vosges",
    "Mont Blanc",
    "Ghent",
    "Rotterdam",
    "Cork",
    "Kraków",
    "Tromsø",
    "the Jura",
]
PLACES_FR = [
    "Lyon",
    "Chamonix",
    "Annecy",
    "Grenoble",
    "Bordeaux",
    "Lille",
    "Nantes",
    "Toulouse",
    "Rennes",
    "Clermont-Ferrand",
    "Briançon",
    "Font-Romeu",
    "Genève",
    "Bruxelles",
    "Liège",
    "Namur",
    "Lausanne",
    "Montpellier",
    "Marseille",
    "Strasbourg",
    "Pau",
    "Biarritz",
    "Chambéry",
    "Gap",
    "Saint-Étienne",
    "Tours",
    "Dijon",
    "Metz",
    "Brest",
    "Quimper",
]


@dataclass
class Address:
    country: str
    locale: str
    lines: list[str]
    single: str | None = None  # natural one-line form when not simply ", ".join(lines)
    kind: str = "street"  # street | pobox | military

    def one_line(self) -> str:
        return self.single or ", ".join(self.lines)

    def multi_line(self) -> str:
        return "\n".join(self.lines)


def _pick(rng, seq):
    return seq[rng.randrange(len(seq))]


def _digits(rng, n):
    return "".join(rng.choice("0123456789") for _ in range(n))


class AddressMaker:
    """Per-country address formats, hand-built, with Faker street/city data where it is good."""

    def __init__(self, rng: random.Random, faker_for):
        self.rng = rng
        self.fk = faker_for
        self.builders = {
            "US": self.us,
            "GB": self.gb,
            "CA": self.ca,
            "IE": self.ie,
            "AU": self.au,
            "DE": self.de,
            "AT": self.at,
            "CH": self.ch,
            "NL": self.nl,
            "BE": self.be,
            "LU": self.lu,
            "FR": self.fr,
            "IT": self.it,
            "ES": self.es,
            "PT": self.pt,
            "SE": self.se,
            "DK": self.dk,
            "NO": self.no,
            "FI": self.fi,
            "IS": self.is_,
            "PL": self.pl,
            "CZ": self.cz,
            "SK": self.sk,
            "HU": self.hu,
            "RO": self.ro,
            "EE": self.ee,
            "LV": self.lv,
            "LT": self.lt,
            "HR": self.hr,
            "SI": self.si,
            "TR": self.tr,
            "IN": self.in_,
        }

    def countries(self):
        return list(self.builders)

    def make(self, country: str) -> Address:
        return self.builders[country]()

    # -- helpers --
    def fstreet(self, loc):
        s = self.fk(loc).street_name()
        return re.sub(r"\s+", " ", s).strip()

    # -- North America / anglophone --
    US_CITIES = [
        ("Boulder", "CO", "803"),
        ("Denver", "CO", "802"),
        ("Seattle", "WA", "981"),
        ("Portland", "OR", "972"),
        ("Salt Lake City", "UT", "841"),
        ("Burlington", "VT", "054"),
        ("Asheville", "NC", "288"),
        ("Bozeman", "MT", "597"),
        ("Austin", "TX", "787"),
        ("Chicago", "IL", "606"),
        ("New York", "NY", "100"),
        ("Brooklyn", "NY", "112"),
        ("San Francisco", "CA", "941"),
        ("Los Angeles", "CA", "900"),
        ("Boston", "MA", "021"),
        ("Minneapolis", "MN", "554"),
        ("Anchorage", "AK", "995"),
        ("Washington", "DC", "200"),
        ("Flagstaff", "AZ", "860"),
        ("Jackson", "WY", "830"),
        ("Madison", "WI", "537"),
        ("Bend", "OR", "977"),
        ("Missoula", "MT", "598"),
        ("Duluth", "MN", "558"),
    ]
    US_STREETS = [
        "Main St",
        "Oak Avenue",
        "Maple Street",
        "Pennsylvania Ave NW",
        "Elm Street",
        "Park Avenue",
        "Broadway",
        "Sunset Blvd",
        "Market Street",
        "Lake Shore Drive",
        "Pine Road",
        "Cedar Lane",
        "Washington Blvd",
        "2nd Street",
        "5th Avenue",
        "Mountain View Road",
        "W 23rd St",
        "Canyon Blvd",
        "N Halsted St",
        "SE Hawthorne Blvd",
        "Route 9",
        "County Road 12",
    ]
    US_UNITS = ["Apt 4B", "Apt. 12", "Suite 100", "Unit 7", "#305", "Apt 2F", "Ste 210", "Fl 3", "Unit B"]
    US_SHIPS = [
        "USS Nimitz",
        "USS Bataan",
        "USS Wasp",
        "USS Essex",
        "USS Tripoli",
        "USS Iwo Jima",
        "USS Kearsarge",
        "USS America",
        "USNS Comfort",
    ]

    def us(self):
        rng = self.rng
        r = rng.random()
        if r < 0.08:  # military
            kind = rng.randrange(3)
            if kind == 0:
                l1, l2 = (
                    f"Unit {rng.randint(2000, 9999)} Box {rng.randint(1, 9999):04d}",
                    f"APO AE 09{rng.randint(0, 899):03d}",
                )
            elif kind == 1:
                code = _pick(rng, ["AE", "AA", "AP"])
                zipc = {
                    "AE": f"09{rng.randint(0, 899):03d}",
                    "AA": f"340{rng.randint(0, 99):02d}",
                    "AP": f"96{rng.randint(200, 699)}",
                }[code]
                l1, l2 = f"PSC {rng.randint(100, 999)}, Box {rng.randint(1, 9999)}", f"APO {code} {zipc}"
            else:
                ship = _pick(rng, self.US_SHIPS)
                if rng.random() < 0.5:
                    l1, l2 = ship, f"FPO AP 96{rng.randint(200, 699)}"
                else:
                    l1, l2 = (
                        f"Unit {rng.randint(1000, 9999)}, Box {rng.randint(1, 9999):04d}",
                        f"DPO AE 09{rng.randint(0, 899):03d}",
                    )
            return Address("US", "en_US", [l1, l2], kind="military")
        city, st, z = (
            _pick(rng, self.US_CITIES)
            if rng.random() < 0.75
            else (self.fk("en_US").city(), self.fk("en_US").state_abbr(), None)
        )
        zipc = (z + _digits(rng, 2)) if z else self.fk("en_US").zipcode()
        if rng.random() < 0.2:
            zipc += "-" + _digits(rng, 4)
        cityline = f"{city}, {st} {zipc}" if rng.random() < 0.8 else f"{city} {st} {zipc}"
        if r < 0.14:
            box = _pick(rng, ["PO Box", "P.O. Box", "PO BOX", "Post Office Box"])
            return Address("US", "en_US", [f"{box} {rng.randint(1, 9999)}", cityline], kind="pobox")
        street = _pick(rng, self.US_STREETS) if rng.random() < 0.5 else self.fstreet("en_US")
        line = f"{rng.randint(1, 99999) if rng.random() < 0.7 else rng.randint(1, 999)} {street}"
        lines = [line]
        if rng.random() < 0.3:
            unit = _pick(rng, self.US_UNITS)
            if rng.random() < 0.5:
                lines = [f"{line} {unit}" if rng.random() < 0.5 else f"{line}, {unit}"]
            else:
                lines.append(unit)
        return Address("US", "en_US", lines + [cityline])

    GB_CITIES = [
        ("London", "NW1"),
        ("London", "SW1A"),
        ("London", "E1"),
        ("London", "N1"),
        ("London", "SE1"),
        ("London", "W1"),
        ("London", "WC2"),
        ("Manchester", "M"),
        ("Leeds", "LS"),
        ("Bristol", "BS"),
        ("Cardiff", "CF"),
        ("Edinburgh", "EH"),
        ("Glasgow", "G"),
        ("Belfast", "BT"),
        ("York", "YO"),
        ("Bath", "BA"),
        ("Oxford", "OX"),
        ("Cambridge", "CB"),
        ("Brighton", "BN"),
        ("Norwich", "NR"),
        ("Exeter", "EX"),
        ("Sheffield", "S"),
        ("Leicester", "LE"),
        ("Nottingham", "NG"),
        ("Inverness", "IV"),
        ("Aberdeen", "AB"),
        ("Swansea", "SA"),
        ("Plymouth", "PL"),
        ("Liverpool", "L"),
        ("Birmingham", "B"),
        ("Newcastle upon Tyne", "NE"),
        ("Kendal", "LA"),
        ("Keswick", "CA"),
        ("Fort William", "PH"),
        ("Ambleside", "LA"),
        ("Betws-y-Coed", "LL"),
    ]
    GB_BASES = [
        "High",
        "Church",
        "Station",
        "Mill",
        "Park",
        "Victoria",
        "King's",
        "Queen's",
        "Baker",
        "Oxford",
        "Manor",
        "Green",
        "North",
        "South",
        "West",
        "London",
        "Bridge",
        "School",
        "Chapel",
        "Castle",
        "Albert",
        "York",
        "Market",
        "Orchard",
        "Meadow",
        "Riverside",
        "Abbey",
        "Beech",
        "Elm",
        "Willow",
        "Hawthorn",
        "Grange",
        "Windsor",
        "St John's",
        "St Mary's",
        "Canal",
        "Quarry",
    ]
    GB_SUFFIX = [
        "Street",
        "Road",
        "Lane",
        "Avenue",
        "Close",
        "Crescent",
        "Gardens",
        "Terrace",
        "Way",
        "Drive",
        "Grove",
        "Place",
        "Mews",
        "Row",
        "Square",
        "Walk",
        "Rd",
        "St",
    ]
    GB_UNITS = [
        "Flat 2",
        "Flat 4B",
        "Apartment 12",
        "Flat 1/2",
        "Second Floor Flat",
        "Flat C",
        "Basement Flat",
        "Unit 5",
        "Room 14",
    ]
    GB_HOUSES = ["Rose Cottage", "The Old Forge", "Ivy House", "Hillside", "The Barn", "Orchard View"]
    PC_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"

    def gb_postcode(self, area):
        rng = self.rng
        outward = area if re.search(r"\d", area) else area + str(rng.randint(1, 20))
        return f"{outward} {rng.randint(0, 9)}{rng.choice(self.PC_LETTERS)}{rng.choice(self.PC_LETTERS)}"

    def gb(self):
        rng = self.rng
        city, area = _pick(rng, self.GB_CITIES)
        pc = self.gb_postcode(area)
        if rng.random() < 0.2:
            city = city.upper()
        if rng.random() < 0.07:
            return Address("GB", "en_GB", [f"PO Box {rng.randint(1, 9999)}", f"{city} {pc}"], kind="pobox")
        base = _pick(rng, self.GB_BASES)
        suf = _pick(rng, self.GB_SUFFIX)
        num = str(rng.randint(1, 250)) + (rng.choice("ABC") if rng.random() < 0.15 else "")
        lines = []
        if rng.random() < 0.2:
            lines.append(_pick(rng, self.GB_UNITS))
        elif rng.random() < 0.06:
            lines.append(_pick(rng, self.GB_HOUSES))
        lines.append(f"{num} {base} {suf}")
        if rng.random() < 0.6:
            lines.append(f"{city} {pc}")
        else:
            lines += [city, pc]
        return Address("GB", "en_GB", lines)

    CA_CITIES = [
        ("Montréal", "QC", "H2X"),
        ("Toronto", "ON", "M5V"),
        ("Vancouver", "BC", "V6B"),
        ("Calgary", "AB", "T2P"),
        ("Québec", "QC", "G1R"),
        ("Halifax", "NS", "B3H"),
        ("Ottawa", "ON", "K1P"),
        ("Banff", "AB", "T1L"),
        ("Whistler", "BC", "V8E"),
        ("Winnipeg", "MB", "R3C"),
        ("Edmonton", "AB", "T5J"),
        ("Victoria", "BC", "V8W"),
        ("Sherbrooke", "QC", "J1H"),
        ("St. John's", "NL", "A1C"),
        ("Canmore", "AB", "T1W"),
    ]
    CA_STREETS_EN = [
        "Yonge Street",
        "Granville Street",
        "Jasper Avenue",
        "Spring Garden Road",
        "Bank Street",
        "Banff Avenue",
        "Queen Street West",
        "Portage Avenue",
        "Main Street",
        "Elm Street",
    ]
    CA_STREETS_FR = [
        "rue Saint-Denis",
        "rue Sainte-Catherine Ouest",
        "boulevard Saint-Laurent",
        "avenue du Parc",
        "rue Saint-Jean",
        "chemin de la Côte-des-Neiges",
        "rue Wellington Nord",
    ]
    CA_L = "ABCEGHJKLMNPRSTVWXYZ"

    def ca(self):
        rng = self.rng
        city, prov, fsa = _pick(rng, self.CA_CITIES)
        pc = f"{fsa} {rng.randint(0, 9)}{rng.choice(self.CA_L)}{rng.randint(0, 9)}"
        if prov == "QC":
            cityline = _pick(rng, [f"{city} (Québec) {pc}", f"{city} QC  {pc}", f"{city}, QC {pc}"])
        else:
            cityline = _pick(rng, [f"{city} {prov}  {pc}", f"{city}, {prov} {pc}", f"{city} {prov} {pc}"])
        if rng.random() < 0.08:
            box = "CP" if prov == "QC" else "PO Box"
            st = "succ. Centre-ville" if prov == "QC" else "Station A"
            return Address(
                "CA",
                "fr_CA" if prov == "QC" else "en_CA",
                [f"{box} {rng.randint(1, 9999)}, {st}", cityline],
                kind="pobox",
            )
        if prov == "QC":
            street = _pick(rng, self.CA_STREETS_FR)
            num = rng.randint(1, 9999)
            line = f"{num}, {street}" if rng.random() < 0.5 else f"{num} {street}"
            loc = "fr_CA"
        else:
            street = _pick(rng, self.CA_STREETS_EN) if rng.random() < 0.6 else self.fstreet("en_CA")
            line = f"{rng.randint(1, 9999)} {street}"
            loc = "en_CA"
        r = rng.random()
        if r < 0.2:
            line = f"{rng.randint(100, 2400)}-{line}"
        elif r < 0.35:
            unit = _pick(rng, ["Apt 1203", "Unit 5", "Suite 400", "app. 12", "bureau 300"])
            return Address("CA", loc, [line, unit, cityline])
        return Address("CA", loc, [line, cityline])

    IE_PLACES = [
        ("Dublin 2", "D02"),
        ("Dublin 8", "D08"),
        ("Dublin 6W", "D6W"),
        ("Cork", "T12"),
        ("Galway", "H91"),
        ("Limerick", "V94"),
        ("Killarney, Co. Kerry", "V93"),
        ("Westport, Co. Mayo", "F28"),
        ("Sligo", "F91"),
        ("Kilkenny", "R95"),
        ("Dingle, Co. Kerry", "V92"),
        ("Clifden, Co. Galway", "H71"),
    ]
    IE_STREETS = [
        "Grafton Street",
        "Main Street",
        "O'Connell Street",
        "Shop Street",
        "Patrick Street",
        "The Mall",
        "Church Road",
        "Strand Road",
        "Quay Street",
        "Harbour View",
        "Bridge Street",
        "Green Lane",
    ]
    EIR = "0123456789ACDEFHKNPRTVWXY"

    def ie(self):
        rng = self.rng
        place, key = _pick(rng, self.IE_PLACES)
        eir = key + " " + "".join(rng.choice(self.EIR) for _ in range(4))
        lines = []
        if rng.random() < 0.2:
            lines.append(_pick(rng, ["Apartment 4", "Apt 12", "Flat 3", "Unit 7"]))
        if rng.random() < 0.15:
            lines.append(_pick(rng, ["Ballyglass", "Knockbrack", "Carrowmore", "Drumcliff", "Gortnahoe"]))
        else:
            lines.append(f"{rng.randint(1, 120)} {_pick(rng, self.IE_STREETS)}")
        if rng.random() < 0.5:
            lines.append(f"{place} {eir}")
        else:
            lines += [place, eir]
        return Address("IE", "en_IE", lines)

    AU_CITIES = [
        ("Sydney", "NSW", "2000"),
        ("Bondi Beach", "NSW", "2026"),
        ("Melbourne", "VIC", "3000"),
        ("Fitzroy", "VIC", "3065"),
        ("Brisbane", "QLD", "4000"),
        ("Perth", "WA", "6000"),
        ("Adelaide", "SA", "5000"),
        ("Hobart", "TAS", "7000"),
        ("Canberra", "ACT", "2601"),
        ("Darwin", "NT", "0800"),
        ("Alice Springs", "NT", "0870"),
        ("Jindabyne", "NSW", "2627"),
    ]
    AU_STREETS = [
        "George St",
        "Smith Street",
        "Collins Street",
        "Queen St",
        "Hay Street",
        "Elizabeth Street",
        "Bourke St",
        "Chapel Street",
        "Beach Road",
        "Sturt Street",
        "Murray Street",
        "Oxford Street",
    ]

    def au(self):
        rng = self.rng
        city, st, pc = _pick(rng, self.AU_CITIES)
        cityline = f"{city} {st} {pc}" if rng.random() < 0.7 else f"{city.upper()} {st} {pc}"
        if rng.random() < 0.08:
            return Address(
                "AU",
                "en_AU",
                [f"{_pick(rng, ['PO Box', 'GPO Box', 'Locked Bag'])} {rng.randint(1, 9999)}", cityline],
                kind="pobox",
            )
        num, street = rng.randint(1, 400), _pick(rng, self.AU_STREETS)
        r = rng.random()
        if r < 0.25:
            lines = [f"{rng.randint(1, 40)}/{num} {street}"]
        elif r < 0.45:
            lines = [f"Unit {rng.randint(1, 40)}", f"{num} {street}"]
        elif r < 0.55:
            lines = [f"Level {rng.randint(1, 30)}, {num} {street}"]
        else:
            lines = [f"{num} {street}"]
        return Address("AU", "en_AU", lines + [cityline])

    # -- German-speaking --
    DE_CITIES = [
        ("Berlin", "10115"),
        ("Berlin", "10405"),
        ("München", "80331"),
        ("München", "81675"),
        ("Hamburg", "20095"),
        ("Köln", "50667"),
        ("Frankfurt am Main", "60311"),
        ("Stuttgart", "70173"),
        ("Düsseldorf", "40213"),
        ("Leipzig", "04109"),
        ("Dresden", "01067"),
        ("Freiburg im Breisgau", "79098"),
        ("Garmisch-Partenkirchen", "82467"),
        ("Nürnberg", "90402"),
        ("Hannover", "30159"),
        ("Bremen", "28195"),
        ("Oberstdorf", "87561"),
        ("Berchtesgaden", "83471"),
        ("Heidelberg", "69117"),
        ("Münster", "48143"),
    ]
    DE_STREETS = [
        "Hauptstraße",
        "Bahnhofstraße",
        "Schulstraße",
        "Gartenstraße",
        "Dorfstraße",
        "Bergstraße",
        "Lindenstraße",
        "Kirchstraße",
        "Am Markt",
        "Goethestraße",
        "Schillerstraße",
        "Friedrichstraße",
        "Berliner Allee",
        "Königsallee",
        "Sonnenweg",
        "Birkenweg",
        "Am Rathaus",
        "Marktplatz",
        "Kastanienallee",
        "Torstraße",
        "Leopoldstraße",
        "Müllerstraße",
        "Alte Gasse",
        "Im Winkel",
        "Zur Mühle",
        "Hauptstr.",
        "Bahnhofstr.",
    ]

    def de(self):
        rng = self.rng
        if rng.random() < 0.7:
            city, plz = _pick(rng, self.DE_CITIES)
            plz = plz[:3] + _digits(rng, 2) if rng.random() < 0.5 else plz
        else:
            city, plz = self.fk("de_DE").city(), self.fk("de_DE").postcode()
        cityline = f"{plz} {city}" if rng.random() < 0.9 else f"D-{plz} {city}"
        if rng.random() < 0.06:
            pf = f"{rng.randint(10, 99)} {rng.randint(10, 99):02d} {rng.randint(10, 99):02d}"
            return Address("DE", "de_DE", [f"Postfach {pf}", cityline], kind="pobox")
        street = _pick(rng, self.DE_STREETS) if rng.random() < 0.7 else self.fstreet("de_DE")
        r = rng.random()
        num = str(rng.randint(1, 180))
        if r < 0.15:
            num += rng.choice("abc")
        elif r < 0.22:
            num = f"{num}-{int(num) + 2}"
        lines = [f"{street} {num}"]
        x = rng.random()
        if x < 0.1:
            lines[0] += ", " + _pick(rng, ["3. OG", "Hinterhaus", "Whg. 12", "2. Stock links", "EG rechts"])
        elif x < 0.15:
            lines.append(_pick(rng, ["Hinterhaus, 2. OG", "Aufgang B", "Whg. 5"]))
        return Address("DE", "de_DE", lines + [cityline])

    AT_CITIES = [
        ("Wien", "1010"),
        ("Wien", "1060"),
        ("Wien", "1170"),
        ("Innsbruck", "6020"),
        ("Salzburg", "5020"),
        ("Graz", "8010"),
        ("Linz", "4020"),
        ("Kitzbühel", "6370"),
        ("Bregenz", "6900"),
        ("Sölden", "6450"),
    ]
    AT_STREETS = [
        "Mariahilfer Straße",
        "Landstraßer Hauptstraße",
        "Maria-Theresien-Straße",
        "Getreidegasse",
        "Herrengasse",
        "Hauptplatz",
        "Museumstraße",
        "Kärntner Straße",
        "Anichstraße",
        "Linzer Gasse",
    ]

    def at(self):
        rng = self.rng
        city, plz = _pick(rng, self.AT_CITIES)
        street = _pick(rng, self.AT_STREETS) if rng.random() < 0.7 else self.fstreet("de_AT")
        num = str(rng.randint(1, 120))
        if city == "Wien" and rng.random() < 0.6:
            num += f"/{rng.randint(1, 9)}/{rng.randint(1, 30)}" if rng.random() < 0.6 else f"/{rng.randint(1, 30)}"
        cityline = f"{plz} {city}" if rng.random() < 0.85 else f"A-{plz} {city}"
        return Address("AT", "de_AT", [f"{street} {num}", cityline])

    CH_CITIES = [
        ("Zürich", "8001", "de"),
        ("Bern", "3011", "de"),
        ("Basel", "4051", "de"),
        ("Genève", "1201", "fr"),
        ("Lausanne", "1003", "fr"),
        ("Luzern", "6003", "de"),
        ("Zermatt", "3920", "de"),
        ("Davos Platz", "7270", "de"),
        ("Interlaken", "3800", "de"),
        ("Lugano", "6900", "it"),
        ("Sion", "1950", "fr"),
        ("Grindelwald", "3818", "de"),
        ("Neuchâtel", "2000", "fr"),
    ]
    CH_STREETS = {
        "de": [
            "Bahnhofstrasse",
            "Seestrasse",
            "Dorfstrasse",
            "Hauptgasse",
            "Kramgasse",
            "Spitalgasse",
            "Limmatquai",
            "Bergstrasse",
        ],
        "fr": ["Rue du Rhône", "Avenue de la Gare", "Rue de Lausanne", "Chemin des Vignes", "Rue du Marché"],
        "it": ["Via Nassa", "Corso Pestalozzi", "Via Cantonale"],
    }

    def ch(self):
        rng = self.rng
        city, plz, lang = _pick(rng, self.CH_CITIES)
        street = _pick(rng, self.CH_STREETS[lang])
        if lang == "de" and rng.random() < 0.3:
            street = self.fstreet("de_CH")
        loc = {"de": "de_CH", "fr": "fr_CH", "it": "it_CH"}[lang]
        cityline = f"{plz} {city}" if rng.random() < 0.75 else f"CH-{plz} {city}"
        lines = [f"{street} {rng.randint(1, 90)}"]
        if rng.random() < 0.1:
            lines.insert(0, _pick(rng, ["Postfach", "Case postale 12", "c/o Hotel Alpina"]))
        return Address("CH", loc, lines + [cityline])

    # -- Benelux --
    NL_CITIES = [
        ("Amsterdam", "1015"),
        ("Amsterdam", "1072"),
        ("Rotterdam", "3011"),
        ("Utrecht", "3511"),
        ("Den Haag", "2511"),
        ("'s-Hertogenbosch", "5211"),
        ("Groningen", "9711"),
        ("Eindhoven", "5611"),
        ("Maastricht", "6211"),
        ("Haarlem", "2011"),
        ("Leiden", "2311"),
        ("Zwolle", "8011"),
    ]
    NL_STREETS = [
        "Keizersgracht",
        "Prinsengracht",
        "Herengracht",
        "Damrak",
        "Kalverstraat",
        "Oudegracht",
        "Coolsingel",
        "Lange Voorhout",
        "Vrijthof",
        "Grote Markt",
        "Dorpsstraat",
        "Kerkstraat",
        "Molenweg",
        "Stationsweg",
        "Julianalaan",
        "Beukenlaan",
        "Nieuwe Binnenweg",
        "Overtoom",
    ]
    NL_SUFFIX = ["", "", "", "", "A", "a", "-II", "-III", "-1", "-H", " hs", "B", " bis", "-2hg"]

    def nl(self):
        rng = self.rng
        if rng.random() < 0.7:
            city, pc4 = _pick(rng, self.NL_CITIES)
        else:
            city, pc4 = self.fk("nl_NL").city(), str(rng.randint(1000, 9999))
        letters = rng.choice("ABCEGHJKLMNPRTVWXZ") + rng.choice("ABCEGHJKLMNPRTVWXZ")
        pc = f"{pc4} {letters}" if rng.random() < 0.8 else f"{pc4}{letters}"
        cityline = f"{pc} {city}" if rng.random() < 0.85 else f"{pc}  {city.upper()}"
        if rng.random() < 0.06:
            return Address("NL", "nl_NL", [f"Postbus {rng.randint(1, 99999)}", cityline], kind="pobox")
        street = _pick(rng, self.NL_STREETS) if rng.random() < 0.7 else self.fstreet("nl_NL")
        return Address("NL", "nl_NL", [f"{street} {rng.randint(1, 400)}{_pick(rng, self.NL_SUFFIX)}", cityline])

    BE_CITIES = [
        ("Bruxelles", "1000", "fr"),
        ("Brussel", "1000", "nl"),
        ("Ixelles", "1050", "fr"),
        ("Antwerpen", "2000", "nl"),
        ("Gent", "9000", "nl"),
        ("Liège", "4000", "fr"),
        ("Namur", "5000", "fr"),
        ("Leuven", "3000", "nl"),
        ("Brugge", "8000", "nl"),
        ("Mons", "7000", "fr"),
        ("Charleroi", "6000", "fr"),
        ("Spa", "4900", "fr"),
        ("Hasselt", "3500", "nl"),
        ("Arlon", "6700", "fr"),
    ]
    BE_STREETS = {
        "fr": [
            "Rue de la Loi",
            "Avenue Louise",
            "Rue Neuve",
            "Chaussée de Waterloo",
            "Rue Haute",
            "Boulevard d'Avroy",
            "Rue de Fer",
            "Place du Marché",
        ],
        "nl": [
            "Meir",
            "Kerkstraat",
            "Veldstraat",
            "Stationsstraat",
            "Grote Markt",
            "Bondgenotenlaan",
            "Steenstraat",
            "Nationalestraat",
        ],
    }

    def be(self):
        rng = self.rng
        city, pc, lang = _pick(rng, self.BE_CITIES)
        street = _pick(rng, self.BE_STREETS[lang]) if (lang == "fr" or rng.random() < 0.7) else self.fstreet("nl_BE")
        num = str(rng.randint(1, 250))
        r = rng.random()
        if r < 0.15:
            num += " bus " + str(rng.randint(1, 30)) if lang == "nl" else " boîte " + str(rng.randint(1, 30))
        elif r < 0.25:
            num += "/" + _pick(rng, ["B2", "3", "12", "A"])
        cityline = f"{pc} {city}" if rng.random() < 0.85 else f"B-{pc} {city}"
        return Address("BE", "fr_BE" if lang == "fr" else "nl_BE", [f"{street} {num}", cityline])

    def lu(self):
        rng = self.rng
        city, pc = _pick(
            rng,
            [
                ("Luxembourg", "1611"),
                ("Esch-sur-Alzette", "4002"),
                ("Ettelbruck", "9001"),
                ("Clervaux", "9701"),
                ("Differdange", "4501"),
            ],
        )
        pc = pc[:2] + _digits(rng, 2)
        street = _pick(
            rng,
            [
                "rue de la Gare",
                "avenue de la Liberté",
                "Grand-Rue",
                "boulevard Royal",
                "rue du Fort Neipperg",
                "route d'Arlon",
            ],
        )
        return Address("LU", "fr_LU", [f"{rng.randint(1, 150)}, {street}", f"L-{pc} {city}"])

    # -- France --
    FR_CITIES = [
        ("Paris", "75002"),
        ("Paris", "75011"),
        ("Paris", "75015"),
        ("Paris", "75018"),
        ("Lyon", "69001"),
        ("Lyon", "69007"),
        ("Marseille", "13001"),
        ("Marseille", "13008"),
        ("Toulouse", "31000"),
        ("Nantes", "44000"),
        ("Bordeaux", "33000"),
        ("Lille", "59000"),
        ("Strasbourg", "67000"),
        ("Rennes", "35000"),
        ("Grenoble", "38000"),
        ("Annecy", "74000"),
        ("Chamonix-Mont-Blanc", "74400"),
        ("Montpellier", "34000"),
        ("Nice", "06000"),
        ("Clermont-Ferrand", "63000"),
        ("Dijon", "21000"),
        ("Brest", "29200"),
        ("Tours", "37000"),
        ("Pau", "64000"),
        ("Chambéry", "73000"),
        ("Bourg-Saint-Maurice", "73700"),
        ("Briançon", "05100"),
        ("Saint-Malo", "35400"),
        ("La Rochelle", "17000"),
        ("Villeurbanne", "69100"),
        ("Boulogne-Billancourt", "92100"),
        ("Aix-en-Provence", "13100"),
        ("Ajaccio", "20000"),
        ("Saint-Denis", "97400"),
    ]
    FR_STREETS = [
        "rue de la République",
        "rue Victor Hugo",
        "avenue Jean Jaurès",
        "boulevard Voltaire",
        "rue du Faubourg Saint-Antoine",
        "place Bellecour",
        "rue des Lilas",
        "chemin des Vignes",
        "allée des Tilleuls",
        "impasse du Moulin",
        "route de Grenoble",
        "rue de la Paix",
        "quai de la Tournelle",
        "rue Nationale",
        "avenue de la Gare",
        "rue du Général de Gaulle",
        "cours Lafayette",
        "rue Sainte-Catherine",
        "rue Pasteur",
        "rue de Rivoli",
        "Grande Rue",
        "avenue des Champs-Élysées",
        "rue du 8 Mai 1945",
        "boulevard de la Croix-Rousse",
    ]
    FR_EXTRA = [
        "Bât. B",
        "Appt 12",
        "3e étage",
        "Résidence Les Pins",
        "Escalier C, 2e étage",
        "Lieu-dit Le Bourg",
        "Bâtiment A, appartement 34",
        "Chez M. et Mme",
        "2ème étage gauche",
        "Porte 5",
    ]

    def fr(self):
        rng = self.rng
        city, cp = _pick(rng, self.FR_CITIES)
        if not city.startswith(("Paris", "Lyon", "Marseille")) and rng.random() < 0.3:
            cp = cp[:3] + _digits(rng, 2) if cp[3:] != "00" else cp
        cityline = f"{cp} {city}" if rng.random() < 0.75 else f"{cp} {city.upper()}"
        if rng.random() < 0.06:
            return Address(
                "FR", "fr_FR", [f"BP {rng.randint(1, 999)}", f"{cp[:3]}{_digits(rng, 2)} {city} Cedex"], kind="pobox"
            )
        street = _pick(rng, self.FR_STREETS) if rng.random() < 0.7 else self.fstreet("fr_FR")
        num = str(rng.randint(1, 180)) + (_pick(rng, [" bis", " ter", "B", "A"]) if rng.random() < 0.12 else "")
        line = f"{num}, {street}" if rng.random() < 0.3 else f"{num} {street}"
        lines = [line]
        x = rng.random()
        if x < 0.18:
            extra = _pick(rng, self.FR_EXTRA[:6] + self.FR_EXTRA[6:7] + self.FR_EXTRA[8:])
            lines = [extra, line] if rng.random() < 0.6 else [f"{line}, {extra}"]
        return Address("FR", "fr_FR", lines + [cityline])

    # -- Southern Europe --
    IT_CITIES = [
        ("Roma", "00184", "RM"),
        ("Milano", "20121", "MI"),
        ("Torino", "10121", "TO"),
        ("Napoli", "80133", "NA"),
        ("Firenze", "50122", "FI"),
        ("Bologna", "40121", "BO"),
        ("Bolzano", "39100", "BZ"),
        ("Aosta", "11100", "AO"),
        ("Trento", "38122", "TN"),
        ("Venezia", "30121", "VE"),
        ("Genova", "16121", "GE"),
        ("Palermo", "90133", "PA"),
        ("Cortina d'Ampezzo", "32043", "BL"),
        ("Courmayeur", "11013", "AO"),
        ("Bergamo", "24121", "BG"),
        ("Verona", "37121", "VR"),
    ]
    IT_STREETS = [
        "Via Roma",
        "Via Garibaldi",
        "Corso Vittorio Emanuele II",
        "Via Mazzini",
        "Piazza del Duomo",
        "Via Dante",
        "Viale Europa",
        "Via Nazionale",
        "Corso Italia",
        "Via dei Mille",
        "Via XX Settembre",
        "Vicolo Stretto",
        "Via della Repubblica",
        "Via Cavour",
        "Borgo Pinti",
    ]

    def it(self):
        rng = self.rng
        if rng.random() < 0.75:
            city, cap, prov = _pick(rng, self.IT_CITIES)
        else:  # a real CAP with its town and province (Faker's table; its city() is hash-ordered)
            table = self.fk("it_IT").provider("faker.providers.address").cap_city_province
            cap = _pick(rng, sorted(table))
            city, prov = _pick(rng, table[cap])
        street = _pick(rng, self.IT_STREETS) if rng.random() < 0.7 else self.fstreet("it_IT")
        num = str(rng.randint(1, 200)) + (_pick(rng, ["/A", "/B", " bis"]) if rng.random() < 0.1 else "")
        extra = (
            _pick(rng, ["scala B, interno 7", "int. 4", "piano 3", "scala A, int. 12"]) if rng.random() < 0.15 else None
        )
        style = rng.randrange(3)
        if style == 0:
            l1, l2 = f"{street} {num}", f"{cap} {city}"
        elif style == 1:
            l1, l2 = f"{street}, {num}", f"{cap} {city} ({prov})"
        else:
            l1, l2 = f"{street} {num}", f"{cap} {city} {prov}"
        lines = [l1] + ([extra] if extra else []) + [l2]
        single = f"{l1}{', ' + extra if extra else ''} - {l2}" if style == 1 else None
        if rng.random() < 0.05:
            lines = [f"Casella Postale {rng.randint(1, 999)}", f"{cap[:3]}00 {city}"]
            single = None
            return Address("IT", "it_IT", lines, kind="pobox")
        return Address("IT", "it_IT", lines, single)

    ES_CITIES = [
        ("Madrid", "28013"),
        ("Madrid", "28004"),
        ("Barcelona", "08007"),
        ("Barcelona", "08012"),
        ("Valencia", "46002"),
        ("Sevilla", "41001"),
        ("Bilbao", "48001"),
        ("Zaragoza", "50001"),
        ("Granada", "18009"),
        ("Málaga", "29015"),
        ("Pamplona", "31001"),
        ("Jaca", "22700"),
        ("Oviedo", "33003"),
        ("San Sebastián", "20003"),
        ("Palma", "07001"),
        ("Santander", "39001"),
        ("Vigo", "36202"),
        ("Benasque", "22440"),
    ]
    ES_STREETS = [
        "Calle Mayor",
        "C/ Mayor",
        "Calle de Alcalá",
        "C/ de Balmes",
        "Avda. de la Constitución",
        "Avenida Diagonal",
        "Paseo de Gracia",
        "Calle Real",
        "Gran Vía",
        "Plaza Mayor",
        "Calle San Fernando",
        "Rúa do Franco",
        "Carrer de Sants",
        "C/ Serrano",
        "Calle del Pez",
    ]
    ES_FLOORS = ["2º B", "3º 1ª", "bajo A", "ático", "1º izda.", "4º dcha.", "5º C", "entresuelo 2ª"]

    def es(self):
        rng = self.rng
        if rng.random() < 0.75:
            city, cp = _pick(rng, self.ES_CITIES)
        else:
            f = self.fk("es_ES")
            city, cp = f.city(), f.postcode()
        street = _pick(rng, self.ES_STREETS) if rng.random() < 0.7 else self.fstreet("es_ES")
        num = str(rng.randint(1, 250))
        numtxt = num if rng.random() < 0.7 else f"nº {num}"
        floor = _pick(rng, self.ES_FLOORS) if rng.random() < 0.6 else None
        if rng.random() < 0.05:
            return Address(
                "ES", "es_ES", [f"Apartado de Correos {rng.randint(1, 9999)}", f"{cp[:3]}80 {city}"], kind="pobox"
            )
        if rng.random() < 0.5:
            l1 = f"{street} {numtxt}" + (f", {floor}" if floor else "")
        else:
            l1 = f"{street}, {numtxt}" + (f", {floor}" if floor else "")
        return Address("ES", "es_ES", [l1, f"{cp} {city}"])

    PT_CITIES = [
        ("Lisboa", "1100-048"),
        ("Lisboa", "1200-195"),
        ("Porto", "4000-322"),
        ("Coimbra", "3000-123"),
        ("Braga", "4700-321"),
        ("Faro", "8000-138"),
        ("Funchal", "9000-060"),
        ("Sintra", "2710-616"),
    ]
    PT_STREETS = [
        "Rua Augusta",
        "Avenida da Liberdade",
        "Rua de Santa Catarina",
        "Rua do Carmo",
        "Praça do Comércio",
        "Travessa do Almada",
        "Rua Direita",
        "Rua das Flores",
    ]

    def pt(self):
        rng = self.rng
        if rng.random() < 0.7:
            city, cp = _pick(rng, self.PT_CITIES)
        else:
            f = self.fk("pt_PT")
            city, cp = f.city(), f.postcode()
        street = _pick(rng, self.PT_STREETS) if rng.random() < 0.7 else self.fstreet("pt_PT")
        num = rng.randint(1, 300)
        floor = _pick(rng, ["2.º Esq.", "3.º Dto.", "R/C", "1.º Frente", "4.º B"]) if rng.random() < 0.6 else None
        l1 = (f"{street} {num}" if rng.random() < 0.5 else f"{street}, n.º {num}") + (f", {floor}" if floor else "")
        return Address("PT", "pt_PT", [l1, f"{cp} {city}"])

    # -- Nordic --
    SE_CITIES = [
        ("Stockholm", "114 55"),
        ("Stockholm", "118 20"),
        ("Göteborg", "411 14"),
        ("Malmö", "211 22"),
        ("Uppsala", "753 20"),
        ("Umeå", "903 26"),
        ("Kiruna", "981 31"),
        ("Åre", "837 52"),
        ("Östersund", "831 30"),
        ("Lund", "222 21"),
    ]
    SE_STREETS = [
        "Storgatan",
        "Drottninggatan",
        "Kungsgatan",
        "Vasagatan",
        "Sveavägen",
        "Götgatan",
        "Västra Hamngatan",
        "Skolgatan",
        "Kyrkogatan",
        "Järnvägsgatan",
    ]

    def se(self):
        rng = self.rng
        if rng.random() < 0.7:
            city, pc = _pick(rng, self.SE_CITIES)
        else:
            f = self.fk("sv_SE")
            p = re.sub(r"\D", "", f.postcode())[:5]
            city, pc = f.city(), f"{p[:3]} {p[3:]}"
        cityline = _pick(rng, [f"{pc} {city}", f"{pc} {city.upper()}", f"SE-{pc} {city}"])
        if rng.random() < 0.05:
            return Address("SE", "sv_SE", [f"Box {rng.randint(1, 9999)}", cityline], kind="pobox")
        street = _pick(rng, self.SE_STREETS) if rng.random() < 0.7 else self.fstreet("sv_SE")
        l1 = f"{street} {rng.randint(1, 120)}" + (rng.choice("ABC") if rng.random() < 0.1 else "")
        if rng.random() < 0.25:
            l1 += f" lgh {rng.randint(1001, 1605)}"
        return Address("SE", "sv_SE", [l1, cityline])

    DK_CITIES = [
        ("København K", "1165"),
        ("København Ø", "2100"),
        ("Frederiksberg C", "1820"),
        ("Aarhus C", "8000"),
        ("Odense C", "5000"),
        ("Aalborg", "9000"),
        ("Esbjerg", "6700"),
        ("Skagen", "9990"),
    ]
    DK_STREETS = [
        "Nørregade",
        "Vesterbrogade",
        "Strøget",
        "Østerbrogade",
        "Jægersborggade",
        "Søndergade",
        "Algade",
        "Havnegade",
        "Kongens Nytorv",
    ]

    def dk(self):
        rng = self.rng
        city, pc = _pick(rng, self.DK_CITIES)
        street = _pick(rng, self.DK_STREETS) if rng.random() < 0.7 else self.fstreet("da_DK")
        l1 = f"{street} {rng.randint(1, 150)}"
        if rng.random() < 0.5:
            l1 += ", " + _pick(rng, ["2. tv.", "st. th.", "1. sal", "3. mf.", "4. th", "kl."])
        cityline = f"{pc} {city}" if rng.random() < 0.85 else f"DK-{pc} {city}"
        return Address("DK", "da_DK", [l1, cityline])

    NO_CITIES = [
        ("Oslo", "0155"),
        ("Oslo", "0557"),
        ("Bergen", "5003"),
        ("Trondheim", "7011"),
        ("Tromsø", "9008"),
        ("Stavanger", "4006"),
        ("Bodø", "8006"),
        ("Lillehammer", "2609"),
    ]
    NO_STREETS = [
        "Storgata",
        "Karl Johans gate",
        "Bryggen",
        "Markveien",
        "Thorvald Meyers gate",
        "Kongens gate",
        "Strandgata",
        "Dronningens gate",
    ]

    def no(self):
        rng = self.rng
        city, pc = _pick(rng, self.NO_CITIES)
        street = _pick(rng, self.NO_STREETS) if rng.random() < 0.7 else self.fstreet("no_NO")
        l1 = f"{street} {rng.randint(1, 90)}" + (rng.choice("AB") if rng.random() < 0.1 else "")
        if rng.random() < 0.25:
            l1 += (
                f" H{rng.randint(1, 5):02d}{rng.randint(1, 9):02d}"
                if rng.random() < 0.5
                else f", leil. H{rng.randint(1, 5):02d}{rng.randint(1, 9):02d}"
            )
        return Address("NO", "no_NO", [l1, f"{pc} {city}" if rng.random() < 0.8 else f"{pc} {city.upper()}"])

    FI_CITIES = [
        ("Helsinki", "00100"),
        ("Helsinki", "00530"),
        ("Espoo", "02100"),
        ("Tampere", "33100"),
        ("Turku", "20100"),
        ("Oulu", "90100"),
        ("Rovaniemi", "96100"),
        ("Jyväskylä", "40100"),
        ("Kittilä", "99100"),
    ]
    FI_STREETS = [
        "Mannerheimintie",
        "Aleksanterinkatu",
        "Hämeenkatu",
        "Kauppakatu",
        "Rantatie",
        "Koulukatu",
        "Kirkkokatu",
        "Puistokatu",
    ]

    def fi(self):
        rng = self.rng
        city, pc = _pick(rng, self.FI_CITIES)
        street = _pick(rng, self.FI_STREETS) if rng.random() < 0.7 else self.fstreet("fi_FI")
        l1 = f"{street} {rng.randint(1, 90)}"
        if rng.random() < 0.5:
            l1 += f" {rng.choice('ABCD')} {rng.randint(1, 60)}" if rng.random() < 0.7 else f" as. {rng.randint(1, 40)}"
        return Address("FI", "fi_FI", [l1, f"{pc} {city}" if rng.random() < 0.85 else f"FI-{pc} {city}"])

    def is_(self):
        rng = self.rng
        city, pc = _pick(
            rng,
            [
                ("Reykjavík", "101"),
                ("Reykjavík", "105"),
                ("Akureyri", "600"),
                ("Kópavogur", "200"),
                ("Hafnarfjörður", "220"),
                ("Selfoss", "800"),
            ],
        )
        street = _pick(
            rng,
            [
                "Laugavegur",
                "Skólavörðustígur",
                "Hverfisgata",
                "Bankastræti",
                "Hafnarstræti",
                "Aðalstræti",
                "Strandgata",
            ],
        )
        return Address("IS", "is_IS", [f"{street} {rng.randint(1, 120)}", f"{pc} {city}"])

    # -- Central / Eastern Europe --
    PL_CITIES = [
        ("Warszawa", "00-238"),
        ("Warszawa", "02-017"),
        ("Kraków", "31-042"),
        ("Kraków", "30-552"),
        ("Gdańsk", "80-831"),
        ("Wrocław", "50-077"),
        ("Poznań", "61-772"),
        ("Zakopane", "34-500"),
        ("Łódź", "90-001"),
        ("Lublin", "20-001"),
    ]
    PL_STREETS = [
        "ul. Długa",
        "ul. Marszałkowska",
        "al. Jerozolimskie",
        "ul. Floriańska",
        "ul. Piotrkowska",
        "ul. Krupówki",
        "pl. Zamkowy",
        "ul. Świętojańska",
        "os. Tysiąclecia",
        "ul. Kościuszki",
    ]

    def pl(self):
        rng = self.rng
        if rng.random() < 0.7:
            city, pc = _pick(rng, self.PL_CITIES)
        else:
            f = self.fk("pl_PL")
            city, pc = f.city(), f.postcode()
        street = _pick(rng, self.PL_STREETS) if rng.random() < 0.7 else "ul. " + self.fstreet("pl_PL")
        r = rng.random()
        n = rng.randint(1, 150)
        num = (
            f"{n}/{rng.randint(1, 80)}"
            if r < 0.4
            else f"{n}{rng.choice('ABC')} m. {rng.randint(1, 90)}"
            if r < 0.55
            else f"{n} lok. {rng.randint(1, 20)}"
            if r < 0.65
            else str(n)
        )
        return Address("PL", "pl_PL", [f"{street} {num}", f"{pc} {city}"])

    CZ_CITIES = [
        ("Praha 1", "110 00"),
        ("Praha 2", "120 00"),
        ("Praha 7", "170 00"),
        ("Brno", "602 00"),
        ("Ostrava", "702 00"),
        ("Plzeň", "301 00"),
        ("Olomouc", "779 00"),
        ("Český Krumlov", "381 01"),
        ("Liberec", "460 01"),
    ]
    CZ_STREETS = [
        "Václavské náměstí",
        "Národní",
        "Masarykova",
        "Husova",
        "Nádražní",
        "Palackého",
        "Vinohradská",
        "Dlouhá",
    ]

    def cz(self):
        rng = self.rng
        city, pc = (
            _pick(rng, self.CZ_CITIES) if rng.random() < 0.7 else (self.fk("cs_CZ").city(), self.fk("cs_CZ").postcode())
        )
        street = _pick(rng, self.CZ_STREETS) if rng.random() < 0.7 else self.fstreet("cs_CZ")
        num = f"{rng.randint(100, 2999)}/{rng.randint(1, 80)}" if rng.random() < 0.5 else str(rng.randint(1, 120))
        return Address("CZ", "cs_CZ", [f"{street} {num}", f"{pc} {city}"])

    def sk(self):
        rng = self.rng
        city, pc = _pick(
            rng,
            [
                ("Bratislava", "811 06"),
                ("Košice", "040 01"),
                ("Žilina", "010 01"),
                ("Poprad", "058 01"),
                ("Banská Bystrica", "974 01"),
                ("Liptovský Mikuláš", "031 01"),
            ],
        )
        street = (
            _pick(rng, ["Obchodná", "Hlavná", "Štúrova", "Mlynská", "Námestie SNP", "Zámocká"])
            if rng.random() < 0.7
            else self.fstreet("sk_SK")
        )
        num = f"{rng.randint(100, 2999)}/{rng.randint(1, 80)}" if rng.random() < 0.4 else str(rng.randint(1, 120))
        return Address("SK", "sk_SK", [f"{street} {num}", f"{pc} {city}"])

    def hu(self):
        rng = self.rng
        city, pc = _pick(
            rng,
            [
                ("Budapest", "1052"),
                ("Budapest", "1061"),
                ("Budapest", "1117"),
                ("Debrecen", "4025"),
                ("Szeged", "6720"),
                ("Pécs", "7621"),
                ("Győr", "9021"),
                ("Eger", "3300"),
            ],
        )
        street = (
            _pick(
                rng,
                [
                    "Váci utca",
                    "Andrássy út",
                    "Király utca",
                    "Rákóczi út",
                    "Kossuth Lajos tér",
                    "Fő utca",
                    "Béke utca",
                    "Bartók Béla út",
                ],
            )
            if rng.random() < 0.7
            else self.fstreet("hu_HU")
        )
        num = f"{rng.randint(1, 120)}."
        if rng.random() < 0.4:
            num += " " + _pick(
                rng,
                [
                    f"{_pick(rng, ['I', 'II', 'III', 'IV'])}. em. {rng.randint(1, 12)}.",
                    f"fszt. {rng.randint(1, 5)}.",
                    f"{rng.randint(1, 6)}/{rng.randint(1, 20)}.",
                ],
            )
        style = rng.randrange(3)
        if style == 0:
            return Address("HU", "hu_HU", [f"{pc} {city}", f"{street} {num}"], single=f"{pc} {city}, {street} {num}")
        if style == 1:
            return Address("HU", "hu_HU", [city, f"{street} {num}", pc])
        return Address("HU", "hu_HU", [f"{street} {num}", f"{pc} {city}"])

    def ro(self):
        rng = self.rng
        city, pc, extra = _pick(
            rng,
            [
                ("București", "010061", "sector 1"),
                ("București", "030167", "sector 3"),
                ("Cluj-Napoca", "400001", "jud. Cluj"),
                ("Brașov", "500030", "jud. Brașov"),
                ("Iași", "700028", None),
                ("Timișoara", "300001", None),
                ("Sibiu", "550003", "jud. Sibiu"),
                ("Constanța", "900001", None),
            ],
        )
        street = _pick(
            rng,
            [
                "Str. Victoriei",
                "Calea Victoriei",
                "Bd. Unirii",
                "Str. Republicii",
                "Str. Mihai Eminescu",
                "Șos. Kiseleff",
                "Str. Lipscani",
                "Bd. Eroilor",
            ],
        )
        l1 = f"{street} nr. {rng.randint(1, 200)}"
        if rng.random() < 0.5:
            l1 += f", bl. {rng.choice('ABCDM')}{rng.randint(1, 9)}, sc. {rng.randint(1, 4)}, ap. {rng.randint(1, 80)}"
        l2 = f"{pc} {city}" + (f", {extra}" if extra and rng.random() < 0.7 else "")
        return Address("RO", "ro_RO", [l1, l2])

    def ee(self):
        rng = self.rng
        city, pc = _pick(
            rng,
            [
                ("Tallinn", "10148"),
                ("Tallinn", "10111"),
                ("Tartu", "51004"),
                ("Pärnu", "80010"),
                ("Narva", "20308"),
                ("Otepää", "67405"),
            ],
        )
        street = _pick(
            rng, ["Pärnu mnt", "Narva mnt", "Viru", "Tartu mnt", "Rüütli", "Toompuiestee", "Ülikooli", "Rannapargi"]
        )
        num = f"{rng.randint(1, 150)}" + (f"-{rng.randint(1, 60)}" if rng.random() < 0.5 else "")
        return Address(
            "EE",
            "et_EE",
            [
                f"{street} {num}",
                f"{pc} {city}" + (", Harju maakond" if city == "Tallinn" and rng.random() < 0.3 else ""),
            ],
        )

    def lv(self):
        rng = self.rng
        city, pc = _pick(
            rng,
            [
                ("Rīga", "LV-1010"),
                ("Rīga", "LV-1050"),
                ("Jūrmala", "LV-2015"),
                ("Liepāja", "LV-3401"),
                ("Sigulda", "LV-2150"),
                ("Daugavpils", "LV-5401"),
            ],
        )
        street = _pick(
            rng, ["Brīvības iela", "Elizabetes iela", "Valdemāra iela", "Tērbatas iela", "Jomas iela", "Lāčplēša iela"]
        )
        num = f"{rng.randint(1, 150)}" + (f"-{rng.randint(1, 60)}" if rng.random() < 0.5 else "")
        return Address("LV", "lv_LV", [f"{street} {num}", f"{city}, {pc}" if rng.random() < 0.6 else f"{pc} {city}"])

    def lt(self):
        rng = self.rng
        city, pc = _pick(
            rng,
            [
                ("Vilnius", "LT-01103"),
                ("Vilnius", "LT-03105"),
                ("Kaunas", "LT-44280"),
                ("Klaipėda", "LT-91248"),
                ("Šiauliai", "LT-76289"),
                ("Palanga", "LT-00135"),
            ],
        )
        street = _pick(rng, ["Gedimino pr.", "Pilies g.", "Laisvės al.", "Vilniaus g.", "Didžioji g.", "Taikos pr."])
        num = f"{rng.randint(1, 150)}" + (f"-{rng.randint(1, 60)}" if rng.random() < 0.5 else "")
        return Address("LT", "lt_LT", [f"{street} {num}", f"{pc} {city}"])

    def hr(self):
        rng = self.rng
        city, pc = _pick(
            rng,
            [
                ("Zagreb", "10000"),
                ("Split", "21000"),
                ("Rijeka", "51000"),
                ("Dubrovnik", "20000"),
                ("Zadar", "23000"),
                ("Osijek", "31000"),
            ],
        )
        street = (
            _pick(rng, ["Ilica", "Vlaška ulica", "Ulica kralja Zvonimira", "Marmontova ulica", "Korzo", "Savska cesta"])
            if rng.random() < 0.7
            else self.fstreet("hr_HR")
        )
        num = f"{rng.randint(1, 200)}" + (rng.choice("abc") if rng.random() < 0.15 else "")
        return Address("HR", "hr_HR", [f"{street} {num}", f"{pc} {city}" if rng.random() < 0.8 else f"HR-{pc} {city}"])

    def si(self):
        rng = self.rng
        city, pc = _pick(
            rng,
            [
                ("Ljubljana", "1000"),
                ("Maribor", "2000"),
                ("Kranj", "4000"),
                ("Bled", "4260"),
                ("Koper", "6000"),
                ("Bovec", "5230"),
            ],
        )
        street = (
            _pick(rng, ["Slovenska cesta", "Čopova ulica", "Trubarjeva cesta", "Partizanska cesta", "Prešernov trg"])
            if rng.random() < 0.7
            else self.fstreet("sl_SI")
        )
        num = f"{rng.randint(1, 120)}" + (rng.choice("abc") if rng.random() < 0.15 else "")
        return Address("SI", "sl_SI", [f"{street} {num}", f"{pc} {city}" if rng.random() < 0.8 else f"SI-{pc} {city}"])

    def tr(self):
        rng = self.rng
        dist, city, pc = _pick(
            rng,
            [
                ("Kadıköy", "İstanbul", "34710"),
                ("Beşiktaş", "İstanbul", "34357"),
                ("Çankaya", "Ankara", "06690"),
                ("Konak", "İzmir", "35250"),
                ("Muratpaşa", "Antalya", "07100"),
            ],
        )
        street = _pick(
            rng, ["Bağdat Cad.", "İstiklal Cad.", "Atatürk Bulvarı", "Cumhuriyet Cad.", "Moda Cad.", "Kızılay Sok."]
        )
        d = rng.randint(1, 30)
        l1 = f"{street} No: {rng.randint(1, 300)}" + (f" D: {d}" if rng.random() < 0.5 else f" Daire: {d}")
        return Address("TR", "tr_TR", [l1, f"{pc} {dist}/{city}"])

    def in_(self):
        rng = self.rng
        city, state, pin = _pick(
            rng,
            [
                ("Bengaluru", "Karnataka", "560001"),
                ("Mumbai", "Maharashtra", "400001"),
                ("New Delhi", "Delhi", "110001"),
                ("Pune", "Maharashtra", "411001"),
                ("Chennai", "Tamil Nadu", "600001"),
                ("Kolkata", "West Bengal", "700001"),
                ("Manali", "Himachal Pradesh", "175131"),
                ("Dehradun", "Uttarakhand", "248001"),
            ],
        )
        pin = pin[:4] + _digits(rng, 2)
        bld = _pick(
            rng,
            [
                f"Flat {rng.randint(1, 40)}{rng.choice('ABC')}, Sunshine Apartments",
                f"House No. {rng.randint(1, 400)}",
                f"#{rng.randint(1, 99)}, 2nd Cross",
                f"{rng.randint(1, 99)}/{rng.randint(1, 9)}, Shanti Niwas",
            ],
        )
        street = _pick(
            rng,
            [
                "MG Road",
                "Brigade Road",
                "Linking Road",
                "FC Road",
                "Park Street",
                "Anna Salai",
                "Mall Road",
                "Rajpur Road",
            ],
        )
        if rng.random() < 0.5:
            return Address("IN", "en_IN", [bld, street, f"{city}, {state} {pin}"])
        return Address("IN", "en_IN", [f"{bld}, {street}", f"{city} - {pin}"])


# ---------------------------------------------------------------------------------------
# persons
# ---------------------------------------------------------------------------------------


@dataclass
class Person:
    locale: str
    gender: str  # "f" | "m"
    first: str
    last: str
    middle: str = ""  # vi_VN middle name (written between family and given name)
    kind: str = "plain"

    @property
    def family_first(self) -> bool:
        return self.locale in FAMILY_FIRST

    def full(self) -> str:
        if self.family_first:
            return " ".join(x for x in (self.last, self.middle, self.first) if x)
        return f"{self.first} {self.last}"

    def country(self) -> str:
        return NAME_LOCALES[self.locale]


def _clean_name(s: str) -> str | None:
    s = re.sub(r"\s+", " ", s).strip()
    if not s or re.search(r"[,\d()/]", s) or s.startswith("'"):
        return None
    toks = s.split(" ")
    if len(toks) > 3:
        return None
    if any(t in ("I", "II", "III", "IV", "Jr", "Sr", "Jr.", "Sr.") for t in toks):
        return None
    if not (toks[0][:1].isupper() or toks[0].casefold() in PARTICLES):
        return None
    return s


ARABIC_PARTICLE_LOCALES = {"en_PK", "fr_DZ"}
GAELIC_LOCALES = {"en_GB", "en_US", "en_IE", "en_NZ", "ga_IE"}


class PersonMaker:
    def __init__(self, part: str, rng: random.Random, faker_for):
        self.part = part
        self.rng = rng
        self.fk = faker_for
        self._gaelic = {}

    def ok(self, s: str) -> bool:
        return name_in_part(s, self.part)

    def _draw(self, fn, tries=400):
        for _ in range(tries):
            v = _clean_name(fn())
            if v and self.ok(v):
                return v
        raise RuntimeError("could not draw a name of the part")

    def first(self, loc, gender):
        f = self.fk(loc)
        fn = f.first_name_female if gender == "f" else f.first_name_male
        return self._draw(fn)

    def last(self, loc, gender):
        f = self.fk(loc)
        fn = f.last_name_female if gender == "f" else f.last_name_male
        return self._draw(fn)

    def gaelic_last(self, loc):
        if loc not in self._gaelic:
            f = self.fk(loc)
            pool = []
            for _ in range(4000):
                v = _clean_name(f.last_name())
                if v and re.match(r"(Mc|Mac|O'|Ó |Ní |Ni |Nic )", v):
                    pool.append(v)
            self._gaelic[loc] = sorted(set(pool))
        pool = [v for v in self._gaelic[loc] if self.ok(v)]
        return _pick(self.rng, pool) if pool else None

    def make(self, loc: str) -> Person:
        for _ in range(50):
            p = self._make(loc)
            if all(self.ok(x) for x in (p.full(), p.first, p.last, p.middle)):
                return p
        raise RuntimeError(f"could not build a {self.part} name for {loc}")

    def _make(self, loc: str) -> Person:
        rng = self.rng
        g = "f" if rng.random() < 0.5 else "m"
        first = self.first(loc, g)
        last = self.last(loc, g)
        p = Person(loc, g, first, last)
        if loc == "vi_VN":
            mid = "Thị" if g == "f" else _pick(rng, ["Văn", "Đức", "Minh", "Quang", "Hữu"])
            if rng.random() < 0.8 and self.ok(mid):
                p.middle = mid
            return p
        r = rng.random()
        low = last.casefold()
        has_particle = any(t.casefold() in PARTICLES for t in last.split(" ")[:-1])
        if r < 0.22 and not has_particle:
            # particles
            pl = None
            if loc in ("nl_NL", "nl_BE"):
                pl = _pick(rng, ["van", "van der", "van den", "de", "ter", "van de", "Van", "Van den", "De"])
                if loc == "nl_NL":
                    pl = pl.lower()
            elif loc in ("de_DE", "de_AT", "de_CH"):
                pl = _pick(rng, ["von", "von der", "vom"])
            elif loc == "it_IT":
                pl = _pick(rng, ["Di", "De", "Della", "Dal", "Lo"])
            elif loc in ("es_ES", "es_MX", "es_CO", "es_CL", "es_AR", "es_CA"):
                pl = _pick(rng, ["de la", "del", "de", "de los"])
            elif loc in ("pt_PT", "pt_BR"):
                pl = _pick(rng, ["da", "dos", "de", "das", "do"])
            elif loc in ("fr_FR", "fr_BE", "fr_CH", "fr_CA"):
                pl = _pick(rng, ["de", "du", "Le", "de La", "Du"])
            elif loc in ARABIC_PARTICLE_LOCALES:
                k = rng.randrange(5)
                if k == 0 and g == "m" or k == 1:
                    father = self.first(loc, "m")
                    pl = "bin" if g == "m" else "bint"
                    if k == 1 and g == "m":
                        pl = "ibn"
                    p.last, p.kind = f"{pl} {father}", "particle"
                    if rng.random() < 0.4:
                        p.last += " " + last
                    return p
                if k == 2:
                    p.last, p.kind = (_pick(rng, ["al-", "Al-", "el-", "El-"]) + last), "particle"
                    return p
                pl = _pick(rng, ["Ben", "ben", "Abu"]) if k == 3 else _pick(rng, ["al", "el"])
                if pl in ("al", "el"):
                    p.last, p.kind = f"{pl}-{last}", "particle"
                    return p
            elif loc in GAELIC_LOCALES:
                v = self.gaelic_last(loc)
                if v:
                    p.last, p.kind = v, "particle"
                    return p
            if pl:
                p.last, p.kind = f"{pl} {last}", "particle"
                return p
        if loc in TWO_SURNAMES and rng.random() < 0.5 and " " not in last:
            second = self.last(loc, g)
            if second != last:
                p.last, p.kind = f"{last} {second}", "two-surnames"
                return p
        if r > 0.9 and loc not in FAMILY_FIRST and "-" not in last and " " not in last and low:
            second = self.last(loc, g)
            if second != last and " " not in second:
                p.last, p.kind = f"{last}-{second}", "hyphen-last"
                return p
        if 0.82 < r <= 0.9 and loc in COMPOUND_FIRST and " " not in first and "-" not in first:
            second = self.first(loc, g)
            if second != first and " " not in second and "-" not in second:
                sep = "-" if loc in HYPHEN_FIRST and rng.random() < 0.75 else " "
                p.first, p.kind = f"{first}{sep}{second}", "compound-first"
        return p

    # rendering -----------------------------------------------------------------------
    def initials(self, p: Person) -> str | None:
        if p.family_first:
            return None
        parts = re.split(r"([\- ])", p.first)
        out = ""
        for piece in parts:
            if piece == "-":
                out += "-"
            elif piece == " ":
                out += " "
            elif piece:
                out += piece[0] + "."
        if " " not in p.first and "-" not in p.first and self.rng.random() < 0.3:
            out += " " + self.rng.choice("ABCDEFGHJKLMNPRSTW") + "."
        return f"{out} {p.last}"

    def render(self, p: Person, style: str) -> str:
        rng = self.rng
        if style == "first":
            return p.first
        if style == "last":
            return p.last
        if style == "initials":
            return self.initials(p) or p.full()
        if style == "mid_initial":
            if p.family_first or " " in p.first:
                return p.full()
            return f"{p.first} {rng.choice('ABCDEFGHJKLMNPRSTW')}. {p.last}"
        if style == "upper_last_first":
            return f"{p.last.upper()} {p.first}" if not p.family_first else f"{p.last.upper()} {p.first}"
        if style == "first_upper_last":
            return f"{p.first} {p.last.upper()}" if not p.family_first else p.full()
        if style == "last_comma_first":
            return f"{p.last}, {p.first}"
        return p.full()


# ---------------------------------------------------------------------------------------
# phones
# ---------------------------------------------------------------------------------------


class PhoneMaker:
    def __init__(self, rng: random.Random):
        self.rng = rng

    def number(self, region: str) -> pn.PhoneNumber:
        rng = self.rng
        t = PNT.MOBILE if rng.random() < 0.65 else PNT.FIXED_LINE
        ex = pn.example_number_for_type(region, t) or pn.example_number(region)
        cc = ex.country_code
        nsn = pn.national_significant_number(ex)
        for _ in range(300):
            k = rng.randint(max(2, len(nsn) // 2), max(2, len(nsn) - 2))
            cand = nsn[: len(nsn) - k] + _digits(rng, k)
            num = pn.parse(f"+{cc}{cand}", None)
            if pn.is_valid_number(num) and pn.number_type(num) in (t, PNT.FIXED_LINE_OR_MOBILE):
                return num
        return ex

    def text(self, num: pn.PhoneNumber, region: str) -> str:
        rng = self.rng
        intl = pn.format_number(num, PNF.INTERNATIONAL)
        nat = pn.format_number(num, PNF.NATIONAL)
        e164 = pn.format_number(num, PNF.E164)
        cands = []
        r = rng.random()
        if r < 0.3:
            cands.append(intl)
        elif r < 0.5:
            cands.append(nat)
        elif r < 0.6:
            cands.append(e164)
        elif r < 0.7:
            cands.append("00" + intl[1:] if rng.random() < 0.6 else "00" + e164[1:])
        elif r < 0.78:
            cands.append(re.sub(r"[ \-]", ".", nat))
        elif r < 0.86:  # odd regrouping of the international number
            digits = e164[1 + len(str(num.country_code)) :]
            groups, i = [], 0
            while i < len(digits):
                step = rng.randint(2, 4)
                groups.append(digits[i : i + step])
                i += step
            cands.append(f"+{num.country_code} " + " ".join(groups))
        elif r < 0.92 and nat.startswith("0"):
            rest = intl.split(" ", 1)[1] if " " in intl else intl
            cands.append(f"+{num.country_code} (0){rest}")
        elif r < 0.96:
            cands.append(re.sub(r"\D", "", nat) if not nat.startswith("(") else nat)
        else:
            cands.append(intl.replace(" ", "  ", 1) if rng.random() < 0.5 else intl.replace(" ", "-"))
        for c in cands + [intl]:
            try:  # a "00" prefix is read as dialled from a country whose exit code is 00
                back = pn.parse(c, "FR" if c.startswith("00") else region)
            except pn.NumberParseException:
                continue
            if pn.format_number(back, PNF.E164) == e164 and pn.is_valid_number(back):
                return c
        return intl


# ---------------------------------------------------------------------------------------
# templates
# ---------------------------------------------------------------------------------------
# Slots: {name} main person in a form-dependent style; {first} {last} {last_upper} {title}
# {title_fr} {cher} {name2} {first2} {first3} {addr} {addr_ml} {addr2} {phone} {phone2}
# {email} {email2} {card} {iban} {ssn} {nino} {dni} {nie} {dni_or_nie} {cf} {benn} {nir};
# distractors (never labelled): {date} {date_fr} {datetime} {time} {time_fr} {email_date}
# {email_date_fr} {order} {tracking} {price} {price_fr} {size} {ean} {sku} {product}
# {product_fr} {brand} {place} {place_fr} {country} {to_country_fr} {qty} {cardexp}
T = collections.namedtuple("T", "lang form text")

TEMPLATES = [
    # ---------------- English chat ----------------
    T(
        "en",
        "chat",
        "hi, my name is {name} and I ordered the {product} on {date}. can you tell me where it is? order {order}",
    ),
    T("en", "chat", "Hello, this is {name}. Please update my delivery address to {addr}, the old one is wrong."),
    T("en", "chat", "can {name2} pick it up at the store instead of me? my order is {order}"),
    T("en", "chat", "{first2} and {first3} will use the {product}, is it ok for kids?"),
    T("en", "chat", "hi its {first} again, my number changed, it's {phone} now"),
    T("en", "chat", "Please send the invoice to {email}, thanks. The order was {price}."),
    T("en", "chat", "my card {card} was charged twice for {order}!! refund pls"),
    T("en", "chat", "I'd like the refund to go to my account {iban}, order {order} (the {product})"),
    T("en", "chat", "my SSN is {ssn}, do you need it for the financing of the {product}?"),
    T("en", "chat", "Delivery for {name} at {addr}, ring the bell twice. Phone {phone}"),
    T("en", "chat", "I'm {name}, I live near {place} and want to collect {order} in store on {date} at {time}"),
    T("en", "chat", "Could you call me back on {phone} after {time}? It's about the {product} ({sku})."),
    T("en", "chat", "order for {name}, ship to {addr}, thx"),
    T("en", "chat", "my partner {name2} ordered the {product} with my email {email}, can you move it to {email2}?"),
    T("en", "chat", "why does the instalment form ask for my NI number? it's {nino} anyway"),
    T("en", "chat", "my DNI is {dni}, I need a factura for order {order} please"),
    T("en", "chat", "NIE: {nie}. Please issue the invoice in my name, {name}."),
    T("en", "chat", "codice fiscale {cf} for the invoice please, order {order}, {price}"),
    T("en", "chat", "Belgian national number {benn} - the bank asked for it for the payment plan on the {product}"),
    T("en", "chat", "{name}, {phone}, {email} - please call me about the {brand} bike"),
    T("en", "chat", "The parcel {tracking} came back to you. I'm at {addr} now, can you resend it?"),
    T("en", "chat", "hey, {first} here. is the {product} in stock in {size}? my mate {name2} wants one too"),
    T("en", "chat", "Is it ok if {name2} signs for the parcel on {date}? I'll be at work"),
    T("en", "chat", "tell {first2} the {product} is ready, they can come before {time}"),
    T("en", "chat", "I ordered as a guest, name {name}, email {email}, order placed {datetime}"),
    T("en", "chat", "you can reach me on {phone} or {phone2}, whichever, I'm {first}"),
    T("en", "chat", "For the tax-free form: name {name}, Spanish NIE {nie}, flight on {date}."),
    T("en", "chat", "the card ending in the one I gave before is expired, use {card} exp {cardexp}"),
    # ---------------- English chat, no PII ----------------
    T("en", "chat", "Is the {product} available in {size}? I need it before {date}."),
    T("en", "chat", "Order {order} placed {datetime} still says processing. Tracking {tracking} shows nothing."),
    T("en", "chat", "How much is shipping to {country}? The {product} is {price} on your site."),
    T("en", "chat", "I live near {place}, do you have a shop there? Looking for {brand} gear."),
    T("en", "chat", "Can I return the {product} (EAN {ean}) after 30 days? Bought it on {date} at {time}."),
    T("en", "chat", "the {product} says {qty} but I got a smaller one, sku {sku}"),
    T("en", "chat", "Do you price match? {price} seems high for the {product}, saw it for less last {date}."),
    T("en", "chat", "Received {order} on {date}, the box was damaged and {qty} missing. Logged at {datetime}."),
    # ---------------- English forms ----------------
    T("en", "form", "Name: {name}\nAddress: {addr}\nPhone: {phone}\nEmail: {email}"),
    T("en", "form", "Full name: {name}\nSSN: {ssn}\nOrder: {order}\nOrder date: {date}"),
    T(
        "en",
        "form",
        "Customer: {name}\nShipping address:\n{addr_ml}\nTel.: {phone}\nOrder no.: {order}\nDate: {datetime}",
    ),
    T("en", "form", "Cardholder: {name}\nCard number: {card}\nExpiry: {cardexp}\nAmount: {price}"),
    T("en", "form", "Account holder: {name}\nIBAN: {iban}\nReason: refund {order}"),
    T("en", "form", "First name: {first}\nLast name: {last_upper}\nE-mail: {email}\nMobile: {phone}"),
    T("en", "form", "Return form\nOrder: {order}\nItem: {product} ({sku})\nReason: too small\nContact: {email}"),
    T("en", "form", "Name: {name}\nNI number: {nino}\nPhone: {phone}\nPreferred contact time: {time}"),
    T("en", "form", "Invoice details\nName: {name}\nDNI/NIE: {dni_or_nie}\nAddress: {addr}"),
    T("en", "form", "Return form\nOrder: {order}\nItem: {product}\nSKU: {sku}\nEAN: {ean}\nQty: {qty}\nDate: {date}"),
    T("en", "form", "Applicant: {name}\nSocial Security Number: {ssn}\nHome address: {addr}\nDaytime phone: {phone}"),
    T("en", "chat", "ok so my national insurance no. is {nino} and my address is {addr}"),
    T(
        "en",
        "chat",
        "my social security number {ssn} shouldn't be on the receipt, can you remove it? name on the order: {name}",
    ),
    T(
        "en",
        "form",
        "Click & collect\nCollected by: {name2}\nOn behalf of: {name}\nStore: Sommet Sports {store}\nWhen: {datetime}",
    ),
    # ---------------- English signatures ----------------
    T(
        "en",
        "signature",
        "Hi, the {product} I got on {date} has a broken zip. Could you send a replacement?\n\nRegards,\n{name}\n{phone}",
    ),
    T("en", "signature", "Thanks for the quick reply about order {order}.\n\nBest,\n{first}\n\nSent from my iPhone"),
    T(
        "en",
        "signature",
        "Please cancel {order}, I ordered the wrong size ({size}).\n\nCheers,\n{name}\n{email}\n{phone}",
    ),
    T(
        "en",
        "signature",
        "Question about the {brand} warranty: is it 2 years from {date}?\n--\n{name}\n{addr}\nMobile: {phone}",
    ),
    T(
        "en",
        "signature",
        "Please find my details for the VAT invoice below.\n\nThanks,\n{name}\nCodice fiscale: {cf}\n{phone}",
    ),
    T("en", "signature", "Hi, when will the {product} be back in stock?\n\nThanks\n\nSent from Outlook for Android"),
    # ---------------- English letters / e-mails ----------------
    T(
        "en",
        "letter",
        "Dear {title} {last},\n\nThank you for your order {order}. It will ship on {date}.\n\nKind regards,\n{name2}\nSommet Sports customer service",
    ),
    T(
        "en",
        "letter",
        "Dear {first},\n\nyour refund of {price} was sent to {iban}.\n\nBest wishes,\nThe Sommet Sports team",
    ),
    T(
        "en",
        "letter",
        "Dear Sommet Sports,\n\nI am writing about order {order}. Please deliver it to my new address:\n{addr_ml}\n\nYours sincerely,\n{name}",
    ),
    T(
        "en",
        "email",
        "From: {name} <{email}>\nTo: support@sommet-sports.example\nSubject: Order {order}\nDate: {email_date}\n\nHello, can I change the colour of the {product} to blue?\n{first}",
    ),
    T(
        "en",
        "letter",
        "Dear Sir or Madam,\n\nI was charged {price} twice on card {card}. Please refund one payment.\n\nSincerely,\n{title} {name}",
    ),
    T(
        "en",
        "email",
        "Hi {first},\n\nThanks for calling on {date} at {time}. As discussed we will call you back on {phone}.\n\n{name2}\nSommet Sports",
    ),
    T(
        "en",
        "email",
        "Subject: Re: {order}\n\nDear {title} {last},\nyour parcel {tracking} left our warehouse on {datetime}.\n\nKind regards",
    ),
    T(
        "en",
        "letter",
        "Dear {title} {last},\n\nto open your instalment plan we need your Belgian national register number. You gave us {benn} on {date}; please confirm it.\n\nRegards,\n{name2}",
    ),
    # ---------------- English multiline ----------------
    T("en", "multiline", "Ship to:\n{name}\n{addr_ml}"),
    T("en", "multiline", "{name}\n{addr_ml}\n{phone}"),
    T("en", "multiline", "Billing address:\n{title} {name}\n{addr_ml}\n\nDelivery: same as billing"),
    # ---------------- French chat ----------------
    T(
        "fr",
        "chat",
        "bonjour, je m'appelle {name}, j'ai commandé « {product_fr} » le {date_fr}, toujours pas reçu (commande {order})",
    ),
    T("fr", "chat", "Bonjour, c'est {name}. Merci de livrer à {addr} au lieu de l'adresse du compte."),
    T("fr", "chat", "est-ce que {name2} peut récupérer ma commande {order} en magasin ?"),
    T("fr", "chat", "{first2} et {first3} vont utiliser la tente, elle tient bien le vent ?"),
    T("fr", "chat", "mon nouveau numéro : {phone}, merci de mettre à jour"),
    T("fr", "chat", "envoyez la facture à {email} svp, c'était {price_fr}"),
    T("fr", "chat", "ma carte {card} a été débitée deux fois pour {price_fr} !"),
    T("fr", "chat", "Remboursement sur mon compte {iban} svp, commande {order}"),
    T("fr", "chat", "Mon numéro de sécu est {nir}, c'est pour le financement du vélo électrique"),
    T("fr", "chat", "livraison pour {name}, {addr}, digicode 4521B"),
    T("fr", "chat", "Je suis {name}, j'habite près de {place_fr}, je passe chercher {order} le {date_fr} à {time_fr}"),
    T("fr", "chat", "Rappelez-moi au {phone} après {time_fr} svp, c'est pour l'article {product_fr}"),
    T("fr", "chat", "commande au nom de {name}, merci de prévenir quand c'est prêt"),
    T("fr", "chat", "mon numéro de registre national est {benn}, c'est demandé pour le paiement en 3 fois"),
    T("fr", "chat", "Bonjour, je suis {first}, j'ai un souci avec l'article {product_fr} ({sku})"),
    T("fr", "chat", "Salut, {name} ici, mon mail c'est {email} et mon tel {phone}"),
    T("fr", "chat", "codice fiscale {cf} : pouvez-vous l'ajouter sur la facture ? je suis {name}"),
    T("fr", "chat", "mon NIE est {nie}, il me faut une factura pour la commande {order}"),
    T("fr", "chat", "c'est {name2} qui signera pour le colis {tracking}, je serai au boulot"),
    T("fr", "chat", "vous pouvez joindre {first2} au {phone} s'il y a un souci de livraison"),
    T("fr", "chat", "pour la facture espagnole : {name}, DNI {dni}, {addr}"),
    T("fr", "chat", "bonjour, mon code fiscal italien est {cf} et mon adresse {addr}"),
    # ---------------- French chat, no PII ----------------
    T("fr", "chat", "L'article « {product_fr} » est-il dispo en taille {size} ? J'en ai besoin avant le {date_fr}."),
    T("fr", "chat", "Commande {order} passée le {datetime}, toujours en préparation. Suivi {tracking}."),
    T("fr", "chat", "Combien coûte la livraison {to_country_fr} ? L'article {product_fr} est à {price_fr}."),
    T("fr", "chat", "J'habite près de {place_fr}, vous avez un magasin ? Je cherche du {brand}."),
    T("fr", "chat", "Je peux retourner l'article {product_fr} (EAN {ean}) acheté le {date_fr} à {time_fr} ?"),
    T("fr", "chat", "colis reçu le {date_fr}, carton abîmé, il manque {qty}"),
    # ---------------- French forms ----------------
    T("fr", "form", "Nom : {name}\nAdresse : {addr}\nTéléphone : {phone}\nE-mail : {email}"),
    T("fr", "form", "Nom : {last_upper}\nPrénom : {first}\nN° de sécurité sociale : {nir}\nCommande : {order}"),
    T(
        "fr",
        "form",
        "Client : {name}\nAdresse de livraison :\n{addr_ml}\nTél. : {phone}\nN° de commande : {order}\nDate : {datetime}",
    ),
    T("fr", "form", "Titulaire de la carte : {name}\nNuméro : {card}\nExpiration : {cardexp}\nMontant : {price_fr}"),
    T("fr", "form", "Titulaire du compte : {name}\nIBAN : {iban}\nMotif : remboursement {order}"),
    T(
        "fr",
        "form",
        "Bon de retour\nCommande : {order}\nArticle : {product_fr}\nRéf. : {sku}\nQuantité : {qty}\nDate : {date_fr}",
    ),
    T("fr", "form", "Nom et prénom : {name}\nN° national : {benn}\nGSM : {phone}"),
    T("fr", "form", "Demande de financement\nNom : {name}\nNIR : {nir}\nAdresse : {addr}\nTél. portable : {phone}"),
    # ---------------- French signatures ----------------
    T(
        "fr",
        "signature",
        "Bonjour, la fermeture de l'article « {product_fr} » est cassée. Pouvez-vous l'échanger ?\n\nCordialement,\n{name}\n{phone}",
    ),
    T("fr", "signature", "Merci pour votre réponse concernant la commande {order}.\n\nBien à vous,\n{first}"),
    T(
        "fr",
        "signature",
        "Merci d'annuler {order}, je me suis trompé de taille ({size}).\n\nBonne journée,\n{name}\n{email}",
    ),
    T(
        "fr",
        "signature",
        "Ci-joint mes coordonnées pour le paiement en 4 fois.\n\nCordialement,\n{name}\nN° de registre national : {benn}\nIBAN : {iban}",
    ),
    T(
        "fr",
        "signature",
        "Bonjour, quand l'article {product_fr} sera-t-il de nouveau en stock ?\n\nMerci d'avance\n\nEnvoyé de mon iPhone",
    ),
    # ---------------- French letters / e-mails ----------------
    T(
        "fr",
        "letter",
        "Bonjour {title_fr} {last},\n\nNous vous remercions pour votre commande {order}, expédiée le {date_fr}.\n\nCordialement,\n{name2}\nService client Sommet Sports",
    ),
    T(
        "fr",
        "letter",
        "{cher} {first},\n\nvotre remboursement de {price_fr} a été effectué sur le compte {iban}.\n\nL'équipe Sommet Sports",
    ),
    T(
        "fr",
        "letter",
        "Madame, Monsieur,\n\nJe vous écris au sujet de la commande {order}. Merci de la livrer à ma nouvelle adresse :\n{addr_ml}\n\nVeuillez agréer mes salutations distinguées.\n{name}",
    ),
    T(
        "fr",
        "email",
        "De : {name} <{email}>\nÀ : service-client@sommet-sports.example\nObjet : Commande {order}\nDate : {email_date_fr}\n\nBonjour, puis-je changer la couleur ?\n{first}",
    ),
    T(
        "fr",
        "email",
        "Bonjour {title_fr} {last},\n\nsuite à notre appel du {date_fr} à {time_fr}, nous vous rappellerons au {phone}.\n\n{name2}",
    ),
    # ---------------- French multiline ----------------
    T("fr", "multiline", "Livrer à :\n{name}\n{addr_ml}"),
    T("fr", "multiline", "{name}\n{addr_ml}\nTél : {phone}"),
    T("fr", "multiline", "Adresse de facturation :\n{title_fr} {name}\n{addr_ml}"),
]

PII_SLOTS = {
    "name",
    "first",
    "last",
    "last_upper",
    "name2",
    "first2",
    "first3",
    "addr",
    "addr_ml",
    "addr2",
    "phone",
    "phone2",
    "email",
    "email2",
    "card",
    "iban",
    "ssn",
    "nino",
    "dni",
    "nie",
    "dni_or_nie",
    "cf",
    "benn",
    "nir",
}
SLOT_RE = re.compile(r"\{(\w+)\}")


def template_has_pii(t: T) -> bool:
    return any(s in PII_SLOTS for s in SLOT_RE.findall(t.text))


NAME_STYLES = {  # form -> [(style, weight)]
    "chat": [("full", 80), ("initials", 5), ("first_upper_last", 3), ("mid_initial", 4), ("last_comma_first", 0)],
    "form": [
        ("full", 40),
        ("upper_last_first", 25),
        ("first_upper_last", 15),
        ("last_comma_first", 10),
        ("initials", 10),
    ],
    "signature": [("full", 72), ("initials", 15), ("mid_initial", 13)],
    "letter": [("full", 78), ("initials", 14), ("mid_initial", 8)],
    "email": [("full", 85), ("initials", 10), ("first_upper_last", 5)],
    "multiline": [("full", 55), ("upper_last_first", 15), ("first_upper_last", 15), ("initials", 15)],
}

EMAIL_DOMAINS = {
    "FR": ["orange.fr", "free.fr", "laposte.net", "sfr.fr", "hotmail.fr", "outlook.fr", "wanadoo.fr"],
    "DE": ["gmx.de", "web.de", "t-online.de", "posteo.de"],
    "AT": ["gmx.at", "aon.at"],
    "CH": ["bluewin.ch", "gmx.ch"],
    "GB": ["btinternet.com", "yahoo.co.uk", "sky.com", "hotmail.co.uk"],
    "IT": ["libero.it", "tiscali.it", "virgilio.it"],
    "ES": ["hotmail.es", "telefonica.net", "yahoo.es"],
    "NL": ["ziggo.nl", "kpnmail.nl", "hetnet.nl"],
    "BE": ["skynet.be", "telenet.be", "proximus.be"],
    "PL": ["wp.pl", "onet.pl", "o2.pl", "interia.pl"],
    "CZ": ["seznam.cz", "email.cz"],
    "SE": ["telia.com", "bredband.net"],
    "NO": ["online.no"],
    "DK": ["mail.dk"],
    "FI": ["luukku.com"],
    "PT": ["sapo.pt"],
    "BR": ["uol.com.br", "bol.com.br"],
    "IN": ["rediffmail.com"],
    "IE": ["eircom.net"],
    "HU": ["freemail.hu", "citromail.hu"],
    "RO": ["yahoo.ro"],
    "TR": ["hotmail.com.tr"],
}
EMAIL_GENERIC = [
    "gmail.com",
    "outlook.com",
    "icloud.com",
    "proton.me",
    "yahoo.com",
    "hotmail.com",
    "gmx.net",
    "mail.com",
    "fastmail.com",
]

MONTHS_EN = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
MONTHS_FR = [
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
]
DAYS_EN = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
DAYS_FR = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]
BRANDS_EXTRA = ["Gore-Tex", "Vibram", "Shimano", "Primaloft", "Polartec", "Sommet Sports", "Comptoir"]

TITLES = {
    "en": {"f": ["Mrs", "Ms", "Ms.", "Mrs.", "Miss", "Dr", "Dr."], "m": ["Mr", "Mr.", "Dr", "Dr."]},
    "fr": {"f": ["Madame", "Mme", "Mme", "Mlle", "Dr", "Docteure"], "m": ["Monsieur", "M.", "M.", "Dr"]},
    "de": {"f": ["Frau", "Frau Dr."], "m": ["Herr", "Herr Dr."]},
}
CASUAL_TYPOS = [
    ("please", "pls"),
    ("thanks", "thx"),
    ("you", "u"),
    ("the", "teh"),
    ("order", "oder"),
    ("address", "adress"),
    ("because", "bc"),
    ("merci", "mrc"),
    ("commande", "comande"),
    ("bonjour", "bjr"),
    ("s'il vous plaît", "svp"),
    ("number", "numbr"),
]


# ---------------------------------------------------------------------------------------
# generator
# ---------------------------------------------------------------------------------------


class _Cycle:
    """Deterministic shuffled cycle: every item appears once per round."""

    def __init__(self, items, rng):
        self.items, self.rng, self.buf = list(items), rng, []

    def next(self):
        if not self.buf:
            self.buf = self.items[:]
            self.rng.shuffle(self.buf)
        return self.buf.pop()


class Generator:
    def __init__(self, part: str, seed: int = 0):
        if part not in PARTS:
            raise ValueError(f"part must be one of {PARTS}")
        self.part = part
        self.seed = seed
        self.base = stable_int("comptoir-pii-generated", part, seed)
        self.rng = random.Random(self.base)
        self._fakers: dict[str, Faker] = {}
        self.persons = PersonMaker(part, self.rng, self.faker)
        self.addresses = AddressMaker(self.rng, self.faker)
        self.phones = PhoneMaker(self.rng)
        self.catalog = json.loads(CATALOG.read_text(encoding="utf-8"))
        self.skus = [v["sku"] for p in self.catalog for v in p.get("variants", [])] or [p["sku"] for p in self.catalog]
        self.brands = sorted({p["brand"] for p in self.catalog}) + BRANDS_EXTRA
        self.locale_cycle = _Cycle(list(NAME_LOCALES), self.rng)
        self.country_cycle = _Cycle(self.addresses.countries(), self.rng)
        self.region_cycle = _Cycle(PHONE_REGIONS, self.rng)
        self.iban_cycle = _Cycle(sorted(IBAN_LAYOUT), self.rng)
        by_lang = collections.defaultdict(list)
        for i, t in enumerate(TEMPLATES):
            by_lang[(t.lang, template_has_pii(t))].append(i)
        self.template_cycles = {k: _Cycle(v, self.rng) for k, v in sorted(by_lang.items())}
        self.meta: list[dict] = []  # per record: template index, address countries, phone regions

    def faker(self, loc: str) -> Faker:
        if loc not in self._fakers:
            f = Faker(loc)
            f.seed_instance(stable_int(self.base, loc))
            self._fakers[loc] = f
        return self._fakers[loc]

    # --- values --------------------------------------------------------------------
    def new_person(self, country_hint: str | None = None) -> Person:
        loc = self.locale_cycle.next()
        return self.persons.make(loc)

    def name_style(self, form: str) -> str:
        styles = NAME_STYLES[form]
        return self.rng.choices([s for s, _ in styles], [w for _, w in styles])[0]

    def email_for(self, p: Person | None, country: str) -> str:
        rng = self.rng
        if p is None or rng.random() < 0.15:  # any part, as the brief allows
            p = self.persons_any()
        f = re.sub(r"[^a-z]", "", ascii_fold(p.first.split(" ")[0].split("-")[0]).lower()) or "client"
        last_tokens = [t for t in re.split(r"[\s\-']+", p.last) if t]
        lall = re.sub(r"[^a-z]", "", ascii_fold("".join(last_tokens)).lower()) or "shop"
        lmain = re.sub(r"[^a-z]", "", ascii_fold(last_tokens[-1]).lower()) or lall
        yy = str(rng.randint(60, 99) if rng.random() < 0.6 else rng.randint(0, 12)).zfill(2)
        local = _pick(
            rng,
            [
                f"{f}.{lall}",
                f"{f}{lall}",
                f"{f[0]}.{lmain}",
                f"{f}_{lall}",
                f"{lall}.{f}",
                f"{f}{yy}",
                f"{f[0]}{lall}{yy}",
                f"{f}.{lmain[0]}",
                f"{f}-{lall}",
                f"{lall}{f[0]}",
                f"{f}.{lall}{rng.randint(1, 999)}",
            ],
        )
        domains = EMAIL_DOMAINS.get(country, []) + EMAIL_GENERIC
        dom = _pick(rng, domains) if rng.random() < 0.85 else f"{lall[:12] or 'home'}.{_pick(rng, ['net', 'eu', 'me'])}"
        return f"{local}@{dom}"

    def persons_any(self) -> Person:
        other = "holdout" if self.part == "dev" else "dev"
        maker = PersonMaker(other if self.rng.random() < 0.5 else self.part, self.rng, self.faker)
        return maker.make(_pick(self.rng, list(NAME_LOCALES)))

    def address_for(self, p: Person | None) -> Address:
        c = p.country() if p else None
        if c in self.addresses.builders and self.rng.random() < 0.6:
            return self.addresses.make(c)
        return self.addresses.make(self.country_cycle.next())

    def phone_for(self, p: Person | None, addr: Address | None) -> tuple[str, str]:
        rng = self.rng
        r = rng.random()
        if p and r < 0.45:
            region = p.country()
        elif addr and r < 0.65 and addr.country in PHONE_REGIONS:
            region = addr.country
        else:
            region = self.region_cycle.next()
        num = self.phones.number(region)
        return self.phones.text(num, region), region

    def card(self) -> str:
        rng = self.rng
        kind = rng.choices(["visa16", "mastercard", "amex", "maestro"], [45, 35, 15, 5])[0]
        f = self.faker("en_US")
        num = f.credit_card_number(card_type=kind)
        if kind == "maestro" and len(num) not in (16, 19):
            num = f.credit_card_number(card_type="visa16")
        sep = rng.choices([" ", "-", ""], [55, 20, 25])[0]
        groups = [num[:4], num[4:10], num[10:]] if len(num) == 15 else [num[i : i + 4] for i in range(0, len(num), 4)]
        return sep.join(groups)

    def iban(self, p: Person | None) -> str:
        rng = self.rng
        c = p.country() if p else None
        cc = c if (c in IBAN_LAYOUT and rng.random() < 0.5) else self.iban_cycle.next()
        s = make_iban(rng, cc)
        if rng.random() < 0.6:
            s = " ".join(s[i : i + 4] for i in range(0, len(s), 4))
        return s

    def ssn(self) -> str:
        rng = self.rng
        while True:
            a = rng.randint(1, 899)
            if a != 666:
                break
        s = f"{a:03d}-{rng.randint(1, 99):02d}-{rng.randint(1, 9999):04d}"
        r = rng.random()
        return s if r < 0.7 else s.replace("-", " ") if r < 0.85 else s.replace("-", "")

    def nino(self) -> str:
        rng = self.rng
        while True:
            pre = rng.choice(NINO_FIRST) + rng.choice(NINO_SECOND)
            if pre not in NINO_BAD:
                break
        d = _digits(rng, 6)
        suf = rng.choice("ABCD")
        r = rng.random()
        if r < 0.5:
            return f"{pre} {d[:2]} {d[2:4]} {d[4:]} {suf}"
        if r < 0.8:
            return f"{pre}{d}{suf}"
        return f"{pre} {d} {suf}"

    def dni(self) -> str:
        rng = self.rng
        n = rng.randint(1_000_000, 99_999_999)
        s = f"{n:08d}"
        letter = DNI_LETTERS[n % 23]
        r = rng.random()
        return f"{s}{letter}" if r < 0.6 else f"{s}-{letter}" if r < 0.85 else f"{s[:2]}.{s[2:5]}.{s[5:]}-{letter}"

    def nie(self) -> str:
        rng = self.rng
        pre = rng.choice("XYZ")
        d = _digits(rng, 7)
        letter = DNI_LETTERS[int(str("XYZ".index(pre)) + d) % 23]
        return f"{pre}{d}{letter}" if rng.random() < 0.7 else f"{pre}-{d}-{letter}"

    def cf(self) -> str:
        for _ in range(20):
            v = self.faker("it_IT").ssn()
            if cf_ok(v):
                return v
        raise RuntimeError("Faker it_IT ssn did not give a valid codice fiscale")

    def benn(self) -> str:
        rng = self.rng
        year = rng.randint(1940, 2006)
        yy, mm, dd = year % 100, rng.randint(1, 12), rng.randint(1, 28)
        serial = rng.randint(1, 997)
        body = f"{yy:02d}{mm:02d}{dd:02d}{serial:03d}"
        key = 97 - (int(("2" if year >= 2000 else "") + body) % 97)
        s = f"{body}{key:02d}"
        r = rng.random()
        if r < 0.6:
            return f"{s[:2]}.{s[2:4]}.{s[4:6]}-{s[6:9]}.{s[9:]}"
        return s if r < 0.85 else f"{s[:6]} {s[6:9]} {s[9:]}"

    def nir(self, p: Person | None) -> str:
        rng = self.rng
        sex = ("2" if p.gender == "f" else "1") if p else rng.choice("12")
        yy, mm = rng.randint(0, 99), rng.randint(1, 12)
        dept = rng.choice([d for d in range(1, 96) if d != 20])
        body = f"{sex}{yy:02d}{mm:02d}{dept:02d}{rng.randint(1, 990):03d}{rng.randint(1, 999):03d}"
        key = 97 - int(body) % 97
        s = f"{body}{key:02d}"
        if rng.random() < 0.6:
            return f"{s[0]} {s[1:3]} {s[3:5]} {s[5:7]} {s[7:10]} {s[10:13]} {s[13:]}"
        return s

    # --- distractors ---------------------------------------------------------------
    def _dt(self):
        rng = self.rng
        return (
            rng.randint(1998, 2026),
            rng.randint(1, 12),
            rng.randint(1, 28),
            rng.randint(0, 23),
            rng.randint(0, 59),
            rng.randint(0, 59),
        )

    def date(self, fr=False):
        y, m, d, *_ = self._dt()
        rng = self.rng
        if fr:
            return _pick(
                rng,
                [
                    f"{d:02d}/{m:02d}/{y}",
                    f"{d} {MONTHS_FR[m - 1]} {y}",
                    f"{d} {MONTHS_FR[m - 1]}",
                    f"{d:02d}.{m:02d}.{y}",
                    f"{y}-{m:02d}-{d:02d}",
                    f"{d:02d}/{m:02d}",
                    f"{DAYS_FR[rng.randrange(7)]} {d} {MONTHS_FR[m - 1]}",
                    f"{d:02d}/{m:02d}/{y % 100:02d}",
                ],
            )
        return _pick(
            rng,
            [
                f"{y}-{m:02d}-{d:02d}",
                f"{d:02d}/{m:02d}/{y}",
                f"{m:02d}/{d:02d}/{y}",
                f"{MONTHS_EN[m - 1]} {d}, {y}",
                f"{d} {MONTHS_EN[m - 1]} {y}",
                f"{d:02d}.{m:02d}.{y}",
                f"{MONTHS_EN[m - 1][:3]} {d}",
                f"{d}/{m}",
                f"{m}/{d}/{y % 100:02d}",
            ],
        )

    def time(self, fr=False):
        _, _, _, h, mi, s = self._dt()
        rng = self.rng
        if fr:
            return _pick(rng, [f"{h}h{mi:02d}", f"{h}h", f"{h:02d}:{mi:02d}", f"{h} h {mi:02d}"])
        h12 = h % 12 or 12
        return _pick(
            rng,
            [
                f"{h:02d}:{mi:02d}",
                f"{h12}:{mi:02d} {'pm' if h >= 12 else 'am'}",
                f"{h12}{'pm' if h >= 12 else 'am'}",
                f"{h:02d}:{mi:02d}:{s:02d}",
                f"{h12}.{mi:02d}",
            ],
        )

    def datetime(self):
        y, m, d, h, mi, s = self._dt()
        h12 = h % 12 or 12
        return _pick(
            self.rng,
            [
                f"{y}-{m:02d}-{d:02d} {h:02d}:{mi:02d}",
                f"{y}-{m:02d}-{d:02d}T{h:02d}:{mi:02d}:{s:02d}Z",
                f"{y}-{m:02d}-{d:02d} {h:02d}:{mi:02d}:{s:02d}",
                f"{d:02d}/{m:02d}/{y} {h:02d}:{mi:02d}",
                f"{MONTHS_EN[m - 1][:3]} {d}, {y}, {h12}:{mi:02d} {'PM' if h >= 12 else 'AM'}",
                f"{y}-{m:02d}-{d:02d}T{h:02d}:{mi:02d}:{s:02d}+02:00",
                f"{y}-{m:02d}-{d:02d} {h:02d}",
                f"{y}{m:02d}{d:02d} {h:02d}{mi:02d}",
                f"{d:02d}.{m:02d}.{y} um {h:02d}:{mi:02d}",
            ],
        )

    def email_date(self, fr=False):
        y, m, d, h, mi, s = self._dt()
        if fr:
            return f"{DAYS_FR[(d + m) % 7]} {d} {MONTHS_FR[m - 1]} {y} {h:02d}:{mi:02d}"
        return f"{DAYS_EN[(d + m) % 7]}, {d} {MONTHS_EN[m - 1][:3]} {y} {h:02d}:{mi:02d}:{s:02d} +0{self.rng.randint(0, 2)}00"

    def order(self):
        rng = self.rng
        y = rng.randint(2019, 2026)
        return _pick(
            rng,
            [
                f"CMD-{y}-{rng.randint(10000, 99999)}",
                f"#{rng.randint(100000, 999999)}",
                f"SS-{rng.randint(100000, 999999)}",
                f"WEB-{y}-{rng.randint(1000000, 9999999)}",
                f"{rng.randint(100000, 999999)}",
                f"A-{y}-{rng.randint(1, 12):02d}-{rng.randint(1, 9999):04d}",
                f"n° {y}-{rng.randint(1, 999999):06d}",
                f"{y}{rng.randint(100000, 999999)}",
            ],
        )

    def tracking(self):
        rng = self.rng
        al = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789"
        return _pick(
            rng,
            [
                "1Z" + "".join(rng.choice(al) for _ in range(6)) + _digits(rng, 10),
                f"6A{_digits(rng, 11)}",
                f"LA{_digits(rng, 9)}FR",
                f"JJD{_digits(rng, 18)}",
                f"00340434{_digits(rng, 12)}",
                f"RR{_digits(rng, 9)}GB",
                f"XY{_digits(rng, 9)}FR",
                _digits(rng, 11),
                f"CB{_digits(rng, 9)}DE",
            ],
        )

    def price(self, fr=False):
        rng = self.rng
        p = (
            rng.choice([p["price"] for p in self.catalog])
            if rng.random() < 0.7
            else rng.randint(5, 3000) + rng.choice([0, 0.5, 0.9, 0.99])
        )
        whole, cents = int(p), int(round((p - int(p)) * 100))
        en = f"{whole:,}.{cents:02d}"
        frs = f"{whole:,}".replace(",", "\u202f" if rng.random() < 0.3 else " ") + f",{cents:02d}"
        if fr:
            return _pick(rng, [f"{frs} €", f"{frs}€", f"{whole} €", f"{frs} EUR", f"{whole},{cents:02d} euros"])
        return _pick(
            rng,
            [
                f"€{en}",
                f"{en} EUR",
                f"£{en}",
                f"${en}",
                f"EUR {whole}",
                f"CHF {whole}.-",
                f"{frs} €",
                f"{whole}.{cents:02d}€",
            ],
        )

    def size(self):
        return _pick(
            self.rng,
            [
                "M",
                "XL",
                "S",
                "L/XL",
                "EU 42",
                "UK 8.5",
                "US 10",
                "42",
                "38 2/3",
                "180 cm",
                "XS",
                "44.5",
                "T2",
                "taille 38",
                "L (long)",
                "W32 L34",
                "one size",
                "junior 140",
            ],
        )

    def qty(self):
        return _pick(
            self.rng,
            [
                "2 x 1 L",
                "28,000 mm",
                "350 ml",
                "12 kg",
                "5 km",
                "2 pairs",
                "3 pieces",
                "1.5 L",
                "20 000 mAh",
                "2 piquets",
                "4 sardines",
                "10000 mAh",
                "850 g",
                "65 L",
                "-7 °C",
            ],
        )

    def cardexp(self):
        rng = self.rng
        m, y = rng.randint(1, 12), rng.randint(25, 32)
        return _pick(rng, [f"{m:02d}/{y}", f"{m:02d}/20{y}", f"{m:02d}-{y}"])

    def product(self, fr=False):
        p = _pick(self.rng, self.catalog)
        return p["title_fr"] if fr else p["title"]

    def cased_title(self, p: Person, lang: str) -> str:
        if lang == "en" and p.locale.startswith("de_") and self.rng.random() < 0.4:
            return _pick(self.rng, TITLES["de"][p.gender])
        return _pick(self.rng, TITLES[lang][p.gender])

    # --- records -------------------------------------------------------------------
    def record(self, idx: int) -> dict:
        rng = self.rng
        lang = "en" if rng.random() < 0.6 else "fr"
        has_pii = rng.random() >= 0.15
        t_idx = self.template_cycles[(lang, has_pii)].next()
        t = TEMPLATES[t_idx]
        ctx: dict = {}
        meta = {"template": t_idx, "countries": [], "regions": []}
        slots = SLOT_RE.findall(t.text)
        needs_person = any(
            s in slots for s in ("name", "first", "last", "last_upper", "title", "title_fr", "cher", "email", "nir")
        )
        main = self.new_person() if needs_person else None
        pieces: list[tuple[str, str | None]] = []
        pos = 0
        for m in SLOT_RE.finditer(t.text):
            if m.start() > pos:
                pieces.append((t.text[pos : m.start()], None))
            pieces.extend(self.fill(m.group(1), t, main, ctx, meta))
            pos = m.end()
        if pos < len(t.text):
            pieces.append((t.text[pos:], None))

        # casual chat: lower-case everything typed (ids as typed), and a typo now and then
        if t.form == "chat":
            if rng.random() < 0.25:
                pieces = [
                    (s.lower(), ty) if ty in (None, "PERSON", "ADDRESS", "EMAIL_ADDRESS") else (s, ty)
                    for s, ty in pieces
                ]
            if rng.random() < 0.25:
                lits = [i for i, (s, ty) in enumerate(pieces) if ty is None]
                rng.shuffle(lits)
                for i in lits:
                    s = pieces[i][0]
                    hits = [(a, b) for a, b in CASUAL_TYPOS if re.search(rf"\b{re.escape(a)}\b", s)]
                    if hits:
                        a, b = _pick(rng, hits)
                        pieces[i] = (re.sub(rf"\b{re.escape(a)}\b", b, s, count=1), None)
                        break

        text, spans = "", []
        for s, ty in pieces:
            if ty:
                assert s == s.strip() and s, (s, ty)
                spans.append({"start": len(text), "end": len(text) + len(s), "type": ty, "_value": s})
            text += s
        for sp in spans:
            assert text[sp["start"] : sp["end"]] == sp.pop("_value")
        locale = main.locale if main else (ctx.get("locale") or ("en_GB" if lang == "en" else "fr_FR"))
        self.meta.append(meta)
        return {
            "id": f"gen-{self.part}-{idx + 1:04d}",
            "source": "generated",
            "lang": lang,
            "locale": locale,
            "form": t.form,
            "text": text,
            "spans": spans,
        }

    def fill(self, slot: str, t: T, main: Person | None, ctx: dict, meta: dict) -> list[tuple[str, str | None]]:
        rng = self.rng
        fr = t.lang == "fr"

        def other(key):
            if key not in ctx:
                ctx[key] = self.new_person()
                ctx.setdefault("locale", ctx[key].locale)
            return ctx[key]

        def address():
            if "addr" not in ctx:
                a = self.address_for(main)
                ctx["addr"] = a
                ctx.setdefault("locale", a.locale)
                meta["countries"].append(a.country + (":" + a.kind if a.kind != "street" else ""))
            return ctx["addr"]

        if slot == "name":
            return [(self.persons.render(main, self.name_style(t.form)), "PERSON")]
        if slot == "first":
            return [(main.first, "PERSON")]
        if slot == "last":
            return [(main.last, "PERSON")]
        if slot == "last_upper":
            return [(main.last.upper() if rng.random() < 0.7 else main.last, "PERSON")]
        if slot == "title":
            return [(self.cased_title(main, "en"), None)]
        if slot == "title_fr":
            return [(self.cased_title(main, "fr"), None)]
        if slot == "cher":
            return [("Chère" if main.gender == "f" else "Cher", None)]
        if slot in ("name2",):
            p = other("p2")
            return [(self.persons.render(p, "full" if rng.random() < 0.85 else "initials"), "PERSON")]
        if slot in ("first2", "first3"):
            return [(other("p" + slot[-1]).first, "PERSON")]
        if slot in ("addr", "addr_ml", "addr2"):
            a = address() if slot != "addr2" else self.address_for(None)
            if slot == "addr2":
                meta["countries"].append(a.country)
            cn = COUNTRY_NAMES[a.country]
            if slot == "addr_ml":
                s = a.multi_line()
                if rng.random() < 0.25 and a.kind != "military":
                    s += "\n" + _pick(rng, [cn[1] if fr else cn[0], cn[2]]).upper()
            else:
                s = a.one_line()
                if rng.random() < 0.2 and a.kind != "military":
                    s += ", " + _pick(rng, [cn[1] if fr else cn[0], cn[2]])
            return [(s, "ADDRESS")]
        if slot in ("phone", "phone2"):
            s, region = self.phone_for(main, ctx.get("addr"))
            meta["regions"].append(region)
            ctx.setdefault("locale", REGION_LOCALE.get(region))
            return [(s, "PHONE_NUMBER")]
        if slot in ("email", "email2"):
            p = main if slot == "email" else other("p2")
            s = self.email_for(p, p.country() if p else "FR")
            return [(s, "EMAIL_ADDRESS")]
        if slot == "card":
            return [(self.card(), "CREDIT_CARD")]
        if slot == "iban":
            return [(self.iban(main), "IBAN_CODE")]
        if slot == "ssn":
            return [(self.ssn(), "US_SSN")]
        if slot == "nino":
            return [(self.nino(), "UK_NINO")]
        if slot == "dni":
            return [(self.dni(), "ES_NIF")]
        if slot == "nie":
            return [(self.nie(), "ES_NIF")]
        if slot == "dni_or_nie":
            return [(self.dni() if rng.random() < 0.5 else self.nie(), "ES_NIF")]
        if slot == "cf":
            return [(self.cf(), "IT_FISCAL_CODE")]
        if slot == "benn":
            return [(self.benn(), "BE_NATIONAL_NUMBER")]
        if slot == "nir":
            return [(self.nir(main), "FR_NIR")]
        # distractors
        simple = {
            "date": lambda: self.date(False),
            "date_fr": lambda: self.date(True),
            "time": lambda: self.time(False),
            "time_fr": lambda: self.time(True),
            "datetime": self.datetime,
            "email_date": lambda: self.email_date(False),
            "email_date_fr": lambda: self.email_date(True),
            "order": self.order,
            "tracking": self.tracking,
            "price": lambda: self.price(False),
            "price_fr": lambda: self.price(True),
            "size": self.size,
            "ean": lambda: ean13(rng, _pick(rng, ["3", "4", "5", "76", "80"])),
            "sku": lambda: _pick(rng, self.skus),
            "product": lambda: self.product(False),
            "product_fr": lambda: self.product(True),
            "brand": lambda: _pick(rng, self.brands),
            "place": lambda: _pick(rng, PLACES_EN),
            "place_fr": lambda: _pick(rng, PLACES_FR),
            "country": lambda: _pick(rng, COUNTRIES_EN),
            "to_country_fr": lambda: _pick(rng, TO_COUNTRY_FR),
            "store": lambda: _pick(rng, ["Lyon", "Annecy", "Grenoble", "Chamonix", "Lille", "Bruxelles", "Genève"]),
            "qty": self.qty,
            "cardexp": self.cardexp,
        }
        if slot in simple:
            return [(simple[slot](), None)]
        raise KeyError(f"unknown slot {slot!r} in template {t.text!r}")


def generate(part: str, n: int = 800, seed: int = 0) -> list[dict]:
    """part is "dev" or "holdout"."""
    g = Generator(part, seed)
    return [g.record(i) for i in range(n)]


def generate_with_meta(part: str, n: int = 800, seed: int = 0) -> tuple[list[dict], list[dict]]:
    g = Generator(part, seed)
    recs = [g.record(i) for i in range(n)]
    return recs, g.meta


# ---------------------------------------------------------------------------------------
# checks and stats
# ---------------------------------------------------------------------------------------


def check(
    records: list[dict], part: str | None = None, meta: list[dict] | None = None, coverage: bool = True
) -> list[str]:
    """Return a list of problems (empty when all holds)."""
    problems = []
    ids = set()
    for r in records:
        rid = r.get("id")
        if rid in ids:
            problems.append(f"{rid}: duplicate id")
        ids.add(rid)
        for k in ("id", "source", "lang", "locale", "form", "text", "spans"):
            if k not in r:
                problems.append(f"{rid}: missing {k}")
        text = r["text"]
        prev_end = -1
        for sp in sorted(r["spans"], key=lambda s: (s["start"], s["end"])):
            s, e, ty = sp["start"], sp["end"], sp["type"]
            v = text[s:e]
            if ty not in TYPES:
                problems.append(f"{rid}: bad type {ty}")
            if not (0 <= s < e <= len(text)):
                problems.append(f"{rid}: bad offsets {s}-{e}")
                continue
            if s < prev_end:
                problems.append(f"{rid}: overlapping spans at {s}")
            prev_end = e
            if v != v.strip():
                problems.append(f"{rid}: span with outer whitespace {v!r}")
            if ty in VALIDATORS and not VALIDATORS[ty](v):
                problems.append(f"{rid}: {ty} does not check: {v!r}")
            if ty == "PHONE_NUMBER" and not phone_ok(
                v, "FR" if v.startswith("00") else None if v.startswith("+") else _region_guess(r, v)
            ):
                problems.append(f"{rid}: phone not valid: {v!r}")
            if ty == "PERSON" and part and not name_in_part(v, part):
                problems.append(f"{rid}: name {v!r} not of part {part}")
    if coverage and len(records) >= 400:
        used = {r["locale"] for r in records}
        missing = [loc for loc in NAME_LOCALES if loc not in used]
        if missing:
            problems.append(f"name locales never used: {missing}")
        if meta:
            countries = {c.split(":")[0] for m in meta for c in m["countries"]}
            regions = {x for m in meta for x in m["regions"]}
            if len(countries) < 10:
                problems.append(f"only {len(countries)} address countries")
            if len(regions) < 30:
                problems.append(f"only {len(regions)} phone regions")
            if len({m["template"] for m in meta}) < 60:
                problems.append("fewer than 60 templates used")
    return problems


def _region_guess(rec, v):
    # national-format numbers: try every region, accept if valid for one of them
    for reg in PHONE_REGIONS:
        if phone_ok(v, reg):
            return reg
    return None


def stats(records: list[dict], meta: list[dict] | None = None) -> str:
    by_type = collections.Counter(sp["type"] for r in records for sp in r["spans"])
    by_locale = collections.Counter(r["locale"] for r in records)
    by_form = collections.Counter(r["form"] for r in records)
    by_lang = collections.Counter(r["lang"] for r in records)
    npii = collections.Counter(min(len(r["spans"]), 5) for r in records)
    person_locales = collections.Counter(r["locale"] for r in records if any(s["type"] == "PERSON" for s in r["spans"]))
    out = [
        f"records: {len(records)}",
        f"lang: {dict(by_lang)}",
        f"form: {dict(by_form)}",
        "spans per record: " + ", ".join(f"{k}{'+' if k == 5 else ''}: {v}" for k, v in sorted(npii.items())),
        "per type:",
    ]
    out += [f"  {k:20} {v}" for k, v in sorted(by_type.items(), key=lambda kv: -kv[1])]
    out.append(f"per locale ({len(by_locale)} locales; records with a PERSON span in {len(person_locales)}):")
    out += [
        "  " + "  ".join(f"{k}:{v}" for k, v in sorted(by_locale.items())[i : i + 8])
        for i in range(0, len(by_locale), 8)
    ]
    if meta:
        countries = collections.Counter(c for m in meta for c in m["countries"])
        regions = collections.Counter(x for m in meta for x in m["regions"])
        out.append(
            f"address countries ({len({c.split(':')[0] for c in countries})}): "
            + ", ".join(f"{k}:{v}" for k, v in sorted(countries.items()))
        )
        out.append(f"phone regions ({len(regions)}): " + ", ".join(f"{k}:{v}" for k, v in sorted(regions.items())))
        out.append(f"templates used: {len({m['template'] for m in meta})} of {len(TEMPLATES)}")
    return "\n".join(out)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--part", choices=PARTS, default="dev")
    ap.add_argument("--n", type=int, default=800)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--out", help="JSONL file to write (stdout if omitted and no --stats)")
    ap.add_argument("--stats", action="store_true", help="print counts per type, locale, form, ...")
    args = ap.parse_args(argv)
    recs, meta = generate_with_meta(args.part, args.n, args.seed)
    problems = check(recs, args.part, meta)
    if args.out:
        with open(args.out, "w", encoding="utf-8") as fh:
            for r in recs:
                fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    elif not args.stats:
        for r in recs:
            sys.stdout.write(json.dumps(r, ensure_ascii=False) + "\n")
    if args.stats:
        print(stats(recs, meta))
    for p in problems[:50]:
        print("PROBLEM:", p, file=sys.stderr)
    if problems:
        print(f"{len(problems)} problems", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
