"""Which language the shopper writes in: French or English, from the widget's locale and the text."""

from __future__ import annotations

import re
from collections.abc import Iterable

from retrieval.text import fold

_FRENCH = frozenset(
    [
        "le",
        "la",
        "les",
        "un",
        "une",
        "des",
        "du",
        "de",
        "et",
        "est",
        "je",
        "j",
        "tu",
        "vous",
        "nous",
        "il",
        "elle",
        "ce",
        "cette",
        "ces",
        "mon",
        "ma",
        "mes",
        "votre",
        "vos",
        "pour",
        "avec",
        "dans",
        "sur",
        "pas",
        "ne",
        "que",
        "qui",
        "quoi",
        "quel",
        "quelle",
        "quels",
        "quelles",
        "comment",
        "combien",
        "pourquoi",
        "ou",
        "bonjour",
        "bonsoir",
        "merci",
        "oui",
        "non",
        "avez",
        "avoir",
        "suis",
        "etes",
        "sont",
        "veux",
        "voudrais",
        "cherche",
        "besoin",
        "taille",
        "couleur",
        "prix",
        "livraison",
        "retour",
        "retours",
        "remboursement",
        "commande",
        "chaussures",
        "veste",
        "tente",
        "sac",
        "moins",
        "plus",
        "euros",
        "salut",
        "aussi",
        "tres",
        "puis-je",
        "puis",
        "est-ce",
        "jusqu",
        "au",
        "aux",
        "chez",
        "personne",
        "conseiller",
        "parler",
        "disponible",
        "stock",
    ]
)
_ENGLISH = frozenset(
    [
        "the",
        "a",
        "an",
        "and",
        "is",
        "are",
        "i",
        "you",
        "we",
        "it",
        "this",
        "that",
        "these",
        "my",
        "your",
        "for",
        "with",
        "in",
        "on",
        "not",
        "what",
        "which",
        "who",
        "how",
        "much",
        "many",
        "why",
        "where",
        "hello",
        "hi",
        "hey",
        "thanks",
        "thank",
        "yes",
        "no",
        "have",
        "has",
        "do",
        "does",
        "want",
        "would",
        "like",
        "looking",
        "need",
        "size",
        "colour",
        "color",
        "price",
        "delivery",
        "shipping",
        "return",
        "returns",
        "refund",
        "order",
        "shoes",
        "jacket",
        "tent",
        "bag",
        "under",
        "less",
        "more",
        "euros",
        "also",
        "very",
        "can",
        "could",
        "is",
        "there",
        "any",
        "person",
        "human",
        "agent",
        "talk",
        "available",
        "stock",
    ]
)
_ACCENTS = re.compile(r"[éèêàùâîôûçœ]")


def detect_language(text: str, locale: str) -> str:
    """``fr`` or ``en``: the text decides when it clearly leans one way, else the widget's locale."""
    words = re.findall(r"[a-z'-]+", fold(text))
    french = sum(w in _FRENCH for w in words) + 1.5 * len(_ACCENTS.findall(text.lower()))
    english = sum(w in _ENGLISH for w in words)
    if french > 0 and english == 0 or french >= 2 and french > 1.5 * english:
        return "fr"
    if english > 0 and french == 0 or english >= 2 and english > 1.5 * french:
        return "en"
    return locale if locale in {"en", "fr"} else "en"


ANSWER_LANGUAGES = ("en", "fr", "de", "es", "it", "nl", "pt", "pl", "sv", "da", "no", "fi", "cs", "ro", "hu", "el",
                    "ru", "uk", "tr", "ar", "zh", "ja")  # fmt: skip
"""The languages an answer is told apart from (a narrower set than the model's 97 keeps short texts from being read
as a rare language)."""
LANGUAGE_WORDS = 4
"""Below this many words (product names and labels left out), an answer's language is not judged."""
LANGUAGE_RATIO = 0.2
"""An answer is in the wrong language when the expected one is less than this fraction as likely as the likeliest."""


class LanguageCheck:
    """Whether an answer is written in the language it should be: py3langid's model (shipped in its package, no
    download), over the text without the product names and labels it quotes ("La MT900 Trekking Tent coûte...")."""

    def __init__(self) -> None:
        from py3langid.langid import MODEL_FILE, LanguageIdentifier

        self._identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
        self._identifier.set_languages(list(ANSWER_LANGUAGES))

    def written_in(self, text: str, lang: str, names: Iterable[str] = ()) -> bool:
        """Whether ``text`` reads as ``lang`` (a text too short to tell does)."""
        for name in sorted(names, key=len, reverse=True):
            if name:
                text = re.sub(re.escape(name), " ", text, flags=re.IGNORECASE)
        text = re.sub(r"\[[^\]]*\]|\d+(?:[.,]\d+)?", " ", text)
        if len(re.findall(r"[^\W\d_]{2,}", text)) < LANGUAGE_WORDS:
            return True
        ranked: dict[str, float] = {name: float(p) for name, p in self._identifier.rank(text)}
        return ranked.get(lang, 0.0) >= LANGUAGE_RATIO * max(ranked.values())
