"""Shelf codes, ages and the overdue rule (pure: `now` is an argument, no database or web).

Fumin Garden's rule is that nothing stays overnight: an item is overdue once the last
delivery window of its category has ended on the day it was received, or once that day is
over. The rule is turned into one cut-off instant per category, so a whole shelf map can
count overdue items with one comparison per item (received_at < cut-off).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from station.site.model import Window

SHELF_CODE = re.compile(r"^SH-([A-Z][A-Z0-9]{0,5})-(\d{2})$")


def parse_shelf_code(text: str) -> tuple[str, int] | None:
    """'SH-B10-01' (any case, spaces around) -> ('B10', 1); None when it is not a shelf code."""
    match = SHELF_CODE.match((text or "").strip().upper())
    return (match[1], int(match[2])) if match else None


def overdue_cutoff(windows: Sequence[Window], now: datetime, timezone: str) -> datetime:
    """Items of a category with these windows are overdue at `now` when received before this.

    Before the last window of the day has ended that is the start of the local day (an item
    from yesterday stayed overnight); after it, the start of the next local day (every item
    received today has missed its last chance).
    """
    zone = ZoneInfo(timezone)
    today = now.astimezone(zone).date()
    start_of_day = datetime.combine(today, time(0), tzinfo=zone)
    if windows:
        last_end = datetime.combine(today, max(window.end for window in windows), tzinfo=zone)
        if now > last_end:
            return datetime.combine(today + timedelta(days=1), time(0), tzinfo=zone).astimezone(UTC)
    return start_of_day.astimezone(UTC)


def is_overdue(received_at: datetime, windows: Sequence[Window], now: datetime, timezone: str) -> bool:
    return received_at < overdue_cutoff(windows, now, timezone)


def age_minutes(since: datetime, now: datetime) -> int:
    """Whole minutes from `since` to `now`, never negative (clocks of two gates may differ)."""
    return max(0, int((now - since).total_seconds() // 60))


def age_parts(minutes: int) -> tuple[int, int, int]:
    """Minutes -> (days, hours, minutes) for '2 d 3 h' / '1 h 05 min' / '7 min'."""
    days, rest = divmod(max(0, minutes), 24 * 60)
    hours, mins = divmod(rest, 60)
    return days, hours, mins


def minutes_left(until: datetime, now: datetime) -> int:
    """Whole minutes still to wait, rounded up: 0 once `until` has passed."""
    seconds = (until - now).total_seconds()
    return 0 if seconds <= 0 else int(-(-seconds // 60))


def fill_level(used: int, slots: int) -> str:
    """How full a shelf looks: 'empty', 'ok', 'busy' (three quarters) or 'full'."""
    if used <= 0:
        return "empty"
    if used >= slots:
        return "full"
    return "busy" if used * 4 >= slots * 3 else "ok"
