"""A tiny tool, one module with a ``build(settings)`` as a merchant's would be: it answers "when are you open?"
from a fixed timetable."""

from __future__ import annotations

from collections.abc import Sequence

from assistant.config import Settings
from assistant.turn import Intent, ToolRow, TurnContext

HOURS = {"en": "Our shop in Lyon is open Monday to Saturday, 10:00 to 19:00; click and collect orders are ready in 2 hours.",
         "fr": "Notre magasin de Lyon est ouvert du lundi au samedi, de 10 h à 19 h ; les commandes à retirer sont prêtes en 2 heures."}  # fmt: skip


class ShopHours:
    """The opening hours of the shop in Lyon, when a policy question asks about them."""

    name = "shop_hours"
    intents = frozenset({Intent.POLICY, Intent.HUMAN})

    def call(self, context: TurnContext) -> Sequence[ToolRow]:
        words = context.text.casefold()
        if not any(word in words for word in ("open", "hours", "horaires", "ouvert")):
            return []
        return [
            ToolRow(
                tool=self.name,
                source_id="tool:shop_hours:lyon",
                title="Shop in Lyon",
                text=HOURS[context.lang],
                fields={"opens": "10:00", "closes": "19:00", "ready_in": "2 hours"},
            )
        ]


def build(settings: Settings) -> ShopHours:
    """The shop-hours tool."""
    return ShopHours()
