"""The hand-over desk: where the shopper, the agents and the assistant meet.

It moves a conversation through the hand-over states (:mod:`escalation.queue`), stores what agents write,
and tells everyone concerned through the bus, whatever server process they are connected to:

- topic ``shopper.<conversation id>``: frames for that shopper's widget (``handoff``, agent ``message``,
  agent ``typing``);
- topic ``agents``: frames for every console (a conversation's live events, and ``refresh`` when the queue
  changed).
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

from starlette.concurrency import run_in_threadpool

from assistant.records.audit import AuditAction
from assistant.records.store import Accepted
from assistant.records.tables import StaffMessage, Turn, as_utc
from assistant.staff.accounts import Accounts, User
from assistant.turn.chat import ChatService
from escalation import Reason
from escalation.bus import Bus
from escalation.hours import OpeningHours
from escalation.queue import HandoverQueue, State, TransitionRefused
from guardrails import shop_words

log = logging.getLogger("comptoir.desk")

Frame = dict[str, Any]
T = TypeVar("T")

AGENTS = "agents"
LIVE_WINDOW = timedelta(minutes=30)
PRESENCE_TTL = 30.0
NOTES_KEPT = 256
"""Hand-over notes a language model wrote, kept so that opening a conversation again does not ask it again."""

TEXTS = {
    "en": {
        "queued": "I am passing you to a person. You are number {n} in line.",
        "nobody": "No one from our team is online right now. You stay in line (number {n}); you can leave an e-mail "
        "address or a phone number and we will reply.",
        "closed": "Our team is away right now{back}. You stay in line (number {n}); you can leave an e-mail address "
        "or a phone number and we will reply.",
        "back": ", back {when}",
        "assigned": "{name} has joined the conversation.",
        "returned": "{name} handed you back to the AI assistant.",
        "ended": "{name} closed the conversation. The AI assistant is here if you need anything else.",
        "contact": "Contact for a reply: {contact}",
    },
    "fr": {
        "queued": "Je vous passe à une personne. Vous êtes numéro {n} dans la file.",
        "nobody": "Personne de notre équipe n'est en ligne pour le moment. Vous gardez votre place (numéro {n}) ; "
        "vous pouvez laisser une adresse e-mail ou un numéro de téléphone et nous vous répondrons.",
        "closed": "Notre équipe est absente pour le moment{back}. Vous gardez votre place (numéro {n}) ; vous pouvez "
        "laisser une adresse e-mail ou un numéro de téléphone et nous vous répondrons.",
        "back": ", de retour {when}",
        "assigned": "{name} a rejoint la conversation.",
        "returned": "{name} vous a rendu à l'assistant IA.",
        "ended": "{name} a clos la conversation. L'assistant IA reste là si vous avez besoin d'autre chose.",
        "contact": "Contact pour une réponse : {contact}",
    },
}

_EMAIL = re.compile(r"[^@\s]{1,64}@[^@\s]{1,190}\.[A-Za-z]{2,24}")
_PHONE = re.compile(r"\+?[\d\s().-]{6,24}")


class DeskError(Exception):
    """A console request that cannot be done; ``code`` is the error frame's code."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code


def shopper_topic(conversation_id: str) -> str:
    """The bus topic of a shopper's widget."""
    return f"shopper.{conversation_id}"


def valid_contact(text: str) -> bool:
    """An e-mail address or a phone number (with at least 6 digits)."""
    text = text.strip()
    if _EMAIL.fullmatch(text):
        return True
    return bool(_PHONE.fullmatch(text)) and sum(ch.isdigit() for ch in text) >= 6


class HandoverDesk:
    """Hand-over moves, agents' messages and notes, and who hears about them."""

    def __init__(
        self,
        chat: ChatService,
        queue: HandoverQueue,
        accounts: Accounts,
        bus: Bus,
        hours: OpeningHours,
        max_text_chars: int = 2000,
    ):
        self.chat = chat
        self.store = chat.store
        self.queue = queue
        self.accounts = accounts
        self.bus = bus
        self.hours = hours
        self.max_text_chars = max_text_chars
        self._names: dict[str, str] = {}
        self._notes: dict[tuple[Any, ...], str | None] = {}

    # -- the shopper's side ---------------------------------------------------------------------------

    async def held(self, turn: Turn, known: str | None = None) -> list[Frame] | None:
        """For a message a person is to answer: route it to them, and the frames for the shopper.

        ``None`` when the assistant answers it (the conversation is with the assistant). ``known``: the hand-over
        state read as the message was stored (``""``: none); ``None``: read it now.
        """
        if known is None:
            state = await _thread(self.queue.state, turn.conversation_id)
        else:
            state = State(known) if known else State.AI
        if state not in (State.QUEUED, State.ASSIGNED):
            return None
        await _thread(self.store.route, turn.id, "queue" if state is State.QUEUED else "agent")
        await self.forward(turn)
        frame = await self.handoff_frame(turn.conversation_id, turn.lang)
        return [frame] if frame and state is State.QUEUED else []

    async def forward(self, turn: Turn) -> None:
        """Show a shopper's message, routed to a person, to the consoles."""
        await self._to_agents(
            turn.conversation_id,
            {
                "type": "shopper_message",
                "turn": turn.id,
                "at": as_utc(turn.created_at).isoformat(),
                "text": turn.shopper_text,
            },
        )

    async def answered(self, turn: Turn, frame: Frame, *, queued: bool = False) -> None:
        """After the assistant answered: the consoles see it, and a decision to hand over (``queued``: the answer
        sent the conversation to the queue) is announced."""
        await self._to_agents(
            turn.conversation_id,
            {
                "type": "assistant_message",
                "turn": turn.id,
                "text": frame.get("text"),
                "confidence": frame.get("confidence"),
                "sources": frame.get("sources"),
                "intent": frame.get("intent"),
                "shopper_text": turn.shopper_text,
                "at": datetime.now(UTC).isoformat(),
            },
        )
        if frame.get("replay"):
            return
        if queued:
            await self._state_changed(turn.conversation_id, joined=True)  # consoles see it; the shopper, their place
        else:
            await self._publish(AGENTS, {"type": "refresh"})  # the live list moved

    async def request(self, conversation_id: str) -> None:
        """The shopper pressed "talk to a person"; their position reaches them through the bus."""
        await _thread(self.queue.escalate, conversation_id, (Reason.REQUEST.value,), 0, "shopper")
        await self._state_changed(conversation_id, joined=True)

    async def leave_contact(self, conversation_id: str, contact: str, locale: str) -> Frame:
        """A contact for a reply, stored redacted like any message and shown to the agents."""
        if not valid_contact(contact):
            raise DeskError("bad_contact", "Please give an e-mail address or a phone number.")
        text = TEXTS[locale]["contact"].format(contact=contact.strip())
        client_id = f"contact-{datetime.now(UTC).timestamp()}"
        accepted: Accepted = await _thread(self.chat.accept, conversation_id, client_id, text, locale)
        await _thread(self.store.route, accepted.turn.id, "queue")
        await _thread(self.queue.contact_left, conversation_id)
        await _thread(self.store.audit, conversation_id, "shopper", AuditAction.CONTACT_LEFT)
        await self._to_agents(
            conversation_id,
            {
                "type": "shopper_message",
                "turn": accepted.turn.id,
                "at": accepted.turn.created_at.isoformat(),
                "text": accepted.turn.shopper_text,
            },
        )
        await self._publish(AGENTS, {"type": "refresh"})
        return {"type": "contact", "saved": True}

    async def shopper_typing(self, conversation_id: str, state: bool) -> None:
        """The shopper is typing (or stopped): the consoles with the conversation open see it."""
        await self._to_agents(conversation_id, {"type": "typing", "from": "shopper", "state": state})

    async def handoff_frame(self, conversation_id: str, locale: str) -> Frame | None:
        """Where the shopper stands now, or ``None`` when the assistant is answering."""
        row = await _thread(self.queue.get, conversation_id)
        if row is None or row.state not in (State.QUEUED, State.ASSIGNED):
            return None
        if row.state == State.ASSIGNED:
            return await self._assigned_frame(row.assigned_to or "", locale)
        position = await _thread(self.queue.position, conversation_id)
        return self._queued_frame(position or 1, locale, await self.bus.present(), datetime.now(UTC))

    def _queued_frame(self, position: int, locale: str, online: int, now: datetime) -> Frame:
        texts = TEXTS.get(locale, TEXTS["en"])
        is_open = self.hours.is_open(now)
        if not is_open:
            opening = self.hours.next_opening(now)
            back = texts["back"].format(when=opening.strftime("%a %d %b %H:%M")) if opening else ""
            text = texts["closed"].format(n=position, back=back)
        elif not online:
            text = texts["nobody"].format(n=position)
        else:
            text = texts["queued"].format(n=position)
        return {
            "type": "handoff",
            "state": State.QUEUED.value,
            "position": position,
            "ai": True,
            "agents_online": online > 0,
            "open": is_open,
            "text": text,
        }

    async def _assigned_frame(self, agent: str, locale: str) -> Frame:
        name = await self.display_name(agent)
        text = TEXTS.get(locale, TEXTS["en"])["assigned"].format(name=name)
        return {"type": "handoff", "state": State.ASSIGNED.value, "agent": name, "ai": False, "text": text}

    # -- the agents' side -----------------------------------------------------------------------------

    async def claim(self, agent: User, conversation_id: str, *, take_over: bool = False) -> None:
        """``agent`` takes a queued conversation (or, ``take_over``, one the assistant is answering)."""
        move = self.queue.take_over if take_over else self.queue.claim
        await self._move(move, conversation_id, agent.name)
        lang = await self._lang(conversation_id)
        await self._publish(shopper_topic(conversation_id), await self._assigned_frame(agent.name, lang))
        await self._state_changed(conversation_id)

    async def hand_back(self, agent: User, conversation_id: str) -> None:
        """The holding agent gives the conversation back to the assistant."""
        await self._move(self.queue.hand_back, conversation_id, agent.name)
        await self._tell_shopper(conversation_id, "returned", agent)
        await self._state_changed(conversation_id)

    async def close(self, agent: User, conversation_id: str, resolution: str) -> None:
        """The holding agent (or any agent, for one still waiting) closes it with a resolution."""
        resolution = resolution.strip()
        if not resolution:
            raise DeskError("bad_frame", "A conversation is closed with a resolution.")
        await self._move(self.queue.close, conversation_id, agent.name, resolution[:2000])
        await self._tell_shopper(conversation_id, "closed", agent)
        await self._state_changed(conversation_id)

    async def send(self, agent: User, conversation_id: str, client_id: str, text: str) -> StaffMessage:
        """A message from the holding agent to the shopper: kept redacted, shown to the shopper as written."""
        text = self._text(text)
        if await _thread(self.queue.holder, conversation_id) != agent.name:
            raise DeskError("refused", "Only the agent holding the conversation may write to the shopper.")
        message = await self._keep(conversation_id, agent, "message", text)
        await _thread(self.store.audit, conversation_id, agent.name, AuditAction.AGENT_MESSAGE, message=message.id)
        frame = {
            "type": "message",
            "from": "agent",
            "ai": False,
            "agent": agent.display_name,
            "id": message.id,
            "reply_to": client_id,
            "text": text,
            "at": as_utc(message.at).isoformat(),
        }
        await self._publish(shopper_topic(conversation_id), frame)
        await self._to_agents(conversation_id, self._staff_frame(message, "agent_message"))
        return message

    async def note(self, agent: User, conversation_id: str, text: str) -> StaffMessage:
        """An internal note: agents see it, the shopper never does."""
        text = self._text(text)
        if await _thread(self.store.conversation, conversation_id) is None:
            raise DeskError("not_found", "There is no such conversation.")
        message = await self._keep(conversation_id, agent, "note", text)
        await _thread(self.store.audit, conversation_id, agent.name, AuditAction.NOTE_ADDED, note=message.id)
        await self._to_agents(conversation_id, self._staff_frame(message, "note"))
        return message

    async def agent_typing(self, agent: User, conversation_id: str, state: bool) -> None:
        """The holding agent is typing (or stopped): the shopper sees it."""
        if await _thread(self.queue.holder, conversation_id) == agent.name:
            frame = {"type": "typing", "from": "agent", "ai": False, "agent": agent.display_name, "state": state}
            await self._publish(shopper_topic(conversation_id), frame)

    async def queue_changed(self, joined: str | None = None) -> None:
        """Tell every waiting shopper their position, and every console to refresh its lists.

        ``joined``: a conversation just escalated. When it is last in the queue, no one else's position moved (a
        conversation only ever moves forward: its priority can rise, its time in the queue stays), so only its
        shopper is told: a queue filling up costs one frame per arrival, not one per waiting shopper.
        """
        waiting = await _thread(self.queue.waiting)
        if joined is not None and waiting and waiting[-1].conversation_id == joined:
            waiting = waiting[-1:]
        online = await self.bus.present()
        now = datetime.now(UTC)
        langs = await _thread(self.store.summaries, [w.conversation_id for w in waiting])
        for item in waiting:
            lang = langs.get(item.conversation_id, ("en", ""))[0]
            frame = self._queued_frame(item.position, lang, online, now)
            await self._publish(shopper_topic(item.conversation_id), frame)
        await self._publish(AGENTS, {"type": "refresh"})

    async def snapshot(self) -> Frame:
        """The console's lists: the queue in order, the conversations held, and the live ones."""
        waiting, held = await _thread(self.queue.waiting), await _thread(self.queue.held)
        now = datetime.now(UTC)
        active = await _thread(self.store.active_since, now - LIVE_WINDOW, 50)
        busy = {w.conversation_id for w in waiting} | {h.conversation_id for h in held}
        live = [(cid, last) for cid, last in active if cid not in busy]
        ids = [*busy, *(cid for cid, _ in live)]
        info = await _thread(self.store.summaries, ids)
        names = {h.assigned_to: await self.display_name(h.assigned_to or "") for h in held}
        return {
            "type": "queue",
            "waiting": [
                {
                    "conversation": w.conversation_id,
                    "position": w.position,
                    "priority": w.priority,
                    "reasons": list(w.reasons),
                    "queued_at": as_utc(w.queued_at).isoformat(),
                    "wait_seconds": int((now - as_utc(w.queued_at)).total_seconds()),
                    "lang": info[w.conversation_id][0],
                    "preview": preview(info[w.conversation_id][1]),
                    "contact": w.contact_left,
                }
                for w in waiting
            ],
            "held": [
                {
                    "conversation": h.conversation_id,
                    "agent": h.assigned_to,
                    "agent_name": names[h.assigned_to],
                    "since": as_utc(h.assigned_at).isoformat() if h.assigned_at else None,
                    "lang": info[h.conversation_id][0],
                    "preview": preview(info[h.conversation_id][1]),
                }
                for h in held
            ],
            "live": [
                {
                    "conversation": cid,
                    "lang": info[cid][0],
                    "last_at": as_utc(last).isoformat(),
                    "preview": preview(info[cid][1]),
                }
                for cid, last in live
            ],
            "agents_online": await self.bus.present(),
            "open": self.hours.is_open(now),
        }

    async def view(self, conversation_id: str) -> Frame:
        """A conversation for the console: its hand-over packet, transcript, summary and a suggested reply."""
        conversation = await _thread(self.store.conversation, conversation_id)
        if conversation is None:
            raise DeskError("not_found", "There is no such conversation.")
        turns = await _thread(self.store.transcript, conversation_id)
        staff = await _thread(self.store.staff_messages, conversation_id)
        row = await _thread(self.queue.get, conversation_id)
        lang = turns[-1].lang if turns else conversation.locale
        reasons = json.loads(row.reasons) if row else []
        summary, summary_by_model = await self._summary(conversation_id, turns, staff, lang, reasons)
        last = next((t for t in reversed(turns) if not t.client_id.startswith("contact-")), None)
        suggestion, suggestion_by_model = (
            await _thread(self.chat.suggest, last.shopper_text, last.lang) if last else ("", False)
        )
        holder = row.assigned_to if row and row.state == State.ASSIGNED else None
        return {
            "type": "conversation",
            "conversation": conversation_id,
            "state": row.state if row else State.AI.value,
            "holder": holder,
            "holder_name": await self.display_name(holder) if holder else None,
            "lang": lang,
            "packet": {
                "reasons": json.loads(row.reasons) if row else [],
                "priority": row.priority if row else 0,
                "queued_at": as_utc(row.queued_at).isoformat() if row and row.queued_at else None,
                "lang": lang,
                "summary": summary,
                "summary_by_model": summary_by_model,
                "contact": bool(row and row.contact_left),
                "orders": orders_shown(turns),
            },
            "transcript": transcript(turns, staff),
            "summary": summary,
            "suggestion": suggestion,
            "suggestion_by_model": suggestion_by_model,
        }

    async def _summary(
        self, conversation_id: str, turns: list[Turn], staff: list[StaffMessage], lang: str, reasons: list[str]
    ) -> tuple[str, bool]:
        """The hand-over note a language model writes (kept until the conversation changes), else the rules' one;
        and whether the model wrote it."""
        key = (conversation_id, len(turns), sum(1 for t in turns if t.answer_text), len(staff), tuple(reasons))
        if key not in self._notes:
            while len(self._notes) >= NOTES_KEPT:
                self._notes.pop(next(iter(self._notes)))
            self._notes[key] = await _thread(self.chat.note, turns, staff, reasons)
        note = self._notes[key]
        return (note, True) if note else (summarize(turns, staff, lang, reasons), False)

    async def display_name(self, agent: str) -> str:
        """An agent's name as the shopper sees it."""
        if agent not in self._names:
            user = await _thread(self.accounts.by_name, agent)
            self._names[agent] = user.display_name if user else agent
        return self._names[agent]

    # -- presence -------------------------------------------------------------------------------------

    async def agent_present(self, key: str) -> None:
        """A console is connected (renewed every few seconds while it is)."""
        await self.bus.mark_present(key, PRESENCE_TTL)

    async def agent_left(self, key: str) -> None:
        """A console closed."""
        await self.bus.mark_absent(key)
        await self.queue_changed()

    # -- helpers --------------------------------------------------------------------------------------

    async def _move(self, move: Callable[..., Any], conversation_id: str, *args: Any) -> None:
        if await _thread(self.store.conversation, conversation_id) is None:
            raise DeskError("not_found", "There is no such conversation.")
        try:
            await _thread(move, conversation_id, *args)
        except TransitionRefused as exc:
            raise DeskError("refused", str(exc)) from exc

    async def _state_changed(self, conversation_id: str, *, joined: bool = False) -> None:
        """The consoles see the conversation's new state; the queue's shoppers their places (``joined``: it has just
        been escalated)."""
        row = await _thread(self.queue.get, conversation_id)
        holder = row.assigned_to if row and row.state == State.ASSIGNED else None
        await self._to_agents(
            conversation_id,
            {
                "type": "state",
                "state": row.state if row else State.AI.value,
                "holder": holder,
                "holder_name": await self.display_name(holder) if holder else None,
            },
        )
        await self.queue_changed(conversation_id if joined else None)

    async def _tell_shopper(self, conversation_id: str, state: str, agent: User) -> None:
        lang = await self._lang(conversation_id)
        key = "returned" if state == "returned" else "ended"
        text = TEXTS.get(lang, TEXTS["en"])[key].format(name=agent.display_name)
        frame = {"type": "handoff", "state": state, "agent": agent.display_name, "ai": True, "text": text}
        await self._publish(shopper_topic(conversation_id), frame)

    async def _keep(self, conversation_id: str, agent: User, kind: str, text: str) -> StaffMessage:
        lang = await self._lang(conversation_id)

        def write(redacted: Any, entries: list[Any]) -> StaffMessage:
            message = StaffMessage(
                conversation_id=conversation_id,
                kind=kind,
                author=agent.name,
                author_name=agent.display_name,
                text=redacted.text,
            )
            return self.store.add_staff_message(message, entries)

        # the agent's own name is not the shopper's personal data
        names = shop_words([agent.display_name, agent.name])
        return await _thread(self.chat.privacy.keep, conversation_id, text, lang, write, names)

    async def _lang(self, conversation_id: str) -> str:
        info = await _thread(self.store.summaries, [conversation_id])
        return info[conversation_id][0]

    async def _to_agents(self, conversation_id: str, frame: Frame) -> None:
        await self._publish(AGENTS, {**frame, "conversation": conversation_id})

    async def _publish(self, topic: str, frame: Frame) -> bool:
        """Publish on the bus; while it is down, what was stored stays stored and is read again by the sockets
        once it is back (the bus's ``resync``): the caller's work does not fail for it."""
        try:
            await self.bus.publish(topic, frame)
        except Exception as exc:  # Redis down: its client raises its own errors and the OS's
            log.warning("bus publish failed (%s); the sockets catch up when it is back", type(exc).__name__)
            return False
        return True

    async def catch_up(self, conversation_id: str, since: datetime, seen: set[str], locale: str) -> list[Frame]:
        """After the bus came back: the agents' messages to the shopper not delivered to this socket (written since
        ``since``, ids not in ``seen``), and where the hand-over stands now."""
        written = await _thread(self.store.staff_messages, conversation_id, "message")
        frames: list[Frame] = [
            {
                "type": "message",
                "from": "agent",
                "ai": False,
                "agent": message.author_name,
                "id": message.id,
                "reply_to": None,
                "text": message.text,
                "at": as_utc(message.at).isoformat(),
            }
            for message in written
            if message.id not in seen and as_utc(message.at) >= since
        ]
        handoff = await self.handoff_frame(conversation_id, locale)
        return [*frames, *([handoff] if handoff is not None else [])]

    def _text(self, text: Any) -> str:
        if not isinstance(text, str) or not text.strip():
            raise DeskError("empty_text", "The message is empty.")
        if len(text) > self.max_text_chars:
            raise DeskError("too_long", f"Messages are limited to {self.max_text_chars} characters.")
        return text.strip()

    @staticmethod
    def _staff_frame(message: StaffMessage, kind: str) -> Frame:
        return {
            "type": kind,
            "id": message.id,
            "agent": message.author_name,
            "text": message.text,
            "at": as_utc(message.at).isoformat(),
        }


def orders_shown(turns: list[Turn]) -> list[Frame]:
    """The orders the assistant showed in the conversation, latest first, each once: its number and status, how
    the shopper proved it theirs (``customer``: their signed account; ``email``, ``postcode``: what they gave), and
    the answer as the shopper was shown it."""
    shown: dict[str, Frame] = {}
    for turn in reversed(turns):
        frame = turn.frame() or {}
        for source in frame.get("sources", []):
            facts = source.get("facts") or {}
            if source.get("tool") == "orders" and facts.get("outcome") == "found" and facts["number"] not in shown:
                shown[facts["number"]] = {
                    "number": facts["number"],
                    "status": facts.get("status"),
                    "verified_by": facts.get("verified_by"),
                    "shown": frame.get("text", ""),
                    "turn": turn.id,
                }
    return list(shown.values())


def transcript(turns: list[Turn], staff: list[StaffMessage]) -> list[Frame]:
    """Shopper messages, the assistant's answers (with how they were made) and the agents' words, in time order."""
    entries: list[tuple[datetime, int, Frame]] = []
    for turn in turns:
        at = as_utc(turn.created_at)
        entries.append((at, 0, {"kind": "shopper", "turn": turn.id, "at": at.isoformat(), "text": turn.shopper_text}))
        if turn.answer_text is not None:
            answered = as_utc(turn.answered_at or turn.created_at)
            entries.append(
                (
                    answered,
                    1,
                    {
                        "kind": "assistant",
                        "turn": turn.id,
                        "at": answered.isoformat(),
                        "text": turn.answer_text,
                        "intent": turn.intent,
                        "confidence": turn.confidence,
                        "sources": json.loads(turn.sources or "[]"),
                        "flags": json.loads(turn.flags or "[]"),
                        "escalation": json.loads(turn.escalation) if turn.escalation else None,
                    },
                )
            )
    for message in staff:
        at = as_utc(message.at)
        kind = "agent" if message.kind == "message" else "note"
        frame = {"kind": kind, "id": message.id, "at": at.isoformat(), "agent": message.author_name}
        entries.append((at, 2, {**frame, "text": message.text}))
    return [frame for _, _, frame in sorted(entries, key=lambda e: (e[0], e[1]))]


def summarize(turns: list[Turn], staff: list[StaffMessage], lang: str, reasons: list[str]) -> str:
    """A few plain sentences an agent reads before answering: what was asked, shown, and why it came to them."""
    if not turns:
        return "No message yet."
    language = {"en": "English", "fr": "French"}.get(lang, lang)
    started = as_utc(turns[0].created_at).strftime("%H:%M")
    parts = [f"{language}; {len(turns)} shopper message{'s' if len(turns) != 1 else ''} since {started} UTC."]
    intents = list(dict.fromkeys(t.intent.replace("_", " ") for t in turns if t.intent))
    if intents:
        parts.append("Asked about: " + ", ".join(intents) + ".")
    shown = list(
        dict.fromkeys(
            source["title"]
            for t in turns
            for source in json.loads(t.sources or "[]")[:2]
            if isinstance(source, dict) and source.get("title")
        )
    )[:4]
    if shown:
        parts.append("The assistant showed: " + "; ".join(shown) + ".")
    unsure = [t for t in turns if t.confidence is not None and t.confidence < 0.4]
    if unsure:
        parts.append(f"{len(unsure)} answer{'s' if len(unsure) != 1 else ''} with low confidence.")
    if reasons:
        parts.append("Handed over: " + ", ".join(r.replace("_", " ") for r in reasons) + ".")
    parts.append(f'First message: "{preview(turns[0].shopper_text, 160)}"')
    if len(turns) > 1:
        parts.append(f'Latest: "{preview(turns[-1].shopper_text, 160)}"')
    said = sum(1 for m in staff if m.kind == "message")
    if said:
        parts.append(f"Agents wrote {said} message{'s' if said != 1 else ''}.")
    return " ".join(parts)


def preview(text: str, length: int = 120) -> str:
    """``text`` on one line, cut to ``length`` characters with an ellipsis."""
    text = " ".join(text.split())
    return text if len(text) <= length else text[: length - 1] + "…"


async def _thread(function: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Run a blocking database or model call off the event loop."""
    return await run_in_threadpool(function, *args, **kwargs)
