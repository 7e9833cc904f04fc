"""The sentence gate a language model's streamed answer passes through, with the real grounding check and language
check: what is released, when, and what stops the answer."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from assistant.turn.language import LanguageCheck
from assistant.turn.responders.gate import Rejected, SentenceGate
from guardrails import GroundingCheck
from tests.llms import words

DATA = {
    "P1": {"title": "Orée Quick 2 Pop-Up Tent", "price": "79.00", "stock": 74},
    "S1": {"title": "Payment", "text": "For orders from 100 € to 2,000 €, you can pay in 3 instalments."},
}


@pytest.fixture(scope="module")
def language() -> LanguageCheck:
    return LanguageCheck()


def _gate(language: LanguageCheck, released: list[str], lang: str = "en") -> SentenceGate:
    grounding = GroundingCheck()

    def check(sentence: str, cited: Sequence[str]) -> str | None:
        backed = grounding.check(sentence, shopper_text="", sources=[DATA[label] for label in cited]).grounded
        return None if backed else "grounding"

    return SentenceGate(DATA, check, lambda text: language.written_in(text, lang), released.append)


def _answer(gate: SentenceGate, parts: list[str]) -> object:
    """Feed the parts, then close: the reply (or ``Rejected``)."""
    for part in parts:
        gate.feed(part)
    return gate.close()


def _stream(gate: SentenceGate, text: str, seen: list[list[str]], released: list[str]) -> None:
    for part in words(text):
        gate.feed(part)
        seen.append(list(released))


def test_sentences_are_released_whole_with_their_labels_taken_out(language: LanguageCheck) -> None:
    released: list[str] = []
    seen: list[list[str]] = []
    gate = _gate(language, released)
    _stream(
        gate,
        "The Orée Quick 2 Pop-Up Tent pitches itself in two seconds [P1]. It costs 79.00 € [P1]. Enjoy!",
        seen,
        released,
    )
    reply = gate.close()
    assert reply.text == "The Orée Quick 2 Pop-Up Tent pitches itself in two seconds. It costs 79.00 €. Enjoy!"
    assert reply.cited == ("P1",) and "".join(released) == reply.text
    assert all(not part.endswith(" [P1].") and "[" not in part for part in released)
    first = next(n for n, shown in enumerate(seen) if shown)
    assert seen[first] == ["The Orée Quick 2 Pop-Up Tent pitches itself in two seconds."]  # the next one had begun


def test_a_sentence_with_an_unbacked_price_stops_the_answer_after_the_good_ones(language: LanguageCheck) -> None:
    released: list[str] = []
    gate = _gate(language, released)
    with pytest.raises(Rejected) as rejected:
        _answer(
            gate, words("The Orée Quick 2 Pop-Up Tent pitches itself in two seconds [P1]. Today it is 59 € [P1]. Bye.")
        )
    assert rejected.value.reason == "grounding"
    assert released == ["The Orée Quick 2 Pop-Up Tent pitches itself in two seconds."]


def test_a_list_heading_waits_for_the_label_of_its_list(language: LanguageCheck) -> None:
    released: list[str] = []
    gate = _gate(language, released)
    for part in words("You can pay in 3 instalments:\n- for orders from 100 €\n- up to 2,000 € [S1]\nAnything else?"):
        gate.feed(part)
    reply = gate.close()
    assert reply.text == "You can pay in 3 instalments:\n- for orders from 100 €\n- up to 2,000 €\nAnything else?"
    assert reply.cited == ("S1",)


def test_an_answer_in_another_language_is_stopped_before_a_word_is_shown(language: LanguageCheck) -> None:
    released: list[str] = []
    gate = _gate(language, released, lang="fr")
    with pytest.raises(Rejected) as rejected:
        _answer(gate, words("The Orée Quick 2 Pop-Up Tent pitches itself in two seconds, a great pick [P1]. Enjoy it."))
    assert rejected.value.reason == "language" and released == []


@pytest.mark.parametrize(
    ("raw", "why"),
    [
        ("", "empty answer"),
        ("We have lovely tents for two people that will suit you very well.", "no data cited"),
        ('{"answer": "cut off', "unreadable JSON"),
        ('{"ids": ["P1"]}', "JSON without an answer"),
    ],
)
def test_unreadable_answers_are_malformed(language: LanguageCheck, raw: str, why: str) -> None:
    gate = _gate(language, [])
    with pytest.raises(Rejected) as rejected:
        _answer(gate, words(raw))
    assert (rejected.value.reason, rejected.value.detail) == ("malformed", why)


def test_an_answer_given_as_json_is_read(language: LanguageCheck) -> None:
    released: list[str] = []
    gate = _gate(language, released)
    for part in [
        "```json\n",
        '{"answer": "The Orée Quick 2 Pop-Up Tent costs 79.00 € and pitches itself.", ',
        '"ids": ["P1"]}',
        "\n```",
    ]:
        gate.feed(part)
    reply = gate.close()
    assert reply.cited == ("P1",) and released == [reply.text]
