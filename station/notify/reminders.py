"""Reminders for the coordinator (pure): what should not stay overnight, medicine kept waiting.

An item is due a reminder when the last delivery window of its kind ends within
`remind_before_end_minutes` (nothing stays overnight), and a medicine item when it has waited
longer than `medicine_wait_minutes`. Each reminder has an item key naming the item and the
window, so the same item is named once per window however often the worker looks.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from station.notify.digest import Composed, truncate
from station.notify.text import category_name, phrase
from station.site import CategoryCode, Site
from station.site.model import Window
from station.timefmt import local

WINDOW, MEDICINE = "window", "medicine"
SLOT_MINUTES = 15  # at most one reminder message per channel per slot


@dataclass(frozen=True)
class ShelfItem:
    """An item still at the station, as a reminder may name it (no resident data)."""

    parcel_id: int
    code: str
    category: str
    building: str | None
    pickup_code: str
    received_at: datetime


@dataclass(frozen=True)
class Reminder:
    item: ShelfItem
    kind: str  # window | medicine
    key: str  # what makes it once per item per window
    window_end: time | None = None  # kind window: when the last window ends
    waited_minutes: int = 0


def due_reminders(site: Site, items: Sequence[ShelfItem], *, now: datetime) -> list[Reminder]:
    """Every reminder due at `now`, window ones first, each item's oldest first."""
    settings = site.notifications
    here = local(now, site.timezone)
    day = here.date().isoformat()
    found: list[Reminder] = []
    for item in sorted(items, key=lambda i: (i.received_at, i.pickup_code, i.code)):
        category = site.categories.get(item.category)
        if category is None:
            continue
        waited = int((now - item.received_at).total_seconds() // 60)
        if category.windows:
            last = max(category.windows, key=lambda w: w.end)
            end = datetime.combine(here.date(), last.end, here.tzinfo)
            if here >= end - timedelta(minutes=settings.remind_before_end_minutes):
                found.append(Reminder(item, WINDOW, f"window:{item.code}:{day}T{last.end:%H:%M}",
                                      window_end=last.end, waited_minutes=waited))
        if item.category == CategoryCode.medicine and waited >= settings.medicine_wait_minutes:
            label = window_label(category.windows, here.time())
            found.append(Reminder(item, MEDICINE, f"medicine:{item.code}:{day}T{label}",
                                  waited_minutes=waited))
    return sorted(found, key=lambda r: (r.kind != WINDOW, r.item.received_at, r.item.pickup_code))


def window_label(windows: tuple[Window, ...], at: time) -> str:
    """The window `at` is in, else the next one, else 'after-<last end>': one label per window."""
    if not windows:
        return "day"
    ordered = sorted(windows, key=lambda w: w.start)
    for window in ordered:
        if at < window.end:
            return str(window)
    return f"after-{ordered[-1].end:%H:%M}"


def slot_of(now: datetime, timezone: str) -> str:
    """'2026-11-27T10:15': the quarter hour a reminder message belongs to."""
    here = local(now, timezone)
    minute = here.minute - here.minute % SLOT_MINUTES
    return f"{here.date().isoformat()}T{here.hour:02d}:{minute:02d}"


def compose_reminder(site: Site, reminders: Sequence[Reminder], *, at: str, lang: str) -> Composed | None:
    if not reminders:
        return None
    lines: list[str] = []
    medicine = [r for r in reminders if r.kind == MEDICINE]
    named = {r.item.code for r in medicine}  # an item is named once, where it is most urgent
    windows = [r for r in reminders if r.kind == WINDOW and r.item.code not in named]
    for end in sorted({r.window_end for r in windows if r.window_end}):
        lines.append(phrase(lang, "window_head", end=f"{end:%H:%M}"))
        lines += [phrase(lang, "window_line", category=category_name(site, lang, r.item.category),
                         pickup=r.item.pickup_code, where=_where(r.item, lang))
                  for r in windows if r.window_end == end]
    if medicine:
        if lines:
            lines.append("")
        lines.append(phrase(lang, "medicine_head", minutes=site.notifications.medicine_wait_minutes))
        lines += [phrase(lang, "medicine_line", pickup=r.item.pickup_code, where=_where(r.item, lang),
                         waited=r.waited_minutes) for r in medicine]
    total = len({r.item.code for r in reminders})
    return Composed(phrase(lang, "reminder_subject", total=total, time=at), truncate("\n".join(lines), 3800))


def _where(item: ShelfItem, lang: str) -> str:
    if item.building is None:
        return phrase(lang, "unresolved")
    return phrase(lang, "building", building=item.building)
