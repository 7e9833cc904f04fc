"""Hand-over to a person: the policy that decides it, the agent queue and the hand-over states."""

from escalation.policy import SENSITIVE, Decision, EscalationPolicy, Reason, TurnSignal
from escalation.queue import HandoverEvent

__all__ = ["SENSITIVE", "Decision", "EscalationPolicy", "HandoverEvent", "Reason", "TurnSignal"]
