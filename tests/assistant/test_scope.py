"""The scope, policy and topic models: shipped weights, read with the embedding model they were trained on, and a
fallback when the shop runs another one; what each changes in a turn."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from assistant.cli import DEMO_DIR
from assistant.runtime import Runtime, build_runtime
from assistant.turn.intents import Intent
from assistant.turn.scope import POLICY_PATH, SCOPE_PATH, TOPIC_PATH, TextModel
from guardrails import PiiDetector
from retrieval import ShopEmbeddings
from tests.conftest import ingest_files, make_settings


@pytest.mark.parametrize("path", [SCOPE_PATH, POLICY_PATH])
def test_the_shipped_yes_no_models_fit_the_packaged_embeddings(embeddings: ShopEmbeddings, path: Path) -> None:
    model = TextModel.for_embeddings(embeddings, path)
    assert model is not None and 0.5 <= model.threshold < 1.0 and model.classes == ()
    assert len(model.idf) > 1000 and model.embedding_weights.shape == (1, 384)


def test_the_topic_model_knows_the_usual_policy_topics(embeddings: ShopEmbeddings) -> None:
    model = TextModel.for_embeddings(embeddings, TOPIC_PATH)
    assert model is not None and model.embedding_weights.shape == (len(model.classes), 384)
    assert set(model.classes) == {"shipping", "returns", "payment", "warranty", "privacy", "contact"}
    for text, topic in (
        ("on peut se faire livrer en Belgique ?", "shipping"),
        ("je peux la rendre si elle n'a pas servi ?", "returns"),
        ("do you take PayPal?", "payment"),
        ("my stove broke after 3 months, can you repair it?", "warranty"),
        ("please delete everything you store about me", "privacy"),
    ):
        probabilities = model.probabilities(text, embeddings.query_vector(text))
        assert max(probabilities, key=probabilities.__getitem__) == topic, (text, probabilities)
        assert abs(sum(probabilities.values()) - 1.0) < 1e-5


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
    model = TextModel.load(SCOPE_PATH)
    assert (model.probability(text, embeddings.query_vector(text)) >= model.threshold) is outside


def test_weights_for_another_embedding_model_are_not_used(embeddings: ShopEmbeddings, tmp_path: Path) -> None:
    with gzip.open(SCOPE_PATH, "rt", encoding="utf-8") as handle:
        data = json.load(handle)
    data["model"] = "another-model (9.9)"
    other = tmp_path / "scope.json.gz"
    with gzip.open(other, "wt", encoding="utf-8") as handle:
        json.dump(data, handle)
    assert TextModel.for_embeddings(embeddings, other) is None


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


def test_a_shops_pages_get_their_topic_from_what_they_say_not_from_their_names(
    embeddings: ShopEmbeddings, detector: PiiDetector, tmp_path: Path
) -> None:
    pages = tmp_path / "policies" / "fr"
    pages.mkdir(parents=True)
    for demo, renamed in (("shipping", "expedition-et-retrait"), ("returns", "changer-d-avis"), ("payment", "regler")):
        pages.joinpath(f"{renamed}.md").write_text(
            (DEMO_DIR / "policies" / "fr" / f"{demo}.md").read_text(encoding="utf-8"), encoding="utf-8"
        )
    settings = make_settings(tmp_path / "data")
    ingest_files(settings, embeddings, DEMO_DIR / "catalog.json", tmp_path / "policies")
    retriever = build_runtime(settings, embeddings, detector).chat.pipeline.retriever
    assert retriever.page_topics() == {
        "fr/expedition-et-retrait": "shipping",
        "fr/changer-d-avis": "returns",
        "fr/regler": "payment",
    }
    best = retriever.retrieve("on peut le faire livrer en Belgique ?", "fr", Intent.POLICY).passages[0]
    assert best.item.page == "fr/expedition-et-retrait"
    assert "Belgique" in best.item.text


@pytest.mark.parametrize(
    ("text", "lang", "page"),
    [
        ("how long is the warranty on a Névé down jacket?", "en", "en/warranty"),  # names a product: still a policy
        ("vous livrez les cartouches de gaz ?", "fr", "fr/shipping"),
        ("on peut le faire livrer en Belgique ?", "fr", "fr/shipping"),
        ("je peux la rendre si elle n'a pas servi ?", "fr", "fr/returns"),
    ],
)
def test_policy_questions_find_their_page_whatever_they_name(
    demo_runtime: Runtime, text: str, lang: str, page: str
) -> None:
    result = demo_runtime.chat.pipeline.run(text, lang)
    assert result.answer.act == "policy", result.answer.text
    assert result.retrieved.passages[0].item.page == page
