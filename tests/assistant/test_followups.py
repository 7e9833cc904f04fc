"""Follow-ups read against the conversation (issue 13): "it", "the second one", "in size M?", comparisons, and a
question back when nothing was shown. Whole labelled conversations are replayed through the real pipeline."""

from __future__ import annotations

import json
from typing import Any

from assistant.runtime import Runtime
from assistant.turn.answers import PastTurn
from assistant.turn.evaluation import evaluate_conversations, read_conversations
from tests.conftest import DATA

INTERIM_FLOOR = 0.85
"""Turn accuracy the labelled conversations' tuning part must keep (issue 13's goal); first measured 0.351 (tuning
part) and 0.380 (held out) before follow-ups were read."""
COMPARE_FLOOR = 0.72
"""The same for the second tuning set, written later and apart, mostly French comparisons: first measured 0.665."""


def replay(runtime: Runtime, lang: str, *turns: tuple[str, dict[str, Any]]) -> dict[str, Any]:
    conversation = {"id": "t", "lang": lang, "turns": [{"text": text, "expect": expect} for text, expect in turns]}
    return evaluate_conversations(runtime.chat.pipeline, [conversation])


def test_it_and_a_size_refer_to_the_product_shown(demo_runtime: Runtime) -> None:
    report = replay(
        demo_runtime,
        "en",
        ("the Crête Trek 500 waterproof jacket for men", {"kind": "product", "skus": ["SS-0001"]}),
        ("do you have it in size M?", {"kind": "product", "skus": ["SS-0001"]}),
        ("is it in stock?", {"kind": "product", "skus": ["SS-0001"]}),
    )
    assert report["missed"] == []


def test_a_reference_without_anything_shown_gets_a_question_back(demo_runtime: Runtime) -> None:
    report = replay(demo_runtime, "fr", ("Est-ce que c'est imperméable ?", {"kind": "clarify"}))
    assert report["missed"] == []


def test_the_transcript_of_the_issue_is_answered_in_order(demo_runtime: Runtime) -> None:
    report = replay(
        demo_runtime,
        "en",
        (
            "I'm looking for a warm jacket for skiing in January, budget around 200",
            {"kind": "product", "skus": ["SS-0148"], "min_price": 150, "max_price": 250},
        ),
        ("do you have it in size M?", {"kind": "product", "skus": ["SS-0148"], "size": "M"}),
        (
            "what's the difference between the Trek 500 and the cheaper one?",
            {"kind": "compare", "skus": ["SS-0001", "SS-0197"]},
        ),
        ("can I pay with PayPal?", {"kind": "policy", "page": "payment", "answer": "yes", "contains": "PayPal"}),
        ("how long do I have to return something?", {"kind": "policy", "page": "returns", "contains": "30 days"}),
    )
    assert report["missed"] == []


def test_a_name_several_products_share_gets_a_question_listing_them(demo_runtime: Runtime) -> None:
    report = replay(
        demo_runtime,
        "en",
        ("do you have the Cirrus 600 in M?", {"kind": "clarify"}),
        ("the women's one", {"kind": "product", "skus": ["SS-0010"]}),
    )
    assert report["missed"] == []
    answer = demo_runtime.chat.pipeline.run("la doudoune Cirrus en L", "fr").answer
    assert answer.act == "clarify" and {card["id"] for card in answer.products} == {"SS-0009", "SS-0010"}
    assert answer.text.startswith("Lequel")


def test_a_broad_request_gets_a_few_products_and_one_question_then_a_search(demo_runtime: Runtime) -> None:
    pipeline = demo_runtime.chat.pipeline
    broad = pipeline.run("a jacket", "en").answer
    assert broad.act == "clarify" and 1 <= len(broad.products) <= 3
    assert broad.text.endswith("?") and broad.text.count("?") == 1
    first = pipeline.run("un cadeau pour mon frère", "fr")
    assert first.answer.act == "clarify"
    frame = {
        "text": first.answer.text,
        "products": first.answer.products,
        "act": "clarify",
        "search": first.answer.search,
    }
    history = [PastTurn.read("un cadeau pour mon frère", first.intent.intent.value, "fr", frame)]
    second = pipeline.run("il fait du vélo, pas plus de 80 €", "fr", history=history).answer
    assert second.act == "products" and "?" not in second.text  # the answer is searched, not asked again
    assert second.products and all(float(card["price"]) <= 80 for card in second.products)
    assert "cadeau" in second.search["query"]
    assert pipeline.run("looking for ski poles", "en").answer.act == "products"  # few to choose from: no question


def test_a_greeting_before_a_request_is_not_taken_for_a_greeting(demo_runtime: Runtime) -> None:
    answer = demo_runtime.chat.pipeline.run("bonjour. à ce jour je n'ai pas reçu ma commande", "fr").answer
    assert answer.act != "greeting"
    assert demo_runtime.chat.pipeline.run("bonjour", "fr").answer.act == "greeting"


def test_who_a_product_is_for_and_the_words_of_its_title_rank_it_first(demo_runtime: Runtime) -> None:
    pipeline = demo_runtime.chat.pipeline
    assert pipeline.run("je voudrais un tshirt en merinos pour femme", "fr").answer.products[0]["id"] == "SS-0182"
    assert pipeline.run("a merino t-shirt for men", "en").answer.products[0]["id"] == "SS-0181"


def test_a_new_budget_replaces_the_old_one_and_cheaper_is_cheaper_than_what_was_shown(demo_runtime: Runtime) -> None:
    pipeline = demo_runtime.chat.pipeline
    history: list[PastTurn] = []

    def say(text: str) -> Any:
        result = pipeline.run(text, "en", history=history)
        answer = result.answer
        frame = {"text": answer.text, "products": answer.products, "sources": answer.sources, "act": str(answer.act)}
        history.append(PastTurn.read(text, result.intent.intent.value, result.lang, {**frame, "search": answer.search}))
        return answer

    first = say("a warm sleeping bag, budget around 200")
    assert first.products and all(150 <= float(p["price"]) <= 250 for p in first.products)
    lower = say("too expensive, max 150")  # the new bound replaces the range read from "around 200"
    assert lower.act == "products" and lower.products
    assert all(float(p["price"]) <= 150 for p in lower.products)
    first_shown = float(lower.products[0]["price"])
    cheaper = say("something cheaper?")  # than the first one shown (the one in focus)
    assert cheaper.act == "products" and cheaper.products, cheaper.text
    assert all(float(p["price"]) < first_shown for p in cheaper.products)
    assert "cheaper than €" in cheaper.text  # the price it is cheaper than, not that price less a cent
    assert say("my budget is 50 though").act == "products"


def test_a_kind_of_product_asked_for_is_searched_whatever_came_before(demo_runtime: Runtime) -> None:
    report = replay(
        demo_runtime,
        "fr",
        ("vous avez des palmes ?", {"kind": "product", "skus": ["SS-0161"]}),  # not taken for a policy question
        ("je cherche un VTT enfant", {"kind": "product", "skus": ["SS-0117", "SS-0118"]}),
        ("et un casque vélo pour lui", {"kind": "product", "skus": ["SS-0120", "SS-0121", "SS-0122"]}),  # a helmet
        ("il est léger ?", {"kind": "product", "skus": ["SS-0120", "SS-0121", "SS-0122"]}),
    )
    assert report["missed"] == []


def test_something_warmer_is_another_product_of_the_same_kind(demo_runtime: Runtime) -> None:
    pipeline = demo_runtime.chat.pipeline
    first = pipeline.run("the Trek 500 trousers for men", "en")
    assert first.answer.products[0]["id"] == "SS-0197"
    frame = {"text": first.answer.text, "products": first.answer.products, "sources": first.answer.sources}
    history = [PastTurn.read("the Trek 500 trousers for men", first.intent.intent.value, "en", frame)]
    warmer = pipeline.run("anything warmer for winter hiking?", "en", history=history).answer
    assert warmer.act == "products" and warmer.products
    assert "SS-0197" not in [p["id"] for p in warmer.products]  # not the trousers it is warmer than
    assert warmer.products[0]["id"] in {"SS-0199", "SS-0200"}, warmer.products[0]  # winter trousers


def test_a_question_on_it_after_a_policy_answer_asks_which_product(demo_runtime: Runtime) -> None:
    report = replay(
        demo_runtime,
        "fr",
        ("vous acceptez paypal ?", {"kind": "policy", "page": "payment", "answer": "yes"}),
        ("et elle est dispo en rouge ?", {"kind": "clarify"}),
    )
    assert report["missed"] == []


def test_a_childs_age_ranks_the_product_made_for_it_first(demo_runtime: Runtime) -> None:
    pipeline = demo_runtime.chat.pipeline  # the kids' bikes say "aged 6 to 9" and "aged 9 to 12"
    assert pipeline.run("je cherche un vtt pour mon fils de 10ans", "fr").answer.products[0]["id"] == "SS-0118"
    assert pipeline.run("a mountain bike for my 7-year-old", "en").answer.products[0]["id"] == "SS-0117"


def test_a_model_name_in_a_comparison_is_read_as_the_kind_the_other_part_names(demo_runtime: Runtime) -> None:
    report = replay(  # "la Summit" alone is also a sleeping bag
        demo_runtime,
        "fr",
        ("entre la montre Tempo et la Summit", {"kind": "compare", "skus": ["SS-0222", "SS-0221"]}),
        (
            "quelle différence entre la gourde aluminium et la Tritan ?",
            {"kind": "compare", "skus": ["SS-0228", "SS-0229"]},
        ),
    )
    assert report["missed"] == []


def test_two_named_products_are_compared(demo_runtime: Runtime) -> None:
    report = replay(
        demo_runtime,
        "en",
        (
            "what's the difference between the Trek 500 jacket and the Summit Pro? men's",
            {"kind": "compare", "skus": ["SS-0001", "SS-0003"]},
        ),
        ("is the summit pro in stock?", {"kind": "product", "skus": ["SS-0003"]}),
    )
    assert report["missed"] == []


def test_the_labelled_conversations_hold_the_interim_floor(demo_runtime: Runtime) -> None:
    figures = {}
    for name in ("conversations.jsonl", "conversations_compare.jsonl", "conversations_holdout.jsonl"):
        conversations = read_conversations(DATA / name)
        assert len(conversations) >= 50
        summary = evaluate_conversations(demo_runtime.chat.pipeline, conversations)["summary"]
        figures[name] = summary["all"]
        for group, row in summary.items():
            print(f"{name} {group:>16}: n={row['n']:3d} accuracy={row['accuracy']:.3f} strict={row['strict']:.3f}")
    assert figures["conversations.jsonl"]["accuracy"] >= INTERIM_FLOOR
    assert figures["conversations_compare.jsonl"]["accuracy"] >= COMPARE_FLOOR


def test_a_policy_question_is_answered_first_then_quoted_briefly_with_the_page(demo_runtime: Runtime) -> None:
    pipeline = demo_runtime.chat.pipeline
    paypal = pipeline.run("can I pay with PayPal?", "en").answer
    assert paypal.text.startswith("Yes.") and "PayPal" in paypal.text.splitlines()[0]
    returns = pipeline.run("how long do I have to return something?", "en").answer
    lead, quote, link = returns.text.splitlines()
    assert "30 days" in lead
    assert len(quote) <= 360 and link == "/policies/en/returns"
    assert pipeline.run("vous acceptez paypal ?", "fr").answer.text.startswith("Oui.")


def test_out_of_scope_messages_are_declined_without_products_and_without_a_hand_over(demo_runtime: Runtime) -> None:
    from assistant.turn.evaluation import evaluate_scope

    answer = demo_runtime.chat.pipeline.run("Tell me a joke", "en").answer
    assert answer.act == "decline" and not answer.products and answer.confidence >= 0.8
    assert "AI assistant" in answer.text
    for name in ("scope.jsonl", "scope_holdout.jsonl"):
        rows = [json.loads(line) for line in (DATA / name).read_text().splitlines() if line.strip()]
        summary = evaluate_scope(demo_runtime.chat.pipeline, rows)["summary"]
        print(
            f"{name}: out of scope declined {summary['out']['declined']:.3f}, in scope {summary['in']['declined']:.3f}"
        )
        if name == "scope.jsonl":  # the goal of issue 13, on the part tuned on
            assert summary["out"]["declined"] >= 0.90 and summary["in"]["declined"] <= 0.03


def test_a_short_word_names_a_kind_of_product_and_a_bare_question_is_no_greeting(demo_runtime: Runtime) -> None:
    report = replay(
        demo_runtime,
        "fr",
        ("je cherche un sac à dos pour le ski de rando", {"kind": "product", "skus": ["SS-0089"]}),
        ("et un DVA ?", {"kind": "product", "skus": ["SS-0225"]}),  # an acronym of three letters, in one title
        ("combien ?", {"kind": "product", "skus": ["SS-0225"], "asks": "price"}),
    )
    assert report["missed"] == []
    report = replay(
        demo_runtime,
        "fr",
        ("vous livrez en Suisse ?", {"kind": "policy", "page": "shipping"}),
        ("la rouge alors ?", {"kind": "clarify"}),
    )
    assert report["missed"] == []


def test_both_means_the_two_just_shown_and_a_comparison_names_products_not_shown(demo_runtime: Runtime) -> None:
    report = replay(
        demo_runtime,
        "fr",
        ("kayak gonflable", {"kind": "product", "skus": ["SS-0170", "SS-0171"]}),
        (
            "entre les deux, lequel choisir pour pagayer avec ma fille ?",
            {"kind": "compare", "skus": ["SS-0170", "SS-0171"]},
        ),
    )
    assert report["missed"] == []
    report = replay(
        demo_runtime,
        "en",
        ("women's insulated ski jacket", {"kind": "product", "skus": ["SS-0149"]}),
        (
            "which is warmer, this one or the Névé Altitude 800 down jacket?",
            {"kind": "compare", "skus": ["SS-0149", "SS-0011"]},
        ),
    )
    assert report["missed"] == []
