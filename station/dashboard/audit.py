"""The audit trail of a parcel, or of a room: every custody event, and whether the chain holds.

Nothing here writes: a correction is a new event in the log (moved, note, voided, resolved),
so the trail shows it as one more row, never as an edited one.
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from station.custody import states
from station.custody.chain import first_broken
from station.custody.models import CustodyEvent
from station.custody.service import events_of
from station.catalogue import ops as ops_text
from station.catalogue.kept import kept_detail
from station.catalogue.locale import say
from station.errors import InvalidInput, NotFound
from station.parcels.models import Parcel
from station.parcels.service import get_parcel, normalise_scan
from station.residents.lookup import parse_room
from station.residents.models import Household
from station.residents.privacy import mask_name, mask_phone
from station.site import Site
from station.timefmt import local

ROOM_LIMIT = 200
MAX_QUERY = 80
# Details the station wrote as English sentences before it kept them as messages: said as msgids.
SENTENCES = ("unresolved_reason", "recognition")


@dataclass(frozen=True)
class Resident:
    """What a coordinator may see of a household: masked, with its care flags."""

    destination: str
    name: str
    phone: str
    care: list[str]


@dataclass(frozen=True)
class Entry:
    seq: int
    type: str
    actor: str
    gate: str | None
    at: datetime
    details: list[tuple[str, str]]
    hash: str


@dataclass
class ParcelTrail:
    parcel: Parcel
    resident: Resident | None
    events: list[Entry]
    broken: tuple[int, str] | None  # (seq, reason) of the first event that breaks the chain
    replay_problem: str | None  # the status cache disagrees with the fold of the events
    barcodes: list[str] = field(default_factory=list)  # every barcode seen on it

    @property
    def verifies(self) -> bool:
        return self.broken is None and self.replay_problem is None


@dataclass
class RoomTrail:
    destination: str
    resident: Resident | None
    parcels: list[Parcel] = field(default_factory=list)
    more: bool = False


@dataclass
class Found:
    query: str
    trail: ParcelTrail | None = None
    room: RoomTrail | None = None
    matches: list[Parcel] = field(default_factory=list)  # several items had this pickup code


def resident_of(household: Household | None) -> Resident | None:
    if household is None:
        return None
    return Resident(household.destination, mask_name(household.name), mask_phone(household.phone),
                    household.care_flags)


def detail_pairs(details: dict[str, Any], timezone: str) -> list[tuple[str, str]]:
    """An event's details as key/value text: times on the site's clock, kept messages in the
    reader's language, nested values as JSON."""
    pairs = []
    for key, value in details.items():
        if (message := kept_detail(value)) is not None:
            text = say(message)
        elif isinstance(value, str) and key in SENTENCES:
            text = say(value)
        elif isinstance(value, dict) and set(value) == {"method"}:
            text = str(value["method"])  # a verification record keeps only how it was checked
        elif isinstance(value, str) and key.endswith(("_until", "_at")) and (at := _instant(value)):
            text = local(at, timezone).strftime("%Y-%m-%d %H:%M:%S")
        elif isinstance(value, (dict, list)):
            text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(", ", ": "))
        elif value is None:
            text = "-"
        else:
            text = str(value)
        pairs.append((str(key), text))
    return pairs


def _instant(text: str) -> datetime | None:
    try:
        at = datetime.fromisoformat(text)
    except ValueError:
        return None
    return at if at.tzinfo is not None else None


def trail_of(session: Session, parcel: Parcel, *, timezone: str) -> ParcelTrail:
    """Every event of one parcel, in order, and whether the hash chain and the status hold."""
    events = events_of(session, parcel)
    broken = first_broken(parcel.code, (event.as_dict() for event in events))
    replay = None
    if broken is None:
        try:
            folded = states.fold(event.type for event in events).status
            if folded != parcel.status:
                replay = f"status says {parcel.status} but its events say {folded}"
        except states.InvalidTransition as exc:
            replay = f"its events do not replay: {exc.message}"
    household = session.get(Household, parcel.household_id) if parcel.household_id else None
    return ParcelTrail(parcel, resident_of(household), [_entry(event, timezone) for event in events],
                       broken, replay, [alias.code for alias in parcel.aliases])


def _entry(event: CustodyEvent, timezone: str) -> Entry:
    return Entry(event.seq, event.type, event.actor, event.gate, event.at,
                 detail_pairs(event.details or {}, timezone), event.hash)


def room_trail(session: Session, *, site: Site, building: str, unit: int, room: str) -> RoomTrail:
    problem = site.room_problem(building, unit, room)
    if problem:
        raise InvalidInput(problem, field="q")
    household = session.scalars(select(Household).where(
        Household.building == building, Household.unit == unit, Household.room == room)).first()
    parcels = list(session.scalars(
        select(Parcel).where(Parcel.building == building, Parcel.unit == unit, Parcel.room == room)
        .order_by(Parcel.received_at.desc(), Parcel.id.desc()).limit(ROOM_LIMIT + 1)))
    return RoomTrail(f"{building}-{unit}-{room}", resident_of(household), parcels[:ROOM_LIMIT],
                     more=len(parcels) > ROOM_LIMIT)


def search(session: Session, *, site: Site, query: str) -> Found:
    """A parcel code, tracking number (any barcode seen on it), pickup code, or a room."""
    text = unicodedata.normalize("NFKC", query or "").strip()
    if not text:
        raise InvalidInput(ops_text.SEARCH_WHAT, field="q")
    if len(text) > MAX_QUERY:
        raise InvalidInput(ops_text.SEARCH_TOO_LONG(length=len(text), limit=MAX_QUERY), field="q")
    room = parse_room(text)
    if room is not None:
        building, unit, number = room
        return Found(text, room=room_trail(session, site=site, building=building.upper(), unit=unit,
                                           room=number))
    try:
        return Found(text, trail=trail_of(session, get_parcel(session, text), timezone=site.timezone))
    except NotFound:
        pass
    # A pickup code names a slot, and slots are used again: list every item that had it.
    earlier = list(session.scalars(
        select(Parcel).where(Parcel.pickup_code == normalise_scan(text))
        .order_by(Parcel.received_at.desc()).limit(ROOM_LIMIT)))
    if len(earlier) == 1:
        return Found(text, trail=trail_of(session, earlier[0], timezone=site.timezone))
    if earlier:
        return Found(text, matches=earlier)
    raise NotFound(ops_text.NOTHING_KNOWN(text=text), field="q")
