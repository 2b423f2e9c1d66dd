"""What the gate page needs to know of a scan, and its recent intakes."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from station.custody.service import events_of
from station.errors import NotFound, StationError
from station.gate.scan.rules import SHELF, classify
from station.gate.scan.schemas import DestinationCheckOut, ScanOut
from station.gate.unresolved.rules import room_query
from station.gate.unresolved.service import roster_candidates
from station.gate.shelves.schemas import ShelfItem
from station.parcels import service as parcels
from station.parcels.models import Parcel
from station.parcels.schemas import EventOut, ParcelDetail, ParcelOut
from station.recognize_roster import tracking_recogniser
from station.residents.models import PreRegistration
from station.site import Site


def parcel_detail(session: Session, parcel: Parcel) -> ParcelDetail:
    return ParcelDetail(**ParcelOut.of(parcel).model_dump(),
                        aliases=[alias.code for alias in parcel.aliases],
                        events=[EventOut.of(event) for event in events_of(session, parcel)])


def shelf_items(session: Session, zone: str, shelf: int) -> list[ShelfItem]:
    rows = session.scalars(select(Parcel).where(Parcel.zone == zone, Parcel.shelf == shelf,
                                                Parcel.slot.is_not(None)).order_by(Parcel.slot))
    return [ShelfItem(pickup_code=p.pickup_code, code=p.code, tracking_number=p.tracking_number,
                      destination=p.destination, category=p.category, status=p.status) for p in rows]


def describe_scan(session: Session, *, site: Site, scan: str) -> ScanOut:
    """Our own codes do the natural thing; anything else is a new item to take in."""
    text = parcels.normalise_scan(scan)
    if not text:
        return ScanOut(kind="invalid", text=text, message="nothing was scanned")
    kind = classify(text)
    if kind.kind == "shelf":
        match = SHELF.match(text)
        zone, shelf = match[1], int(match[2])
        if zone not in site.zones or not 1 <= shelf <= site.zones[zone].shelves:
            return ScanOut(kind="invalid", text=text, message=f"there is no shelf {text} on this site")
        items = shelf_items(session, zone, shelf)
        return ScanOut(kind="shelf", text=text, shelf=text, items=items,
                       message=f"shelf {zone}-{shelf:02d}: {len(items)} of {site.zones[zone].slots} slots used")
    if kind.kind in ("run", "household"):
        return ScanOut(kind="invalid", text=text,
                       message=f"{text} is a {kind.kind} code; scan it on the runs page or at pickup")
    if kind.kind == "destination":
        return ScanOut(kind="destination", text=text, message=f"destination {text}")
    try:
        parcel = parcels.get_parcel(session, text)
    except NotFound:
        parcel = None
    if parcel is not None and parcel.status == "voided" and parcel.code != text:
        parcel = None  # its intake was undone: the item is taken in again as new
    if parcel is not None:
        return ScanOut(kind="parcel", text=text, parcel=parcel_detail(session, parcel),
                       message=f"parcel {parcel.tracking_number or parcel.code} is {parcels.where_it_is(site, parcel)}")
    if kind.kind in ("parcel", "pickup"):
        return ScanOut(kind="invalid", text=text, message=f"no parcel has the code {text}")
    try:
        recognised = parcels.recognise_scan(text)
    except StationError as exc:
        if tracking_recogniser()(text).kind == "address":  # typed from a meal box: an item with no barcode
            return ScanOut(kind="destination", text=text, message=f"destination {text}")
        return ScanOut(kind="invalid", text=text, message=exc.message)
    if recognised.kind == "code":
        return ScanOut(kind="invalid", text=text, message=recognised.note or "not a parcel")
    existing = parcels.find_by_scan(session, recognised.tracking_number or text)
    if existing is not None and existing.status != "voided":
        return ScanOut(kind="parcel", text=text, parcel=parcel_detail(session, existing),
                       message=f"parcel {existing.tracking_number or existing.code} is {parcels.where_it_is(site, existing)}")
    prereg = session.scalars(select(PreRegistration).where(
        PreRegistration.tracking_number == recognised.tracking_number)).first()
    return ScanOut(
        kind="new", text=text, carrier=recognised.carrier, candidates=list(recognised.candidates),
        preregistered={"destination": f"{prereg.building}-{prereg.unit}-{prereg.room}",
                       "category": prereg.category} if prereg else None,
        message="new item: pre-registered" if prereg else "new item: where does it go?",
    )


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
        problem = None if query.building in site.buildings else f"there is no building {query.building} on this site"
        return DestinationCheckOut(query=text, understood=True, problem=problem,
                                   candidates=roster_candidates(session, site=site, text=text))
    problem = site.room_problem(query.building, query.unit, query.room)
    if problem:
        return DestinationCheckOut(query=text, understood=True, problem=problem)
    destination = f"{query.building}-{query.unit}-{query.room}"
    households = [c for c in roster_candidates(session, site=site, text=destination) if c.destination == destination]
    return DestinationCheckOut(query=text, understood=True, destination=destination, households=households)
