"""Checks on what goes in and out of a turn: today, that answers are grounded in their sources."""

from guardrails.grounding import SAFE_ANSWER, GroundingCheck, GroundingVerdict, figures

__all__ = ["SAFE_ANSWER", "GroundingCheck", "GroundingVerdict", "figures"]
