"""The support team's opening hours, as a merchant writes them: ``mon-fri 09:00-18:00; sat 10:00-13:00``."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_RULE = re.compile(r"^\s*(?P<days>[a-z]{3}(?:\s*-\s*[a-z]{3})?(?:\s*,\s*[a-z]{3}(?:\s*-\s*[a-z]{3})?)*)\s+"
                   r"(?P<start>\d{1,2}:\d{2})\s*-\s*(?P<end>\d{1,2}:\d{2})\s*$")  # fmt: skip


@dataclass(frozen=True)
class OpeningHours:
    """When agents answer; ``None`` rules mean always."""

    rules: tuple[tuple[int, time, time], ...] | None
    zone: ZoneInfo

    @classmethod
    def parse(cls, text: str | None, zone: str) -> OpeningHours:
        """Read ``text`` (days and hours, ``;``-separated); a wrong rule raises ``ValueError`` naming it."""
        tz = ZoneInfo(zone)
        if not text or not text.strip():
            return cls(None, tz)
        rules = []
        for part in text.lower().split(";"):
            if not part.strip():
                continue
            match = _RULE.match(part)
            if not match:
                raise ValueError(f"opening hours {part.strip()!r}: write days and hours like 'mon-fri 09:00-18:00'")
            start, end = _clock(match["start"]), _clock(match["end"])
            if end <= start:
                raise ValueError(f"opening hours {part.strip()!r}: the end must come after the start")
            for day in _days(match["days"]):
                rules.append((day, start, end))
        return cls(tuple(rules), tz)

    def is_open(self, moment: datetime) -> bool:
        """Whether agents answer at ``moment``."""
        if self.rules is None:
            return True
        local = moment.astimezone(self.zone)
        return any(day == local.weekday() and start <= local.time() < end for day, start, end in self.rules)

    def next_opening(self, moment: datetime) -> datetime | None:
        """When agents answer next (``moment`` itself when open), in the shop's time zone."""
        if self.rules is None:
            return moment
        local = moment.astimezone(self.zone)
        for ahead in range(8):
            date = (local + timedelta(days=ahead)).date()
            starts = sorted(
                datetime.combine(date, start, self.zone)
                for day, start, end in self.rules
                if day == date.weekday() and (ahead > 0 or local.time() < end)
            )
            for start in starts:
                return max(start, local)
        return None


def _clock(text: str) -> time:
    hours, minutes = (int(n) for n in text.split(":"))
    if hours == 24 and minutes == 0:
        return time.max
    return time(hours, minutes)


def _days(text: str) -> list[int]:
    days: list[int] = []
    for chunk in text.split(","):
        first, _, last = (piece.strip() for piece in chunk.partition("-"))
        for name in (first, last or first):
            if name not in DAYS:
                raise ValueError(f"opening hours: unknown day {name!r} (use {', '.join(DAYS)})")
        a, b = DAYS.index(first), DAYS.index(last or first)
        days.extend(range(a, b + 1) if a <= b else [*range(a, 7), *range(0, b + 1)])
    return days
