"""A tiny responder, one module with a ``build(settings)``: the extractive responder, keeping every context it
was given, so that tests can see what a responder receives."""

from __future__ import annotations

from assistant.config import Settings
from assistant.turn.answers import Answer, Deltas, TurnContext
from assistant.turn.responders.extractive import build as build_extractive


class Recording:
    """The extractive responder, keeping every context it answered."""

    name = "recording"
    version = "1"

    def __init__(self, settings: Settings):
        self.inner = build_extractive(settings)
        self.method = self.inner.method
        self.contexts: list[TurnContext] = []

    def respond(self, context: TurnContext, deltas: Deltas | None = None) -> Answer:
        self.contexts.append(context)
        return self.inner.respond(context, deltas)


def build(settings: Settings) -> Recording:
    """The recording responder."""
    return Recording(settings)
