"""The shopper's own rights, exercised from the chat: a copy of their data, its erasure, and consent to be
remembered. The shopper's socket calls these; the compliance console serves what they file."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from assistant.compliance.consent import ConsentBook
from assistant.compliance.subjects import READY_DAYS, delivered, export, file_request, find_conversations, ready_for
from assistant.records.tables import Conversation, SubjectRequest, as_utc
from assistant.turn import ChatService

DATA_REQUEST_FILED = {
    "en": "Your request {what} has been passed to the data-protection team of {shop}. They will answer you within "
    "one month (GDPR art. 12(3)).",
    "fr": "Votre demande {what} a été transmise à l'équipe de protection des données de {shop}. Elle vous répondra "
    "dans un délai d'un mois (RGPD, art. 12(3)).",
}
DATA_REQUEST_WHAT = {
    "access": {"en": "for a copy of your data", "fr": "de copie de vos données"},
    "erasure": {"en": "to erase your data", "fr": "d'effacement de vos données"},
}
ERASURE_FOLLOWS = {
    "en": "This conversation will be erased; closing the chat does not cancel the request.",
    "fr": "Cette conversation sera effacée ; fermer la discussion n'annule pas la demande.",
}

COPY_READY = {
    "en": "Your copy of the data {shop} holds about you is ready. Download it here before {until}.",
    "fr": "La copie des données que {shop} détient sur vous est prête. Téléchargez-la ici avant le {until}.",
}

ERASED = {
    "en": "This conversation and everything {shop} held about it were erased, as you asked. If you write again, a new "
    "conversation starts.",
    "fr": "Cette conversation et tout ce que {shop} en détenait ont été effacés, comme vous l'avez demandé. Si vous "
    "écrivez à nouveau, une nouvelle conversation commence.",
}


class ShopperRights:
    """Frames answering a shopper's data requests and consent choices, in their conversation's language."""

    def __init__(self, chat: ChatService, consents: ConsentBook):
        self.chat = chat
        self.store = chat.store
        self.shop_name = chat.shop_name
        self.consents = consents

    def locale(self, value: Any) -> str:
        """The conversation's language, as the chat reads it."""
        return self.chat.locale(value)

    def data_request(self, conversation: Conversation, kind: str) -> dict[str, Any]:
        """File the shopper's request for a copy of their data or its erasure; the frame that tells them."""
        request = file_request(self.store, conversation.id, conversation.customer_id, kind)
        locale = self.locale(conversation.locale)
        message = DATA_REQUEST_FILED[locale].format(what=DATA_REQUEST_WHAT[kind][locale], shop=self.shop_name)
        if kind == "erasure":
            message = f"{message} {ERASURE_FOLLOWS[locale]}"
        return {
            "type": "data_request",
            "id": request.id,
            "kind": kind,
            "status": request.status,
            "ai": True,
            "message": message,
        }

    def erased_frame(self, locale: str) -> dict[str, Any]:
        """``erased``: the shopper's conversation is gone; the widget forgets its session and starts a new one."""
        return {"type": "erased", "ai": True, "message": ERASED[self.locale(locale)].format(shop=self.shop_name)}

    def copy_ready(self, conversation: Conversation) -> dict[str, Any] | None:
        """The frame telling the shopper a copy of their data waits in their chat, if one does."""
        request = ready_for(self.store, conversation.id)
        return None if request is None else self.copy_ready_frame(request, conversation.locale)

    def copy_ready_frame(self, request: SubjectRequest, locale: str) -> dict[str, Any]:
        """``data_ready``: a copy the compliance team made ready for the shopper to download from their chat."""
        handed = as_utc(request.handled_at) if request.handled_at else None
        until = (handed + timedelta(days=READY_DAYS)).strftime("%Y-%m-%d") if handed else ""
        text = COPY_READY[self.locale(locale)].format(shop=self.shop_name, until=until)
        return {"type": "data_ready", "id": request.id, "until": until, "ai": True, "message": text}

    def data_copy(self, conversation: Conversation, request_id: str) -> dict[str, Any] | None:
        """Everything held about the shopper, for the copy the compliance team made ready in this conversation;
        ``None`` when there is no such copy waiting. Made when asked (no copy is kept), and recorded."""
        request = ready_for(self.store, conversation.id, request_id)
        if request is None:
            return None
        ids = [conversation.id]
        if conversation.customer_id is not None:
            ids = find_conversations(self.store, customer=conversation.customer_id)
        document = export(self.store, ids, sealer=self.chat.privacy.sealer, actor="shopper", by="session")
        delivered(self.store, request.id)
        name = f"{self.shop_name}-my-data-{datetime.now(UTC).strftime('%Y-%m-%d')}.json"
        return {"type": "data_copy", "id": request.id, "filename": name, "document": document}

    def consent(self, conversation: Conversation, remember: bool) -> dict[str, Any]:
        """A known customer's choice to be remembered in later conversations (``NoCustomer`` for a guest)."""
        self.consents.record(conversation.id, conversation.customer_id, remember)
        return {"type": "consent", "remember": remember}
