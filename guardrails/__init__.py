"""Checks on what goes in and out of a turn: personal data redacted before anything keeps it, injection
attempts refused, answers grounded in their sources and free of invented urgency."""

from guardrails.flags import GuardrailFlag
from guardrails.grounding import SAFE_ANSWER, GroundingCheck, GroundingVerdict, figures
from guardrails.injection import InjectionDetector, InjectionVerdict
from guardrails.pii import ENTITIES, PLACEHOLDER_NAMES, Detection, PiiDetector, shop_words
from guardrails.postcodes import POSTCODE, Expect
from guardrails.redaction import Pseudonym, Redacted, Redactor, placeholders
from guardrails.vault import Sealer, VaultError

__all__ = [
    "ENTITIES",
    "PLACEHOLDER_NAMES",
    "POSTCODE",
    "SAFE_ANSWER",
    "Detection",
    "Expect",
    "GroundingCheck",
    "GroundingVerdict",
    "GuardrailFlag",
    "InjectionDetector",
    "InjectionVerdict",
    "PiiDetector",
    "Pseudonym",
    "Redacted",
    "Redactor",
    "Sealer",
    "VaultError",
    "figures",
    "placeholders",
    "shop_words",
]
