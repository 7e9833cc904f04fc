"""The scope model: shipped weights, read with the embedding model they were trained on, and a fallback when the
shop runs another one."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from assistant.runtime import Runtime
from assistant.turn.scope import MODEL_PATH, ScopeModel
from retrieval import ShopEmbeddings


def test_the_shipped_model_fits_the_packaged_embeddings(embeddings: ShopEmbeddings) -> None:
    model = ScopeModel.for_embeddings(embeddings)
    assert model is not None and 0.5 <= model.threshold < 1.0
    assert len(model.idf) > 1000 and model.embedding_weights.shape == (384,)


@pytest.mark.parametrize(
    ("text", "outside"),
    [
        ("écris-moi un poème pour l'anniversaire de ma soeur", True),
        ("what's the weather like in Lyon tomorrow", True),
        ("set an alarm for 7am", True),
        ("vous livrez en Belgique ?", False),
        ("do you have this jacket in a size M?", False),
        ("I want a refund for my order", False),
    ],
)
def test_messages_far_from_and_close_to_a_shop(embeddings: ShopEmbeddings, text: str, outside: bool) -> None:
    model = ScopeModel.load()
    assert (model.outside(text, embeddings.query_vector(text)) >= model.threshold) is outside


def test_weights_for_another_embedding_model_are_not_used(embeddings: ShopEmbeddings, tmp_path: Path) -> None:
    with gzip.open(MODEL_PATH, "rt", encoding="utf-8") as handle:
        data = json.load(handle)
    data["model"] = "another-model (9.9)"
    other = tmp_path / "scope.json.gz"
    with gzip.open(other, "wt", encoding="utf-8") as handle:
        json.dump(data, handle)
    assert ScopeModel.for_embeddings(embeddings, other) is None


def test_a_request_for_a_person_or_for_the_catalog_is_never_declined(demo_runtime: Runtime) -> None:
    pipeline = demo_runtime.chat.pipeline
    for text, lang in (
        ("I want to talk to a person", "en"),
        ("je veux parler à un conseiller", "fr"),
        ("a warm jacket for skiing", "en"),
        ("une tente pour 2 personnes", "fr"),
        ("hello", "en"),
        ("a headlamp", "en"),  # "turn on the lamp" is a home assistant's: a product title's words are the shop's
        ("merci beaucoup", "fr"),
    ):
        assert pipeline.run(text, lang).answer.act != "decline", text
    assert pipeline.run("écris-moi une dissertation sur Rousseau", "fr").answer.act == "decline"
