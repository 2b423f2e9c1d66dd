"""Where is my parcel? Lookups for the public /track page, answered with masked details only.

Two ways in: a tracking number (that parcel only), or a room with the last four digits of the
household's phone (that household's recent parcels). A room lookup answers exactly the same
`nothing found` whether the room does not exist, has no roster entry, has a different phone,
or simply has no parcels, so it cannot be used to learn anything about a room.

When a building's digest reaches its group chat, hundreds of households look up at once: the
lookups read plain rows through statements built once (a parcel with its events in one
statement), never the ORM's objects. Nothing of a parcel is kept between lookups, so every
answer shows its status as stored now; only what the site says is kept, for as long as the
site in use is the same object (station.siteconfig.cache replaces it when a new one is stored).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Any, TypeVar

from sqlalchemy import bindparam, literal_column, or_, select
from sqlalchemy.orm import Session

from station import codes
from station.custody import states
from station.custody.models import CustodyEvent
from station.parcels.models import Alias, Parcel
from station.residents.lookup import RoomLookup, TrackingLookup
from station.residents.models import Household, PreRegistration
from station.residents.prereg import tail_matches, tracking_key
from station.residents.privacy import mask_name, mask_phone, mask_room
from station.residents.qr import qr_svg
from station.residents.track.driver import DriverStatement, utc
from station.residents.timeline import Step, build_timeline, when
from station.residents.windows import GATE, SELF_PICKUP_CATEGORIES, Expected, expected_delivery
from station.site import Site
from station.timefmt import hhmm

RECENT = timedelta(days=3)      # finished parcels stay on a household's list this long
ANNOUNCED = timedelta(days=14)  # pre-registrations not yet arrived stay listed this long
MAX_PARCELS = 20
WAITING = frozenset({states.RECEIVED, states.DISINFECTED, states.SHELVED, states.RETURNED})
SPACES_AND_DASHES = re.compile(r"[\s-]")


@dataclass(frozen=True)
class Pickup:
    code: str
    qr: str                   # inline SVG


@dataclass(frozen=True)
class ParcelCard:
    code: str
    tracking_number: str | None
    category: str
    status: str
    destination: str
    name: str
    phone: str
    steps: tuple[Step, ...]
    expected: Expected | None
    pickup: Pickup | None
    pickup_hidden: bool       # ready for pickup, but the code is shown on room lookups only
    unresolved: bool          # the label's address could not be matched to a room
    ready_from: str | None = None  # HH:MM on the site's clock while the disinfection dwell runs


@dataclass(frozen=True)
class Announced:
    tracking_number: str
    told_at: str
    category: str | None
    destination: str


@dataclass(frozen=True)
class Answer:
    cards: tuple[ParcelCard, ...] = ()
    announced: tuple[Announced, ...] = ()
    proved: bool = True  # for a room lookup: the phone tail matched the roster

    @property
    def empty(self) -> bool:
        return not self.cards and not self.announced


# What a card shows of a parcel, and of each of its events (rows carry these names).
PARCEL = (Parcel.id, Parcel.code, Parcel.tracking_number, Parcel.category, Parcel.building, Parcel.unit,
          Parcel.room, Parcel.status, Parcel.slot, Parcel.collection_code, Parcel.unresolved_reason,
          Parcel.received_at, Parcel.dwell_until)
EVENT = (CustodyEvent.type, CustodyEvent.at, CustodyEvent.gate, CustodyEvent.details)
# The parcel's own times are converted once per parcel (in _by_parcel), not on each event's row.
TIMES, DOCUMENTS = ("at",), ("details",)
SLOTS = 4  # keys asked at once: a number as typed and without spaces, each maybe also our own code
KEYS = [bindparam(f"key{n}") for n in range(SLOTS)]
BY_ALIAS = DriverStatement(
    select(Alias.code.label("key"), *PARCEL, Household.name.label("household_name"), *EVENT)
    .select_from(Alias).join(Parcel, Parcel.id == Alias.parcel_id)
    .outerjoin(Household, Household.id == Parcel.household_id)
    .outerjoin(CustodyEvent, CustodyEvent.parcel_id == Parcel.id)
    .where(Alias.code.in_(KEYS)).order_by(Parcel.id, CustodyEvent.seq), times=TIMES, documents=DOCUMENTS)
BY_CODE = DriverStatement(
    select(Parcel.code.label("key"), *PARCEL, Household.name.label("household_name"), *EVENT)
    .select_from(Parcel).outerjoin(Household, Household.id == Parcel.household_id)
    .outerjoin(CustodyEvent, CustodyEvent.parcel_id == Parcel.id)
    .where(Parcel.code.in_(KEYS)).order_by(Parcel.id, CustodyEvent.seq), times=TIMES, documents=DOCUMENTS)
ANNOUNCED_NUMBER = DriverStatement(
    select(PreRegistration.tracking_number, PreRegistration.created_at, PreRegistration.category,
           PreRegistration.building, PreRegistration.unit, PreRegistration.room)
    .where(PreRegistration.tracking_number.in_(KEYS)).limit(1), times=("created_at",))
HOUSEHOLD = DriverStatement(
    select(Household.id, Household.name, Household.phone)
    .where(Household.building == bindparam("building"), Household.unit == bindparam("unit"),
           Household.room == bindparam("room")).limit(1))
# The final states written out: a statement run on the driver has no expanding parameters.
_open = Parcel.status.not_in([literal_column(f"'{status}'") for status in sorted(states.FINAL)])
_recent = (select(*PARCEL)
           .where(Parcel.household_id == bindparam("household"),
                  or_(_open, Parcel.updated_at >= bindparam("since", type_=Parcel.updated_at.type)))
           .order_by(Parcel.received_at.desc()).limit(MAX_PARCELS).subquery())
ROOM_PARCELS = DriverStatement(
    select(_recent, *EVENT).outerjoin(CustodyEvent, CustodyEvent.parcel_id == _recent.c.id)
    .order_by(_recent.c.received_at.desc(), _recent.c.id, CustodyEvent.seq), times=TIMES, documents=DOCUMENTS)
ROOM_ANNOUNCED = DriverStatement(
    select(PreRegistration.tracking_number, PreRegistration.created_at, PreRegistration.category)
    .where(PreRegistration.building == bindparam("building"), PreRegistration.unit == bindparam("unit"),
           PreRegistration.room == bindparam("room"),
           PreRegistration.created_at >= bindparam("since", type_=PreRegistration.created_at.type),
           ~select(Alias.id).where(Alias.code == PreRegistration.tracking_number).exists())
    .order_by(PreRegistration.created_at.desc()).limit(MAX_PARCELS), times=("created_at",))

Found = tuple[Any, list[Any]]  # a parcel's row, and its events' rows in order
T = TypeVar("T")


def per_site(derive: Callable[[Site], T]) -> Callable[[Site], T]:
    """`derive(site)` made once for the site in use, and again when another site object replaces it."""
    last: list[tuple[Site, T]] = []

    def cached(site: Site) -> T:
        if last and last[0][0] is site:
            return last[0][1]
        value = derive(site)
        last[:] = [(site, value)]
        return value

    return cached


@per_site
def gate_names(site: Site) -> dict[str, str]:
    return {gate.code: gate.name for gate in site.gates}


@lru_cache(maxsize=4096)
def _qr(code: str) -> str:
    return qr_svg(code)


def _by_parcel(rows: Iterable[Any]) -> dict[int, Found]:
    """Rows of parcels joined with their events, folded to one entry per parcel, in order."""
    found: dict[int, Found] = {}
    for row in rows:
        entry = found.get(row.id)
        if entry is None:
            parcel = row._replace(received_at=utc(row.received_at), dwell_until=utc(row.dwell_until))
            entry = found[row.id] = (parcel, [])
        if row.type is not None:
            entry[1].append(row)
    return found


def _slots(keys: Sequence[str]) -> dict[str, str]:
    """Up to SLOTS keys as the statements' parameters, the last repeated in the slots left."""
    return {f"key{n}": keys[min(n, len(keys) - 1)] for n in range(SLOTS)}


def _candidates(texts: Iterable[str]) -> list[tuple[bool, str]]:
    """What to try, in order, for each text: our own label code, the text as a barcode, then
    without spaces and dashes (as parcels.service.find_by_scan tries them)."""
    tried: list[tuple[bool, str]] = []
    for text in texts:
        if codes.is_code(text, codes.PARCEL_PREFIX):
            tried.append((True, text))
        tried.append((False, text))
        tried.append((False, SPACES_AND_DASHES.sub("", text)))
    return list(dict.fromkeys(tried))


def _first(session: Session, candidates: Sequence[tuple[bool, str]]) -> Found | None:
    """The parcel of the first candidate that names one; one statement per kind of candidate."""
    hits: dict[tuple[bool, str], Found] = {}
    for own, statement in ((True, BY_CODE), (False, BY_ALIAS)):
        keys = [key for is_own, key in candidates if is_own is own]
        for start in range(0, len(keys), SLOTS):
            rows = statement.rows(session, _slots(keys[start:start + SLOTS]))
            for row, events in _by_parcel(rows).values():
                hits.setdefault((own, row.key), (row, events))
    return next((hits[candidate] for candidate in candidates if candidate in hits), None)


def track_by_number(session: Session, *, site: Site, lookup: TrackingLookup, now: datetime) -> Answer:
    """That one parcel (or its pre-registration); the room is shown masked, the phone not at all.

    The number is recognised (as intake would store it) only when it is not found as typed."""
    asked = _candidates(dict.fromkeys((lookup.text, lookup.number)))
    found = _first(session, asked)
    keys: list[str] = []
    if found is None:
        texts = (lookup.number,) if lookup.text == lookup.number else (lookup.number, lookup.text)
        keys = sorted({key for key in map(tracking_key, texts) if key})
        found = _first(session, [c for c in _candidates(keys) if c not in asked])
    if found is not None:
        row, events = found
        return Answer(cards=(parcel_card(row, events, name=row.household_name, phone=None, site=site,
                                         now=now, owner=False),))
    told = next(iter(ANNOUNCED_NUMBER.rows(session, _slots(keys))), None) if keys else None
    if told is None:
        return Answer()
    return Answer(announced=(Announced(
        told.tracking_number, when(told.created_at, timezone=site.timezone, now=now),
        told.category, mask_room(told.building, told.unit, told.room)),))


def track_by_room(session: Session, *, site: Site, lookup: RoomLookup, now: datetime) -> Answer:
    """A household's recent parcels, when the phone tail matches its roster entry."""
    place = {"building": lookup.building, "unit": lookup.unit, "room": lookup.room}
    household = next(iter(HOUSEHOLD.rows(session, place)), None)
    # Query the same way when nothing matches, so the answer takes about as long.
    matches = household is not None and tail_matches(household.phone, lookup.tail)
    household_id = household.id if matches and household else -1
    parcels = _by_parcel(ROOM_PARCELS.rows(session, {"household": household_id, "since": now - RECENT}))
    told = ROOM_ANNOUNCED.rows(session, {**place, "since": now - ANNOUNCED})
    if not matches or household is None:
        return Answer(proved=False)
    cards = tuple(parcel_card(row, events, name=household.name, phone=household.phone, site=site, now=now,
                              owner=True) for row, events in parcels.values())
    announced = tuple(Announced(p.tracking_number, when(p.created_at, timezone=site.timezone, now=now),
                                p.category, lookup.destination) for p in told)
    return Answer(cards, announced)


def parcel_card(parcel: Any, events: Sequence[Any], *, name: str | None, phone: str | None, site: Site,
                now: datetime, owner: bool) -> ParcelCard:
    """What a resident sees of one parcel (a row of PARCEL's columns, and its events' rows).

    `owner`: the asker proved the household's phone tail; `name`, `phone`: the household's, if any."""
    steps = build_timeline(events, timezone=site.timezone, now=now, gate_names=gate_names(site))
    category = site.categories.get(parcel.category)
    expected = None
    if parcel.status in WAITING and category is not None:
        expected = expected_delivery(category, received_at=parcel.received_at, now=now,
                                     timezone=site.timezone)
    self_pickup = (parcel.category in SELF_PICKUP_CATEGORIES
                   or (expected is not None and expected.kind == GATE)
                   or any(step.kind == states.RETURNED for step in steps))
    ready = self_pickup and parcel.status == states.SHELVED and parcel.slot is not None
    # The collection code releases the item, so only the household sees it: a lookup by room with
    # the phone tail. A lookup by tracking number (printed on the outside of the box) never does.
    pickup = None
    if ready and owner:
        pickup = Pickup(parcel.collection_code, _qr(parcel.collection_code))
    dwelling = parcel.status in WAITING and parcel.dwell_until is not None and parcel.dwell_until > now
    if owner:
        destination = f"{parcel.building}-{parcel.unit}-{parcel.room}" if parcel.building is not None else ""
    else:
        destination = mask_room(parcel.building, parcel.unit, parcel.room)
    return ParcelCard(
        code=parcel.code, tracking_number=parcel.tracking_number, category=parcel.category,
        status=parcel.status, destination=destination, name=mask_name(name),
        phone=mask_phone(phone) if owner else "",
        steps=tuple(steps), expected=expected, pickup=pickup,
        pickup_hidden=ready and not owner,
        unresolved=parcel.building is None or bool(parcel.unresolved_reason),
        ready_from=hhmm(parcel.dwell_until, site.timezone) if dwelling else None,
    )
