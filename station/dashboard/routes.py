"""/dashboard, its JSON twin, the audit trail and the exports: parse, call one service, render."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response, StreamingResponse

from station.dashboard import audit, export_files
from station.dashboard import text as words
from station.dashboard.chart import hourly_chart
from station.dashboard.custody_export import custody_csv
from station.dashboard.days import Day, parse_day, today
from station.dashboard.report import day_report
from station.dashboard.schemas import DashboardOut
from station.dashboard.service import dashboard
from station.db import utcnow
from station.catalogue import problem_of
from station.catalogue import ops as ops_text
from station.errors import InvalidInput, StationError
from station.gate.text import PageFormat
from station.parcels.routes import ERRORS
from station.site import Site
from station.web.auth import Actor, Allowed
from station.web.deps import DbDep, SiteDep, seal_closed_days
from station.web.pages import render

pages = APIRouter(include_in_schema=False)
api = APIRouter(prefix="/api/v1", tags=["dashboard"], responses=ERRORS)
PRIVATE = {"Cache-Control": "no-store"}
REFRESH_SECONDS = 60
DateQuery = Annotated[str | None, Query(max_length=20, description="YYYY-MM-DD; today when left out")]
MEDIA = {"csv": "text/csv; charset=utf-8",
         "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
         "pdf": "application/pdf"}
RENDER = {"csv": export_files.to_csv, "xlsx": export_files.to_xlsx, "pdf": export_files.to_pdf}


def _day(text: str | None, site: Site) -> Day:
    try:
        return parse_day(text, now=utcnow(), timezone=site.timezone)
    except ValueError as exc:
        raise InvalidInput(problem_of(exc), field="date") from None


@pages.get("/dashboard")
def dashboard_page(request: Request, db: DbDep, site: SiteDep, _actor: Annotated[Actor, Allowed("dashboard:read")],
                   date: DateQuery = None) -> Response:
    now = utcnow()
    day = _day(date, site)
    with db.read() as session:
        data = dashboard(session, site=site, day=day, now=now)
    chart = hourly_chart({"received": data.hourly.received, "delivered": data.hourly.delivered})
    return render(request, "dashboard/dashboard.html", data=data, chart=chart, fmt=PageFormat(site, now),
                  site=site, day=day, is_today=day == today(now, site.timezone),
                  previous=day.date - timedelta(days=1), following=day.date + timedelta(days=1),
                  refresh=REFRESH_SECONDS, words=words,
                  grid_names={grid.code: grid.name for grid in site.grids})


@api.get("/dashboard", response_model=DashboardOut)
def dashboard_json(db: DbDep, site: SiteDep,
                   _actor: Annotated[Actor, Allowed("dashboard:read")], date: DateQuery = None) -> DashboardOut:
    """The day's counts, per-hour figures, overnight risk, medicine and care items, full shelves."""
    with db.read() as session:
        return dashboard(session, site=site, day=_day(date, site), now=utcnow())


@pages.get("/dashboard/audit")
def audit_page(request: Request, db: DbDep, site: SiteDep, _actor: Annotated[Actor, Allowed("audit:read")],
               q: Annotated[str, Query(max_length=200)] = "") -> Response:
    """Search by parcel code, tracking number, pickup code, or room (10-2-301)."""
    now = utcnow()
    found, error, status = None, None, 200
    if q.strip():
        try:
            with db.read() as session:
                found = audit.search(session, site=site, query=q)
        except StationError as exc:
            error, status = exc.message, exc.status_code
    return render(request, "dashboard/audit.html", status_code=status,
                  q=q, found=found, error=error, fmt=PageFormat(site, now), site=site, words=words)


@pages.get("/dashboard/export/day.{extension}")
def export_day(extension: str, request: Request, db: DbDep, site: SiteDep,
               _actor: Annotated[Actor, Allowed("export:read")], date: DateQuery = None) -> Response:
    if extension not in RENDER:
        raise InvalidInput(ops_text.REPORT_FORMAT(extension=extension[:10]))
    day = _day(date, site)
    seal_closed_days(request, db, site)
    with db.read() as session:
        report = day_report(session, site=site, day=day, now=utcnow())
    name = export_files.filename(report, extension)
    return Response(RENDER[extension](report), media_type=MEDIA[extension],
                    headers={**PRIVATE, "Content-Disposition": f'attachment; filename="{name}"'})


@pages.get("/dashboard/export/custody.csv")
def export_custody(db: DbDep, site: SiteDep, _actor: Annotated[Actor, Allowed("export:read")]) -> StreamingResponse:
    """Every custody event with its hash, streamed batch by batch."""
    name = f"station-custody-{today(utcnow(), site.timezone)}.csv"
    return StreamingResponse(custody_csv(db, timezone=site.timezone), media_type=MEDIA["csv"],
                             headers={**PRIVATE, "Content-Disposition": f'attachment; filename="{name}"'})


router = APIRouter()  # what app.py registers: the pages and the JSON twin
router.include_router(pages)
router.include_router(api)
