"""The exception queue /gate/unresolved: items with no (matching) destination, resolved by a coordinator."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from station.db import Database, utcnow
from station.errors import StationError
from station.gate.unresolved import service
from station.gate.unresolved.rules import room_query
from station.gate.text import PageFormat
from station.gate.unresolved.schemas import CandidatesOut, DestinationIn, UnresolvedLine
from station.parcels import service as parcels
from station.parcels.handling import set_destination
from station.parcels.schemas import ParcelOut
from station.site import Site
from station.web.auth import Actor, Allowed
from station.parcels.routes import ERRORS
from station.web.deps import DbDep, SiteDep
from station.web.i18n import say
from station.web.pages import render

router = APIRouter(tags=["unresolved"], responses=ERRORS)


def _page(request: Request, db: Database, site: Site, status_code: int = 200, **context) -> Response:
    now = utcnow()
    with db.read() as session:
        items = service.unresolved_items(session, site=site, now=now)
        if not any(item.code == context.get("failed") for item in items):
            context["failed"] = None  # the error goes above the table, not on a row
        moved = context.pop("moved", None)
        if moved:
            try:
                context["moved"] = ParcelOut.of(parcels.get_parcel(session, moved))
            except StationError:
                pass
    return render(request, "gate/unresolved.html", status_code=status_code, items=items,
                  fmt=PageFormat(site, now), **context)


@router.get("/gate/unresolved", include_in_schema=False)
def unresolved_page(request: Request, db: DbDep, site: SiteDep, _actor: Annotated[Actor, Allowed("unresolved:read")],
                    moved: Annotated[str | None, Query(max_length=16)] = None) -> Response:
    return _page(request, db, site, moved=moved)


@router.post("/gate/unresolved/{code}", include_in_schema=False)
def resolve(code: str, request: Request, db: DbDep, site: SiteDep, actor: Annotated[Actor, Allowed("parcel:resolve")],
            destination: Annotated[str, Form(max_length=100)] = "") -> Response:
    """Give the item its destination; it moves to its zone. A bad room changes nothing."""
    def run(session: Session) -> str:
        parcel = parcels.get_parcel(session, code)
        set_destination(session, parcel, site=site, destination=destination, actor=actor.name,
                        gate=None, now=utcnow())
        return parcel.code

    try:
        moved = db.write(run)
    except StationError as exc:
        with db.read() as session:
            candidates = service.roster_candidates(session, site=site, text=destination)
        return _page(request, db, site, status_code=422, failed=code, typed=destination,
                     error=say(exc), candidates=candidates)
    return RedirectResponse("/gate/unresolved?moved=" + quote(moved), status_code=303)


@router.get("/api/v1/unresolved", response_model=list[UnresolvedLine])
def unresolved_list(db: DbDep, site: SiteDep,
                    _actor: Annotated[Actor, Allowed("unresolved:read")]) -> list[UnresolvedLine]:
    """Items waiting in the UNRES zone, oldest first, with the reason."""
    with db.read() as session:
        return service.unresolved_items(session, site=site, now=utcnow())


@router.get("/api/v1/unresolved/candidates", response_model=CandidatesOut)
def candidates(db: DbDep, site: SiteDep, _actor: Annotated[Actor, Allowed("parcel:resolve")],
               q: Annotated[str, Query(max_length=40)] = "") -> CandidatesOut:
    """Roster rooms for a partly typed destination ('10-301': room 301 of building 10, any unit); masked."""
    with db.read() as session:
        return CandidatesOut(query=q, understood=room_query(q) is not None,
                             items=service.roster_candidates(session, site=site, text=q))


@router.post("/api/v1/parcels/{key}/destination", response_model=ParcelOut, tags=["parcels"])
def destination(key: str, body: DestinationIn, db: DbDep, site: SiteDep,
                actor: Annotated[Actor, Allowed("parcel:resolve")]) -> ParcelOut:
    """Set an item's destination and re-sort it to its zone and slot (records a `moved` event)."""
    def run(session: Session) -> ParcelOut:
        parcel = parcels.get_parcel(session, key)
        set_destination(session, parcel, site=site, destination=body.destination, actor=actor.name,
                        gate=body.gate, now=utcnow())
        return ParcelOut.of(parcel)

    return db.write(run)
