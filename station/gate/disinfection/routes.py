"""The /disinfect page and its JSON calls: record disinfection for a batch, watch dwell times."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import Response

from station.db import Database, utcnow
from station.catalogue import gate as gate_text
from station.errors import InvalidInput, StationError
from station.gate.disinfection import service
from station.gate.disinfection.rules import since_moment, split_codes
from station.gate.text import PageFormat
from station.gate.disinfection.schemas import BatchLine, BatchLinesOut, DwellOut
from station.parcels.handling import batch_answer, batch_said, disinfect_batch
from station.parcels.idempotency import once
from station.site import Site
from station.timefmt import hhmm
from station.web.auth import Actor, Allowed
from station.parcels.routes import ERRORS
from station.web.deps import DbDep, SiteDep
from station.web.i18n import say
from station.web.pages import render

router = APIRouter(tags=["disinfection"], responses=ERRORS)
Since = Annotated[str | None, Query(max_length=8, description="HH:MM on the site's clock")]


def _page(request: Request, db: Database, site: Site, *, gate: str | None, status_code: int = 200,
          **context) -> Response:
    now = utcnow()
    gate = gate if gate in site.gate_codes() else site.gates[0].code
    refused = context.get("refused") or {}
    with db.read() as session:
        dwell = service.in_dwell(session, now=now)
        waiting, oldest = service.waiting_at_gate(session, gate=gate)
        refused_lines = dict(zip(refused, service.describe_batch(session, keys=list(refused))))
    if not context.get("since"):  # offer the time that lists everything still waiting
        context["since"] = hhmm(oldest or now - timedelta(hours=1), site.timezone)
    context.setdefault("lines", [])
    context.setdefault("method", next(iter(site.disinfection)))
    return render(request, "gate/disinfect.html", status_code=status_code, site=site, gate=gate,
                  dwell=dwell, waiting=waiting, oldest=oldest, refused_lines=refused_lines,
                  fmt=PageFormat(site, now), **context)


@router.get("/disinfect", include_in_schema=False)
def disinfect_page(request: Request, db: DbDep, site: SiteDep, _actor: Annotated[Actor, Allowed("parcel:disinfect")],
                   gate: Annotated[str | None, Query(max_length=32)] = None, since: Since = None) -> Response:
    """The batch form; with ?since=HH:MM it starts with the items received at the gate since then."""
    lines: list[BatchLine] = []
    if since:
        gate = gate if gate in site.gate_codes() else site.gates[0].code
        try:
            with db.read() as session:
                lines = service.received_since(session, site=site, gate=gate,
                                               since=since_moment(since, utcnow(), site.timezone))
        except StationError as exc:
            return _page(request, db, site, gate=gate, since=since, error=say(exc), status_code=422)
    return _page(request, db, site, gate=gate, since=since or "", lines=lines, listed=bool(since))


@router.post("/disinfect", include_in_schema=False)
def disinfect_submit(request: Request, db: DbDep, site: SiteDep, actor: Annotated[Actor, Allowed("parcel:disinfect")],
                     codes: Annotated[str, Form(max_length=40_000)] = "",
                     method: Annotated[str, Form(max_length=32)] = "",
                     gate: Annotated[str, Form(max_length=32)] = "",
                     key: Annotated[str, Form(max_length=80)] = "") -> Response:
    """Record the batch (one code per line): disinfected and shelved, each refusal with its reason.

    The page sends its batch's Idempotency-Key as `key`: a batch sent again after a lost answer
    gets the first answer, as the JSON API's retries do."""
    keys: list[str] = []
    try:
        keys = split_codes(codes)
        if not keys:
            raise InvalidInput(gate_text.SCAN_ONE_FIRST, field="codes")
        answer = db.write(lambda session: once(
            session, key=key or None, endpoint="disinfect", now=utcnow(),
            request={"parcels": keys, "method": method, "gate": gate or None, "shelve": True},
            compute=lambda: batch_answer(*disinfect_batch(
                session, keys, site=site, method=method, actor=actor.name, gate=gate or None, now=utcnow()))))
        done, refused = batch_said(answer)
    except StationError as exc:
        with db.read() as session:
            lines = service.describe_batch(session, keys=keys)
        return _page(request, db, site, gate=gate, lines=lines, method=method, error=say(exc),
                     status_code=422)
    return _page(request, db, site, gate=gate, method=method, done=done, refused=refused,
                 result_method=method)


@router.get("/api/v1/disinfect/check", response_model=BatchLine)
def check(db: DbDep,
          _actor: Annotated[Actor, Allowed("parcel:disinfect")],
          code: Annotated[str, Query(max_length=400)]) -> BatchLine:
    """One scanned code as the batch list shows it: the item's destination and type, or why not."""
    with db.read() as session:
        return service.describe_batch(session, keys=[code])[0]


@router.get("/api/v1/disinfect/since", response_model=BatchLinesOut)
def since_list(db: DbDep, site: SiteDep, _actor: Annotated[Actor, Allowed("parcel:disinfect")],
               gate: Annotated[str, Query(max_length=32)],
               since: Annotated[str, Query(max_length=8)]) -> BatchLinesOut:
    """Items received at a gate since HH:MM (site time) that still wait for disinfection."""
    moment = since_moment(since, utcnow(), site.timezone)
    with db.read() as session:
        return BatchLinesOut(items=service.received_since(session, site=site, gate=gate, since=moment))


@router.get("/api/v1/dwell", response_model=DwellOut)
def dwell(db: DbDep, _actor: Annotated[Actor, Allowed("parcel:disinfect")]) -> DwellOut:
    """Disinfected items still inside their dwell time, with minutes left."""
    now = utcnow()
    with db.read() as session:
        return DwellOut(at=now, items=service.in_dwell(session, now=now))
