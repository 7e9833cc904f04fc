"""Checks on what goes in and out of a turn: personal data redacted before anything keeps it, injection
attempts refused, answers grounded in their sources and free of invented urgency.

Each name is imported from its module when first used: the vault and the kinds of personal data do not load
Presidio and spaCy (a data-subject command needs only those)."""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from guardrails.entities import ENTITIES, PLACEHOLDER_NAMES
    from guardrails.flags import GuardrailFlag
    from guardrails.grounding import SAFE_ANSWER, GroundingCheck, GroundingVerdict, figures
    from guardrails.injection import InjectionDetector, InjectionVerdict
    from guardrails.pii import Detection, PiiDetector, shop_words
    from guardrails.postcodes import POSTCODE, Expect
    from guardrails.redaction import Pseudonym, Redacted, Redactor, placeholders
    from guardrails.vault import Sealer, VaultError

_HOMES = {
    "guardrails.entities": ("ENTITIES", "PLACEHOLDER_NAMES"),
    "guardrails.flags": ("GuardrailFlag",),
    "guardrails.grounding": ("SAFE_ANSWER", "GroundingCheck", "GroundingVerdict", "figures"),
    "guardrails.injection": ("InjectionDetector", "InjectionVerdict"),
    "guardrails.pii": ("Detection", "PiiDetector", "shop_words"),
    "guardrails.postcodes": ("POSTCODE", "Expect"),
    "guardrails.redaction": ("Pseudonym", "Redacted", "Redactor", "placeholders"),
    "guardrails.vault": ("Sealer", "VaultError"),
}
_HOME = {name: module for module, names in _HOMES.items() for name in names}


def __getattr__(name: str) -> Any:
    module = _HOME.get(name)
    if module is None:
        raise AttributeError(f"module 'guardrails' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


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
