"""The residents' lookups as they were read before issue 22, through the ORM's objects: the
reference that tests/residents/test_track_answers.py holds the plain-row lookups to."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from station.custody import states
from station.custody.models import CustodyEvent
from station.custody.service import events_of, events_of_each
from station.parcels.models import Alias, Parcel
from station.parcels.service import find_by_scan
from station.residents.lookup import RoomLookup, TrackingLookup
from station.residents.models import Household, PreRegistration
from station.residents.prereg import household_of, tail_matches, tracking_key
from station.residents.privacy import mask_name, mask_phone, mask_room
from station.residents.qr import qr_svg
from station.residents.timeline import build_timeline, when
from station.residents.track.service import (ANNOUNCED, MAX_PARCELS, RECENT, WAITING, Announced, Answer,
                                             ParcelCard, Pickup)
from station.residents.windows import GATE, SELF_PICKUP_CATEGORIES, expected_delivery
from station.site import Site
from station.timefmt import hhmm


def track_by_number(session: Session, *, site: Site, lookup: TrackingLookup, now: datetime) -> Answer:
    """That one parcel (or its pre-registration); the room is shown masked, the phone not at all."""
    keys = sorted({key for key in (tracking_key(lookup.number), tracking_key(lookup.text)) if key})
    parcel = None
    for text in dict.fromkeys((lookup.text, lookup.number, *keys)):
        if (parcel := find_by_scan(session, text)) is not None:
            break
    if parcel is not None:
        household = session.get(Household, parcel.household_id) if parcel.household_id else None
        return Answer(cards=(parcel_card(session, parcel, household, site=site, now=now, owner=False),))
    prereg = session.scalars(select(PreRegistration).where(
        PreRegistration.tracking_number.in_(keys))).first() if keys else None
    if prereg is None:
        return Answer()
    return Answer(announced=(Announced(
        prereg.tracking_number, when(prereg.created_at, timezone=site.timezone, now=now),
        prereg.category, mask_room(prereg.building, prereg.unit, prereg.room)),))


def track_by_room(session: Session, *, site: Site, lookup: RoomLookup, now: datetime) -> Answer:
    """A household's recent parcels, when the phone tail matches its roster entry."""
    household = household_of(session, lookup.building, lookup.unit, lookup.room)
    # Query the same way when nothing matches, so the answer takes about as long.
    matches = household is not None and tail_matches(household.phone, lookup.tail)
    household_id = household.id if matches and household else -1
    parcels = list(session.scalars(
        select(Parcel).where(Parcel.household_id == household_id,
                             or_(Parcel.status.not_in(sorted(states.FINAL)), Parcel.updated_at >= now - RECENT))
        .order_by(Parcel.received_at.desc()).limit(MAX_PARCELS)))
    preregs = list(session.scalars(
        select(PreRegistration).where(
            PreRegistration.building == lookup.building, PreRegistration.unit == lookup.unit,
            PreRegistration.room == lookup.room, PreRegistration.created_at >= now - ANNOUNCED,
            ~select(Alias.id).where(Alias.code == PreRegistration.tracking_number).exists())
        .order_by(PreRegistration.created_at.desc()).limit(MAX_PARCELS)))
    if not matches or household is None:
        return Answer(proved=False)
    events = events_of_each(session, parcels)
    cards = tuple(parcel_card(session, p, household, site=site, now=now, owner=True, events=events[p.id])
                  for p in parcels)
    announced = tuple(Announced(p.tracking_number, when(p.created_at, timezone=site.timezone, now=now),
                                p.category, household.destination) for p in preregs)
    return Answer(cards, announced)


def parcel_card(session: Session, parcel: Parcel, household: Household | None, *, site: Site,
                now: datetime, owner: bool, events: list[CustodyEvent] | None = None) -> ParcelCard:
    """What a resident sees of one parcel. `owner`: the asker proved the household's phone tail.

    `events`: the parcel's events when the caller read them with others' (else they are read)."""
    if events is None:
        events = events_of(session, parcel)
    steps = build_timeline(events, timezone=site.timezone, now=now,
                           gate_names={gate.code: gate.name for gate in site.gates})
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
        pickup = Pickup(parcel.collection_code, qr_svg(parcel.collection_code))
    dwelling = parcel.status in WAITING and parcel.dwell_until is not None and parcel.dwell_until > now
    if owner:
        destination = parcel.destination or ""
    else:
        destination = mask_room(parcel.building, parcel.unit, parcel.room)
    return ParcelCard(
        code=parcel.code, tracking_number=parcel.tracking_number, category=parcel.category,
        status=parcel.status, destination=destination,
        name=mask_name(household.name) if household else "",
        phone=mask_phone(household.phone) if household and owner else "",
        steps=tuple(steps), expected=expected, pickup=pickup,
        pickup_hidden=ready and not owner,
        unresolved=parcel.building is None or bool(parcel.unresolved_reason),
        ready_from=hhmm(parcel.dwell_until, site.timezone) if dwelling else None,
    )
