"""Two questions about a message, each a logistic regression over its sentence embedding and its words (TF-IDF of
word unigrams and bigrams), trained by ``tools/scope/train.py`` and shipped as weights:

- the scope model: is it something a shop assistant should answer at all (trained on public home-assistant requests,
  HWU64, CC BY 4.0, public chat-bot requests and shop messages in English and French);
- the policy model: does it ask about the shop's policies and services (delivery, returns, payment, warranty, orders,
  personal data) rather than about its products, whatever products it names ("can I get the Trek 500 jacket
  delivered by tomorrow?");
- the request model: what a shopper asks the shop to do about their own order or account (look the order up,
  change or cancel it, a problem with it, an account or newsletter link, a data-subject request), or none of these;
- the topic model: which of a shop's usual policy topics (shipping, returns, payment, warranty, privacy, contact) a
  policy question is about, and, run on the passages of the shop's own pages, which topic each page covers, so that
  "on peut le faire livrer en Belgique ?" finds the delivery page whatever the page is called.
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

SCOPE_PATH = Path(__file__).with_name("scope_model.json.gz")
POLICY_PATH = Path(__file__).with_name("policy_model.json.gz")
TOPIC_PATH = Path(__file__).with_name("topic_model.json.gz")
REQUEST_PATH = Path(__file__).with_name("request_model.json.gz")
_WORD = re.compile(r"[a-z0-9]+")


def terms(text: str) -> Counter[str]:
    """The word unigrams and bigrams of ``text``, folded (no accents, lower case)."""
    words = _WORD.findall(fold(text))
    return Counter([*words, *(f"{a} {b}" for a, b in zip(words, words[1:], strict=False))])


@dataclass(frozen=True)
class TextModel:
    """A linear model over a message's words and sentence embedding. A yes/no model (no ``classes``) gives
    ``probability(text, vector)``, how likely the message is of the class it was trained to find (out of scope,
    about a policy), and ``threshold``, from which probability the turn acts on it; a model with ``classes`` gives
    ``probabilities(text, vector)``, one per class (the topic of a policy question)."""

    idf: dict[str, float]
    word_weights: dict[str, np.ndarray]
    embedding_weights: np.ndarray
    """One row per class (one row for a yes/no model)."""
    bias: np.ndarray
    threshold: float
    model: str
    """The embedding model the weights were trained with: another model's vectors would not fit them."""
    classes: tuple[str, ...] = ()

    @classmethod
    def for_embeddings(cls, embeddings: ShopEmbeddings, path: Path) -> TextModel | None:
        """The shipped model when it was trained on vectors of this embedding model, else ``None`` (the turn then
        falls back to how near the message is to the shop's policies, and to the intent alone)."""
        model = cls.load(path)
        if model.model != embeddings.version:
            log.warning("%s trained on %s, not %s: not used", path.name, model.model, embeddings.version)
            return None
        return model

    @classmethod
    def load(cls, path: Path) -> TextModel:
        """The shipped weights (a gzipped JSON file)."""
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            data = json.load(handle)
        vocabulary = data["vocabulary"]
        return cls(
            idf={term: float(idf) for term, (idf, _) in vocabulary.items()},
            word_weights={
                term: np.atleast_1d(np.asarray(weight, dtype=np.float32))
                for term, (_, weight) in vocabulary.items()
                if np.any(weight)
            },
            embedding_weights=np.atleast_2d(np.asarray(data["embedding"], dtype=np.float32)),
            bias=np.atleast_1d(np.asarray(data["bias"], dtype=np.float32)),
            threshold=float(data.get("threshold", 0.0)),
            model=str(data["model"]),
            classes=tuple(data.get("classes", ())),
        )

    def _scores(self, text: str, vector: np.ndarray) -> np.ndarray:
        weighted = {t: (1.0 + math.log(n)) * self.idf[t] for t, n in terms(text).items() if t in self.idf}
        norm = math.sqrt(sum(v * v for v in weighted.values())) or 1.0
        scores = self.bias + self.embedding_weights @ np.asarray(vector, dtype=np.float32)
        for term, value in weighted.items():
            if term in self.word_weights:
                scores = scores + self.word_weights[term] * (value / norm)
        clipped: np.ndarray = np.clip(scores, -50.0, 50.0)
        return clipped

    def probability(self, text: str, vector: np.ndarray) -> float:
        """P(the class) for a message and its sentence embedding (a yes/no model)."""
        return 1.0 / (1.0 + math.exp(-float(self._scores(text, vector)[0])))

    def probabilities(self, text: str, vector: np.ndarray) -> dict[str, float]:
        """P(each class) for a message and its sentence embedding (a model with classes)."""
        scores = self._scores(text, vector)
        exp = np.exp(scores - scores.max())
        return dict(zip(self.classes, (exp / exp.sum()).tolist(), strict=True))


class EmbeddedJudge:
    """A yes/no text model reading a text on its own: the text is embedded here (a shopper's message once per turn:
    the embeddings' query cache serves the turn's other readers)."""

    def __init__(self, model: TextModel, embeddings: ShopEmbeddings):
        self.model = model
        self.embeddings = embeddings
        self.threshold = model.threshold

    @classmethod
    def for_embeddings(cls, embeddings: ShopEmbeddings, path: Path) -> EmbeddedJudge | None:
        """The judge of the shipped model at ``path`` when it fits these embeddings, else ``None``."""
        model = TextModel.for_embeddings(embeddings, path)
        return cls(model, embeddings) if model is not None else None

    def probability(self, text: str) -> float:
        """P(the class) for ``text``."""
        return self.model.probability(text, np.asarray(self.embeddings.embed_query(text), dtype=np.float32))
