"""Overnight risk (pure): which items not yet handed over will miss their window today.

Fumin Garden's rule: meals before noon and before evening, fresh produce before noon, express
in the afternoon or evening, and nothing stays overnight. An item's deadline is the end of
the last window of its category on the local day it was received (the end of that day when
the category has no windows). At `now` an item is

- `overnight` when it was received on an earlier local day: it already stayed overnight;
- `missed` when its deadline has passed (it arrived after the last window, or the last
  window ended without it): unless someone acts, it stays overnight;
- `closing` when its deadline is less than `warn` away: take it on the next round or it misses.

Items delivered, picked up or undone are not at risk.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Generic, Protocol, TypeVar
from zoneinfo import ZoneInfo

from station.custody.states import FINAL
from station.site.model import Window

OVERNIGHT, MISSED, CLOSING = "overnight", "missed", "closing"
LEVELS = (OVERNIGHT, MISSED, CLOSING)
DEFAULT_WARN = timedelta(minutes=60)


class Item(Protocol):
    category: str
    status: str
    received_at: datetime


T = TypeVar("T", bound=Item)


@dataclass(frozen=True)
class AtRisk(Generic[T]):
    item: T
    level: str
    deadline: datetime


def deadline(windows: Sequence[Window], received_at: datetime, timezone: str) -> datetime:
    """The end of the last window on the local day of receipt; midnight when there is none."""
    zone = ZoneInfo(timezone)
    day = received_at.astimezone(zone).date()
    if windows:
        return datetime.combine(day, max(window.end for window in windows), tzinfo=zone)
    return datetime.combine(day + timedelta(days=1), time(0), tzinfo=zone)


def risk_level(windows: Sequence[Window], *, received_at: datetime, status: str, now: datetime,
               timezone: str, warn: timedelta = DEFAULT_WARN) -> str | None:
    """`overnight`, `missed`, `closing`, or None when the item is out of danger."""
    if status in FINAL:
        return None
    zone = ZoneInfo(timezone)
    if received_at.astimezone(zone).date() < now.astimezone(zone).date():
        return OVERNIGHT
    due = deadline(windows, received_at, timezone)
    if now >= due:
        return MISSED
    if now + warn >= due:
        return CLOSING
    return None


def overnight_risk(items: Iterable[T], windows: Mapping[str, Sequence[Window]], *, now: datetime,
                   timezone: str, warn: timedelta = DEFAULT_WARN) -> list[AtRisk[T]]:
    """The items at risk of staying overnight, oldest first."""
    found = []
    for item in items:
        category_windows = windows.get(item.category, ())
        level = risk_level(category_windows, received_at=item.received_at, status=item.status,
                           now=now, timezone=timezone, warn=warn)
        if level is not None:
            found.append(AtRisk(item, level, deadline(category_windows, item.received_at, timezone)))
    found.sort(key=lambda risk: risk.item.received_at)
    return found
