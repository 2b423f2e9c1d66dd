"""The shift-close stocktake pages: scan shelf by shelf, see what is missing and what is out of place."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from station.custody.seal import printed
from station.custody.service import latest_root
from station.db import utcnow
from station.runs.stocktake import service
from station.runs.text import RunFormat
from station.runs.stocktake.rules import ELSEWHERE, OFF_SHELF, UNKNOWN
from station.web.auth import Actor, Allowed
from station.web.deps import DbDep, SiteDep, seal_closed_days
from station.web.pages import render

router = APIRouter(include_in_schema=False)
VERDICTS = {ELSEWHERE: "belongs on another shelf", OFF_SHELF: "should be on no shelf", UNKNOWN: "unknown code"}


@router.get("/runs/stocktake")
def stocktakes_page(request: Request, db: DbDep, site: SiteDep,
                    _actor: Annotated[Actor, Allowed("stocktake:run")]) -> Response:
    with db.read() as session:
        recent = service.recent_stocktakes(session)
    return render(request, "runs/stocktakes.html", recent=recent, fmt=RunFormat(site, utcnow()))


@router.post("/runs/stocktake")
def start(db: DbDep, site: SiteDep, actor: Annotated[Actor, Allowed("stocktake:run")]) -> Response:
    stocktake = db.write(lambda s: service.start_stocktake(s, site=site, actor=actor.name,
                                                           gate=site.gates[0].code, now=utcnow()))
    return RedirectResponse(f"/runs/stocktake/{stocktake.id}", status_code=303)


@router.get("/runs/stocktake/{stocktake_id}")
def stocktake_page(stocktake_id: int, request: Request, db: DbDep, site: SiteDep,
                   _actor: Annotated[Actor, Allowed("stocktake:run")],
                   fragment: bool = False) -> Response:
    """The count; ?fragment=1 is only the reconciliation, which the page's script refreshes after scans."""
    with db.read() as session:
        stocktake = service.get_stocktake(session, stocktake_id)
        result = service.reconciliation(session, stocktake=stocktake)
        shelf = service.current_shelf(session, stocktake)
        root = latest_root(session)
    template = "runs/_reconciliation.html" if fragment else "runs/stocktake.html"
    return render(request, template, stocktake=stocktake, result=result, shelf=shelf, verdicts=VERDICTS,
                  fmt=RunFormat(site, utcnow()), custody_root=printed(root) if root else None)


@router.post("/runs/stocktake/{stocktake_id}/close")
def close(stocktake_id: int, request: Request, db: DbDep, site: SiteDep,
          actor: Annotated[Actor, Allowed("stocktake:run")]) -> Response:
    db.write(lambda s: service.close_stocktake(s, stocktake=service.get_stocktake(s, stocktake_id),
                                               actor=actor.name, now=utcnow()))
    seal_closed_days(request, db, site)
    return RedirectResponse(f"/runs/stocktake/{stocktake_id}", status_code=303)
