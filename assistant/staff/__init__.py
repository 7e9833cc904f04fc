"""The staff room: agents' and officers' accounts and sessions, the hand-over desk where shoppers, agents and
the queue meet, and the one flow of a shopper message (answered by the assistant or routed to a person).

It imports the turn and records rooms, never the compliance or web rooms. Its names are imported when first
used: the schema's migrations read the accounts' tables without loading the turn's pipeline."""

from __future__ import annotations

from typing import TYPE_CHECKING

from assistant.exports import lazy_names

if TYPE_CHECKING:
    from assistant.staff.accounts import AccountError, Accounts, Role, User
    from assistant.staff.desk import AGENTS, DeskError, HandoverDesk, preview, shopper_topic
    from assistant.staff.logins import LoginLimits, LoginOutcome, Logins, locked_out_message
    from assistant.staff.messages import ShopperMessages

__getattr__ = lazy_names(
    __name__,
    {
        "assistant.staff.accounts": ("AccountError", "Accounts", "Role", "User"),
        "assistant.staff.desk": ("AGENTS", "DeskError", "HandoverDesk", "preview", "shopper_topic"),
        "assistant.staff.logins": ("LoginLimits", "LoginOutcome", "Logins", "locked_out_message"),
        "assistant.staff.messages": ("ShopperMessages",),
    },
)

__all__ = [
    "AGENTS",
    "AccountError",
    "Accounts",
    "DeskError",
    "HandoverDesk",
    "LoginLimits",
    "LoginOutcome",
    "Logins",
    "Role",
    "ShopperMessages",
    "User",
    "locked_out_message",
    "preview",
    "shopper_topic",
]
