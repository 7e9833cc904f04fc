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
_INTRODUCED = re.compile(
    r"(?:^|[!.,:;]\s*|\b(?i:hi|hello|hey|bonjour|salut)\b,?\s*)(?i:this is|it's|here's|ici|c'est)\s+"
    r"[A-ZÀ-Ý][a-zà-ÿ]+,?\s+(?i:from|of|at|de|du|des|d')\b|\b[A-ZÀ-Ý][a-zà-ÿ]+ here\b(?! (?:to|at|in)\b)"
)
"""A first name introducing itself ("This is Marc from returns", "Claire here from the sales team", "Ici Nicolas, du
service retours", "c'est Claire de l'équipe"): case matters, a name is capitalised."""
_HUMAN_LIFE = re.compile(
    r"\b(?:(?:my|mes|mon|ma) (?:colleagues?|manager|boss|supervisor|co-?workers?|collègues?|responsable|chef|patron|"
    r"supérieure?|feet|foot|legs|back|shoulders|hands|kids|children|wife|husband|son|daughter|pieds|enfants|mains|"
    r"épaules|dos|mari|femme|fils|fille|coffee|lunch|break|café|pause|own hands|propres mains)|"
    r"(?:myself|moi-même)|personally (?:call|ring|phone|bring|deliver|drop|check|pack|apologi[sz]e)|"
    r"(?:appellerai|préparerai|déposerai|présenter) personnellement|personnellement (?:demain|ce soir)|"
    r"i(?:'ve| have)? (?:tried|tested|used|worn|carried|slept|hiked|cycled|walked|measured|inspected|held|picked up|"
    r"been (?:using|cycling|wearing|hiking|running)|worked (?:in|at)|grew up)|i work (?:in|at) (?:the|our)|"
    r"j'ai (?:testé|essayé|porté|utilisé|dormi|marché|randonné|mesuré|inspecté|tenu|grandi)|"
    r"je travaille (?:au|à|dans|en)|(?:je fais partie|en tant que) (?:des |du |de l')?(?:salariés?|employés?|personnel|"
    r"équipe)|(?:maman|papa|mère|père) de|on my way home|en rentrant chez moi|at the (?:till|counter|checkout)|"
    r"(?:à|en) caisse|on the phone with|au téléphone)\b",
    re.IGNORECASE,
)
"""Things only a person has or does, said in the first person: colleagues and a boss, a body and a family, a coffee
break, trying gear on, working in the shop, doing something oneself ("myself", "personally call you")."""
_CANNOT = re.compile(r"\b(?:can't|cannot|can not|unable|ne (?:peux|pourrai|sais) pas|n'ai pas)\b", re.IGNORECASE)
"""A sentence saying what the assistant cannot do ("I can't call you myself") claims nothing."""
_TALKING_TO_A_PERSON = re.compile(
    r"\b(?:you(?:'re| are) (?:talking|chatting|speaking) (?:to|with) (?:a )?(?:real |actual )?(?:human|person)|"
    r"vous (?:discutez|parlez|échangez) (?:bien )?avec (?:un|une) (?:vrai |vraie )?(?:humain|personne|vendeu))",
    re.IGNORECASE,
)
_NOT_A_PERSON = re.compile(
    r"\b(?:not a (?:real )?(?:person|human)|pas une (?:vraie )?personne|pas un (?:être )?humain)\b", re.IGNORECASE
)


def claims_person(text: str) -> bool:
    """Whether ``text`` says, or lets the shopper believe, that a person wrote it."""
    for sentence in re.split(r"(?<=[.!?…])\s+|\n+", text):
        if _NOT_A_PERSON.search(sentence) or _CANNOT.search(sentence):
            continue
        patterns = (_CLAIM_EN, _CLAIM_FR, _AS, _NAMED, _INTRODUCED, _HUMAN_LIFE, _TALKING_TO_A_PERSON)
        if any(pattern.search(sentence) for pattern in patterns):
            return True
    return False
