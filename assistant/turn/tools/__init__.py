"""Tools: what the assistant may look up for a turn besides the catalog and the policies (an order's status,
say). One port, adapters enabled by ``COMPTOIR_TOOLS``.

A tool has a ``name``, the ``intents`` it serves, and ``call(context)``, which returns typed rows, each with
a source id (cited like a product or a passage) and the fields the grounding check holds the answer to.
Adding a tool is one module with a ``build(settings)`` function plus one line in ``TOOLS``; tools are imported
only when enabled.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from assistant.config import Settings

if TYPE_CHECKING:
    from assistant.turn.answers import TurnContext
    from assistant.turn.intents import Intent


@dataclass(frozen=True)
class ToolRow:
    """One row a tool returned for a turn."""

    tool: str
    """The name of the tool that returned it."""
    source_id: str
    """Unique among the turn's sources: ``tool:<tool>:<key>``."""
    title: str
    text: str
    """What the row says, in the turn's language: the extractive responder shows it as it is."""
    fields: dict[str, Any] = field(default_factory=dict)
    """The row's facts (numbers, dates, states): what the grounding check accepts as evidence."""
    url: str | None = None
    facts: dict[str, str] = field(default_factory=dict)
    """What the shopper's answer frame keeps of the row for the turns after it and for the agent's console (an
    order's number, status and how the shopper proved it theirs)."""
    asks: str | None = None
    """What the row asks the shopper for (a ``guardrails.Expect`` value): the next message answers it."""
    needs_person: bool = False
    """Only a person can settle what the row is about: the conversation is handed over."""
    arguments: dict[str, str] = field(default_factory=dict)
    """What the tool was called with (redacted, as the message was), for the audit record of the turn."""

    @property
    def call(self) -> dict[str, Any]:
        """The call as the turn's audit record keeps it: its arguments and what it returned."""
        return {"arguments": self.arguments, "returned": self.text}

    def evidence(self) -> dict[str, Any]:
        """What the grounding check reads of the row."""
        return {"title": self.title, "text": self.text, **self.fields}


class Tool(Protocol):
    """Something the assistant may look up on the shopper's behalf."""

    name: str
    intents: frozenset[Intent]

    def call(self, context: TurnContext) -> Sequence[ToolRow]:
        """The rows for this turn (none when the tool has nothing to say)."""
        ...


TOOLS: dict[str, str] = {}
"""Tool name (as listed in ``COMPTOIR_TOOLS``) to the module whose ``build(settings)`` makes it."""


def make_tools(settings: Settings) -> list[Tool]:
    """The tools the settings enable, in their order; a clear error naming the choices for an unknown one."""
    unknown = [name for name in settings.tools if name not in TOOLS]
    if unknown:
        known = ", ".join(sorted(TOOLS)) or "none is installed"
        raise ValueError(f"COMPTOIR_TOOLS names {', '.join(unknown)}, which is not a tool; tools: {known}")
    return [importlib.import_module(TOOLS[name]).build(settings) for name in settings.tools]
