"""BM25 over folded, stemmed tokens, as a sparse matrix: one query is a column sum."""

from __future__ import annotations

from collections import Counter

import numpy as np
from scipy import sparse

from retrieval.text import tokens


class BM25Index:
    """Okapi BM25 scores of a fixed set of documents."""

    def __init__(self, texts: list[str], *, k1: float = 1.2, b: float = 0.75):
        self.vocabulary: dict[str, int] = {}
        rows: list[int] = []
        cols: list[int] = []
        counts: list[int] = []
        lengths = np.zeros(len(texts), dtype=np.float32)
        for row, text in enumerate(texts):
            terms = Counter(tokens(text))
            lengths[row] = sum(terms.values())
            for term, count in terms.items():
                rows.append(row)
                cols.append(self.vocabulary.setdefault(term, len(self.vocabulary)))
                counts.append(count)
        tf = np.asarray(counts, dtype=np.float32)
        row_index = np.asarray(rows, dtype=np.int64)
        average = float(lengths.mean()) if len(texts) else 1.0
        norm = k1 * (1 - b + b * lengths[row_index] / max(average, 1.0))
        document_frequency = np.bincount(np.asarray(cols, dtype=np.int64), minlength=len(self.vocabulary))
        idf = np.log(1 + (len(texts) - document_frequency + 0.5) / (document_frequency + 0.5))
        weights = idf[cols] * tf * (k1 + 1) / (tf + norm) if counts else np.zeros(0)
        shape = (len(texts), len(self.vocabulary))
        self._matrix = sparse.csc_matrix((weights, (rows, cols)), shape=shape, dtype=np.float32)
        self.size = len(texts)

    def scores(self, query: str) -> np.ndarray:
        """BM25 score of every document for ``query`` (zeros when no word is known)."""
        columns = [self.vocabulary[t] for t in tokens(query) if t in self.vocabulary]
        if not columns:
            return np.zeros(self.size, dtype=np.float32)
        return np.asarray(self._matrix[:, columns].sum(axis=1)).ravel()

    def coverage(self, query: str, row: int) -> float:
        """Share of the query's known words that document ``row`` contains."""
        columns = [self.vocabulary.get(t) for t in tokens(query)]
        if not columns:
            return 0.0
        present: list[bool] = [c is not None and self._matrix[row, c] > 0 for c in columns]
        return sum(present) / len(present)
