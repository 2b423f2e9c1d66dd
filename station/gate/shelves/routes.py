"""The /shelves map, one shelf's contents, and their JSON twins for the scanner and gate page."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse, Response

from station.db import utcnow
from station.gate.shelves import service
from station.gate.text import PageFormat
from station.gate.shelves.schemas import ShelfMapOut, ShelfOut
from station.web.auth import Actor, Allowed
from station.parcels.routes import ERRORS
from station.web.deps import DbDep, SiteDep
from station.web.pages import render

router = APIRouter(tags=["shelves"], responses=ERRORS)


@router.get("/shelves", include_in_schema=False)
def shelves_page(request: Request, db: DbDep, site: SiteDep, _actor: Annotated[Actor, Allowed("shelf:read")],
                 shelf: Annotated[str | None, Query(max_length=40)] = None) -> Response:
    """The map; ?shelf=SH-B10-01 (a scanned shelf sign) opens that shelf."""
    if shelf and shelf.strip():
        return RedirectResponse("/shelves/" + quote(shelf.strip().upper(), safe=""), status_code=303)
    now = utcnow()
    with db.read() as session:
        shelf_map = service.shelf_map(session, site=site, now=now)
    return render(request, "gate/shelves.html", map=shelf_map, fmt=PageFormat(site, now))


@router.get("/shelves/{shelf_code}", include_in_schema=False)
def shelf_page(shelf_code: str, request: Request, db: DbDep, site: SiteDep,
               _actor: Annotated[Actor, Allowed("shelf:read")]) -> Response:
    now = utcnow()
    with db.read() as session:
        shelf = service.shelf_contents(session, site=site, code=shelf_code, now=now)
    return render(request, "gate/shelf.html", shelf=shelf, fmt=PageFormat(site, now),
                  unresolved_zone=site.unresolved_zone)


@router.get("/api/v1/shelves", response_model=ShelfMapOut)
def shelf_map(db: DbDep, site: SiteDep, _actor: Annotated[Actor, Allowed("shelf:read")]) -> ShelfMapOut:
    """Every zone and shelf: used slots, overdue, medicine and care-priority items waiting."""
    with db.read() as session:
        return service.shelf_map(session, site=site, now=utcnow())


@router.get("/api/v1/shelves/{shelf_code}", response_model=ShelfOut)
def shelf(shelf_code: str, db: DbDep, site: SiteDep, _actor: Annotated[Actor, Allowed("shelf:read")]) -> ShelfOut:
    """The items on one shelf (SH-<zone>-<NN>), slot by slot."""
    with db.read() as session:
        return service.shelf_contents(session, site=site, code=shelf_code, now=utcnow())
