"""The order look-up: "where is my order?", "where is my refund?", "I want to cancel it", answered from the shop's own
order systems (``assistant.orders``) once the shopper has proved the order theirs.

A known customer sees their own orders. A guest is asked for the order number and the e-mail address or postcode
the order was placed with; the conversation keeps what the look-up learnt in its answer frames (the number asked
about, the order shown and how it was proved), so the next message completes the look-up and "cancel it" knows
which order. A change or a problem is handed to a person with the order; nothing is changed without one.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from typing import Any

from assistant.orders import Order, OrderStatus, RefundState
from assistant.orders.access import Access, OrderAccess, Outcome, Verified, order_numbers
from assistant.orders.http import OrderSourceError
from assistant.turn.answers import Act, PastTurn, TurnContext
from assistant.turn.intents import Intent
from assistant.turn.responders.extractive import format_price
from assistant.turn.tools import ToolRow
from guardrails import Expect

NAME = "orders"
log = logging.getLogger("comptoir.orders")
PROOF = re.compile(r"<(?:EMAIL|POSTCODE)_\d+>")
"""The placeholder of an e-mail address or a postcode: what a guest proves an order theirs with."""
_MONTHS = {
    "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"),
    "fr": ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
           "novembre", "décembre"),
}  # fmt: skip
_STATUS = {
    "en": {
        OrderStatus.PLACED: "received; the payment is being confirmed",
        OrderStatus.PREPARING: "being prepared in our warehouse",
        OrderStatus.SHIPPED: "shipped on {shipped}{carrier}",
        OrderStatus.DELIVERED: "delivered on {delivered}",
        OrderStatus.READY_FOR_PICKUP: "ready to collect in store",
        OrderStatus.COLLECTED: "collected in store",
        OrderStatus.CANCELLED: "cancelled",
        OrderStatus.RETURNED: "returned",
    },
    "fr": {
        OrderStatus.PLACED: "reçue ; le paiement est en cours de confirmation",
        OrderStatus.PREPARING: "en préparation dans notre entrepôt",
        OrderStatus.SHIPPED: "expédiée le {shipped}{carrier}",
        OrderStatus.DELIVERED: "livrée le {delivered}",
        OrderStatus.READY_FOR_PICKUP: "prête à retirer en magasin",
        OrderStatus.COLLECTED: "retirée en magasin",
        OrderStatus.CANCELLED: "annulée",
        OrderStatus.RETURNED: "retournée",
    },
}
_POSSIBLE = {
    "en": {
        "open": "It has not shipped yet, so it can still be cancelled or its delivery address changed.",
        "shipped": "It has already shipped, so it can no longer be cancelled or changed; once it arrives, it can be "
        "returned under our returns policy.",
        "delivered": "It has been delivered; its items can be returned under our returns policy.",
        "pickup": "It is waiting in store and can still be cancelled.",
        "cancelled": "It is already cancelled.",
        "returned": "It has already been returned.",
    },
    "fr": {
        "open": "Elle n'est pas encore expédiée : elle peut encore être annulée, ou son adresse de livraison modifiée.",
        "shipped": "Elle est déjà expédiée : elle ne peut plus être annulée ni modifiée ; une fois reçue, elle peut "
        "être retournée selon nos conditions de retour.",
        "delivered": "Elle a été livrée ; ses articles peuvent être retournés selon nos conditions de retour.",
        "pickup": "Elle vous attend en magasin et peut encore être annulée.",
        "cancelled": "Elle est déjà annulée.",
        "returned": "Elle a déjà été retournée.",
    },
}
_WHAT_IS_POSSIBLE = {
    OrderStatus.PLACED: "open", OrderStatus.PREPARING: "open", OrderStatus.SHIPPED: "shipped",
    OrderStatus.DELIVERED: "delivered", OrderStatus.COLLECTED: "delivered", OrderStatus.READY_FOR_PICKUP: "pickup",
    OrderStatus.CANCELLED: "cancelled", OrderStatus.RETURNED: "returned",
}  # fmt: skip
TEXTS = {
    "en": {
        "order": "Order {number}, placed on {placed}: {status}.",
        "carrier": " with {carrier}",
        "expected": " Expected delivery: {expected}.",
        "tracking": " Track the parcel: {url}",
        "tracking_number": " Tracking number: {tracking}.",
        "items": " Items: {items}.",
        "refund_pending": " Refund{amount}: agreed, on its way to you.",
        "refunded": " Refunded{amount} on {refunded}.",
        "others": " Your other recent orders: {others}.",
        "passed_on": " I am passing your request to a person from our team, who will see this order.",
        "ask_both": "I can look up your order. Please give me its order number (it is in your confirmation e-mail) "
        "and the e-mail address or postcode you ordered with.",
        "ask_number": "Which order is it? Please give me its order number; it is in your confirmation e-mail.",
        "ask_proof": "To show you order {number}, please give me the e-mail address or postcode it was placed with.",
        "no_match": "I could not find an order with these details. Please check the order number and the e-mail "
        "address or postcode you ordered with.",
        "refused": "I cannot look up more orders in this conversation. I am passing you to a person from our team, "
        "who can help.",
        "unavailable": "I cannot reach our order system right now. I am passing you to a person from our team, who "
        "can help.",
        "none_on_account": "I find no order on your account. If you ordered as a guest, please give me the order "
        "number and the e-mail address or postcode you ordered with.",
    },
    "fr": {
        "order": "Commande {number}, passée le {placed} : {status}.",
        "carrier": " par {carrier}",
        "expected": " Livraison prévue : {expected}.",
        "tracking": " Suivre le colis : {url}",
        "tracking_number": " Numéro de suivi : {tracking}.",
        "items": " Articles : {items}.",
        "refund_pending": " Remboursement{amount} : accordé, en cours de versement.",
        "refunded": " Remboursée{amount} le {refunded}.",
        "others": " Vos autres commandes récentes : {others}.",
        "passed_on": " Je transmets votre demande à une personne de notre équipe, qui verra cette commande.",
        "ask_both": "Je peux retrouver votre commande : donnez-moi son numéro (il figure dans l'e-mail de "
        "confirmation) et l'adresse e-mail ou le code postal utilisés pour la commande.",
        "ask_number": "De quelle commande s'agit-il ? Donnez-moi son numéro ; il figure dans l'e-mail de confirmation.",
        "ask_proof": "Pour vous montrer la commande {number}, donnez-moi l'adresse e-mail ou le code postal utilisés "
        "pour la passer.",
        "no_match": "Je ne trouve pas de commande avec ces informations. Vérifiez le numéro de commande et l'adresse "
        "e-mail ou le code postal utilisés.",
        "refused": "Je ne peux plus rechercher de commande dans cette conversation. Je vous passe à une personne de "
        "notre équipe, qui pourra vous aider.",
        "unavailable": "Je ne parviens pas à joindre notre système de commandes pour le moment. Je vous passe à une "
        "personne de notre équipe, qui pourra vous aider.",
        "none_on_account": "Je ne trouve aucune commande sur votre compte. Si vous avez commandé sans compte, "
        "donnez-moi le numéro de commande et l'adresse e-mail ou le code postal utilisés.",
    },
}
OTHERS_LISTED = 3
"""A known customer's other recent orders named after the one shown."""
_PERSON = frozenset({Intent.ORDER_CHANGE, Intent.ORDER_PROBLEM})


def spoken_date(day: date, lang: str) -> str:
    """A date as a shopper reads it: "28 November 2026", "28 novembre 2026"."""
    return f"{day.day} {_MONTHS[lang][day.month - 1]} {day.year}"


class OrderLookup:
    """The ``orders`` tool: finds the order a turn is about, once the shopper may see it, and says where it is."""

    name = NAME
    intents = frozenset({Intent.ORDER, Intent.ORDER_CHANGE, Intent.ORDER_PROBLEM})

    def __init__(self, access: OrderAccess, pseudonyms: Callable[[str], Mapping[str, str]]):
        self.access = access
        self.pseudonyms = pseudonyms
        """``pseudonyms(conversation_id)``: the conversation's keyed hashes and their placeholders."""

    def call(self, context: TurnContext) -> Sequence[ToolRow]:
        """The order row, a question back for what the look-up needs, or why nothing is shown; when the shop's order
        system cannot answer, a person takes over."""
        try:
            return self._look_up(context)
        except OrderSourceError as exc:
            log.warning("order look-up failed: %s", exc)
            text = TEXTS[context.lang]["unavailable"]
            facts = {"outcome": "unavailable"}
            return [ToolRow(NAME, f"tool:{NAME}:unavailable", "order system unavailable", text, dict(facts),
                            facts=facts, needs_person=True)]  # fmt: skip

    def _look_up(self, context: TurnContext) -> Sequence[ToolRow]:
        conversation = context.conversation_id or ""
        intent = context.intent.intent
        asked = _asked(context.history)
        numbers = order_numbers(context.text, bare=asked is not None)
        if not numbers and asked is not None and asked.get("number"):
            numbers = [str(asked["number"])]
        shown = _shown(context.history)
        if shown is not None and (not numbers or shown[0] in numbers):
            order = self.access.again(conversation, shown[0], shown[1])
            if order is not None:
                return [self._order_row(order, shown[1], context)]
        if context.customer_id is not None:
            orders = self.access.of_customer(conversation, context.customer_id, numbers)
            if orders:
                return [self._order_row(orders[0], Verified.CUSTOMER, context, others=() if numbers else orders[1:])]
            if not numbers:
                return [self._ask("none_on_account", Expect.NUMBER_AND_PROOF, context)]
        proofs = {d for d, p in self.pseudonyms(conversation).items() if PROOF.fullmatch(p)}
        if intent is Intent.ORDER_PROBLEM and not (numbers and proofs):
            return []  # a problem goes to a person at once; the order, if it can be found, goes with it
        if not numbers:
            key = "ask_number" if proofs else "ask_both"
            return [self._ask(key, Expect.NUMBER_AND_PROOF, context)]
        if not proofs:
            return [self._ask("ask_proof", Expect.PROOF, context, number=numbers[0])]
        access = self.access.check(conversation, context.client or "unknown", numbers, proofs)
        return [self._outcome(access, context, numbers)]

    # -- rows -----------------------------------------------------------------------------------------

    def _outcome(self, access: Access, context: TurnContext, numbers: list[str]) -> ToolRow:
        if access.outcome is Outcome.FOUND and access.order is not None and access.verified_by is not None:
            return self._order_row(access.order, access.verified_by, context)
        arguments = {"numbers": ", ".join(numbers), "proof": " ".join(PROOF.findall(context.text)) or "(earlier)"}
        if access.outcome is Outcome.REFUSED:
            text = TEXTS[context.lang]["refused"]
            return ToolRow(NAME, f"tool:{NAME}:refused", "order look-up refused", text, {"outcome": "refused"},
                           facts={"outcome": "refused"}, needs_person=True, arguments=arguments)  # fmt: skip
        text = TEXTS[context.lang]["no_match"]
        return ToolRow(NAME, f"tool:{NAME}:no_match", "no order found", text, {"outcome": "no_match"},
                       facts={"outcome": "no_match"}, asks=Expect.NUMBER_AND_PROOF.value, arguments=arguments)  # fmt: skip

    def _ask(self, key: str, asks: Expect, context: TurnContext, number: str | None = None) -> ToolRow:
        text = TEXTS[context.lang][key].format(number=number)
        facts = {"outcome": "asked", **({"number": number} if number else {})}
        return ToolRow(NAME, f"tool:{NAME}:asked", "order details asked", text, dict(facts), facts=facts,
                       asks=asks.value, arguments={"numbers": number or ""})  # fmt: skip

    def _order_row(
        self, order: Order, verified: Verified, context: TurnContext, others: Sequence[Order] = ()
    ) -> ToolRow:
        lang, texts = context.lang, TEXTS[context.lang]
        text = describe(order, lang)
        if others:
            named = ", ".join(f"{o.number} ({_status_word(o, lang)})" for o in others[:OTHERS_LISTED])
            text += texts["others"].format(others=named)
        intent = context.intent.intent
        if intent is Intent.ORDER_CHANGE:
            text += " " + _POSSIBLE[lang][_WHAT_IS_POSSIBLE[order.status]]
        if intent in _PERSON:
            text += texts["passed_on"]
        facts = {"outcome": "found", "number": order.number, "status": order.status.value,
                 "verified_by": verified.value}  # fmt: skip
        fields: dict[str, Any] = {**facts, **_dates(order)}
        if order.tracking_number:
            fields["tracking_number"] = order.tracking_number
        return ToolRow(NAME, f"tool:{NAME}:{order.number}", f"order {order.number}", text, fields,
                       url=order.tracking_url, facts=facts, needs_person=intent in _PERSON,
                       arguments={"number": order.number, "verified_by": verified.value})  # fmt: skip


def describe(order: Order, lang: str) -> str:
    """What the shopper is told of an order: status in words, carrier and tracking, expected date, items, refund."""
    texts = TEXTS[lang]
    text = texts["order"].format(number=order.number, placed=spoken_date(order.placed_on, lang),
                                 status=_status_word(order, lang))  # fmt: skip
    if order.expected_on and order.status in (OrderStatus.PLACED, OrderStatus.PREPARING, OrderStatus.SHIPPED):
        text += texts["expected"].format(expected=spoken_date(order.expected_on, lang))
    if order.status is OrderStatus.SHIPPED and order.tracking_url:
        text += texts["tracking"].format(url=order.tracking_url)
    elif order.status is OrderStatus.SHIPPED and order.tracking_number:
        text += texts["tracking_number"].format(tracking=order.tracking_number)
    if order.items:
        text += texts["items"].format(items=", ".join(f"{line.quantity} × {line.title}" for line in order.items))
    amount = f" {format_price(str(order.refund_amount), order.currency, lang)}" if order.refund_amount else ""
    if order.refund_state is RefundState.PENDING:
        text += texts["refund_pending"].format(amount=amount)
    elif order.refund_state is RefundState.REFUNDED:
        refunded = spoken_date(order.refunded_on, lang) if order.refunded_on else "—"
        text += texts["refunded"].format(amount=amount, refunded=refunded)
    return text


def _status_word(order: Order, lang: str) -> str:
    carrier = TEXTS[lang]["carrier"].format(carrier=order.carrier) if order.carrier else ""
    shipped = spoken_date(order.shipped_on, lang) if order.shipped_on else "—"
    delivered = spoken_date(order.delivered_on, lang) if order.delivered_on else "—"
    return _STATUS[lang][order.status].format(shipped=shipped, delivered=delivered, carrier=carrier)


def _dates(order: Order) -> dict[str, str]:
    named = {"placed_on": order.placed_on, "shipped_on": order.shipped_on, "expected_on": order.expected_on,
             "delivered_on": order.delivered_on, "refunded_on": order.refunded_on}  # fmt: skip
    return {key: value.isoformat() for key, value in named.items() if value is not None}


def _asked(history: Sequence[PastTurn]) -> dict[str, Any] | None:
    """The facts of the look-up question the last answer asked, if it asked one."""
    if not history or history[-1].act != Act.DETAILS:
        return None
    for row in history[-1].tool_rows:
        if row.get("tool") == NAME and row.get("asks"):
            return dict(row.get("facts") or {})
    return None


def _shown(history: Sequence[PastTurn]) -> tuple[str, Verified] | None:
    """The order the conversation was last shown, and how the shopper proved it theirs."""
    for past in reversed(history):
        for row in past.tool_rows:
            facts = row.get("facts") or {}
            if (
                row.get("tool") == NAME
                and facts.get("outcome") == "found"
                and facts.get("verified_by") in set(Verified)
            ):
                return str(facts["number"]), Verified(facts["verified_by"])
    return None
