"""The chat service: opens conversations, stores each message, runs the turn, audits it, builds frames."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from assistant.consent import ConsentBook, interests
from assistant.customers import TokenRefused
from assistant.language import detect_language
from assistant.pipeline import TurnPipeline, TurnResult
from assistant.privacy import PrivacyService
from assistant.store import Accepted, Conversation, ConversationStore, Opened, Turn, as_utc
from assistant.subjects import (
    READY_DAYS,
    SubjectRequest,
    delivered,
    export,
    file_request,
    find_conversations,
    ready_for,
)
from escalation import EscalationPolicy, TurnSignal
from escalation.queue import HandoverQueue, State

DISCLOSURE = {
    "en": "You are chatting with the AI assistant of {shop}, an automated program and not a person. Its answers "
    "come from the shop's catalog and policies and can contain mistakes. This conversation is recorded.",
    "fr": "Vous discutez avec l'assistant IA de {shop}, un programme automatique et non une personne. Ses "
    "réponses viennent du catalogue et des conditions de la boutique et peuvent comporter des erreurs. "
    "Cette conversation est enregistrée.",
}


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

RATING_NAMES: dict[int, str] = {1: "up", -1: "down"}


class TakenOver(Exception):
    """An agent took the conversation over while the assistant was answering: the answer is not sent."""


@dataclass(frozen=True)
class ModelInfo:
    """Names and versions written to the audit log with every answer."""

    responder: str
    responder_version: str
    embedding_model: str


class ChatService:
    """What the WebSocket and HTTP routes call; it knows nothing about either."""

    def __init__(
        self,
        store: ConversationStore,
        privacy: PrivacyService,
        pipeline: TurnPipeline,
        escalation: EscalationPolicy,
        queue: HandoverQueue,
        models: ModelInfo,
        shop_name: str,
        default_language: str,
        limits: dict[str, int] | None = None,
        identify: Callable[[str], str] | None = None,
        consents: ConsentBook | None = None,
    ):
        self.limits = limits or {}
        self.identify = identify
        """Reads a customer token into the customer id (raising ``TokenRefused``); ``None``: guests only."""
        self.store = store
        self.privacy = privacy
        self.escalation = escalation
        self.queue = queue
        self.pipeline = pipeline
        self.models = models
        self.shop_name = shop_name
        self.default_language = default_language
        self.consents = consents or ConsentBook(store)
        """The one way to remember (or recall) a known customer across conversations: only if they opted in."""

    def locale(self, value: Any) -> str:
        """The shopper's locale, ``en`` or ``fr``; anything else falls back to the shop's language."""
        if isinstance(value, str) and value[:2].lower() in DISCLOSURE:
            return value[:2].lower()
        return self.default_language

    def disclosure(self, locale: str) -> str:
        """The sentence that opens every conversation: this is an AI."""
        return DISCLOSURE[locale].format(shop=self.shop_name)

    def customer(self, token: str) -> str:
        """The customer id a merchant's signed token names; ``TokenRefused`` with the reason otherwise."""
        if self.identify is None:
            raise TokenRefused("this shop does not take customer tokens")
        return self.identify(token)

    def open(
        self, token: str | None, locale: str, keep_originals: bool | None = None, customer_id: str | None = None
    ) -> Opened:
        """Start or resume a conversation; ``keep_originals=False`` is the shopper saying no to the vault.

        A known customer never resumes a conversation tied to another customer: they get a new one.
        """
        opened = self.store.open(token, locale, self.disclosure(locale))
        held_by = opened.conversation.customer_id
        if customer_id is not None and held_by not in (None, customer_id):
            opened = self.store.open(None, locale, self.disclosure(locale))
        if customer_id is not None and opened.conversation.customer_id != customer_id:
            self.store.update_conversation(opened.conversation.id, customer_id=customer_id)
            opened.conversation.customer_id = customer_id
        if keep_originals is not None and keep_originals != opened.conversation.keep_originals:
            self.store.update_conversation(opened.conversation.id, keep_originals=keep_originals)
            opened.conversation.keep_originals = keep_originals
        return opened

    def choose_vault(self, conversation_id: str, keep: bool) -> dict[str, Any]:
        """Record the shopper's choice about the vault; the frame that confirms it."""
        self.privacy.choose_vault(conversation_id, keep)
        return {"type": "privacy", "vault": self.privacy.vault_enabled and keep}

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
        document = export(self.store, ids, sealer=self.privacy.sealer, actor="shopper", by="session")
        delivered(self.store, request.id)
        name = f"{self.shop_name}-my-data-{datetime.now(UTC).strftime('%Y-%m-%d')}.json"
        return {"type": "data_copy", "id": request.id, "filename": name, "document": document}

    def consent(self, conversation: Conversation, remember: bool) -> dict[str, Any]:
        """A known customer's choice to be remembered in later conversations (``NoCustomer`` for a guest)."""
        self.consents.record(conversation.id, conversation.customer_id, remember)
        return {"type": "consent", "remember": remember}

    def welcome(self, opened: Opened) -> dict[str, Any]:
        """The first frame of every connection; a known customer's also says what they let us remember."""
        locale = opened.conversation.locale
        frame: dict[str, Any] = {
            "type": "welcome",
            "ai": True,
            "session": opened.token,
            "resumed": opened.resumed,
            "locale": locale,
            "disclosure": self.disclosure(locale),
            "limits": self.limits,
            "customer": opened.conversation.customer_id is not None,
            "privacy": {
                "redaction": True,
                "vault": self.privacy.vault_enabled and opened.conversation.keep_originals,
            },
        }
        customer = opened.conversation.customer_id
        if customer is not None:
            frame["consent"] = {"remember": self.consents.granted(customer)}
            remembered = None if opened.resumed else self.consents.recall(customer)
            if remembered is not None:
                frame["remembered"] = {"locale": remembered.locale, "interests": interests(remembered)}
        return frame

    def history(self, conversation_id: str) -> tuple[dict[str, Any], list[Turn]]:
        """The transcript frame for a resume, and the turns still waiting for their answer."""
        turns = self.store.transcript(conversation_id)
        entries = []
        for turn in turns:
            frame = turn.frame()
            entries.append(
                {
                    "turn": turn.id,
                    "at": as_utc(turn.created_at).isoformat(),
                    "shopper": {"id": turn.client_id, "text": turn.shopper_text},
                    "assistant": None if frame is None else self._answer_entry(frame, turn),
                }
            )
        agents = [
            {"id": m.id, "agent": m.author_name, "text": m.text, "at": as_utc(m.at).isoformat()}
            for m in self.store.staff_messages(conversation_id, kind="message")
        ]
        pending = [turn for turn in turns if turn.answer_frame is None and turn.routed_to is None]
        return {"type": "history", "ai": True, "turns": entries, "agents": agents}, pending

    @staticmethod
    def _answer_entry(frame: dict[str, Any], turn: Turn) -> dict[str, Any]:
        entry: dict[str, Any] = {k: frame[k] for k in ("text", "products", "sources", "confidence", "ai") if k in frame}
        entry["rating"] = RATING_NAMES.get(turn.rating or 0)
        return entry

    def accept(self, conversation_id: str, client_id: str, text: str, locale: str) -> Accepted:
        """Redact and store the shopper's message; after this it is acknowledged and never lost."""
        return self.privacy.accept(conversation_id, client_id, text, detect_language(text, locale))

    def answer(self, turn: Turn, locale: str) -> dict[str, Any]:
        """Run the turn, write its audit record, and return the frame to send."""
        if turn.answer_frame is not None:
            return {**(turn.frame() or {}), "replay": True}
        result = self.pipeline.run(turn.shopper_text, locale)
        signal = self._signal(turn.shopper_text, result, redacted=bool(turn.redactions))
        flags = signal.flags
        decision = self.escalation.decide(signal, self._earlier(turn))
        frame = self._frame(turn, result)
        if self.queue.state(turn.conversation_id) is State.ASSIGNED:  # an agent took over while it was computed
            self.store.route(turn.id, "agent")
            raise TakenOver(turn.id)
        self.store.complete(
            turn,
            lang=result.lang,
            answer_text=result.answer.text,
            answer_frame=json.dumps(frame, ensure_ascii=False),
            intent=result.intent.intent.value,
            intent_confidence=result.intent.confidence,
            sources=json.dumps(result.retrieved.sources()),
            confidence=result.answer.confidence,
            responder=self.models.responder,
            responder_version=self.models.responder_version,
            embedding_model=self.models.embedding_model,
            latency_ms=result.latency_ms,
            flags=json.dumps(list(flags)),
            escalation=json.dumps(decision.to_dict()),
        )
        if decision.escalate:
            self.queue.escalate(turn.conversation_id, decision.reasons, decision.priority)
        self._learn(turn, frame, locale)
        return frame

    def _learn(self, turn: Turn, frame: dict[str, Any], locale: str) -> None:
        """Remember a known customer's language and the category of the first product shown, if they opted in."""
        conversation = self.store.conversation(turn.conversation_id)
        if conversation is None or conversation.customer_id is None:
            return
        interest = next((str(product["category"]) for product in frame["products"] if product.get("category")), None)
        self.consents.remember(turn.conversation_id, conversation.customer_id, locale, interest)

    def suggest(self, text: str, lang: str) -> str:
        """What the assistant would answer to ``text`` (already redacted): a draft for an agent to edit."""
        return self.pipeline.run(text, lang).answer.text

    def rehearse(self, text: str, locale: str) -> TurnSignal:
        """What the hand-over policy would read of ``text`` as a first message; nothing is stored."""
        lang = detect_language(text, locale)
        redacted = self.privacy.redact(text, lang)
        return self._signal(redacted.text, self.pipeline.run(redacted.text, lang), redacted=bool(redacted.detections))

    @staticmethod
    def _signal(text: str, result: TurnResult, *, redacted: bool) -> TurnSignal:
        flags = (*result.flags, *(("pii_redacted",) if redacted else ()))
        return TurnSignal(text, result.intent.intent.value, result.answer.confidence, flags)

    def _earlier(self, turn: Turn) -> list[TurnSignal]:
        """The answered turns just before ``turn`` (as many as the policy looks back), oldest first."""
        return [
            TurnSignal(t.shopper_text, t.intent or "", t.confidence if t.confidence is not None else 1.0,
                       tuple(json.loads(t.flags or "[]")))
            for t in self.store.answered_before(turn.conversation_id, turn.seq, self.escalation.LOOK_BACK)
        ]  # fmt: skip

    @staticmethod
    def _frame(turn: Turn, result: TurnResult) -> dict[str, Any]:
        return {
            "type": "message",
            "from": "assistant",
            "ai": True,
            "reply_to": turn.client_id,
            "turn": turn.id,
            "text": result.answer.text,
            "intent": result.intent.intent.value,
            "lang": result.lang,
            "products": result.answer.products,
            "sources": result.answer.sources,
            "confidence": result.answer.confidence,
        }
