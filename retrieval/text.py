"""Text normalisation shared by the lexical index, the filters and language detection."""

from __future__ import annotations

import re
import unicodedata

_WORD = re.compile(r"[a-z0-9]+(?:[.,][0-9]+)?")

STOPWORDS = frozenset(
    ["a", "an", "and", "are", "as", "at", "be", "but", "by", "can", "could", "do", "does", "for", "from", "have", "how", "i", "if", "in", "is", "it", "its", "me", "my", "of", "on", "or", "our", "please", "some", "that", "the", "their", "them", "then", "there", "these", "they", "this", "to", "want", "was", "we", "what", "when", "where", "which", "who", "will", "with", "would", "you", "your", "yours", "any", "anything", "something", "looking", "look", "need", "show", "tell", "give", "find", "get", "got", "le", "la", "les", "l", "un", "une", "des", "du", "de", "d", "et", "ou", "en", "au", "aux", "ce", "cet", "cette", "ces", "je", "j", "me", "m", "mon", "ma", "mes", "tu", "te", "t", "ton", "ta", "vous", "votre", "vos", "nous", "notre", "nos", "il", "elle", "ils", "elles", "on", "qui", "que", "qu", "quoi", "est", "sont", "pour", "par", "sur", "avec", "dans", "sans", "pas", "ne", "n", "y", "a", "ai", "avez", "as", "chez", "est-ce", "s", "se", "sa", "son", "ses", "leur", "leurs", "cherche", "voudrais", "veux", "souhaite", "besoin", "bonjour", "merci", "svp", "stp", "please", "hi", "hello", "quel", "quelle", "quels", "quelles", "comment", "combien"]
)


def fold(text: str) -> str:
    """Lower-case and strip accents, so that "Vêtements" and "vetements" compare equal."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def stem(token: str) -> str:
    """A light plural-stripping stem that works for English and French shop words."""
    if len(token) > 4 and token.endswith(("es", "s", "x")) and not token.endswith(("ss", "us", "is")):
        return token[:-2] if token.endswith("ies") else token[:-1]
    return token


def tokens(text: str, *, keep_stopwords: bool = False) -> list[str]:
    """Folded, stemmed word tokens of ``text``."""
    words = _WORD.findall(fold(text).replace("'", " ").replace("’", " "))
    return [stem(w) for w in words if keep_stopwords or w not in STOPWORDS]
