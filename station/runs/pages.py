"""The /runs pages: what waits and claiming it, a run on the runner's phone, the printed list."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from station.db import utcnow
from station.errors import StationError
from station.runs import lists, outcomes, service
from station.runs.page_format import REASONS, RunFormat
from station.runs.scope import make_scope
from station.runs.service import AlreadyClaimed
from station.site import Site
from station.web.auth import Actor, RunnerWork
from station.web.deps import DbDep, SiteDep
from station.web.pages import render

router = APIRouter(include_in_schema=False)
FormText = Annotated[str, Form(max_length=32)]


def _gate(site: Site, gate: str | None) -> str:
    return gate if gate in site.gate_codes() else site.gates[0].code


def _board(request: Request, db, site: Site, actor: Actor, gate: str | None, *, error: str | None = None,
           status: int = 200) -> Response:
    now = utcnow()
    with db.read() as session:
        board = service.board(session, site=site, now=now)
        runs = [(run, service.run_scope(run), total, done) for run, total, done in service.open_runs(session)]
    return render(request, "runs/board.html", status_code=status, board=board, runs=runs, site=site,
                  gate=_gate(site, gate), fmt=RunFormat(site, now), error=error,
                  may_pick_up=actor.role in ("gate", "coordinator"))


@router.get("/runs")
def board_page(request: Request, db: DbDep, site: SiteDep, actor: RunnerWork, gate: str | None = None) -> Response:
    """What waits per grid and building, open runs, and (at the gate) self pickup."""
    return _board(request, db, site, actor, gate)


@router.post("/runs/claim")
def claim(request: Request, db: DbDep, site: SiteDep, actor: RunnerWork, building: FormText = "",
          grid: FormText = "", category: FormText = "", gate: FormText = "") -> Response:
    try:
        scope = make_scope(site, building=building, grid=grid, category=category)
        result = db.write(lambda s: service.claim_run(s, site=site, scope=scope, runner=actor.name,
                                                      gate=_gate(site, gate), now=utcnow()))
    except AlreadyClaimed as exc:
        if exc.holders and all(h.runner == actor.name for h in exc.holders):  # a double click
            return RedirectResponse(f"/runs/{exc.holders[0].run}", status_code=303)
        return _board(request, db, site, actor, gate, error=RunFormat(site, utcnow()).already_claimed(exc),
                      status=exc.status_code)
    except StationError as exc:
        return _board(request, db, site, actor, gate, error=RunFormat(site, utcnow()).tr(exc.message),
                      status=exc.status_code)
    left = f"?left={len(result.in_dwell)}" if result.in_dwell else ""
    return RedirectResponse(f"/runs/{result.run.code}{left}", status_code=303)


def _run_page(request: Request, db, site: Site, code: str, *, left: int = 0, error: str | None = None,
              status: int = 200) -> Response:
    now = utcnow()
    with db.read() as session:
        run = service.get_run(session, code)
        rounds = lists.run_rounds(session, site=site, run=run)
    lines = lists.ordered_lines(rounds)
    return render(request, "runs/run.html", status_code=status, run=run, scope=service.run_scope(run),
                  rounds=rounds, stairwells=lists.stairwells, lines=lines, fmt=RunFormat(site, now),
                  done=sum(ln.item.outcome is not None for ln in lines), reasons=REASONS, left=left, error=error)


@router.get("/runs/{code}")
def run_page(code: str, request: Request, db: DbDep, site: SiteDep, _actor: RunnerWork, left: int = 0) -> Response:
    """A run on the runner's phone: scan each item delivered or returned, then close at the gate."""
    return _run_page(request, db, site, code, left=left)


@router.post("/runs/{code}/close")
def close(code: str, request: Request, db: DbDep, site: SiteDep, actor: RunnerWork) -> Response:
    try:
        db.write(lambda s: outcomes.close_run(s, site=site, run=service.get_run(s, code), actor=actor.name,
                                              role=actor.role, now=utcnow()))
    except StationError as exc:
        missing = len(exc.extra.get("missing", ()))
        message = (RunFormat(site, utcnow()).tr("This run cannot close yet: {count} item(s) have no outcome")
                   .format(count=missing) if missing else RunFormat(site, utcnow()).tr(exc.message))
        return _run_page(request, db, site, code, error=message, status=exc.status_code)
    return RedirectResponse(f"/runs/{code}", status_code=303)


@router.get("/runs/{code}/list")
def list_page(code: str, request: Request, db: DbDep, site: SiteDep, _actor: RunnerWork,
              per_unit: bool = False) -> Response:
    """The floor delivery list to print (A4, print CSS); ?per_unit=1 starts each stairwell on a new page."""
    now = utcnow()
    with db.read() as session:
        run = service.get_run(session, code)
        rounds = lists.run_rounds(session, site=site, run=run)
    lines = lists.ordered_lines(rounds)
    return render(request, "runs/list.html", run=run, scope=service.run_scope(run), rounds=rounds,
                  stairwells=lists.stairwells, count=len(lines), per_unit=per_unit, fmt=RunFormat(site, now),
                  barcode=lists.code128_svg, buildings=lists.buildings_label([ln.parcel.building or "" for ln in lines]))


@router.get("/runs/{code}/list.pdf")
def list_pdf(code: str, db: DbDep, site: SiteDep, _actor: RunnerWork, per_unit: bool = False) -> Response:
    """The same list as an A4 PDF with a Code 128 of each parcel code."""
    with db.read() as session:
        run = service.get_run(session, code)
        floor_list = lists.floor_list(site, run, lists.run_rounds(session, site=site, run=run), at=utcnow())
    pdf = lists.floor_list_pdf(floor_list, per_unit=per_unit)
    name = f"floor-list-{run.code}{'-per-unit' if per_unit else ''}.pdf"
    return Response(pdf, media_type="application/pdf",
                    headers={"Content-Disposition": f'inline; filename="{name}"'})
