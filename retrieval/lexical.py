"""BM25 over folded, stemmed tokens, as a sparse matrix: one query is a column sum."""

from __future__ import annotations

import bisect
from collections import Counter

import numpy as np
from scipy import sparse

from retrieval.text import tokens

LONGER_FROM = 4
"""Words at least this long also match the indexed words they begin."""
LONGER_BY = 5
"""...when those are at most this many letters longer."""
LONGER_WEIGHT = 0.5
"""What such a match weighs against an exact one."""


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
        self._sorted = sorted(self.vocabulary)

    def scores(self, query: str) -> np.ndarray:
        """BM25 score of every document for ``query`` (zeros when no word is known). A word also counts, at
        :data:`LONGER_WEIGHT`, for the indexed words it begins ("rando" for "randonnée", "hood" for "hoodie")."""
        words = tokens(query)
        columns = [self.vocabulary[t] for t in words if t in self.vocabulary]
        found = np.zeros(self.size, dtype=np.float32)
        for column in columns:
            rows, weights = self._column(column)
            found[rows] += weights
        for word in words:
            longer = [c for c in self._longer(word) if c not in columns]
            if longer:  # the best of the words it begins, once per query word
                best = np.zeros(self.size, dtype=np.float32)
                for column in longer:
                    rows, weights = self._column(column)
                    best[rows] = np.maximum(best[rows], weights)
                found += LONGER_WEIGHT * best
        return found

    def _column(self, column: int) -> tuple[np.ndarray, np.ndarray]:
        """The documents holding one word and its weight in each. (Read straight from the matrix's arrays: a
        query touches a few columns, and each indexing of a sparse matrix costs more than the sums themselves.)"""
        start, end = self._matrix.indptr[column], self._matrix.indptr[column + 1]
        return self._matrix.indices[start:end], self._matrix.data[start:end]

    def _longer(self, word: str) -> list[int]:
        """The columns of the indexed words that begin with ``word`` and are at most a few letters longer."""
        if len(word) < LONGER_FROM or word.isdigit():
            return []
        start = bisect.bisect_right(self._sorted, word)
        found = []
        for other in self._sorted[start:]:
            if not other.startswith(word):
                break
            if len(other) - len(word) <= LONGER_BY:
                found.append(self.vocabulary[other])
        return found

    def coverage(self, query: str, row: int) -> float:
        """Share of the query's known words that document ``row`` contains."""
        return self.coverages(query, [row])[0]

    def coverages(self, query: str, rows: list[int]) -> list[float]:
        """Share of the query's words that each document of ``rows`` contains (an unknown word counts as absent)."""
        words = tokens(query)
        if not words:
            return [0.0] * len(rows)
        columns = [self.vocabulary[t] for t in words if t in self.vocabulary]
        if not columns or not rows:
            return [0.0] * len(rows)
        present = np.zeros(self.size, dtype=np.int64)
        for column in columns:
            present[self._column(column)[0]] += 1  # every stored weight is above 0
        return [float(n) / len(words) for n in present[rows]]
