"""Precision and recall of hand-over over labelled messages, for a range of confidence thresholds."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from escalation.policy import EscalationPolicy, TurnSignal


@dataclass(frozen=True)
class Labelled:
    """One labelled shopper message, as the pipeline answered it."""

    signal: TurnSignal
    escalate: bool


@dataclass(frozen=True)
class ThresholdRow:
    """How the policy does at one threshold."""

    threshold: float
    precision: float
    recall: float
    escalated: int
    reasons: dict[str, int]

    @property
    def f1(self) -> float:
        """The balance of the two."""
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0


def calibrate(messages: Sequence[Labelled], thresholds: Sequence[float]) -> list[ThresholdRow]:
    """One row per threshold; each message is judged as the first turn of its conversation."""
    rows = []
    for threshold in thresholds:
        policy = EscalationPolicy(threshold)
        true_pos = false_pos = positives = 0
        reasons: Counter[str] = Counter()
        for message in messages:
            decision = policy.decide(message.signal)
            positives += message.escalate
            if decision.escalate:
                reasons.update(decision.reasons)
                if message.escalate:
                    true_pos += 1
                else:
                    false_pos += 1
        escalated = true_pos + false_pos
        rows.append(
            ThresholdRow(
                threshold,
                true_pos / escalated if escalated else 1.0,
                true_pos / positives if positives else 1.0,
                escalated,
                dict(reasons),
            )
        )
    return rows


def table(rows: Sequence[ThresholdRow], current: float) -> str:
    """The rows for a terminal, the current setting marked."""
    lines = [f"{'threshold':>9}  {'precision':>9}  {'recall':>6}  {'f1':>5}  {'handed over':>11}"]
    for row in rows:
        mark = "  <- current" if abs(row.threshold - current) < 1e-9 else ""
        lines.append(
            f"{row.threshold:>9.2f}  {row.precision:>9.3f}  {row.recall:>6.3f}  {row.f1:>5.3f}  {row.escalated:>11}{mark}"
        )
    return "\n".join(lines)
