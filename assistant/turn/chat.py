"""The chat service: opens conversations, stores each message, runs the turn, audits it, builds frames."""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any, Protocol

from assistant.metrics import Metrics
from assistant.records.store import Accepted, ConversationHeld, ConversationStore, Opened
from assistant.records.tables import Preference, Turn, as_utc
from assistant.turn.answers import PastTurn
from assistant.turn.customers import TokenRefused
from assistant.turn.language import detect_language
from assistant.turn.pipeline import TurnPipeline, TurnResult
from assistant.turn.privacy import PrivacyService
from assistant.turn.steps import Laps
from escalation import EscalationPolicy, TurnSignal
from escalation.queue import HandoverQueue
from guardrails import Expect, GuardrailFlag

DISCLOSURE = {
    "en": "You are chatting with the AI assistant of {shop}, an automated program and not a person. Its answers "
    "come from the shop's catalog and policies and can contain mistakes. This conversation is recorded.",
    "fr": "Vous discutez avec l'assistant IA de {shop}, un programme automatique et non une personne. Ses "
    "réponses viennent du catalogue et des conditions de la boutique et peuvent comporter des erreurs. "
    "Cette conversation est enregistrée.",
}

DISCLOSURE_MODEL = {
    "en": "You are chatting with the AI assistant of {shop}, an automated program and not a person. Its answers are "
    "written by an AI language model from the shop's catalog and policies and can contain mistakes. This "
    "conversation is recorded.",
    "fr": "Vous discutez avec l'assistant IA de {shop}, un programme automatique et non une personne. Ses "
    "réponses sont rédigées par un modèle de langage (IA) à partir du catalogue et des conditions de la boutique et "
    "peuvent comporter des erreurs. Cette conversation est enregistrée.",
}
"""The disclosure when a language model writes the answers (``COMPTOIR_RESPONDER=llm``)."""


def disclosures(written_by_model: bool) -> dict[str, str]:
    """The disclosure texts (``{shop}`` to fill) of a shop whose answers a language model writes, or not."""
    return DISCLOSURE_MODEL if written_by_model else DISCLOSURE


RATING_NAMES: dict[int, str] = {1: "up", -1: "down"}

LAST_SEQ = 2**31 - 1
"""A turn number after every turn of a conversation."""
HISTORY_TURNS = 6
"""How many earlier answered turns a responder sees."""


class Memory(Protocol):
    """What the assistant may remember of a known customer across conversations (``ConsentBook`` in the
    compliance room): nothing, unless they opted in."""

    def granted(self, customer_id: str | None) -> bool:
        """Whether the customer opted in."""
        ...

    def recall(self, customer_id: str | None) -> Preference | None:
        """What is remembered of them, if they opted in."""
        ...

    def remember(self, conversation_id: str, customer_id: str | None, locale: str, interest: str | None) -> bool:
        """Remember their language and a topic, if they opted in."""
        ...


class MessageRefused(ValueError):
    """A shopper message the limits refuse (nothing is stored): ``code`` says why, for the error frame."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code


class TakenOver(Exception):
    """An agent took the conversation over while the assistant was answering: the answer is not sent."""


@dataclass(frozen=True)
class Answered:
    """A turn the assistant answered: the frame to send, and whether the answer sent the conversation to the
    queue."""

    frame: dict[str, Any]
    queued: bool = False


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
        memory: Memory | None = None,
        written_by_model: bool = False,
        metrics: Metrics | None = None,
    ):
        self.metrics = metrics or Metrics()
        """Where each turn's steps, intent and flags are counted (``GET /metrics``)."""
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
        self.written_by_model = written_by_model
        """Whether a language model writes the answers (they then stream)."""
        self.disclosures = disclosures(written_by_model)
        """The disclosure texts: they say so when a language model writes the answers."""
        self.memory = memory
        """The one way to remember (or recall) a known customer across conversations: only if they opted in;
        ``None``: nobody is remembered."""

    def locale(self, value: Any) -> str:
        """The shopper's locale, ``en`` or ``fr``; anything else falls back to the shop's language."""
        if isinstance(value, str) and value[:2].lower() in DISCLOSURE:
            return value[:2].lower()
        return self.default_language

    def disclosure(self, locale: str) -> str:
        """The sentence that opens every conversation: this is an AI."""
        return self.disclosures[locale].format(shop=self.shop_name)

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

    def resumes(self, token: str | None) -> bool:
        """Whether :meth:`open` with ``token`` resumes a conversation rather than starting one."""
        return self.store.resumes(token)

    def choose_vault(self, conversation_id: str, keep: bool) -> dict[str, Any]:
        """Record the shopper's choice about the vault; the frame that confirms it."""
        self.privacy.choose_vault(conversation_id, keep)
        return {"type": "privacy", "vault": self.privacy.vault_enabled and keep}

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
        if customer is not None and self.memory is not None:
            frame["consent"] = {"remember": self.memory.granted(customer)}
            remembered = None if opened.resumed else self.memory.recall(customer)
            if remembered is not None:
                frame["remembered"] = {"locale": remembered.locale, "interests": remembered.topics()}
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

    def check(self, text: str) -> str:
        """The message as it will be stored (control characters dropped), or ``MessageRefused``.

        Refused: a text holding a character cut in half (an unpaired surrogate), a text with nothing to read
        (only spaces, control characters or invisible format characters such as U+200B), a text over the limit.
        """
        if any("\ud800" <= ch <= "\udfff" for ch in text):
            raise MessageRefused("bad_text", "The message holds a character cut in half.")
        text = printable(text)
        if not visible(text):
            raise MessageRefused("empty_text", "The message is empty.")
        limit = self.limits.get("max_text_chars")
        if limit is not None and len(text) > limit:
            raise MessageRefused("too_long", f"Messages are limited to {limit} characters.")
        return text

    def accept(self, conversation_id: str, client_id: str, text: str, locale: str) -> Accepted:
        """Redact and store the shopper's message; after this it is acknowledged and never lost."""
        laps = Laps()
        lang = detect_language(text, locale)
        expect = self.expected(conversation_id)
        laps.lap("last-answer")
        accepted = self.privacy.accept(conversation_id, client_id, text, lang, expect)
        laps.lap("redact-and-store")
        for step, ms in laps.ms.items():
            self.metrics.step(step, ms)
        return accepted

    def expected(self, conversation_id: str) -> Expect:
        """What the assistant's last answer asked the shopper for (an order's number, its e-mail or postcode)."""
        last = self.store.answered_before(conversation_id, LAST_SEQ, 1)
        frame = last[0].frame() if last else None
        for source in (frame or {}).get("sources", []):
            if source.get("asks") in set(Expect):
                return Expect(source["asks"])
        return Expect.NOTHING

    def answer(
        self, turn: Turn, locale: str, client: str | None = None, send: Callable[[dict[str, Any]], None] | None = None
    ) -> dict[str, Any]:
        """Run the turn, write its audit record, and return the frame to send; ``client`` is the shopper's network
        address; ``send`` receives the ``delta`` frames of an answer streamed as it is written (the frame returned
        is the answer as stored, which replaces them)."""
        return self.answer_turn(turn, locale, client, send).frame

    def answer_turn(
        self, turn: Turn, locale: str, client: str | None = None, send: Callable[[dict[str, Any]], None] | None = None
    ) -> Answered:
        """:meth:`answer`, also saying whether the answer sent the conversation to the queue."""
        if turn.answer_frame is not None:
            return Answered({**(turn.frame() or {}), "replay": True})
        laps = Laps()
        conversation, earlier = self.store.before(
            turn.conversation_id, turn.seq, max(HISTORY_TURNS, self.escalation.LOOK_BACK)
        )
        laps.lap("history")
        result = self.pipeline.run(
            turn.shopper_text,
            locale,
            history=[PastTurn.of(t) for t in earlier[-HISTORY_TURNS:]],
            customer_id=conversation.customer_id if conversation else None,
            conversation_id=turn.conversation_id,
            client=client,
            deltas=None if send is None else partial(self._delta, send, turn),
        )
        laps.lap("pipeline")
        signal = self._signal(turn.shopper_text, result, redacted=bool(turn.redactions))
        flags = signal.flags
        decision = self.escalation.decide(signal, self._signals(earlier[-self.escalation.LOOK_BACK :]))
        frame = self._frame(turn, result)
        laps.lap("decide")
        try:
            completed = self._complete(turn, result, frame, flags, decision.to_dict())
        except ConversationHeld:  # an agent took the conversation over while the answer was computed
            self.store.route(turn.id, "agent")
            raise TakenOver(turn.id) from None
        laps.lap("store")
        if completed is None:  # the same message, answered a moment ago elsewhere: its answer is the one sent
            answered = self.store.turn(turn.id)
            return Answered({**((answered.frame() if answered else None) or frame), "replay": True})
        if decision.escalate:
            self.queue.escalate(turn.conversation_id, decision.reasons, decision.priority)
        if conversation is not None:
            self._learn(conversation.customer_id, turn, frame, locale)
        laps.lap("queue-and-memory")
        steps = {"history": laps.ms["history"], **dict(result.steps)}
        steps |= {step: ms for step, ms in laps.ms.items() if step not in ("history", "pipeline")}
        self.metrics.turn(steps, result.intent.intent.value, flags)
        return Answered(frame, queued=decision.escalate)

    def _complete(
        self, turn: Turn, result: TurnResult, frame: dict[str, Any], flags: tuple[str, ...], escalation: Any
    ) -> Turn | None:
        """Write the answer into the turn's row (``ConversationHeld`` when an agent holds the conversation now)."""
        return self.store.complete(
            turn,
            lang=result.lang,
            answer_text=result.answer.text,
            answer_frame=json.dumps(frame, ensure_ascii=False),
            intent=result.intent.intent.value,
            intent_confidence=result.intent.confidence,
            sources=json.dumps(self._sources(result)),
            confidence=result.answer.confidence,
            responder=self.models.responder,
            responder_version=self.models.responder_version,
            embedding_model=self.models.embedding_model,
            latency_ms=result.latency_ms,
            flags=json.dumps(list(flags)),
            escalation=json.dumps(escalation),
        )

    @staticmethod
    def _delta(send: Callable[[dict[str, Any]], None], turn: Turn, text: str, *, lang: str) -> None:
        frame = {"type": "delta", "from": "assistant", "ai": True, "reply_to": turn.client_id, "turn": turn.id}
        send({**frame, "lang": lang, "text": text})

    @staticmethod
    def _sources(result: TurnResult) -> list[dict[str, Any]]:
        """The retrieved sources for the audit record; those a language model was shown are marked ``prompt``."""
        shown = set(result.answer.prompt_ids)
        return [
            {**source, "prompt": True} if source["id"] in shown else source for source in result.retrieved.sources()
        ]

    def _learn(self, customer: str | None, turn: Turn, frame: dict[str, Any], locale: str) -> None:
        """Remember a known customer's language and the category of the first product shown, if they opted in."""
        if customer is None or self.memory is None:
            return
        interest = next((str(product["category"]) for product in frame["products"] if product.get("category")), None)
        self.memory.remember(turn.conversation_id, customer, locale, interest)

    def suggest(self, text: str, lang: str) -> tuple[str, bool]:
        """What the assistant would answer to ``text`` (already redacted): a draft for an agent to edit, and whether
        a language model wrote it."""
        answer = self.pipeline.run(text, lang).answer
        return answer.text, bool(answer.prompt_ids) and not answer.flags

    def note(self, turns: list[Turn], staff: list[Any], reasons: list[str]) -> str | None:
        """A hand-over note a language model writes from the redacted transcript, when the shop runs one."""
        write = getattr(self.pipeline.responder, "summarize", None)
        if write is None or not turns:
            return None
        said = [(t.created_at, "Shopper", t.shopper_text) for t in turns]
        said += [(t.answered_at, "Assistant", t.answer_text) for t in turns if t.answer_text and t.answered_at]
        said += [(m.at, "Agent", m.text) for m in staff if m.kind == "message"]
        said.sort(key=lambda entry: as_utc(entry[0]))
        note: str | None = write([(who, text) for _, who, text in said], reasons)
        return note

    def rehearse(self, text: str, locale: str) -> TurnSignal:
        """What the hand-over policy would read of ``text`` as a first message; nothing is stored."""
        lang = detect_language(text, locale)
        redacted = self.privacy.redact(text, lang)
        return self._signal(redacted.text, self.pipeline.run(redacted.text, lang), redacted=bool(redacted.detections))

    @staticmethod
    def _signal(text: str, result: TurnResult, *, redacted: bool) -> TurnSignal:
        flags = (*result.flags, *((GuardrailFlag.PII_REDACTED,) if redacted else ()))
        return TurnSignal(text, result.intent.intent.value, result.answer.confidence, flags)

    @staticmethod
    def _signals(turns: list[Turn]) -> list[TurnSignal]:
        """What the hand-over policy reads of earlier answered turns, oldest first."""
        return [
            TurnSignal(t.shopper_text, t.intent or "", t.confidence if t.confidence is not None else 1.0,
                       tuple(json.loads(t.flags or "[]")))
            for t in turns
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
            "act": str(result.answer.act),
            **({"search": result.answer.search} if result.answer.search else {}),
        }


def printable(text: str) -> str:
    """The text without control characters, keeping line breaks and tabs."""
    return "".join(ch for ch in text if ch in "\n\t" or (ord(ch) >= 32 and not 0x7F <= ord(ch) < 0xA0))


INVISIBLE = frozenset({"Cc", "Cf", "Cs", "Zs", "Zl", "Zp"})
"""Unicode categories with nothing to see: controls, format characters (U+200B..U+200D, U+2060, U+FEFF, U+00AD,
U+180E), surrogates and spaces. Unassigned code points count as visible: they may be emoji newer than Python's
tables."""


def visible(text: str) -> bool:
    """Whether ``text`` holds a character one can see (an emoji with its joiners counts by its emoji)."""
    return any(unicodedata.category(ch) not in INVISIBLE for ch in text)
