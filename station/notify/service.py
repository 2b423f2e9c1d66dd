"""What the digests and reminders are made of, read from the parcels (counts, codes, no people)."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from station.custody import states
from station.notify.digest import BuildingFacts
from station.notify.reminders import ShelfItem
from station.parcels.models import Parcel
from station.residents.windows import GATE, expected_delivery
from station.site import Site
from station.timefmt import hhmm

# At the station and going out with a runner; a problem item is not promised to anyone.
AT_STATION = (states.RECEIVED, states.DISINFECTED, states.SHELVED, states.RETURNED)


def building_facts(session: Session, *, site: Site, buildings: Iterable[str],
                   now: datetime) -> dict[str, BuildingFacts]:
    """Per building: items waiting for the door, to collect at the gate, and out with runners."""
    wanted = list(dict.fromkeys(buildings))
    waiting: dict[str, Counter] = defaultdict(Counter)
    at_gate: dict[str, Counter] = defaultdict(Counter)
    out: dict[str, Counter] = defaultdict(Counter)
    codes: dict[str, list[str]] = defaultdict(list)
    dwelling: dict[str, list[datetime]] = defaultdict(list)
    rows = session.execute(
        select(Parcel.building, Parcel.category, Parcel.status, Parcel.received_at, Parcel.pickup_code,
               Parcel.dwell_until)
        .where(Parcel.building.in_(wanted),
               Parcel.status.in_((*AT_STATION, states.OUT_FOR_DELIVERY))))
    for building, category, status, received_at, pickup_code, dwell_until in rows:
        if status == states.OUT_FOR_DELIVERY:
            out[building][category] += 1
        elif category in site.categories and expected_delivery(
                site.categories[category], received_at=received_at, now=now,
                timezone=site.timezone).kind == GATE:
            at_gate[building][category] += 1
            codes[building].append(pickup_code)
            if dwell_until is not None and dwell_until > now:
                dwelling[building].append(dwell_until)
        else:
            waiting[building][category] += 1
    return {b: BuildingFacts(b, dict(waiting[b]), dict(at_gate[b]), dict(out[b]), tuple(codes[b]),
                             len(dwelling[b]), hhmm(max(dwelling[b]), site.timezone) if dwelling[b] else "")
            for b in wanted}


def shelf_items(session: Session, *, categories: Iterable[str]) -> list[ShelfItem]:
    """Items of these categories still at the station (problem items too: they stay the night)."""
    rows = session.execute(
        select(Parcel.id, Parcel.code, Parcel.category, Parcel.building, Parcel.pickup_code,
               Parcel.received_at)
        .where(Parcel.status.in_((*AT_STATION, states.PROBLEM)), Parcel.category.in_(list(categories)))
        .order_by(Parcel.id))
    return [ShelfItem(*row) for row in rows]
