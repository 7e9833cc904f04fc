"""The compliance room: what an officer reviews and serves. Transcript search and explanations, key figures,
data-subject copies and erasure, the shopper's requests and consent, retention, and the generated documents.

It reads what the other rooms wrote; only the web room and the command line import it."""

from assistant.compliance.consent import ConsentBook, NoCustomer
from assistant.compliance.shopper import ShopperRights

__all__ = ["ConsentBook", "NoCustomer", "ShopperRights"]
