"""The compliance room: what an officer reviews and serves. Transcript search and explanations, key figures,
data-subject copies and erasure, the shopper's requests and consent, retention, and the generated documents.

It reads what the other rooms wrote; only the web room and the command line import it. Its names are imported
when first used: a command that erases or purges does not load the turn's pipeline."""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from assistant.compliance.consent import ConsentBook, NoCustomer
    from assistant.compliance.shopper import ShopperRights

_HOME = {
    "ConsentBook": "assistant.compliance.consent",
    "NoCustomer": "assistant.compliance.consent",
    "ShopperRights": "assistant.compliance.shopper",
}


def __getattr__(name: str) -> Any:
    module = _HOME.get(name)
    if module is None:
        raise AttributeError(f"module 'assistant.compliance' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


__all__ = ["ConsentBook", "NoCustomer", "ShopperRights"]
