"""The words the hand-over policy reads of other rooms are theirs: escalation names them once (it imports
neither the assistant nor the guardrails), and they must stay equal to the owners' enums."""

from __future__ import annotations

from assistant.records.audit import AuditAction
from assistant.turn.intents import Intent
from escalation import HandoverEvent, policy
from guardrails import GuardrailFlag


def test_the_policy_reads_the_assistants_intents() -> None:
    assert policy.HUMAN_INTENT == Intent.HUMAN
    assert {Intent.HUMAN, Intent.GREETING} == policy.UNSCORED_INTENTS


def test_the_policy_reads_the_guardrails_flags() -> None:
    assert policy.REFUSED_FLAG == GuardrailFlag.INJECTION_ATTEMPT
    assert policy.UNGROUNDED_FLAG == GuardrailFlag.GROUNDING_FAILED


def test_the_hand_over_and_the_assistant_write_distinct_audit_actions() -> None:
    assert not {str(event) for event in HandoverEvent} & {str(action) for action in AuditAction}
