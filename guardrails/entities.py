"""The kinds of personal data the redactor finds, their placeholders' names, and the one spelling two forms of a
value share; nothing here loads Presidio or spaCy (the data-subject commands read it)."""

from __future__ import annotations

import re
import unicodedata

import phonenumbers

from guardrails.postcodes import POSTCODE

PERSON = "PERSON"
EMAIL = "EMAIL_ADDRESS"
PHONE = "PHONE_NUMBER"
CARD = "CREDIT_CARD"
IBAN = "IBAN_CODE"
NIR = "FR_NIR"
IP = "IP_ADDRESS"
BIRTH_DATE = "DATE_OF_BIRTH"
ADDRESS = "ADDRESS"
US_SSN = "US_SSN"
UK_NINO = "UK_NINO"
ES_NIF = "ES_NIF"
"""A Spanish DNI or NIE."""
IT_FISCAL_CODE = "IT_FISCAL_CODE"
BE_NATIONAL_NUMBER = "BE_NATIONAL_NUMBER"
NATIONAL_IDS = (NIR, US_SSN, UK_NINO, ES_NIF, IT_FISCAL_CODE, BE_NATIONAL_NUMBER)
"""The national ID numbers of the shop's regions; each counts only when its check letter or digits check."""

ENTITIES = (PERSON, EMAIL, PHONE, CARD, IBAN, IP, BIRTH_DATE, ADDRESS, *NATIONAL_IDS)
"""Every kind of personal data the redactor looks for."""

PLACEHOLDER_NAMES = {
    PERSON: "PERSON",
    EMAIL: "EMAIL",
    PHONE: "PHONE",
    CARD: "CARD",
    IBAN: "IBAN",
    NIR: "NIR",
    IP: "IP",
    BIRTH_DATE: "BIRTH_DATE",
    ADDRESS: "ADDRESS",
    US_SSN: "SSN",
    UK_NINO: "NINO",
    ES_NIF: "NIF",
    IT_FISCAL_CODE: "FISCAL_CODE",
    BE_NATIONAL_NUMBER: "NATIONAL_NUMBER",
    POSTCODE: "POSTCODE",
}


def phone_key(value: str, region: str = "FR") -> str:
    """One spelling per phone number: ``06 12 34 56 78`` and ``+33 6 12 34 56 78`` are the same."""
    try:
        parsed = phonenumbers.parse(re.sub(r"^00", "+", value.strip()), region)
        return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
    except phonenumbers.NumberParseException:
        return re.sub(r"\D", "", value)


def normalise(entity: str, value: str) -> str:
    """The form two spellings of one value share: case, spaces and phone formatting do not count."""
    value = unicodedata.normalize("NFKC", value).strip()
    if entity == PHONE:
        return phone_key(value)
    if entity == EMAIL:
        return value.casefold()
    if entity == IBAN or entity.endswith(("CARD", "NIR")):
        return re.sub(r"[\s.\-]", "", value).upper()
    if entity == POSTCODE:  # "nw1 6xe" is "NW1 6XE", "B-1000" is "1000"
        return re.sub(r"^[A-Z]{1,2}-(?=\d)", "", re.sub(r"\s", "", value.upper()))
    return " ".join(value.casefold().split())
