"""The shelf map and what is on one shelf, read from the parcels that hold a slot."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ColumnElement, case, func, literal, or_, select
from sqlalchemy.orm import Session

from station.db import UTCDateTime
from station.catalogue import gate as gate_text
from station.errors import InvalidInput, NotFound
from station.gate.shelves.rules import (
    age_minutes,
    fill_level,
    is_overdue,
    minutes_left,
    overdue_cutoff,
    parse_shelf_code,
)
from station.gate.shelves.schemas import ShelfEntry, ShelfMapOut, ShelfOut, ShelfSummary, ZoneSummary
from station.parcels.models import Parcel
from station.residents.models import Household
from station.site import CategoryCode, Site, Zone
from station.sorting.rules import shelf_code

CARE = or_(Household.elderly_alone, Household.pregnant, Household.chronic_medicine)


def _cutoff_expression(site: Site, now: datetime) -> ColumnElement:
    """The overdue cut-off of each row's category, as SQL: one comparison counts them all."""
    default = overdue_cutoff((), now, site.timezone)
    cutoffs = {code: literal(overdue_cutoff(category.windows, now, site.timezone), UTCDateTime())
               for code, category in site.categories.items()}
    return case(cutoffs, value=Parcel.category, else_=literal(default, UTCDateTime()))


def shelf_label(zone: Zone, number: int, site: Site) -> str:
    """A by-grid zone's shelves are its grids; other shelves are numbered."""
    if zone.by_grid and 1 <= number <= len(site.grids):
        return site.grids[number - 1].code
    return f"{number:02d}"


def shelf_map(session: Session, *, site: Site, now: datetime) -> ShelfMapOut:
    """Every zone and shelf of the site with used slots, overdue, medicine and care counts."""
    overdue = _cutoff_expression(site, now)
    rows = session.execute(
        select(Parcel.zone, Parcel.shelf, func.count(Parcel.id),
               func.sum(case((Parcel.received_at < overdue, 1), else_=0)),
               func.sum(case((Parcel.category == CategoryCode.medicine.value, 1), else_=0)),
               func.sum(case((CARE, 1), else_=0)))
        .outerjoin(Household, Household.id == Parcel.household_id)
        .where(Parcel.slot.is_not(None))
        .group_by(Parcel.zone, Parcel.shelf)
    )
    counts = {(zone, shelf): (used, late or 0, medicine or 0, care or 0)
              for zone, shelf, used, late, medicine, care in rows}
    zones = []
    for zone in site.zones.values():
        shelves = []
        for number in range(1, zone.shelves + 1):
            used, late, medicine, care = counts.get((zone.code, number), (0, 0, 0, 0))
            shelves.append(ShelfSummary(
                shelf=shelf_code(zone.code, number), zone=zone.code, number=number,
                label=shelf_label(zone, number, site), slots=zone.slots, used=used, overdue=late,
                medicine=medicine, care=care, level=fill_level(used, zone.slots)))
        zones.append(ZoneSummary(
            zone=zone.code, name_zh=zone.name_zh, name_en=zone.name_en, role=zone.role,
            slots=zone.slots * zone.shelves, used=sum(s.used for s in shelves),
            overdue=sum(s.overdue for s in shelves), medicine=sum(s.medicine for s in shelves),
            care=sum(s.care for s in shelves), shelves=shelves))
    unresolved = next((z.used for z in zones if z.zone == site.unresolved_zone), 0)
    return ShelfMapOut(
        at=now, used=sum(z.used for z in zones), slots=sum(z.slots for z in zones),
        overdue=sum(z.overdue for z in zones), medicine=sum(z.medicine for z in zones),
        care=sum(z.care for z in zones), unresolved=unresolved, zones=zones)


def find_shelf(site: Site, text: str) -> tuple[Zone, int]:
    """The zone and shelf number of a shelf code, or an error saying what is wrong with it."""
    parsed = parse_shelf_code(text)
    if parsed is None:
        raise InvalidInput(gate_text.NOT_A_SHELF_CODE(text=text.strip()[:40]), field="shelf")
    zone_code, number = parsed
    zone = site.zones.get(zone_code)
    if zone is None or not 1 <= number <= zone.shelves:
        raise NotFound(gate_text.NO_SHELF(shelf=shelf_code(zone_code, number)))
    return zone, number


def shelf_contents(session: Session, *, site: Site, code: str, now: datetime) -> ShelfOut:
    """What is on one shelf, slot by slot, with age, overdue and dwell time left."""
    zone, number = find_shelf(site, code)
    rows = session.execute(
        select(Parcel, CARE.label("care"))
        .outerjoin(Household, Household.id == Parcel.household_id)
        .where(Parcel.zone == zone.code, Parcel.shelf == number, Parcel.slot.is_not(None))
        .order_by(Parcel.slot)
    )
    items = []
    for parcel, care in rows:
        windows = site.categories[parcel.category].windows if parcel.category in site.categories else ()
        items.append(ShelfEntry(
            slot=parcel.slot, pickup_code=parcel.pickup_code, code=parcel.code,
            tracking_number=parcel.tracking_number, destination=parcel.destination,
            category=parcel.category, status=parcel.status, priority=parcel.priority,
            care=bool(care), received_at=parcel.received_at,
            age_minutes=age_minutes(parcel.received_at, now),
            overdue=is_overdue(parcel.received_at, windows, now, site.timezone),
            dwell_minutes_left=minutes_left(parcel.dwell_until, now) if parcel.dwell_until else 0,
            unresolved_reason=parcel.unresolved_reason))
    return ShelfOut(
        shelf=shelf_code(zone.code, number), zone=zone.code, number=number,
        label=shelf_label(zone, number, site), zone_name_zh=zone.name_zh, zone_name_en=zone.name_en,
        slots=zone.slots, used=len(items), overdue=sum(item.overdue for item in items), at=now,
        items=items)
