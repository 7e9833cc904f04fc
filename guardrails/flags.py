"""The flags the guardrails raise on a turn, as its record keeps them (the turn's ``flags`` list)."""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum


class GuardrailFlag(StrEnum):
    """What a guardrail found on a turn."""

    INJECTION_ATTEMPT = "injection_attempt"
    """The message read as an attempt to instruct the assistant: it was refused."""
    INJECTION = "injection"
    """Never raised alone: the prefix of each reason the injection screen gave, ``injection:<reason>``."""
    GROUNDING_FAILED = "grounding_failed"
    """A claim of the answer was not backed by its sources: a safe answer was given instead."""
    FALSE_URGENCY = "false_urgency"
    """The answer pressed the shopper with a deadline or a scarcity the data does not state."""
    PII_REDACTED = "pii_redacted"
    """Personal values of the message were replaced by placeholders."""
    LLM_FALLBACK = "llm_fallback"
    """Never raised alone: ``llm_fallback:<why>``, the language model's answer was not used (``timeout``, ``error``,
    ``malformed``, ``grounding``, ``person``, ``language``) and the extractive answer was sent instead."""


def detailed(prefix: GuardrailFlag, detail: str) -> str:
    """A flag carrying a detail after its prefix: ``detailed(GuardrailFlag.INJECTION, "override")`` is
    ``injection:override``."""
    return f"{prefix.value}:{detail}"


def details(prefix: GuardrailFlag, flags: Iterable[str]) -> list[str]:
    """The details of the flags built by :func:`detailed` with ``prefix``, in order."""
    start = f"{prefix.value}:"
    return [flag[len(start) :] for flag in flags if flag.startswith(start)]
