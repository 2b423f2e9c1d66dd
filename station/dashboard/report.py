"""The day's report per building and category: received, delivered, and what was still here.

For the local day D of the site:
- received: items whose intake was on D (intakes undone at the gate are not counted);
- delivered: items delivered to the door or picked up at the gate on D, whenever received;
  `picked_up` says how many of them were collected at the gate;
- on_shelf / with_runners / problems: where every item not yet handed over stood at the end
  of D (or now, while D is not over): on a shelf, out with a runner, or held with an open
  problem. Together they are what stayed overnight.
Rows are keyed by the item's building (empty for an item without a destination) and category.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from station.custody import seal, states
from station.custody.models import CustodyEvent
from station.custody.service import latest_root, sealed_root
from station.dashboard.days import Day
from station.parcels.models import Parcel
from station.site import Site

ON_SHELF = frozenset({states.RECEIVED, states.DISINFECTED, states.SHELVED, states.RETURNED})
HANDED_OVER = (states.DELIVERED, states.PICKED_UP)
NOT_FINAL = tuple(status for status in states.STATUSES if status not in states.FINAL)
COLUMNS = ("received", "delivered", "picked_up", "on_shelf", "with_runners", "problems")
FOLD_BATCH = 500


@dataclass
class Line:
    """Counts of one building and category (or of a building, a grid, a category, all)."""

    building: str = ""
    grid: str = ""
    category: str = ""
    received: int = 0
    delivered: int = 0
    picked_up: int = 0
    on_shelf: int = 0
    with_runners: int = 0
    problems: int = 0

    @property
    def still_here(self) -> int:
        return self.on_shelf + self.with_runners + self.problems

    def add(self, other: Line) -> None:
        for name in COLUMNS:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def values(self) -> list[int]:
        return [getattr(self, name) for name in COLUMNS]


@dataclass
class DayReport:
    site: Site
    day: Day
    as_of: datetime
    lines: list[Line] = field(default_factory=list)
    custody_root: str | None = None  # the day's root, or the latest before it (DAY:ROOT)

    @property
    def totals(self) -> Line:
        return _sum(self.lines, Line(building="", grid="", category=""))

    def by_building(self) -> list[Line]:
        return self._group(lambda line: (line.building, line.grid, ""))

    def by_grid(self) -> list[Line]:
        return self._group(lambda line: ("", line.grid, ""))

    def by_category(self) -> list[Line]:
        return self._group(lambda line: ("", "", line.category))

    def _group(self, key) -> list[Line]:
        groups: dict[tuple[str, str, str], Line] = {}
        for line in self.lines:
            building, grid, category = key(line)
            groups.setdefault((building, grid, category),
                              Line(building=building, grid=grid, category=category)).add(line)
        order = _order(self.site)
        return sorted(groups.values(), key=order)


def _sum(lines: Iterable[Line], into: Line) -> Line:
    for line in lines:
        into.add(line)
    return into


def _order(site: Site):
    """Buildings in site order (items without a destination last), then grids, then categories."""
    buildings = {code: index for index, code in enumerate(site.buildings)}
    grids = {grid.code: index for index, grid in enumerate(site.grids)}
    categories = {code: index for index, code in enumerate(site.categories)}

    def key(line: Line) -> tuple:
        building = buildings.get(line.building, len(buildings)) if line.building else len(buildings) + 1
        return (building, grids.get(line.grid, len(grids)), categories.get(line.category, len(categories)),
                line.building, line.category)

    return key


def day_report(session: Session, *, site: Site, day: Day, now: datetime) -> DayReport:
    """Counts per building and category for one local day (see the module docstring)."""
    as_of = min(day.end, now)
    lines: dict[tuple[str, str], Line] = {}

    def line(building: str | None, category: str) -> Line:
        key = (building or "", category)
        if key not in lines:
            grid = site.buildings[building].grid if building in site.buildings else ""
            lines[key] = Line(building=building or "", grid=grid, category=category)
        return lines[key]

    received = session.execute(
        select(Parcel.building, Parcel.category, func.count(Parcel.id))
        .where(Parcel.received_at >= day.start, Parcel.received_at < day.end,
               Parcel.status != states.VOIDED)
        .group_by(Parcel.building, Parcel.category))
    for building, category, count in received:
        line(building, category).received += count

    handed = session.execute(
        select(Parcel.building, Parcel.category, CustodyEvent.type,
               func.count(func.distinct(CustodyEvent.parcel_id)))
        .join(Parcel, Parcel.id == CustodyEvent.parcel_id)
        .where(CustodyEvent.type.in_(HANDED_OVER), CustodyEvent.at >= day.start,
               CustodyEvent.at < day.end)
        .group_by(Parcel.building, Parcel.category, CustodyEvent.type))
    for building, category, event_type, count in handed:
        target = line(building, category)
        target.delivered += count
        if event_type == states.PICKED_UP:
            target.picked_up += count

    for building, category, status, count in _still_here(session, day=day, now=now):
        target = line(building, category)
        if status in ON_SHELF:
            target.on_shelf += count
        elif status == states.OUT_FOR_DELIVERY:
            target.with_runners += count
        elif status == states.PROBLEM:
            target.problems += count

    report = DayReport(site, day, as_of)
    report.lines = sorted(lines.values(), key=_order(site))
    root = sealed_root(session, day.date) or latest_root(session)
    report.custody_root = seal.printed(root) if root else None
    return report


def _still_here(session: Session, *, day: Day, now: datetime) -> Iterator[tuple[str | None, str, str, int]]:
    """(building, category, status at the end of the day, count) of items not handed over."""
    if now < day.end:  # the day is not over: the status cache is the status at its end
        yield from session.execute(
            select(Parcel.building, Parcel.category, Parcel.status, func.count(Parcel.id))
            .where(Parcel.status.in_(NOT_FINAL))
            .group_by(Parcel.building, Parcel.category, Parcel.status))
        return
    # A past day: fold each candidate's events up to the end of the day. Items already
    # handed over before the day began and untouched since cannot have been here.
    candidates = session.execute(
        select(Parcel.id, Parcel.building, Parcel.category)
        .where(Parcel.received_at < day.end,
               or_(Parcel.status.in_(NOT_FINAL), Parcel.updated_at >= day.start))
        .order_by(Parcel.id)).all()
    counts: dict[tuple[str | None, str, str], int] = {}
    for first in range(0, len(candidates), FOLD_BATCH):
        batch = candidates[first:first + FOLD_BATCH]
        owners = {parcel_id: (building, category) for parcel_id, building, category in batch}
        for parcel_id, status in _statuses_at(session, list(owners), day.end):
            if status in states.FINAL:
                continue
            building, category = owners[parcel_id]
            counts[(building, category, status)] = counts.get((building, category, status), 0) + 1
    for (building, category, status), count in counts.items():
        yield building, category, status, count


def _statuses_at(session: Session, parcel_ids: list[int], at: datetime) -> Iterator[tuple[int, str]]:
    """Each parcel's status at `at`: the fold of its events before then, in sequence order."""
    rows = session.execute(
        select(CustodyEvent.parcel_id, CustodyEvent.type, CustodyEvent.at)
        .where(CustodyEvent.parcel_id.in_(parcel_ids))
        .order_by(CustodyEvent.parcel_id, CustodyEvent.seq))
    current: int | None = None
    types: list[str] = []
    stopped = False
    for parcel_id, event_type, event_at in rows:
        if parcel_id != current:
            if current is not None and types:
                yield current, states.fold(types).status
            current, types, stopped = parcel_id, [], False
        if stopped or event_at >= at:
            stopped = True  # the log up to the first event after `at`, never a gap in it
            continue
        types.append(event_type)
    if current is not None and types:
        yield current, states.fold(types).status

