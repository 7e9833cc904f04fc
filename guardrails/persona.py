"""An answer must never pass the assistant off as a person: the shop's disclosure says it is an AI.

A language model asked to sound like a salesperson may slip into "I'm Julie from the sales team" or "as a real
person, I...". The check reads the sentence's structure, not a list of answers: a first-person statement of
being (I am / I'm / je suis / moi, c'est) followed (with at most an adverb between: a "not" or "pas" breaks
it) by a word for a person, or a self-introduction by first name.
"""

from __future__ import annotations

import re

_PERSON_EN = (
    r"human(?: being| agent| advisor| adviser)?|person|employee|member of (?:the |our )?(?:staff|team)|"
    r"sales ?(?:person|man|woman|associate|assistant|advisor|adviser|rep(?:resentative)?)|shop ?assistant|"
    r"store ?assistant|customer (?:service|support) (?:agent|representative|rep)|(?:support|service) agent|"
    r"advisor|adviser|consultant|clerk|colleague"
)
_PERSON_FR = (
    r"humaine?|être humain|personne|employée?|salariée?|membre de (?:l'équipe|notre équipe)|vendeu(?:r|se)|"
    r"conseill(?:er|ère)(?: client(?:èle)?)?|agent(?:e)? (?:du service client|humaine?)|collègue"
)
_CLAIM_EN = re.compile(
    rf"\b(?:i'm|i am|im)\s+(?:just |really |actually |also |indeed |only )?(?:a |an |the |your |one of the )?"
    rf"(?:real |actual |living |genuine )?(?:{_PERSON_EN})\b",
    re.IGNORECASE,
)
_CLAIM_FR = re.compile(
    rf"\b(?:je suis|moi,? c'est)\s+(?:juste |vraiment |bien |aussi |simplement )?(?:un |une |le |la |votre |"
    rf"l'une? des )?(?:vraie? |véritable )?(?:{_PERSON_FR})\b",
    re.IGNORECASE,
)
_AS = re.compile(
    rf"\b(?:as (?:a |an |your )(?:real )?(?:{_PERSON_EN})|en tant que (?:votre |vraie? )?(?:{_PERSON_FR}))\b",
    re.IGNORECASE,
)
_NAMED = re.compile(
    r"\b(?:my name is|i'm \w+ from|i am \w+ from|je m'appelle|je suis \w+ de l'équipe|ici \w+ de l'équipe)\b",
    re.IGNORECASE,
)
_NOT_A_PERSON = re.compile(
    r"\b(?:not a (?:real )?(?:person|human)|pas une (?:vraie )?personne|pas un (?:être )?humain)\b", re.IGNORECASE
)


def claims_person(text: str) -> bool:
    """Whether ``text`` says, or lets the shopper believe, that a person wrote it."""
    for sentence in re.split(r"(?<=[.!?…])\s+|\n+", text):
        if _NOT_A_PERSON.search(sentence):
            continue
        if any(pattern.search(sentence) for pattern in (_CLAIM_EN, _CLAIM_FR, _AS, _NAMED)):
            return True
    return False
