"""Whether a message is something a shop assistant should answer at all: a logistic regression over the message's
sentence embedding and its words (TF-IDF of word unigrams and bigrams), trained by ``tools/scope/train.py`` on
public home-assistant requests (HWU64, CC BY 4.0) and shop messages in English and French, and shipped as weights.
"""

from __future__ import annotations

import gzip
import json
import logging
import math
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from retrieval import ShopEmbeddings
from retrieval.text import fold

log = logging.getLogger(__name__)

MODEL_PATH = Path(__file__).with_name("scope_model.json.gz")
_WORD = re.compile(r"[a-z0-9]+")


def terms(text: str) -> Counter[str]:
    """The word unigrams and bigrams of ``text``, folded (no accents, lower case)."""
    words = _WORD.findall(fold(text))
    return Counter([*words, *(f"{a} {b}" for a, b in zip(words, words[1:], strict=False))])


@dataclass(frozen=True)
class ScopeModel:
    """``outside(text, vector)``: the probability that a message is out of the shop's scope."""

    idf: dict[str, float]
    word_weights: dict[str, float]
    embedding_weights: np.ndarray
    bias: float
    threshold: float
    model: str
    """The embedding model the weights were trained with: another model's vectors would not fit them."""

    @classmethod
    def for_embeddings(cls, embeddings: ShopEmbeddings, path: Path = MODEL_PATH) -> ScopeModel | None:
        """The shipped model when it was trained on vectors of this embedding model, else ``None`` (the turn then
        falls back to how near the message is to the shop's policies)."""
        model = cls.load(path)
        if model.model != embeddings.version:
            log.warning("scope model trained on %s, not %s: not used", model.model, embeddings.version)
            return None
        return model

    @classmethod
    def load(cls, path: Path = MODEL_PATH) -> ScopeModel:
        """The shipped weights (a gzipped JSON file)."""
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            data = json.load(handle)
        vocabulary = data["vocabulary"]
        return cls(
            idf={term: float(idf) for term, (idf, _) in vocabulary.items()},
            word_weights={term: float(weight) for term, (_, weight) in vocabulary.items() if weight},
            embedding_weights=np.asarray(data["embedding"], dtype=np.float32),
            bias=float(data["bias"]),
            threshold=float(data["threshold"]),
            model=str(data["model"]),
        )

    def outside(self, text: str, vector: np.ndarray) -> float:
        """P(out of scope) for a message and its sentence embedding."""
        weighted = {t: (1.0 + math.log(n)) * self.idf[t] for t, n in terms(text).items() if t in self.idf}
        norm = math.sqrt(sum(v * v for v in weighted.values())) or 1.0
        score = self.bias + float(self.embedding_weights @ np.asarray(vector, dtype=np.float32))
        score += sum(v * self.word_weights.get(t, 0.0) for t, v in weighted.items()) / norm
        return 1.0 / (1.0 + math.exp(-max(min(score, 50.0), -50.0)))
