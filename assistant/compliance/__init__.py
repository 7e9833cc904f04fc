"""The compliance room: what an officer reviews and serves. Transcript search and explanations, key figures,
data-subject copies and erasure, the shopper's requests and consent, retention, and the generated documents.

It reads what the other rooms wrote; only the web room and the command line import it. Its names are imported
when first used: a command that erases or purges does not load the turn's pipeline."""

from __future__ import annotations

from typing import TYPE_CHECKING

from assistant.exports import lazy_names

if TYPE_CHECKING:
    from assistant.compliance.consent import ConsentBook, NoCustomer
    from assistant.compliance.shopper import ShopperRights

__getattr__ = lazy_names(
    __name__,
    {"assistant.compliance.consent": ("ConsentBook", "NoCustomer"), "assistant.compliance.shopper": ("ShopperRights",)},
)

__all__ = ["ConsentBook", "NoCustomer", "ShopperRights"]
