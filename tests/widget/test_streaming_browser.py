"""Streamed answers in a real headless Chromium: while the model on loopback (tests/llms.py) writes, the widget shows
the checked sentences one by one in a streaming bubble, and the message frame takes its place. A MutationObserver in
the widget's shadow root records every text its messages ever show, so that a sentence that fails the grounding
check is seen never to reach the page, not even for a moment."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pydantic import SecretStr

from assistant.config import ChatSettings, LLMSettings
from tests.llms import LoopbackModel, Scripted, loopback_model, words
from tests.widget.browser import WAIT, Served, open_chat, serve_demo

pytestmark = pytest.mark.browser

QUESTION = "a tent for two people under 300"
"""The data block's P1 is then the Orée Quick 2 Pop-Up Tent - 2 Person, at 79.00 EUR."""

INVENTED = re.compile(r"(?<![\d.,])59(?![\d])")
"""The invented price as a number of its own (the extractive answer lists the Orée Basecamp 4 at €259.00)."""

PACE = 0.05
"""Seconds between two words the model streams: slow enough for every sentence to be seen on its own."""

WATCH = """() => {
  const root = document.querySelector("comptoir-widget").shadowRoot;
  const answered = () => root.querySelectorAll(".cpt-msg-assistant:not(.cpt-msg-streaming)").length;
  const seen = { baseline: answered(), states: [], streamed: [], replaced: [] };
  const record = () => {
    for (const message of root.querySelectorAll(".cpt-msg")) {
      const bubble = message.querySelector(".cpt-bubble");
      const state = {
        streaming: message.matches(".cpt-msg-streaming[data-streaming='true']"),
        bubble: bubble ? bubble.textContent : "",
        whole: message.textContent,
      };
      const last = seen.states.findLast((s) => s.streaming === state.streaming && s.whole === state.whole);
      if (!last) seen.states.push(state);
      if (state.streaming && seen.streamed.at(-1)?.text !== state.bubble) {
        seen.streamed.push({ text: state.bubble, answered: answered() - seen.baseline });
      }
    }
  };
  new MutationObserver((records) => {
    for (const change of records) {
      for (const gone of change.removedNodes) {
        if (gone.nodeType !== 1 || !gone.matches(".cpt-msg-streaming")) continue;
        const added = [...change.addedNodes].find((n) => n.nodeType === 1 && n.matches(".cpt-msg-assistant"));
        seen.replaced.push({ by: added ? added.querySelector(".cpt-bubble").textContent : null });
      }
    }
    record();
  }).observe(root, { subtree: true, childList: true, characterData: true });
  window.__streamWatch = seen;
  return seen.baseline;
}"""

ANSWERED = """() => {
  const root = document.querySelector("comptoir-widget").shadowRoot;
  const seen = window.__streamWatch;
  return root.querySelectorAll(".cpt-msg-assistant:not(.cpt-msg-streaming)").length > seen.baseline
    && root.querySelector(".cpt-msg-streaming") === null;
}"""


@pytest.fixture(scope="module")
def model() -> Iterator[LoopbackModel]:
    with loopback_model() as server:
        yield server


@pytest.fixture(scope="module")
def served(
    model: LoopbackModel,
    demo_index_dir: Path,
    embeddings: Any,
    detector: Any,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Served]:
    """The demo shop with its answers phrased by the model on loopback, speaking OpenAI's chat completions."""
    llm = LLMSettings(
        model="openai:loopback-7b",
        base_url=f"{model.url}/v1",
        api_key=SecretStr("sk-loopback-secret"),
        timeout_seconds=5,
    )
    with serve_demo(
        "streaming",
        demo_index_dir,
        tmp_path_factory,
        embeddings,
        detector,
        responder="llm",
        llm=llm,
        chat=ChatSettings(conversations_per_minute=100_000, burst=50),
    ) as served:
        yield served


@pytest.fixture(autouse=True)
def fresh(model: LoopbackModel) -> None:
    model.script.clear()
    model.requests.clear()


def _ask_and_watch(page: Any, url: str, text: str) -> tuple[dict[str, Any], Any]:
    """Opens the widget, watches its messages, sends ``text``; what was seen once the answer replaced the stream,
    and the answer's node."""
    open_chat(page, url + "/")
    page.evaluate(WATCH)
    page.locator(".cpt-input").fill(text)
    page.locator(".cpt-input").press("Enter")
    page.wait_for_function(ANSWERED, timeout=WAIT)
    answer = page.locator(".cpt-msg-assistant:not(.cpt-msg-streaming)").last
    return page.evaluate("() => window.__streamWatch"), answer


def test_a_streamed_answer_grows_sentence_by_sentence_and_the_answer_takes_its_place(
    page: Any, live_server: str, model: LoopbackModel
) -> None:
    model.script = [
        Scripted(
            words(
                "The Orée Quick 2 Pop-Up Tent is a light and easy pick for two people at festivals [P1]. "
                "It costs 79.00 € [P1]. It folds flat into its round bag for the trip home [P1]."
            ),
            delay=PACE,
        )
    ]
    seen, answer = _ask_and_watch(page, live_server, QUESTION)
    sentences = [
        "The Orée Quick 2 Pop-Up Tent is a light and easy pick for two people at festivals.",
        " It costs 79.00 €.",
        " It folds flat into its round bag for the trip home.",
    ]
    final = answer.locator(".cpt-bubble").text_content()
    assert final == "".join(sentences)
    # one sentence at a time, each shown before the answer came; the last text streamed is the answer's
    assert seen["streamed"] == [{"text": "".join(sentences[:n]), "answered": 0} for n in (1, 2, 3)]
    assert seen["replaced"] == [{"by": final}]  # the message frame took the streaming node's place
    assert all("[P" not in state["whole"] and "[P" not in state["bubble"] for state in seen["states"])
    assert "[P" not in page.locator(".cpt-log").text_content()
    cards = answer.locator(".cpt-product-card")
    assert cards.count() == 1
    assert "Orée Quick 2 Pop-Up Tent" in cards.first.inner_text()
    assert page.locator(".cpt-msg-streaming").count() == 0
    assert len(model.requests) == 1 and model.requests[0]["stream"] is True


def test_a_sentence_with_an_invented_price_never_reaches_the_page(
    page: Any, live_server: str, model: LoopbackModel
) -> None:
    first = "The Orée Quick 2 Pop-Up Tent is a great pick for festivals and weekend camping"
    model.script = [
        Scripted(words(f"{first} [P1]. Today it is yours for 59 € [P1]. Enjoy it under the stars!"), delay=PACE)
    ]
    assert INVENTED.search("yours for 59 €") and not INVENTED.search("€259.00")
    seen, answer = _ask_and_watch(page, live_server, QUESTION)
    assert seen["states"], "the observer recorded nothing"
    # "59" nowhere while streaming; after, only inside the extractive answer's real €259.00, never as a price
    assert not [state for state in seen["states"] if state["streaming"] and "59" in state["whole"]]
    assert not [state for state in seen["states"] if INVENTED.search(state["whole"]) or "yours" in state["whole"]]
    assert [state["text"] for state in seen["streamed"]] == [f"{first}."]  # shown, then superseded
    assert seen["streamed"][0]["answered"] == 0
    final = answer.locator(".cpt-bubble").text_content()
    assert final.startswith("Here is what I found") and not INVENTED.search(final)
    assert answer.locator(".cpt-product-card").count() == 3
    assert page.locator(".cpt-msg-streaming").count() == 0
    assert seen["replaced"] == [{"by": final}]
    assert first not in page.locator(".cpt-log").text_content()
    assert len(model.requests) == 1
