"""The residents' own pages, no account needed: /track and /track/register.

Both count every lookup against a budget per client address, and every wrong phone tail
against the room and the address (station/residents/limits.py); a refused request gets the
answer 429 with a page that says how long to wait, or whom to ask.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool
from sqlalchemy.orm import Session

from station.db import utcnow
from station.errors import StationError
from station.parcels.service import normalise_scan
from station.residents import lookup as parse
from station.limits import service as limits
from station.residents.limits import stale_counts, tail_limits, wait_seconds
from station.residents.prereg import CHOOSE_CATEGORY, NOT_ACCEPTED, preregister
from station.residents.track.service import track_by_number, track_by_room
from station.site import Site
from station.web.deps import DbDep, SiteDep
from station.web.i18n import say
from station.web.pages import render

router = APIRouter(include_in_schema=False)
ECHO = 100  # characters of the asker's own input shown back in the form
NO_STORE = {"Cache-Control": "no-store", "X-Robots-Tag": "noindex"}


@dataclass(frozen=True)
class Echo:
    """What the asker typed, shown back in the form (never the phone tail)."""

    q: str = ""
    room: str = ""
    category: str = ""


def _tracking(raw: str | None) -> parse.TrackingLookup | parse.LookupProblem:
    try:
        return parse.parse_tracking(normalise_scan(raw or ""))
    except StationError:
        return parse.LookupProblem(parse.TOO_LONG, "q")


def _page(request: Request, template: str, site: Site, status: int = 200, **context: Any) -> Response:
    response = render(request, template, status_code=status, site=site, **context)
    response.headers.update(NO_STORE)
    return response


def _minutes(seconds: float | None) -> int | None:
    return max(1, math.ceil(seconds / 60)) if seconds else None


def _wait(request: Request) -> int | None:
    return _minutes(wait_seconds(request))


async def _wait_async(request: Request) -> int | None:
    if (refresh := stale_counts(request)) is not None:
        await run_in_threadpool(refresh)
    return _wait(request)


def _tails_locked(session: Session, request: Request, room: parse.RoomLookup, now: datetime) -> int | None:
    """Hours until this room's (or this address's) tail lookups may go on; None when they may now."""
    seconds = limits.wait(session, tail_limits(request, room), now=now)
    return max(1, math.ceil(seconds / 3600)) if seconds else None


def _wrong_tail(db, request: Request, room: parse.RoomLookup, now: datetime) -> None:
    keys = [key for key, _ in tail_limits(request, room)]
    db.write(lambda s: limits.record_failure(s, keys, now=now))


@router.get("/track")
async def track_page(request: Request, db: DbDep, site: SiteDep) -> Response:
    """Run on the event loop, not in a thread: a burst's lookups are short indexed reads and a
    render, and 32 threads taking turns at them cost half as much again per lookup and a p99
    four times as long (`station bench lookup`). What writes is sent to a thread."""
    # Read as given, not declared as parameters: FastAPI's validation of three optional strings
    # cost a tenth of a lookup.
    q, room, phone = (request.query_params.get(name) for name in ("q", "room", "phone"))
    form = Echo(q=(q or "").strip()[:ECHO], room=(room or "").strip()[:ECHO])
    try:
        asked = parse.parse_lookup(normalise_scan(q) if q else None, room, phone)
    except StationError:  # longer than any scan
        asked = parse.LookupProblem(parse.TOO_LONG, "q")
    if asked is None or isinstance(asked, parse.LookupProblem):
        return _page(request, "residents/track.html", site, 422 if asked else 200, form=form, problem=asked)
    if minutes := await _wait_async(request):
        return _page(request, "residents/track.html", site, 429, form=form, wait_minutes=minutes)
    now = utcnow()
    by_room = isinstance(asked, parse.RoomLookup)
    with db.read() as session:  # one read: the room's hold, then the lookup
        if by_room and (hours := _tails_locked(session, request, asked, now)):
            return _page(request, "residents/track.html", site, 429, form=form, tails_locked=hours)
        if by_room:
            answer = track_by_room(session, site=site, lookup=asked, now=now)
        else:
            answer = track_by_number(session, site=site, lookup=asked, now=now)
    if by_room and not answer.proved:
        await run_in_threadpool(_wrong_tail, db, request, asked, now)
    kind = "room" if by_room else "tracking"
    return _page(request, "residents/track.html", site, form=form, answer=answer, kind=kind)


@router.get("/track/register")
def register_page(request: Request, site: SiteDep, tracking: str | None = None) -> Response:
    return _page(request, "residents/register.html", site, form=Echo(q=(tracking or "").strip()[:ECHO]))


@router.post("/track/register")
def register(request: Request, db: DbDep, site: SiteDep, tracking: Annotated[str, Form()] = "",
             room: Annotated[str, Form()] = "", phone: Annotated[str, Form()] = "",
             category: Annotated[str, Form()] = "") -> Response:
    form = Echo(q=tracking.strip()[:ECHO], room=room.strip()[:ECHO], category=category[:16])
    number, place = _tracking(tracking), parse.parse_room_lookup(room, phone)
    problem = next((p for p in (number, place) if isinstance(p, parse.LookupProblem)), None)
    if category and category not in site.categories:
        problem = parse.LookupProblem(CHOOSE_CATEGORY.text, "category")
    if problem:
        return _page(request, "residents/register.html", site, 422, form=form, error=problem.message)
    if minutes := _wait(request):
        return _page(request, "residents/register.html", site, 429, form=form, wait_minutes=minutes)
    now = utcnow()
    with db.read() as session:
        hours = _tails_locked(session, request, place, now)
    if hours:
        return _page(request, "residents/register.html", site, 429, form=form, tails_locked=hours)
    try:
        done = db.write(lambda s: preregister(s, site=site, tracking=number, room=place,
                                              category=category or None, now=now))
    except StationError as exc:
        if exc.code == NOT_ACCEPTED.code:
            _wrong_tail(db, request, place, now)
        return _page(request, "residents/register.html", site, exc.status_code, form=form,
                     error=say(exc))
    if not done.proved:  # answered as any other, counted as a wrong tail all the same
        _wrong_tail(db, request, place, now)
    return _page(request, "residents/register.html", site, form=Echo(room=form.room), done=done)
