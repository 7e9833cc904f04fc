"""Responders turn a turn's context into an answer. One port, adapters chosen by ``COMPTOIR_RESPONDER``.

Adding a responder is one module with a ``build(settings)`` function returning an object that has ``name``,
``version`` and ``respond(context, deltas)``, plus one line in ``RESPONDERS``. Modules are imported only when chosen,
so a responder's optional dependencies are needed only by the shops that use it.
"""

from __future__ import annotations

import importlib
from typing import Protocol

from assistant.config import Settings
from assistant.turn.answers import Answer, Deltas, TurnContext


class Responder(Protocol):
    """Anything that answers a turn from its context (text, language, intent, retrieved rows, conversation)."""

    name: str
    version: str
    method: str | None
    """How it phrases an answer when no language model does (the compliance documents say so); ``None`` when a
    language model phrases it."""

    def respond(self, context: TurnContext, deltas: Deltas | None = None) -> Answer:
        """The answer to the turn; a responder that streams sends each checked part to ``deltas`` as it goes (the
        answer returned is the whole of it, or another one: that is what is shown, stored and audited)."""
        ...


RESPONDERS: dict[str, str] = {
    "extractive": "assistant.turn.responders.extractive",
    "llm": "assistant.turn.responders.llm",
}
"""Responder name (the value of ``COMPTOIR_RESPONDER``) to the module whose ``build(settings)`` makes it."""


def make_responder(settings: Settings) -> Responder:
    """The responder the settings name; a clear error naming the choices when there is no such responder."""
    module = RESPONDERS.get(settings.responder)
    if module is None:
        raise ValueError(
            f"COMPTOIR_RESPONDER={settings.responder!r} is not a responder; choose one of {', '.join(sorted(RESPONDERS))}"
        )
    responder: Responder = importlib.import_module(module).build(settings)
    return responder
