"""The lexical half of the search: BM25 over folded, stemmed words, with words matching the longer words they begin."""

from __future__ import annotations

from retrieval.lexical import LONGER_WEIGHT, BM25Index


def test_a_word_matches_the_longer_words_it_begins_at_a_lower_weight() -> None:
    index = BM25Index(["Chaussures de randonnée imperméables", "Kayak sit-on-top Rando 1", "Sweat à capuche hoodie"])
    shoes, kayak, _ = index.scores("chaussures de rando")
    assert shoes > kayak > 0  # "rando" begins "randonnée"; "chaussures" settles it
    exact, longer, _ = BM25Index(["rando", "randonnee", "velo"]).scores("rando")
    assert 0 < longer <= LONGER_WEIGHT * exact * 1.01
    assert index.scores("hood")[2] > 0  # "hood" begins "hoodie"


def test_short_words_and_numbers_match_only_themselves() -> None:
    index = BM25Index(["Tente 2 personnes", "Tente 200 g", "Sac de couchage", "Sacoche de vélo"])
    assert index.scores("20")[1] == 0  # 20 is not 200
    assert index.scores("sac")[3] == 0  # three letters are too few to stand for a longer word
    assert index.scores("sac")[2] > 0
