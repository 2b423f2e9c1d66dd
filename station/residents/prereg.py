"""Parcels told in advance: by a resident (room + phone tail) or a group leader's list.

A pre-registration is what the gate shows when the tracking number is scanned: its room and the
household's masked phone, for the volunteer to check against the waybill before it routes
anything (see station.parcels.service.prereg_outcome). The form answers a resident the same
whether the room has a roster entry or not, and whether the phone tail matched: only a
pre-registration whose tail matched the roster (`household_id` set) is offered at the gate; the
others, and a number told for two rooms (`contested`), leave the item for the coordinator. So the
form tells nobody which rooms have a roster entry or whose phone ends how, and it cannot move
someone else's parcel.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from station.catalogue import Joined, Said
from station.catalogue import residents as residents_text
from station.catalogue.kept import keep
from station.codes import same_secret
from station.errors import Conflict, InvalidInput
from station.parcels.models import Alias
from station.parcels.service import normalise_scan, recognise_scan
from station.residents.groupbuy import BadRow, GroupRow
from station.residents.lookup import RoomLookup, TrackingLookup
from station.residents.models import Household, PreRegistration
from station.site import Site

NOT_ACCEPTED = residents_text.NOT_ACCEPTED
ALREADY_HERE = residents_text.ALREADY_HERE
TAKEN = residents_text.TAKEN
CHOOSE_CATEGORY = residents_text.CHOOSE_CATEGORY
NOT_A_PARCEL = residents_text.NOT_A_PARCEL
NOTE_LIMIT = 2000  # characters of a kept note: rooms that also told a number stop being added there


@dataclass(frozen=True)
class Registered:
    tracking_number: str
    destination: str
    category: str | None
    created: bool
    proved: bool = True  # the phone tail matched the room's roster entry (never shown to the asker)


def tracking_key(text: str) -> str | None:
    """The number as intake will store it when the parcel is scanned; None when it names no parcel.

    Worked out by intake's own recogniser, so what is told in advance and what the gate scans
    meet in one form, whatever the carrier's format.
    """
    try:
        recognised = recognise_scan(normalise_scan(text))
    except InvalidInput:
        return None
    return recognised.tracking_number if recognised.kind == "tracking" else None


def household_of(session: Session, building: str, unit: int, room: str) -> Household | None:
    return session.scalars(select(Household).where(
        Household.building == building, Household.unit == unit, Household.room == room)).first()


def tail_matches(phone: str | None, tail: str) -> bool:
    """Compared in constant time; a household without a phone matches nothing."""
    return bool(phone) and len(phone) >= 4 and same_secret(phone[-4:], tail)


def preregister(session: Session, *, site: Site, tracking: TrackingLookup, room: RoomLookup,
                category: str | None, now: datetime) -> Registered:
    """A resident tells the station a tracking number before the parcel comes."""
    if category is not None and category not in site.categories:
        raise InvalidInput(CHOOSE_CATEGORY, field="category")
    if site.room_problem(room.building, room.unit, room.room):
        raise InvalidInput(NOT_ACCEPTED, field="room")
    household = household_of(session, room.building, room.unit, room.room)
    proved = household is not None and tail_matches(household.phone, room.tail)
    number = tracking_key(tracking.number)
    if number is None:
        raise InvalidInput(NOT_A_PARCEL, field="tracking")
    arrived, existing = _known(session, [number])
    if household is not None and not proved:  # answered as if taken, kept nowhere
        if number in arrived:
            raise Conflict(ALREADY_HERE, field="tracking")
        return Registered(number, room.destination, category, True, False)
    done = _store(session, number=number, place=(room.building, room.unit, room.room), household=household,
                  category=category, note=None, source="resident", now=now, arrived=number in arrived,
                  existing=existing.get(number))
    session.flush()
    return Registered(done.tracking_number, done.destination, done.category, done.created, proved)


def _store(session: Session, *, number: str, place: tuple[str, int, str], household: Household | None,
           category: str | None, note: Said | None, source: str, now: datetime, arrived: bool,
           existing: PreRegistration | None) -> Registered:
    """The rule for both ways in: new, the same again (category updated), or told for another room.

    A resident telling a number another room told marks it contested, answered as if new: the
    item then waits for the coordinator (a group list, sent by the coordinator, is refused instead).
    """
    if arrived:
        raise Conflict(ALREADY_HERE, field="tracking")
    destination = "-".join(str(part) for part in place)
    if existing is not None:
        if (existing.building, existing.unit, existing.room) != place:
            if source != "resident":
                raise Conflict(TAKEN, field="tracking")
            existing.contested = True
            existing.note = _also_told_for(existing.note, destination)
            return Registered(number, destination, category, True)
        if household is not None and existing.household_id is None and not existing.contested:
            existing.household_id = household.id
        if category and existing.category != category:
            existing.category = category
        return Registered(number, destination, existing.category, False)
    building, unit, room = place
    session.add(PreRegistration(tracking_number=number, building=building, unit=unit, room=room,
                                household_id=household.id if household else None,
                                category=category, note=note, source=source, created_at=now))
    return Registered(number, destination, category, True)


def _also_told_for(note: Said | None, destination: str) -> Said | None:
    """The note with one more room that told the number; as it was once it is long enough."""
    if note is None:
        return residents_text.ALSO_TOLD_FOR(destination=destination)
    longer = residents_text.NOTE_ALSO_TOLD_FOR(note=note, destination=destination)
    return longer if len(keep(longer)) <= NOTE_LIMIT else note


@dataclass
class GroupReport:
    group_code: str
    routed: list[GroupRow] = field(default_factory=list)
    unchanged: list[GroupRow] = field(default_factory=list)
    bad: list[BadRow] = field(default_factory=list)


def preregister_group(session: Session, *, site: Site, group_code: str, group_name: str | None,
                      rows: Sequence[GroupRow | BadRow], category: str, now: datetime) -> GroupReport:
    """Pre-register every good row of a group-buy list; bad rows are reported, not stored.

    Sending the same list again changes nothing: its rows come back as unchanged.
    """
    if category not in site.categories:
        raise InvalidInput(residents_text.CATEGORY_ONE_OF(categories=Joined.of(site.categories)), field="category")
    report = GroupReport(group_code)
    numbers = {row.row: tracking_key(row.label) for row in rows if isinstance(row, GroupRow)}
    wanted = sorted({number for number in numbers.values() if number})
    arrived, existing = _known(session, wanted)
    homes = {(h.building, h.unit, h.room): h for h in session.scalars(select(Household).where(
        Household.building.in_(sorted({row.building for row in rows if isinstance(row, GroupRow)}))))}
    claimed: dict[str, int] = {}  # two labels the recogniser reads as one number
    for row in rows:
        if isinstance(row, BadRow):
            report.bad.append(row)
            continue
        number = numbers[row.row]
        if number is None:
            report.bad.append(BadRow(row.row, residents_text.ROW_OWN_CODE(code=row.label)))
            continue
        if number in claimed:
            twice = residents_text.ROW_CODE_TWICE(code=row.label, other=claimed[number])
            report.bad.append(BadRow(row.row, twice))
            continue
        claimed[number] = row.row
        place = (row.building, row.unit, row.room)
        try:
            outcome = _store(session, number=number, place=place, household=homes.get(place),
                             category=category, source="group", now=now,
                             note=residents_text.GROUP_NOTE(group=group_name or group_code, items=row.items[:200]),
                             arrived=number in arrived, existing=existing.get(number))
        except Conflict as exc:
            refused = residents_text.ROW_ARRIVED if exc.code == ALREADY_HERE.code else residents_text.ROW_TAKEN
            report.bad.append(BadRow(row.row, refused(code=row.label)))
            continue
        (report.routed if outcome.created else report.unchanged).append(row)
    session.flush()
    report.bad.sort(key=lambda bad: bad.row)
    return report


def _known(session: Session, numbers: list[str], chunk: int = 500) -> tuple[set[str], dict[str, PreRegistration]]:
    """Which numbers have arrived already, and which are pre-registered: a few queries for a whole list."""
    arrived: set[str] = set()
    existing: dict[str, PreRegistration] = {}
    for start in range(0, len(numbers), chunk):
        part = numbers[start:start + chunk]
        arrived.update(session.scalars(select(Alias.code).where(Alias.code.in_(part))))
        existing.update((p.tracking_number, p) for p in session.scalars(
            select(PreRegistration).where(PreRegistration.tracking_number.in_(part))))
    return arrived, existing
