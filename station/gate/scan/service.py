"""What the gate page needs to know of a scan, and its recent intakes."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from station import codes

from station.custody.service import events_of
from station.catalogue import gate as text_
from station.catalogue import parcels as parcel_text
from station.catalogue import site as site_text
from station.errors import NotFound, StationError
from station.gate.scan.rules import SHELF, classify
from station.gate.scan.schemas import DestinationCheckOut, PreregShown, ScanOut
from station.gate.unresolved.rules import room_query
from station.gate.unresolved.service import roster_candidates
from station.gate.shelves.schemas import ShelfItem
from station.parcels import service as parcels
from station.parcels.models import Parcel
from station.parcels.schemas import EventOut, ParcelDetail, ParcelOut
from station.db import utcnow
from station.recognize_roster import tracking_recogniser
from station.residents.models import Household, PreRegistration
from station.residents.pickup import service as pickup
from station.residents.privacy import mask_name, mask_phone
from station.site import Site


def parcel_detail(session: Session, parcel: Parcel) -> ParcelDetail:
    return ParcelDetail(**dict(ParcelOut.of(parcel)),
                        aliases=[alias.code for alias in parcel.aliases],
                        events=[EventOut.of(event) for event in events_of(session, parcel)])


def shelf_items(session: Session, zone: str, shelf: int) -> list[ShelfItem]:
    rows = session.scalars(select(Parcel).where(Parcel.zone == zone, Parcel.shelf == shelf,
                                                Parcel.slot.is_not(None)).order_by(Parcel.slot))
    return [ShelfItem(pickup_code=p.pickup_code, code=p.code, tracking_number=p.tracking_number,
                      destination=p.destination, category=p.category, status=p.status) for p in rows]


def describe_scan(session: Session, *, site: Site, scan: str, may_release: bool = False) -> ScanOut:
    """Our own codes do the natural thing; anything else is a new item to take in.

    A household card or an item's collection code starts a release: the answer says whose
    items they are (room, masked name), for the volunteer to check before handing over.
    """
    text = parcels.normalise_scan(scan)
    if not text:
        return ScanOut(kind="invalid", text=text, message=text_.NOTHING_SCANNED())
    kind = classify(text)
    if kind.kind == "household" or (len(text) == codes.COLLECTION_LENGTH and codes.collection_code_of(text)):
        released = _release(session, site=site, text=text, may_release=may_release)
        if released is not None:
            return released
    if kind.kind == "shelf":
        match = SHELF.match(text)
        zone, shelf = match[1], int(match[2])
        if zone not in site.zones or not 1 <= shelf <= site.zones[zone].shelves:
            return ScanOut(kind="invalid", text=text, message=text_.NO_SHELF(shelf=text))
        items = shelf_items(session, zone, shelf)
        return ScanOut(kind="shelf", text=text, shelf=text, items=items,
                       message=text_.SHELF_USED(shelf=f"{zone}-{shelf:02d}", used=len(items),
                                                slots=site.zones[zone].slots))
    if kind.kind == "run":
        return ScanOut(kind="invalid", text=text, message=text_.OTHER_CODE(text=text))
    if kind.kind == "destination":
        return ScanOut(kind="destination", text=text, message=text_.DESTINATION(text=text))
    try:
        parcel = parcels.get_parcel(session, text)
    except NotFound:
        parcel = None
    if parcel is not None and parcel.status == "voided" and parcel.code != text:
        parcel = None  # its intake was undone: the item is taken in again as new
    if parcel is not None:
        return ScanOut(kind="parcel", text=text, parcel=parcel_detail(session, parcel),
                       message=parcel_text.IS_WHERE(label=parcel.tracking_number or parcel.code,
                                                    where=parcels.where_it_is(site, parcel)))
    if kind.kind in ("parcel", "pickup"):
        return ScanOut(kind="invalid", text=text, message=text_.NO_PARCEL_HAS(text=text))
    try:
        recognised = parcels.recognise_scan(text)
    except StationError as exc:
        if tracking_recogniser()(text).kind == "address":  # typed from a meal box: an item with no barcode
            return ScanOut(kind="destination", text=text, message=text_.DESTINATION(text=text))
        return ScanOut(kind="invalid", text=text, message=exc.said)
    if recognised.kind == "code":
        return ScanOut(kind="invalid", text=text, message=recognised.refusal or text_.NOT_A_PARCEL())
    existing = parcels.find_by_scan(session, recognised.tracking_number or text)
    if existing is not None and existing.status != "voided":
        return ScanOut(kind="parcel", text=text, parcel=parcel_detail(session, existing),
                       message=parcel_text.IS_WHERE(label=existing.tracking_number or existing.code,
                                                    where=parcels.where_it_is(site, existing)))
    prereg = session.scalars(select(PreRegistration).where(
        PreRegistration.tracking_number == recognised.tracking_number)).first()
    return ScanOut(
        kind="new", text=text, carrier=recognised.carrier, candidates=list(recognised.candidates),
        preregistered=_prereg(session, prereg) if prereg else None,
        message=text_.NEW_PREREGISTERED() if prereg else text_.NEW_ITEM(),
    )


def _prereg(session: Session, prereg: PreRegistration) -> PreregShown:
    problem = parcels.prereg_problem(prereg)
    household = session.get(Household, prereg.household_id) if problem is None else None
    return PreregShown(destination=f"{prereg.building}-{prereg.unit}-{prereg.room}",
                       category=prereg.category if problem is None else None,
                       phone=mask_phone(household.phone) if household else "",
                       name=mask_name(household.name) if household else "",
                       usable=problem is None, problem=problem)


def _release(session: Session, *, site: Site, text: str, may_release: bool) -> ScanOut | None:
    """The release a card or code starts; None for a six-character barcode already seen on a parcel."""
    if not may_release:
        return ScanOut(kind="invalid", text=text, message=text_.ONLY_THE_GATE())
    found = pickup.offer(session, text=text, timezone=site.timezone, now=utcnow())
    if found is None:
        if not codes.is_code(text, codes.HOUSEHOLD_PREFIX) and parcels.find_by_scan(session, text) is not None:
            return None
        return ScanOut(kind="invalid", text=text, message=pickup.NOTHING_WAITS())
    ready = sum(item.ready for item in found.items)
    return ScanOut(kind="pickup", text=text, pickup=found,
                   message=text_.READY_OF(room=found.room, name=found.name, ready=ready, total=len(found.items)))


def recent_intakes(session: Session, *, gate: str | None, limit: int = 15) -> list[Parcel]:
    query = select(Parcel).order_by(Parcel.id.desc()).limit(limit)
    if gate:
        query = query.where(Parcel.gate == gate)
    return list(session.scalars(query))


def check_destination(session: Session, *, site: Site, text: str) -> DestinationCheckOut:
    """Is this a room of the site, and whose (masked)? Asked while the destination is typed."""
    query = room_query(text)
    if query is None:
        return DestinationCheckOut(query=text, understood=False)
    if query.unit is None:
        problem = None if query.building in site.buildings else site_text.NO_BUILDING(building=query.building)
        return DestinationCheckOut(query=text, understood=True, problem=problem,
                                   candidates=roster_candidates(session, site=site, text=text))
    problem = site.room_problem(query.building, query.unit, query.room)
    if problem:
        return DestinationCheckOut(query=text, understood=True, problem=problem)
    destination = f"{query.building}-{query.unit}-{query.room}"
    households = [c for c in roster_candidates(session, site=site, text=destination) if c.destination == destination]
    return DestinationCheckOut(query=text, understood=True, destination=destination, households=households)
