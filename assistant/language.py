"""Which language the shopper writes in: French or English, from the widget's locale and the text."""

from __future__ import annotations

import re

from retrieval.text import fold

_FRENCH = frozenset(
    ["le", "la", "les", "un", "une", "des", "du", "de", "et", "est", "je", "j", "tu", "vous", "nous", "il", "elle", "ce", "cette", "ces", "mon", "ma", "mes", "votre", "vos", "pour", "avec", "dans", "sur", "pas", "ne", "que", "qui", "quoi", "quel", "quelle", "quels", "quelles", "comment", "combien", "pourquoi", "ou", "bonjour", "bonsoir", "merci", "oui", "non", "avez", "avoir", "suis", "etes", "sont", "veux", "voudrais", "cherche", "besoin", "taille", "couleur", "prix", "livraison", "retour", "retours", "remboursement", "commande", "chaussures", "veste", "tente", "sac", "moins", "plus", "euros", "salut", "aussi", "tres", "puis-je", "puis", "est-ce", "jusqu", "au", "aux", "chez", "personne", "conseiller", "parler", "disponible", "stock"]
)
_ENGLISH = frozenset(
    ["the", "a", "an", "and", "is", "are", "i", "you", "we", "it", "this", "that", "these", "my", "your", "for", "with", "in", "on", "not", "what", "which", "who", "how", "much", "many", "why", "where", "hello", "hi", "hey", "thanks", "thank", "yes", "no", "have", "has", "do", "does", "want", "would", "like", "looking", "need", "size", "colour", "color", "price", "delivery", "shipping", "return", "returns", "refund", "order", "shoes", "jacket", "tent", "bag", "under", "less", "more", "euros", "also", "very", "can", "could", "is", "there", "any", "person", "human", "agent", "talk", "available", "stock"]
)
_ACCENTS = re.compile(r"[éèêàùâîôûçœ]")


def detect_language(text: str, locale: str) -> str:
    """``fr`` or ``en``: the text decides when it clearly leans one way, else the widget's locale."""
    words = re.findall(r"[a-z'-]+", fold(text))
    french = sum(w in _FRENCH for w in words) + 1.5 * len(_ACCENTS.findall(text.lower()))
    english = sum(w in _ENGLISH for w in words)
    if french >= 2 and french > 1.5 * english:
        return "fr"
    if english >= 2 and english > 1.5 * french:
        return "en"
    return locale if locale in {"en", "fr"} else "en"
