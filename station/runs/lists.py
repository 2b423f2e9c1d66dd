"""A run's items in walking order: for the phone page, the printed list and its PDF."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from itertools import groupby

from sqlalchemy import select
from sqlalchemy.orm import Session

import labels
from labels import FloorList, FloorListLine, FontNotFound, LabelError
from station.custody import states
from station.catalogue import ops as ops_text
from station.errors import InvalidInput, StationError
from station.parcels.models import Parcel
from station.residents.models import Household
from station.residents.privacy import mask_name
from station.runs.models import DeliveryRun, RunItem
from station.runs.ordering import LAST, Round, Stop, delivery_rounds, room_position
from station.site import Site
from station.timefmt import local


@dataclass(frozen=True)
class Line:
    """One item of a run as a runner sees it: where, what, for whom (masked), what became of it."""

    item: RunItem
    parcel: Parcel
    care: tuple[str, ...]
    recipient: str  # masked name only: the phone's tail is a verification secret, never printed

    @property
    def needs_verification(self) -> bool:
        return states.needs_verification(self.parcel.category)

    @property
    def floor(self) -> str:
        floor = room_position(self.parcel.room)[0]
        return "" if floor == LAST else str(floor)


def line_of(session: Session, item: RunItem, parcel: Parcel) -> Line:
    household = session.get(Household, parcel.household_id) if parcel.household_id else None
    return Line(item, parcel, tuple(household.care_flags) if household else (),
                mask_name(household.name) if household else "")


def run_rounds(session: Session, *, site: Site, run: DeliveryRun) -> list[Round[Line]]:
    """The run's items grouped into delivery rounds, each in door order (see ordering)."""
    rows = session.execute(
        select(RunItem, Parcel, Household)
        .join(Parcel, Parcel.id == RunItem.parcel_id)
        .outerjoin(Household, Household.id == Parcel.household_id)
        .where(RunItem.run_id == run.id).order_by(RunItem.id))
    stops = [Stop(Line(item, parcel, tuple(household.care_flags) if household else (),
                       mask_name(household.name) if household else ""),
                  category=parcel.category, unit=parcel.unit, room=parcel.room,
                  priority=parcel.priority, building=parcel.building or "")
             for item, parcel, household in rows]
    return delivery_rounds(stops, categories=site.categories, at=local(run.opened_at, site.timezone).time())


def ordered_lines(rounds: Sequence[Round[Line]]) -> list[Line]:
    return [stop.ref for round_ in rounds for stop in round_.stops]


@dataclass(frozen=True)
class Floor:
    floor: str
    lines: tuple[Line, ...]


@dataclass(frozen=True)
class Unit:
    building: str
    unit: int | None
    floors: tuple[Floor, ...]

    @property
    def count(self) -> int:
        return sum(len(floor.lines) for floor in self.floors)


def stairwells(lines: Sequence[Line]) -> list[Unit]:
    """Consecutive lines grouped by building and unit, then floor, for headings on the page."""
    units = []
    for (building, unit), in_unit in groupby(lines, key=lambda ln: (ln.parcel.building or "", ln.parcel.unit)):
        floors = tuple(Floor(floor, tuple(on_floor)) for floor, on_floor in groupby(in_unit, key=lambda ln: ln.floor))
        units.append(Unit(building, unit, floors))
    return units


def buildings_label(buildings: Sequence[str]) -> str:
    """'10', or '9-12' for a run of consecutive buildings, or '3,7,9' otherwise."""
    unique = list(dict.fromkeys(b for b in buildings if b))
    if len(unique) <= 1:
        return unique[0] if unique else "?"
    if all(b.isdigit() for b in unique):
        numbers = sorted(int(b) for b in unique)
        if numbers == list(range(numbers[0], numbers[-1] + 1)):
            return f"{numbers[0]}-{numbers[-1]}"
    return ",".join(unique)


def floor_list(site: Site, run: DeliveryRun, rounds: Sequence[Round[Line]], *, at: datetime) -> FloorList:
    """The labels package's floor list; a run over several buildings names the building in each unit."""
    lines = ordered_lines(rounds)
    buildings = [ln.parcel.building or "" for ln in lines]
    several = len(set(buildings)) > 1
    grids = {site.buildings[b].grid for b in buildings if b in site.buildings}
    # The labels package heads each stairwell but has no heading for a round: with several
    # rounds the window goes into the stairwell's heading, so a unit walked twice (meals
    # first, express later) shows as two sections rather than floors going 5, then 1.
    window = {id(stop.ref): _round_words(r) for r in rounds for stop in r.stops} if len(rounds) > 1 else {}

    def unit_of(ln: Line) -> str:
        unit = f"{ln.parcel.building}-{ln.parcel.unit}" if several else str(ln.parcel.unit or "")
        return f"{unit} ({window[id(ln)]})" if window else unit

    return FloorList(
        building=buildings_label(buildings) if lines else run.scope_value,
        run_code=run.code, runner=run.runner, generated_at=local(at, site.timezone).replace(tzinfo=None),
        grid=grids.pop() if len(grids) == 1 else "",
        lines=tuple(FloorListLine(
            unit=unit_of(ln),
            room=ln.parcel.room or "", pickup_code=ln.parcel.pickup_code, parcel_code=ln.parcel.code,
            category=ln.parcel.category, care_marks=ln.care, recipient=ln.recipient, floor=ln.floor)
            for ln in lines))


def _round_words(round_: Round[Line]) -> str:
    return str(round_.window) if round_.window else "超时 overdue"


def floor_list_pdf(floor_list_: FloorList, *, per_unit: bool) -> bytes:
    try:
        return labels.render_floor_list_pdf(floor_list_, page_per_unit=per_unit)
    except LabelError as exc:
        raise InvalidInput(str(exc)) from None
    except FontNotFound as exc:
        raise StationError(ops_text.PDF_FONT(error=str(exc))) from None


def code128_svg(data: str, *, height: int = 40) -> str:
    """A Code 128 barcode as inline SVG (one path), for the printable HTML list."""
    from html import escape

    from labels.codes import code128_modules

    modules = code128_modules(data)
    quiet = 10
    width = len(modules) + 2 * quiet
    bars = "".join(f"M{quiet + x} 0h{n}v{height}h-{n}z" for x, n in _bars(modules))
    return (f'<svg xmlns="http://www.w3.org/2000/svg" class="code128" viewBox="0 0 {width} {height}" '
            f'preserveAspectRatio="none" role="img" aria-label="{escape(data)}" shape-rendering="crispEdges">'
            f'<path fill="#000" d="{bars}"/></svg>')


def _bars(modules: str) -> Iterator[tuple[int, int]]:
    """(start, width) of each bar: runs of "1" in the module pattern."""
    x = 0
    for bit, run in groupby(modules):
        width = len(list(run))
        if bit == "1":
            yield x, width
        x += width
