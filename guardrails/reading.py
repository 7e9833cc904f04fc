"""Reading a text for personal data: Presidio's analyzer over the spaCy pipelines, with our recognizers next to
Presidio's own (French social security numbers, postal addresses, dates of birth, names given with a cue, names
from the gazetteer).

Only the process that reads texts imports this module (Presidio and spaCy load torch): a server whose model
process reads them does not. Findings leave it as :class:`guardrails.pii.Found`.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from contextlib import AbstractContextManager

import phonenumbers
import regex as re
import spacy
import tldextract
from presidio_analyzer import (
    AnalysisExplanation,
    AnalyzerEngine,
    LocalRecognizer,
    Pattern,
    PatternRecognizer,
    RecognizerRegistry,
    RecognizerResult,
)
from presidio_analyzer.context_aware_enhancers import ContextAwareEnhancer
from presidio_analyzer.nlp_engine import NerModelConfiguration, NlpArtifacts, SpacyNlpEngine
from presidio_analyzer.predefined_recognizers import (
    CreditCardRecognizer,
    EmailRecognizer,
    EsNieRecognizer,
    EsNifRecognizer,
    IbanRecognizer,
    IpRecognizer,
    ItFiscalCodeRecognizer,
    SpacyRecognizer,
    UkNinoRecognizer,
)

from guardrails.addresses import find_addresses
from guardrails.entities import (
    ADDRESS,
    BE_NATIONAL_NUMBER,
    BIRTH_DATE,
    ENTITIES,
    ES_NIF,
    NIR,
    PERSON,
    PHONE,
    US_SSN,
)
from guardrails.names import TITLE_WORDS, Gazetteer, NameFinder
from guardrails.pii import _NOT_NAMES, Found, _fold, stop_words

PHONE_REGIONS = ("FR", "BE", "CH", "LU", "MC", "DE", "GB", "IE", "ES", "IT", "NL", "PT", "AT", "US", "CA")
_ALL_REGIONS = tuple(sorted(phonenumbers.SUPPORTED_REGIONS))
"""Where a number said to be a phone number may come from: every country libphonenumber knows."""

_NAME_WORD = (
    # a capitalised word of any script with case: "Kujundžić", "Şahmettin", "Hồng", "O'Neill", "McDonald"
    r"\p{Lu}(?:\p{Ll}+(?:\p{Lu}\p{Ll}+)?(?:[-'’][\p{Lu}\p{Ll}]\p{Ll}+)*|['’]\p{Lu}\p{Ll}+)"
)
_ANY_WORD = r"\p{L}+(?:[-'’]\p{L}+)?"
_MONTHS = (
    r"jan(?:uary|vier|v)?\.?|feb(?:ruary)?\.?|f[ée]v(?:rier)?\.?|mar(?:ch|s)?\.?|apr(?:il)?\.?|avr(?:il)?\.?|"
    r"may|mai|june?|juin|july?|juil(?:let)?\.?|aug(?:ust)?\.?|ao[uû]t|sep(?:t(?:ember|embre)?)?\.?|"
    r"oct(?:ober|obre)?\.?|nov(?:ember|embre)?\.?|dec(?:ember)?\.?|d[ée]c(?:embre)?\.?"
)
_DATE = (
    r"\d{1,2}[/.\-]\d{1,2}[/.\-](?:19|20)?\d{2}"
    r"|(?:19|20)\d{2}[/.\-]\d{1,2}[/.\-]\d{1,2}"
    rf"|(?:1er|\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{_MONTHS}),?\s+(?:19|20)\d{{2}}"
    rf"|(?:{_MONTHS})\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+(?:19|20)\d{{2}}"
)
_BIRTH_CUE = re.compile(
    r"\b(?:born|birth|birthday|d\.?o\.?b\.?|n[ée]e?s?|naissance|date de naissance|anniversaire)\b[^.!\n]{0,40}$",
    re.IGNORECASE,
)
_STREET_FR = (
    r"rue|avenue|av\.?|boulevard|bd|bld|place|pl\.|all[ée]e|chemin|impasse|quai|route|cours|square|passage|"
    r"voie|sentier|r[ée]sidence|lotissement|hameau|faubourg|rond-point|promenade|esplanade|parvis|cit[ée]|villa|"
    r"domaine|lieu-dit|mont[ée]e|rampe|traverse|clos|sq\."
)
_STREET_EN = (
    r"street|st\.?|avenue|ave\.?|road|rd\.?|boulevard|blvd\.?|lane|ln\.?|drive|dr\.?|court|ct\.?|way|place|pl\.?|"
    r"terrace|circle|cir\.?|parkway|pkwy|square|sq\.?|highway|hwy|crescent|close|mews|row|walk|gardens|grove|"
    r"hill|hills|park|path|pike|ridge|run|trail|loop|plaza|point|port|mount|crossing|junction|estates|heights|"
    r"meadows?|springs?|station|summit|valley|view|village|ville|vista|well|wells|alley|bridge|brook|burg|bypass|"
    r"camp|canyon|cape|causeway|center|centre|cliffs?|club|common|corner|creek|dale|dam|divide|expressway|"
    r"extension|falls|ferry|field|fields|flats?|ford|forest|forge|fork|freeway|glen|green|harbor|haven|hollow|"
    r"island|isle|key|knolls?|lake|lakes|landing|light|lock|lodge|manor|mill|mills|mission|motorway|neck|orchard|"
    r"oval|pass|pines|plains?|prairie|ranch|rapids|rest|river|road|route|shoals?|shore|shores|skyway|spur|stream|"
    r"throughway|trace|track|trafficway|tunnel|turnpike|underpass|union|unions|via|viaduct|vista|wall|ways|"
    r"squares|stravenue|spring|radial|ramp|overpass|mountain|mountains|locks|lights|islands|inlet|groves|greens|"
    r"gateway|garden|fort|fords|fall|curve|courts|cove|coves|corners|crest|circles|bottom|bluffs?|branch|bend|"
    r"beach|bayou|arcade|annex|drives|estate|expy|fwy|parks|parkways|routes|rue|crossroads?|views|burgs|camp"
)
_UNIT = (
    r"(?i:,?\s*(?:apt\.?|apartment|suite|ste\.?|unit|flat|floor|#|bât\.?|bâtiment|appt\.?|appartement|étage)"
    r"\s*[\w-]+)?"
)
_CITY_FR = (
    rf"{_ANY_WORD}(?:-{_ANY_WORD}|\s+(?:(?:sur|sous|en|l[ae]s?|de|du|d['’]|aux?)[\s-]+)?(?-i:{_NAME_WORD})){{0,3}}"
)
_ADDRESS_FR = (
    rf"(?i:\b\d{{1,4}}(?:\s?(?:bis|ter|b|t))?,?\s+(?:{_STREET_FR})\s+(?:(?:d[eu']|des|la|le|les|l['’]|du|aux?)\s*)*"
    rf"{_ANY_WORD}(?:[\s-]+(?:(?:d[eu']|des|la|le|les|l['’]|du|aux?|sur|sous|en)\s*)*(?!\d){_ANY_WORD}){{0,4}}"
    rf"{_UNIT}(?:(?:,|\s-)?\s+\d{{5}}\s+{_CITY_FR}(?:\s+cedex(?:\s+\d{{1,2}})?)?)?)"
)
_STATE_ZIP = r"(?:[A-Z]{2}\s+\d{5}(?:-\d{4})?|[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2})"
_CITY_EN = rf"{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,2}}"
_CORE_STREET_EN = (
    r"street|st\.?|avenue|ave\.?|road|rd\.?|boulevard|blvd\.?|lane|ln\.?|drive|dr\.?|court|ct\.?|way|place|"
    r"terrace|circle|parkway|pkwy|highway|hwy|crescent|close|mews|gardens|square|sq\.?"
)
_ADDRESS_EN = (
    # a usual street type: the number and street are enough
    rf"\b\d{{1,6}}\s+(?:[NSEW]\.?\s+)?(?:(?:{_NAME_WORD}|\d{{1,3}}(?:st|nd|rd|th))\s+){{1,3}}(?i:{_CORE_STREET_EN})\b\.?"
    rf"(?:\s+[NS][EW]\b)?{_UNIT}"
    rf"(?:,?\s+{_CITY_EN},?\s+{_STATE_ZIP})?"
    # any street type, but then a unit or a city with its state and ZIP code (or UK postcode) must follow
    rf"|\b\d{{1,6}}\s+(?:{_NAME_WORD}\s+){{1,3}}(?i:(?:{_STREET_EN})s?)\b\.?"
    rf"(?:{_UNIT},?\s+{_CITY_EN},?\s+{_STATE_ZIP}|(?i:,?\s*(?:apt\.?|apartment|suite|unit)\s*[\w-]+)|,?\s+{_CITY_EN},?\s+{_STATE_ZIP})"
)
_US_STREET = (
    # a US street line in any case: "2735 PAWTUCKET AVE", "3849 W 69TH PLACE", "219 South Dearborn Second Floor",
    # then maybe a floor or unit, a city and a ZIP code (with or without the state)
    r"\b(?:\d{1,6}[A-Z]?|One|Two|Fifty)\s+(?:(?:[NSEW]|North|South|East|West|NORTH|SOUTH|EAST|WEST)\.?\s+)?"
    r"(?:(?:[A-Z][A-Za-z'’-]*|\d{1,3}(?:st|nd|rd|th|ST|ND|RD|TH))\s+){1,3}"
    rf"(?i:{_CORE_STREET_EN}|place|pl|plaza|circle|cir|broadway|highway|hwy|route|parkway|pkwy|trail|path|pike)\b\.?"
    r"(?:\s+(?:[NS][EW]|North|South|East|West)\b)?"
    r"(?:,?\s+(?i:(?:\d{1,3}(?:st|nd|rd|th)|first|second|third|ground|lower|upper|main)\s+(?:floor|level|fl)\b\.?"
    r"|(?:apt|apartment|suite|ste|unit|room|rm|#)\.?\s*[\w-]+))?"
    r"(?:,?\s+[A-Z][A-Za-z]+(?:\s[A-Z][A-Za-z]+){0,2},?\s+(?:[A-Z]{2},?\s+)?\d{5}(?:-\d{4})?\b)?"
)
_STREET_FIRST_WORDS = (
    r"rue|avenue|av\.|boulevard|bd|chaussée|chaussee|place|quai|chemin|route|allée|calle|avenida|plaza|paseo|"
    r"carrer|via|viale|piazza|corso|largo|rua|praça|praca|travessa|estrada|ulica|ul\.|strada"
)
_STREET_SUFFIXES = r"straße|strasse|str\.|gasse|allee|weg|platz|ring|damm|ufer|straat|laan|plein|gracht|kade|dijk|steeg|vej|gade|gatan|vägen"
_ADDRESS_STREET_FIRST = (
    rf"(?:\b(?i:{_STREET_FIRST_WORDS})\s+(?:[\w'’.-]+\s+){{0,4}}?|\b[A-ZÄÖÜ][\wäöüß'’-]*?(?i:{_STREET_SUFFIXES})\s*)"
    r",?\s*\d{1,4}\s?[a-zA-Z]?(?:,\s*[\wº°/.-]+)?,?\s+"
    rf"(?:[A-Z]{{1,2}}-)?(?:\d{{4}}-\d{{3}}|\d{{4,5}}|\d{{4}}\s?[A-Z]{{2}})\s+{_NAME_WORD}(?:[\s-]+{_NAME_WORD}){{0,2}}"
)
_ADDRESS_EN_LOWER = rf"\b\d{{1,6}}\s+(?:[a-z]+\s+){{1,3}}(?:(?:{_STREET_EN})s?)\b\.?{_UNIT},?\s+[a-z]+(?:\s[a-z]+){{0,2}},?\s+[a-z]{{2}}\s+\d{{5}}"
_NAME_CUES = {
    "en": [
        r"my name is",
        r"my name's",
        r"name:?",
        r"it's|its|it is",
        r"it's me|me,",
        r"ask for",
        r"i am",
        r"i'm",
        r"this is",
        r"signed:?",
        r"regards,?",
        r"thanks,?",
        r"thank you,?",
        r"cheers,?",
        r"best,",
        r"(?:addressed|deliver(?:ed|y)?|ship(?:ped|ping)?|send|sent|it's|is|gift|parcel|package) (?:to|for)",
        r"on behalf of",
        r"(?:mr|mrs|ms|miss|dr|mx)\.?",
        r"(?:husband|wife|son|daughter|friend|partner|mother|father|mom|dad|brother|sister|colleague|boss|"
        r"neighbou?r|flatmate|roommate|niece|nephew|cousin|aunt|uncle|grandma|grandpa|grandmother|grandfather),?",
        r"(?:(?:he|she|they)(?:'s| is| are)|is) (?:called|named)",
        r"named",
        r"under the name(?: of)?",
        r"recipient:?",
    ],
    "fr": [
        r"je m'appelle",
        r"je m’appelle",
        r"mon nom est",
        r"mon nom c'est",
        r"nom\s?:?",
        r"je suis",
        r"c'est moi|moi,",
        r"demandez|demander",
        r"c'est",
        r"ici",
        r"signé\s?:?",
        r"cordialement,?",
        r"merci,?",
        r"bien à vous,?",
        r"(?:pour|de la part de|au nom de|destinataire\s?:?)",
        r"(?:m|mme|mlle|monsieur|madame|mademoiselle|dr)\.?",
        r"(?:mari|femme|fils|fille|ami|amie|copain|copine|mère|père|frère|sœur|soeur|collègue|conjoint|épouse|époux|"
        r"voisin|voisine|colocataire|nièce|niece|neveu|cousin|cousine|tante|oncle|grand-mère|grand-père|mamie|"
        r"papi|filleul|filleule),?",
        r"(?:il|elle) s'appelle",
        r"(?:il|elle) s’appelle",
        r"livraison (?:pour|à|au nom de)",
        r"colis (?:pour|de)",
    ],
}
_CAPITAL_NAME = rf"{_NAME_WORD}(?:\s+(?:de\s+|du\s+|van\s+|von\s+|le\s+|la\s+)?{_NAME_WORD}){{0,2}}"
_LOWER_NAME = rf"{_ANY_WORD}\s+{_ANY_WORD}"
_NAME_AFTER_STRONG_CUE = re.compile(
    r"(?<![\w-])(?:my name is|my name's|name:|signed:?|je m['’]appelle|mon nom est|nom\s?:|signé\s?:?)\s+"
    rf"(?P<name>{_LOWER_NAME}|{_ANY_WORD})",
    re.IGNORECASE,
)
_NAME_TOKEN = rf"(?:{_NAME_WORD}|\p{{Lu}}{{2,}}(?:[-'’]\p{{Lu}}{{2,}})*|\p{{Lu}}\.(?:-?\p{{Lu}}\.)*)"
"""A word of a name as forms and signatures write it: "Anna", "KOVAČIČ", "R.-M."."""
_NAME_PARTICLE = (
    r"(?:van|von|der|den|de|du|des|da|di|do|dos|das|del|della|la|le|al|el|bin|ben|ibn|ter|ten|zu|Ó|Ní|Mac|Mc)"
)
_FULL_NAME = (
    rf"(?:(?i:{_NAME_PARTICLE})[ \t]+)*{_NAME_TOKEN}(?:[ \t]+(?:(?i:{_NAME_PARTICLE})[ \t]+)*{_NAME_TOKEN}){{0,3}}"
)
_GREETING = (
    r"(?i:dear|cher|chère|chers|hi|hello|hey|bonjour|bonsoir|salut|coucou|hallo|hola|ciao|good (?:morning|afternoon|"
    r"evening))"
)
_SIGN_OFF = (
    r"(?i:best|best wishes|best regards|kind regards|warm regards|regards|many thanks|thanks|thank you|cheers|"
    r"sincerely|yours(?: sincerely| truly| faithfully)?|cordialement|bien cordialement|bien à vous|merci|"
    r"merci beaucoup|bisous|amitiés|salutations|sincères salutations|à bientôt|see you|talk soon)"
)
_NAME_LABEL = (
    r"(?i:(?:first|last|full|given|family|customer|client|contact|account|card ?holder'?s?)[ \t]+name|name|surname|"
    r"prénom|nom(?:[ \t]+(?:complet|de famille|du titulaire))?|destinataire|recipient|applicant|titulaire|"
    r"account holder|card ?holder)"
)
_WRITTEN_NAMES = re.compile(
    # "Dear Nichola,", "Bonjour Mme Dupont !": a greeting, maybe a title, a name, then a pause
    rf"(?:^|(?<=[\s,;:(]))(?:{_GREETING})[ \t]+(?:(?i:{'|'.join(sorted(TITLE_WORDS, key=len, reverse=True))})\.?[ \t]+)?"
    rf"(?P<greeted>{_FULL_NAME})(?=[ \t]*(?:[,!.:;\n]|$))"
    # a sign-off, then the name on the next line: "Best,\nPeter"
    rf"|^[ \t]*{_SIGN_OFF}[ \t]*[,!.]?[ \t]*\n[ \t]*(?P<signed>{_FULL_NAME})[ \t]*$"
    # a form's field: "Prénom : Anna", "Full name: Mazilescu, Severina"
    rf"|^[ \t]*{_NAME_LABEL}[ \t]*:[ \t]*(?P<labelled>{_FULL_NAME}(?:,[ \t]*{_FULL_NAME})?)[ \t]*(?=<|$)"
    # a mail header's sender: "Andrew Okafor <a.okafor@outlook.com>"
    rf"|(?P<sender>{_FULL_NAME})[ \t]*<[^<>\s@]+@",
    re.MULTILINE,
)
"""Names where letters and forms put them; each group is a name, whatever the gazetteer knows of its words."""

_PHONE_CANDIDATE = re.compile(
    r"(?<![\w+/.,-])(?:\+|00)?\(?\d[\d \t().\-/]{4,20}\d(?:\s?(?:x|ext\.?|poste)\s?\d{1,5})?(?![\w/-]|[.,]\d)",
    re.IGNORECASE,
)
_PHONE_SHAPES = re.compile(
    r"(?:(?:\+|00)\d{1,3}[\s.\-]?)?(?:\(?0\)?\s?)?\d(?:[\s.\-]?\d{2}){4}"  # 06 12 34 56 78, +33 6 12 34 56 78
    r"|(?:(?:\+|00)1[\s.\-]?)?\(?\d{3}\)?[\s.\-]?\d{3}[\s.\-]\d{4}(?:\s?(?:x|ext\.?)\s?\d{1,5})?"  # US
    r"|(?:\+|00)\d{1,3}[\s.\-]?\(?\d{1,5}\)?(?:[\s.\-]?\d{2,5}){1,4}(?:\s?(?:x|ext\.?)\s?\d{1,5})?",
    re.IGNORECASE,
)


_NOT_PHONE = re.compile(
    r"\d{1,4}[/.\-]\d{1,2}[/.\-]\d{2,4}|(?:(?:25[0-5]|2[0-4]\d|1?\d{1,2})\.){3}(?:25[0-5]|2[0-4]\d|1?\d{1,2})"
)
"""A date, or an IP address (each part at most 255: "611.90.80.54" is a phone number)."""
_DATED = re.compile(
    # a date, maybe followed by its time ("2000-04-16 11", "03/05/1998 01", "20140905 2234"), or a reference that
    # opens with its year ("2023-851818")
    r"(?:(?:19|20)\d{2}[-/.]?(?:0[1-9]|1[0-2])[-/.]?(?:0[1-9]|[12]\d|3[01])|\d{1,2}[/.\-]\d{1,2}[/.\-](?:19|20)?\d{2})"
    r"(?:[\sT]+\d{1,2}(?:[:h]?\d{2})?)?"
    r"|(?:19|20)\d{2}[-/]\d{5,}"
)
_REFERENCE_BEFORE = re.compile(
    r"(?i:\b(?:order|invoice|ref(?:erence)?|tracking|ticket|booking|receipt|refund|reason|motif|commande|facture|"
    r"colis|suivi|remboursement|ean|sku|gtin|isbn|serial|parcel|package|shipment|envoi|re|subject|objet|"
    # what is done to an order: "cancel 2023465855", "je passe chercher 2026207409", "ma comande 2025634694"
    r"cancel|annul\w*|track|suivre|récupérer|chercher|collect|pick up|return|retourn\w*|exchange|échanger|comande)\s*"
    r"(?:n[°o]\.?|number|num[ée]ro)?\s*[:#]?\s*)$"
)
_PHONE_BEFORE = re.compile(
    r"(?i:\b(?:phone|tel|tél|t[ée]l[ée]phone|mobile|portable|cell|call|ring|appel\w*|rappel\w*|whatsapp|fax|gsm|"
    r"reach (?:me|us)|joindre|joignable|contact(?:er)?)\b)"
)
_ZIP_PLUS_FOUR = re.compile(r"\b[A-Z]{2}\s+$")
"""Before "80236-8932": a US state, so a ZIP+4 code, no phone number."""


class _PhoneRecognizer(LocalRecognizer):
    """Phone numbers: French and European formats, North American ones, anything international.

    A candidate counts when libphonenumber finds it valid for one of the shop's regions, or when it is
    written the way phone numbers are written (the digits grouped as a phone number groups them).
    """

    def __init__(self, language: str, regions: Sequence[str] = PHONE_REGIONS):
        self.regions = tuple(regions)
        super().__init__(
            supported_entities=[PHONE],
            supported_language=language,
            name=f"phone_{language}",
        )

    def load(self) -> None:
        pass

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        found = []
        for match in _PHONE_CANDIDATE.finditer(text):
            start, end = match.start(), match.end()
            candidate = match.group().rstrip(" .-/(")
            end = start + len(candidate)
            digits = re.sub(r"\D", "", candidate.split("x")[0].split("X")[0])
            before = text[max(0, start - 30) : start]
            line_start, line_end = text.rfind("\n", 0, start) + 1, text.find("\n", end)
            # "Phone: 4142255", "call you back on (11) 2333-5998", or a number on a line of its own in an address or
            # a signature: a phone number in any country's national form
            cued = _PHONE_BEFORE.search(before) is not None or not (
                text[line_start:start].strip() or text[end : len(text) if line_end == -1 else line_end].strip(" .")
            )
            if not (7 if cued else 8) <= len(digits) <= 15 or re.match(r"\s?\d", text[end:]):
                continue
            if _NOT_PHONE.fullmatch(candidate) and not (cued and "." in candidate):
                continue  # a date, or an IP address unless said to be a phone number ("reach me on 40.61.96.36")
            if _DATED.fullmatch(candidate) or (text[end : end + 1] == ":" and _DATED.match(candidate)):
                continue  # a date and its hour, or a reference opening with its year: never a phone number
            if _REFERENCE_BEFORE.search(before) and not _PHONE_BEFORE.search(before):
                continue  # "order 2025728637", "EAN 8055592663777": the shop's references
            if re.fullmatch(r"\d{5}-\d{4}", candidate) and _ZIP_PLUS_FOUR.search(before):
                continue
            if self._valid(candidate, self.regions):
                found.append(_found(self, PHONE, start, end, 0.75))
            elif (len(digits) >= 8 and _PHONE_SHAPES.fullmatch(candidate)) or (
                cued and self._valid(candidate, _ALL_REGIONS)
            ):
                found.append(_found(self, PHONE, start, end, 0.6))
        return found

    @staticmethod
    def _valid(candidate: str, regions: Sequence[str]) -> bool:
        number = re.sub(r"^00", "+", candidate.strip())
        for region in (None,) if number.startswith("+") else regions:
            try:
                parsed = phonenumbers.parse(number, region)
            except phonenumbers.NumberParseException:
                continue
            if phonenumbers.is_valid_number(parsed):
                return True
        return False


_SAID = "said_by_shopper"
"""Result metadata: the shopper named the value as such ("my name is", "address:")."""


def _found(
    recognizer: LocalRecognizer, entity: str, start: int, end: int, score: float, said: bool = False
) -> RecognizerResult:
    """A finding with the explanation and metadata Presidio's result carries.

    ``said``: the shopper named it as such ("my name is", "address:"); the shop's own words do not veto it.
    """
    name = str(getattr(recognizer, "name", type(recognizer).__name__))
    return RecognizerResult(
        entity,
        start,
        end,
        score,
        analysis_explanation=AnalysisExplanation(recognizer=name, original_score=score),
        recognition_metadata={
            RecognizerResult.RECOGNIZER_NAME_KEY: name,
            RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: recognizer.id,
            _SAID: said,
        },
    )


class _EmailRecognizer(EmailRecognizer):
    """Presidio's e-mail recognizer, its domain checked against tldextract's bundled suffix list only."""

    _domains: tldextract.TLDExtract | None = None

    def validate_result(self, pattern_text: str) -> bool:
        if _EmailRecognizer._domains is None:
            # No address to fetch from and no cache: the snapshot shipped with tldextract, never the network.
            _EmailRecognizer._domains = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)
        return _EmailRecognizer._domains(pattern_text).fqdn != ""


class _NirRecognizer(PatternRecognizer):
    """French social security numbers (NIR), 13 digits and a key that must check."""

    def __init__(self, language: str):
        pattern = r"\b[12]\s?\d{2}\s?(?:0[1-9]|1[0-2]|[2-9]\d)\s?(?:\d{2}|2[ABab])\s?\d{3}\s?\d{3}(?:\s?\d{2})\b"
        super().__init__(
            supported_entity=NIR,
            name=f"nir_{language}",
            supported_language=language,
            patterns=[Pattern("nir", pattern, 0.5)],
        )

    def validate_result(self, pattern_text: str) -> bool | None:
        digits = re.sub(r"\s", "", pattern_text).upper()
        body, key = digits[:13], digits[13:]
        body = body.replace("2A", "19").replace("2B", "18")
        if not body.isdigit() or len(key) != 2:
            return False
        return 97 - int(body) % 97 == int(key)


_SSN_SAID = re.compile(
    r"(?i:\b(?:ssn|social security(?: number| no\.?| #)?|soc\.? sec\.?(?: no\.?)?)\b\W{0,6}(?:is\s+)?)"
    r"(?P<ssn>(?!000|666|9\d\d)\d{3}[- ]?(?!00)\d{2}[- ]?(?!0000)\d{4})(?!\d)"
)


class _SsnRecognizer(PatternRecognizer):
    """US social security numbers written in their groups (123-45-6789, 123 45 6789), never 000, 666 or 9xx first."""

    def __init__(self, language: str):
        # not a part of a longer grouped number: "+351 91 2339 96 1", "+212 65 0815 537" are phone numbers
        pattern = r"(?<![\d+-])(?<!\d[ .])(?!000|666|9\d\d)\d{3}([- ])(?!00)\d{2}\1(?!0000)\d{4}(?![\d-])(?![ .]\d)"
        super().__init__(
            supported_entity=US_SSN,
            name=f"ssn_{language}",
            supported_language=language,
            patterns=[Pattern("ssn", pattern, 0.8)],
        )

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None, regex_flags: int | None = None
    ) -> list[RecognizerResult]:
        found = list(super().analyze(text, entities, nlp_artifacts, regex_flags) or [])
        for match in _SSN_SAID.finditer(text):  # "my social security number 846394940": said, in one piece
            found.append(_found(self, US_SSN, match.start("ssn"), match.end("ssn"), 0.85, said=True))
        return found


class _BelgianNumberRecognizer(PatternRecognizer):
    """Belgian national numbers (YY.MM.DD-XXX.CC), whose two check digits must check (born before or after 2000)."""

    def __init__(self, language: str):
        pattern = r"(?<![\d.])\d{2}\.?\d{2}\.?\d{2}[-\s]?\d{3}[.\s]?\d{2}(?![\d.])"
        super().__init__(
            supported_entity=BE_NATIONAL_NUMBER,
            name=f"be_number_{language}",
            supported_language=language,
            patterns=[Pattern("be_national_number", pattern, 0.5)],
        )

    def validate_result(self, pattern_text: str) -> bool | None:
        digits = re.sub(r"\D", "", pattern_text)
        body, key = int(digits[:9]), int(digits[9:])
        return key in (97 - body % 97, 97 - (2_000_000_000 + body) % 97)


class _AddressRecognizer(PatternRecognizer):
    """Postal addresses: a number and a street, then maybe a unit, a postcode and a city."""

    def __init__(self, language: str):
        super().__init__(
            supported_entity=ADDRESS,
            name=f"address_{language}",
            supported_language=language,
            patterns=[
                Pattern("address_fr", _ADDRESS_FR, 0.6),
                Pattern("address_en", _ADDRESS_EN, 0.6),
                Pattern("address_en_lower", _ADDRESS_EN_LOWER, 0.6),
                Pattern("address_street_first", _ADDRESS_STREET_FIRST, 0.6),
                Pattern("address_us_street", _US_STREET, 0.6),
            ],
            global_regex_flags=re.MULTILINE,
        )


class _CueRecognizer(LocalRecognizer):
    """Entities a pattern alone would over-match but a cue word makes certain: birth dates, names given."""

    def __init__(self, language: str):
        self.cues = re.compile(
            r"(?:^|(?<=[\s,;:(\-]))(?i:" + "|".join(_NAME_CUES[language]) + r")\s+(?P<name>" + _CAPITAL_NAME + ")",
        )
        self.signature = re.compile(
            # a line that is only a name; a name signing off the message; "Shannon here"
            rf"^[ \t]*(?P<name>{_NAME_WORD}(?:[ \t]+{_NAME_WORD}){{1,2}})[ \t]*$"
            rf"|(?<=[.!?)])[ \t]+(?P<signoff>{_NAME_WORD}[ \t]+{_NAME_WORD})[ \t]*[.!]?[ \t]*\Z"
            rf"|^[ \t]*(?P<here>{_NAME_WORD}(?:[ \t]+{_NAME_WORD})?)[ \t]+(?i:here|ici)\b"
            rf"|(?P<born>{_NAME_WORD}(?:[ \t]+{_NAME_WORD}){{1,2}}),?[ \t]+(?i:born|né|née|date of birth|date de naissance)\b",
            re.MULTILINE,
        )
        self.addresses = re.compile(
            r"(?i:address|adress|adresse|deliver(?:y)? to|ship(?:ping)? to|send (?:it )?to|livr\w* (?:au|à)|"
            r"envoy\w* (?:au|à))\s*:?\s+"
            rf"(?P<address>\d{{1,6}}\s+(?:{_NAME_WORD}\s+){{1,3}}(?i:(?:{_STREET_EN})s?)\b)"
        )
        super().__init__(
            supported_entities=[BIRTH_DATE, PERSON, ADDRESS], supported_language=language, name=f"cues_{language}"
        )

    def load(self) -> None:
        self.dates = re.compile(rf"(?<![\w/.\-])(?:{_DATE})(?![\w/\-]|\.\d)", re.IGNORECASE)

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        found = []
        if BIRTH_DATE in entities:
            for match in self.dates.finditer(text):
                if _BIRTH_CUE.search(text[max(0, match.start() - 60) : match.start()]):
                    found.append(_found(self, BIRTH_DATE, match.start(), match.end(), 0.85))
        if PERSON in entities:
            matches = [
                *self.cues.finditer(text),
                *_NAME_AFTER_STRONG_CUE.finditer(text),
                *self.signature.finditer(text),
                *_WRITTEN_NAMES.finditer(text),
            ]
            for match in matches:
                group = next(
                    g
                    for g in ("name", "signoff", "here", "born", "greeted", "signed", "labelled", "sender")
                    if g in match.re.groupindex and match[g]
                )
                start, end = _trim_name(text, match.start(group), match.end(group))
                if end > start:
                    strong = match.re is _NAME_AFTER_STRONG_CUE
                    found.append(_found(self, PERSON, start, end, 0.7, said=strong))
        if ADDRESS in entities:
            for match in self.addresses.finditer(text):
                found.append(_found(self, ADDRESS, match.start("address"), match.end("address"), 0.6, said=True))
        return found


def _trim_name(text: str, start: int, end: int) -> tuple[int, int]:
    """Keep the leading words of a cue match that can be a name."""
    words = list(re.finditer(r"\S+", text[start:end]))
    kept_end = start
    for position, word in enumerate(words):
        token = _fold(word.group().strip(",.;:!?"))
        # "Une", "The": a sentence going on, not a name; later, "Le" in "Lucie Le Roux" is part of one
        if token in _NOT_NAMES or (position == 0 and token in stop_words()) or len(token) < 2:
            break
        kept_end = start + word.start() + len(word.group().rstrip(",.;:!?"))
    return start, kept_end


class _GazetteerRecognizer(LocalRecognizer):
    """Names of every origin from the gazetteer and the shape of the words (``guardrails/names.py``)."""

    def __init__(self, language: str, finder: NameFinder):
        self.finder = finder
        super().__init__(supported_entities=[PERSON], supported_language=language, name=f"names_{language}")

    def load(self) -> None:
        pass

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        if PERSON not in entities:
            return []
        return [_found(self, PERSON, start, end, 0.7) for start, end in self.finder.find(text)]


class _PostalRecognizer(LocalRecognizer):
    """Addresses of every country by their structure: a postcode next to a city, the street line before it
    (``guardrails/addresses.py``)."""

    def __init__(self, language: str, gazetteer: Gazetteer):
        self.gazetteer = gazetteer
        super().__init__(supported_entities=[ADDRESS], supported_language=language, name=f"postal_{language}")

    def load(self) -> None:
        pass

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        if ADDRESS not in entities:
            return []
        return [
            _found(self, ADDRESS, s, e, 0.65)
            for s, e in find_addresses(text, self.gazetteer.is_common, self.gazetteer.is_place)
        ]


def _recognizers(language: str, names: NameFinder) -> list[LocalRecognizer]:
    return [
        SpacyRecognizer(supported_language=language, supported_entities=[PERSON], name=f"spacy_{language}"),
        _GazetteerRecognizer(language, names),
        _EmailRecognizer(supported_language=language),
        _PhoneRecognizer(language),
        CreditCardRecognizer(
            supported_language=language,
            patterns=[
                Pattern(
                    "card",
                    r"(?<![\d-])(?!0)\d{4}(?:[ -]?\d{4}){2}[ -]?\d{1,7}(?![\d-])|\b3[47]\d{2}[ -]?\d{6}[ -]?\d{5}\b",
                    0.3,
                )
            ],
        ),
        IbanRecognizer(supported_language=language),
        IpRecognizer(supported_language=language),
        _NirRecognizer(language),
        _SsnRecognizer(language),
        UkNinoRecognizer(supported_language=language),
        EsNifRecognizer(  # "12345678Z", "12.345.678-Z"
            supported_language=language,
            patterns=[Pattern("nif", r"(?<![\d.])\d{2}\.?\d{3}\.?\d{3}[- ]?[A-Z]\b", 0.5)],
            replacement_pairs=[("-", ""), (" ", ""), (".", "")],
        ),
        EsNieRecognizer(  # "X1234567L", and as often written, "X-1234567-L"
            supported_language=language,
            supported_entity=ES_NIF,
            patterns=[Pattern("nie", r"\b[X-Z][- ]?\d{7}[- ]?[A-Z]\b", 0.5)],
            replacement_pairs=[("-", ""), (" ", "")],
        ),
        ItFiscalCodeRecognizer(supported_language=language),
        _BelgianNumberRecognizer(language),
        _AddressRecognizer(language),
        _PostalRecognizer(language, names.gazetteer),
        _CueRecognizer(language),
    ]


class _NoContext(ContextAwareEnhancer):
    """Findings stand on their own checks (Luhn, IBAN and NIR keys, libphonenumber, cue words), so the
    words around them change nothing; Presidio's enhancer would walk every token once per finding."""

    def __init__(self) -> None:
        super().__init__(0, 0, 0, 0)

    def enhance_using_context(self, text, raw_results, nlp_artifacts, recognizers, context=None):  # type: ignore[no-untyped-def]
        return raw_results


_UNUSED_PIPES = ("parser", "tagger", "morphologizer", "attribute_ruler", "lemmatizer", "senter")


class _Pipelines(SpacyNlpEngine):
    """spaCy pipelines loaded from their installed packages, with only what finds names: tok2vec and NER."""

    def load(self) -> None:
        pipelines = {m["lang_code"]: spacy.load(m["model_name"], exclude=list(_UNUSED_PIPES)) for m in self.models}
        self.nlp = pipelines  # type: ignore[assignment]

    def zone(self, language: str) -> AbstractContextManager[None]:
        """A spaCy memory zone of ``language``'s pipeline: the strings a text adds to its vocabulary are freed at the
        end (otherwise every new word a shopper types stays in memory for good)."""
        return self.nlp[language].memory_zone()  # type: ignore[index, no-any-return]


class Reader:
    """Presidio's analyzer over both spaCy pipelines and our recognizers."""

    def __init__(self, models: dict[str, str], names: NameFinder, score_threshold: float):
        ner = NerModelConfiguration(
            model_to_presidio_entity_mapping={"PER": PERSON, "PERSON": PERSON},
            labels_to_ignore=[
                *("LOC", "GPE", "ORG", "MISC", "DATE", "TIME", "NORP", "CARDINAL", "ORDINAL", "MONEY", "PERCENT"),
                *("PRODUCT", "QUANTITY", "FAC", "EVENT", "LANGUAGE", "LAW", "WORK_OF_ART"),
            ],
        )
        self._pipelines = _Pipelines(
            models=[{"lang_code": lang, "model_name": name} for lang, name in models.items()],
            ner_model_configuration=ner,
        )
        self._pipelines.load()
        registry = RecognizerRegistry(supported_languages=list(models))
        for language in models:
            for recognizer in _recognizers(language, names):
                registry.add_recognizer(recognizer)
        self.analyzer = AnalyzerEngine(
            registry=registry,
            nlp_engine=self._pipelines,
            supported_languages=list(models),
            context_aware_enhancer=_NoContext(),
        )
        self.score_threshold = score_threshold
        self._one_at_a_time = threading.Lock()
        """A memory zone frees what any text added to the vocabulary meanwhile: texts are read one at a time."""

    def read(self, texts: Sequence[tuple[str, str]]) -> list[list[Found]]:
        """The findings in each ``(text, language)``, the texts of one language read by spaCy as one batch
        (``nlp.pipe``) inside one memory zone."""
        found: list[list[Found]] = [[] for _ in texts]
        for language in dict.fromkeys(lang for _, lang in texts):
            rows = [row for row, (_, lang) in enumerate(texts) if lang == language]
            batch = [texts[row][0] for row in rows]
            with self._one_at_a_time, self._pipelines.zone(language):
                read = self._pipelines.process_batch(batch, language, batch_size=len(batch))
                for row, (_, artifacts, *_) in zip(rows, read, strict=True):
                    results = self.analyzer.analyze(
                        texts[row][0],
                        language,
                        entities=list(ENTITIES),
                        score_threshold=self.score_threshold,
                        nlp_artifacts=artifacts,
                    )
                    found[row] = [_light(result) for result in results]
        return found


def _light(result: RecognizerResult) -> Found:
    metadata = result.recognition_metadata or {}
    return Found(
        result.entity_type,
        result.start,
        result.end,
        result.score,
        str(metadata.get(RecognizerResult.RECOGNIZER_NAME_KEY, "")),
        bool(metadata.get(_SAID)),
    )
