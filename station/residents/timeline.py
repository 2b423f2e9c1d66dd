"""A parcel's custody events told to its household (pure).

Only what a resident needs: what happened, when (the site's clock), at which gate (its name)
and on which shelf. Never who did it: volunteers' names stay in the custody log, and notes
written by volunteers are not shown either, as they may name people.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from station.custody import states
from station.timefmt import local

SHOWN = frozenset({states.RECEIVED, states.DISINFECTED, states.SHELVED, states.MOVED,
                   states.OUT_FOR_DELIVERY, states.DELIVERED, states.RETURNED, states.PICKED_UP,
                   states.PROBLEM, states.RESOLVED, states.VOIDED, states.OUTCOME_UNDONE})
# Why it came back, as the household reads it (message ids: the page translates them).
RETURN_WORDS: dict[str, str] = {
    states.ReturnReason.nobody_home: "nobody was home",
    states.ReturnReason.refused: "refused at the door",
    states.ReturnReason.wrong_address: "wrong address",
    states.ReturnReason.other: "other reason",
}


class EventLike(Protocol):
    type: str
    at: datetime
    gate: str | None
    details: Mapping[str, Any]


@dataclass(frozen=True)
class Step:
    kind: str               # the custody event type
    at: str                 # "09:12", or "11-26 09:12" when not today
    place: str | None = None  # the gate's name, or a shelf such as B10-07
    reason: str | None = None  # why it came back to the gate
    proxy: bool = False     # collected by someone on the household's behalf

    @property
    def reason_words(self) -> str | None:
        return RETURN_WORDS.get(self.reason or "")


def when(at: datetime, *, timezone: str, now: datetime) -> str:
    return _when(at, ZoneInfo(timezone), local(now, timezone).date())


def _when(at: datetime, zone: ZoneInfo, today: date) -> str:
    moment = at.astimezone(zone)
    if moment.date() == today:
        return f"{moment.hour:02d}:{moment.minute:02d}"
    return f"{moment.month:02d}-{moment.day:02d} {moment.hour:02d}:{moment.minute:02d}"


def shelf_of_pickup_code(code: str | None) -> str | None:
    """B10-07-023 -> B10-07 (the shelf a person walks to; the slot is for volunteers)."""
    if not code or code.count("-") < 2:
        return None
    return code.rsplit("-", 1)[0]


def _shelf(details: Mapping[str, Any]) -> str | None:
    zone, shelf = details.get("zone"), details.get("shelf")
    if isinstance(zone, str) and isinstance(shelf, int):
        return f"{zone}-{shelf:02d}"
    return None


def build_timeline(events: Iterable[EventLike], *, gate_names: Mapping[str, str], timezone: str,
                   now: datetime) -> list[Step]:
    """The steps to show, oldest first."""
    steps: list[Step] = []
    shelf: str | None = None
    zone = ZoneInfo(timezone)
    today = now.astimezone(zone).date()
    for event in events:
        details = event.details or {}
        if event.type not in SHOWN:
            continue
        at = _when(event.at, zone, today)
        if event.type == states.RECEIVED:
            shelf = _shelf(details)
            name = gate_names.get(event.gate) if event.gate else None
            steps.append(Step(event.type, at, place=name))
        elif event.type == states.SHELVED:
            shelf = _shelf(details) or shelf
            steps.append(Step(event.type, at, place=shelf))
        elif event.type == states.MOVED:
            target = shelf_of_pickup_code(details.get("to"))
            if target and target != shelf:
                shelf = target
                steps.append(Step(event.type, at, place=shelf))
        elif event.type == states.RETURNED:
            reason = details.get("reason")
            known = reason in tuple(states.ReturnReason)
            steps.append(Step(event.type, at, reason=reason if known else states.ReturnReason.other))
        elif event.type == states.PICKED_UP:
            steps.append(Step(event.type, at, proxy=bool(details.get("collected_by"))))
        else:
            steps.append(Step(event.type, at))
    return steps
