"""When a parcel should reach the door (pure): the site's category windows, or the gate.

Fumin Garden's rule: meals before noon and before evening, fresh before noon, express in the
afternoon or evening, nothing stays overnight. So an item that arrives after the last window
of its kind waits at the gate for the household to collect, and valuables are always
collected there with the pickup code.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from station.site.model import Category, CategoryCode, Window
from station.timefmt import local

SELF_PICKUP_CATEGORIES = frozenset({CategoryCode.valuable})

NOW, LATER, GATE = "now", "later", "gate"


@dataclass(frozen=True)
class Expected:
    kind: str  # now: this round is on; later: a round later today; gate: collect at the gate
    window: Window | None = None

    def __str__(self) -> str:
        return f"{self.kind} {self.window}" if self.window else self.kind


def expected_delivery(category: Category, *, received_at: datetime, now: datetime,
                      timezone: str) -> Expected:
    """The delivery round an item can go out with, or `gate` when it is collected there."""
    if category.code in SELF_PICKUP_CATEGORIES or not category.windows:
        return Expected(GATE)
    at = local(max(received_at, now), timezone).time()
    for window in sorted(category.windows, key=lambda w: w.start):
        if at < window.start:
            return Expected(LATER, window)
        if at < window.end:
            return Expected(NOW, window)
    return Expected(GATE)
