"""The order a runner walks a run (pure): by delivery round, then stairwell, floor and door.

Fumin Garden's rule gives each category time windows: meals before noon and before evening,
fresh produce before noon, express in the afternoon or evening, nothing overnight. At the
time the run was claimed, each item's *round* is the window it goes out in: the one open
then, else the next one today. Items whose windows have all ended are overdue and come first.
Rounds are walked in the order their windows end, so with the demo windows meals and
medicine (due 12:00, or 18:30 for the evening meal) come before express (due 21:00).

Within a round the list goes building by building (a grid's run) and climbs each stairwell
in turn: unit 1 first, floor 1 up to the top, doors in order. At one door the higher priority
goes first (category priority, plus the care bonus for elderly people living alone, pregnant
women and chronic patients).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import time
from typing import Generic, TypeVar

from station.site.model import Category, Window

T = TypeVar("T")
LAST = 10**6


@dataclass(frozen=True)
class Stop(Generic[T]):
    """One item to deliver, as much of it as the order needs; `ref` is handed back untouched."""

    ref: T
    category: str
    unit: int | None
    room: str | None
    priority: int = 0
    building: str = ""  # runs of a grid or a category walk building by building


@dataclass(frozen=True)
class Round(Generic[T]):
    """Items that go out together: `window` is None for the overdue round."""

    window: Window | None
    stops: tuple[Stop[T], ...]

    @property
    def overdue(self) -> bool:
        return self.window is None

    @property
    def categories(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(stop.category for stop in self.stops))


def applicable_window(windows: Sequence[Window], at: time) -> Window | None:
    """The window an item goes out in at `at`: the open one, else the next today; None when all ended."""
    for window in sorted(windows, key=lambda w: (w.end, w.start)):
        if at < window.end:
            return window
    return None


def room_position(room: str | None) -> tuple[int, int, str]:
    """'301' -> (3, 1, '301'): floor then door; a room that is not floor-and-door goes last."""
    text = (room or "").strip()
    if text.isdigit() and len(text) >= 3:
        return int(text[:-2]), int(text[-2:]), text
    return LAST, LAST, text


def building_position(building: str) -> tuple[int, str]:
    """Buildings in number order: 2 before 10; a named one after the numbered ones."""
    text = building.strip()
    return (int(text), text) if text.isdigit() else (LAST, text)


def door_key(stop: Stop) -> tuple:
    """Building, then climbing order in its stairwells, then priority at the same door."""
    floor, door, text = room_position(stop.room)
    unit = stop.unit if stop.unit is not None else LAST
    return building_position(stop.building), unit, floor, door, text, -stop.priority, stop.category


def delivery_rounds(stops: Iterable[Stop[T]], *, categories: Mapping[str, Category],
                    at: time) -> list[Round[T]]:
    """Group the stops into rounds (overdue first, then by the end of their window), each in door order.

    A category with no windows (or unknown to the site) goes out in the last round of the day.
    The sort is stable: stops that tie (same door, priority and category) keep the given order.
    """
    by_window: dict[Window | None, list[Stop[T]]] = {}
    end_of_day = Window(time(0), time.max)
    for stop in stops:
        category = categories.get(stop.category)
        windows = category.windows if category and category.windows else (end_of_day,)
        by_window.setdefault(applicable_window(windows, at), []).append(stop)
    merged: dict[tuple, list[Stop[T]]] = {}
    for window, members in by_window.items():
        # Windows that end together are one round: one climb per deadline, not per category.
        key = (0, time(0)) if window is None else (1, window.end)
        merged.setdefault(key, []).extend(members)
    rounds = []
    for key in sorted(merged):
        members = merged[key]
        window = None if key[0] == 0 else _span([w for w, m in by_window.items() if w and w.end == key[1]])
        rounds.append(Round(window, tuple(sorted(members, key=door_key))))
    return rounds


def delivery_order(stops: Iterable[Stop[T]], *, categories: Mapping[str, Category], at: time) -> list[Stop[T]]:
    """The stops in walking order: the rounds one after another."""
    return [stop for round_ in delivery_rounds(stops, categories=categories, at=at) for stop in round_.stops]


def _span(windows: list[Window]) -> Window:
    return Window(min(w.start for w in windows), max(w.end for w in windows))
