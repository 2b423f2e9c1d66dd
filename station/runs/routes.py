"""The runs part's routes: the /runs pages (what waits and claiming it, a run on the runner's phone,
the printed list) and the JSON API of runs and stocktakes for the runner's phone and the scanner."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Header, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from station.catalogue import runs as runs_text
from station.db import utcnow
from station.errors import StationError
from station.parcels.idempotency import once
from station.parcels.routes import ERRORS
from station.runs import lists, outcomes, service
from station.runs.schemas import (ClaimIn, ClaimOut, CloseOut, HoldingOut, ItemOut, OutcomeIn, OutcomeOut,
                                  RunListOut, RunOut, RunSummaryOut, ShelvedOut, StocktakeIn, StocktakeOut,
                                  StocktakeScanIn, StocktakeScanOut)
from station.runs.scope import make_scope
from station.runs.service import AlreadyClaimed
from station.runs.stocktake import routes as stocktake_routes
from station.runs.stocktake import service as stocktakes
from station.runs.text import REASONS, RunFormat, claim_message, close_message, outcome_message, undo_message
from station.site import Site
from station.web.auth import Actor, Allowed
from station.web.deps import DbDep, SiteDep
from station.web.pages import render

pages = APIRouter(include_in_schema=False)
api = APIRouter(prefix="/api/v1", tags=["runs"], responses=ERRORS)
FormText = Annotated[str, Form(max_length=32)]


def _gate(site: Site, gate: str | None) -> str:
    return gate if gate in site.gate_codes() else site.gates[0].code


def _board(request: Request, db, site: Site, gate: str | None, *, error: str | None = None,
           status: int = 200) -> Response:
    now = utcnow()
    with db.read() as session:
        board = service.board(session, site=site, now=now)
        runs = [(run, service.run_scope(run), total, done) for run, total, done in service.open_runs(session)]
    return render(request, "runs/board.html", status_code=status, board=board, runs=runs, site=site,
                  gate=_gate(site, gate), fmt=RunFormat(site, now), error=error)


@pages.get("/runs")
def board_page(request: Request, db: DbDep, site: SiteDep,
               _actor: Annotated[Actor, Allowed("run:claim")], gate: str | None = None) -> Response:
    """What waits per grid and building, open runs, and (at the gate) self pickup."""
    return _board(request, db, site, gate)


@pages.post("/runs/claim")
def claim_page(request: Request, db: DbDep, site: SiteDep,
               actor: Annotated[Actor, Allowed("run:claim")], building: FormText = "",
          grid: FormText = "", category: FormText = "", gate: FormText = "") -> Response:
    try:
        scope = make_scope(site, building=building, grid=grid, category=category)
        result = db.write(lambda s: service.claim_run(s, site=site, scope=scope, runner=actor.name,
                                                      gate=_gate(site, gate), now=utcnow()))
    except AlreadyClaimed as exc:
        if exc.holders and all(h.runner == actor.name for h in exc.holders):  # a double click
            return RedirectResponse(f"/runs/{exc.holders[0].run}", status_code=303)
        return _board(request, db, site, gate, error=RunFormat(site, utcnow()).already_claimed(exc),
                      status=exc.status_code)
    except StationError as exc:
        return _board(request, db, site, gate, error=RunFormat(site, utcnow()).tr(exc),
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


@pages.get("/runs/{code}")
def run_page(code: str, request: Request, db: DbDep, site: SiteDep,
             _actor: Annotated[Actor, Allowed("run:read")], left: int = 0) -> Response:
    """A run on the runner's phone: scan each item delivered or returned, then close at the gate."""
    return _run_page(request, db, site, code, left=left)


@pages.post("/runs/{code}/close")
def close_page(code: str, request: Request, db: DbDep, site: SiteDep,
               actor: Annotated[Actor, Allowed("run:deliver")]) -> Response:
    try:
        db.write(lambda s: outcomes.close_run(s, site=site, run=service.get_run(s, code), actor=actor.name,
                                              role=actor.role, now=utcnow()))
    except StationError as exc:
        missing = len(exc.extra.get("missing", ()))
        message = RunFormat(site, utcnow()).tr(runs_text.CANNOT_CLOSE_YET(count=missing) if missing else exc)
        return _run_page(request, db, site, code, error=message, status=exc.status_code)
    return RedirectResponse(f"/runs/{code}", status_code=303)


@pages.get("/runs/{code}/list")
def list_page(code: str, request: Request, db: DbDep, site: SiteDep, _actor: Annotated[Actor, Allowed("run:read")],
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


@pages.get("/runs/{code}/list.pdf")
def list_pdf(code: str, db: DbDep, site: SiteDep,
             _actor: Annotated[Actor, Allowed("run:read")], per_unit: bool = False) -> Response:
    """The same list as an A4 PDF with a Code 128 of each parcel code."""
    with db.read() as session:
        run = service.get_run(session, code)
        floor_list = lists.floor_list(site, run, lists.run_rounds(session, site=site, run=run), at=utcnow())
    pdf = lists.floor_list_pdf(floor_list, per_unit=per_unit)
    name = f"floor-list-{run.code}{'-per-unit' if per_unit else ''}.pdf"
    return Response(pdf, media_type="application/pdf",
                    headers={"Content-Disposition": f'inline; filename="{name}"'})



@api.post("/runs", response_model=ClaimOut, status_code=201)
def claim(body: ClaimIn, db: DbDep, site: SiteDep, actor: Annotated[Actor, Allowed("run:claim")]) -> ClaimOut:
    """Claim a building, a grid or a category: its ready items go out with you, atomically."""
    scope = make_scope(site, building=body.building, grid=body.grid, category=body.category,
                       categories=body.categories)

    def run(session: Session) -> ClaimOut:
        result = service.claim_run(session, site=site, scope=scope, runner=actor.name, gate=body.gate,
                                   now=utcnow())
        rounds = lists.run_rounds(session, site=site, run=result.run)
        return ClaimOut(run=RunOut.with_rounds(result.run, rounds), left_in_dwell=[p.code for p in result.in_dwell],
                        ready_at=result.ready_at, message=claim_message(result, scope, site.timezone))

    return db.write(run)


@api.get("/runs", response_model=RunListOut)
def open_runs(db: DbDep, actor: Annotated[Actor, Allowed("run:read")], mine: bool = False) -> RunListOut:
    """Open runs, oldest first; ?mine=true for your own."""
    with db.read() as session:
        rows = service.open_runs(session, runner=actor.name if mine else None)
        return RunListOut(runs=[RunSummaryOut.of(run, items, done) for run, items, done in rows])


@api.get("/runs/{code}", response_model=RunOut)
def get_run(code: str, db: DbDep, site: SiteDep, _actor: Annotated[Actor, Allowed("run:read")]) -> RunOut:
    """A run's items in walking order: rounds by time window, then unit, floor and door."""
    with db.read() as session:
        run = service.get_run(session, code)
        return RunOut.with_rounds(run, lists.run_rounds(session, site=site, run=run))


@api.post("/runs/{code}/items/{parcel}", response_model=OutcomeOut)
def record_outcome(code: str, parcel: str, body: OutcomeIn, db: DbDep, site: SiteDep,
                   actor: Annotated[Actor, Allowed("run:deliver")],
                   idempotency_key: Annotated[str | None, Header()] = None) -> OutcomeOut:
    """Delivered (medicine and valuables with a verification) or returned with a reason.

    With an Idempotency-Key, a retry gets the first answer, even after the outcome was undone."""
    def run(session: Session) -> dict:
        now = utcnow()

        def compute() -> dict:
            delivery_run = service.get_run(session, code)
            result = outcomes.record_outcome(
                session, site=site, run=delivery_run, key=parcel, outcome=body.outcome, reason=body.reason,
                verification=body.verification.model_dump() if body.verification else None,
                actor=actor.name, role=actor.role, now=now)
            total, done = outcomes.progress(session, delivery_run)
            return OutcomeOut(item=ItemOut.of(lists.line_of(session, result.item, result.parcel)),
                              replayed=result.replayed, items=total, done=done,
                              message=outcome_message(result)).model_dump(mode="json")

        return once(session, key=idempotency_key, endpoint="run-outcome", now=now, compute=compute,
                    request={"run": code, "parcel": parcel} | body.model_dump(mode="json"))

    return OutcomeOut(**db.write(run))


@api.post("/runs/{code}/items/{parcel}/undo", response_model=OutcomeOut)
def undo_outcome(code: str, parcel: str, db: DbDep, site: SiteDep,
                 actor: Annotated[Actor, Allowed("run:deliver")]) -> OutcomeOut:
    """Take back an outcome tapped by mistake, for a few minutes: an event, never a deletion."""
    def run(session: Session) -> OutcomeOut:
        delivery_run = service.get_run(session, code)
        result = outcomes.undo_outcome(session, site=site, run=delivery_run, key=parcel, actor=actor.name,
                                       role=actor.role, now=utcnow())
        total, done = outcomes.progress(session, delivery_run)
        return OutcomeOut(item=ItemOut.of(lists.line_of(session, result.item, result.parcel)),
                          replayed=result.replayed, items=total, done=done, message=undo_message(result))

    return db.write(run)


@api.post("/runs/{code}/close", response_model=CloseOut)
def close(code: str, db: DbDep, site: SiteDep, actor: Annotated[Actor, Allowed("run:deliver")]) -> CloseOut:
    """Close a run once every item has an outcome; returned items are shelved again."""
    def run(session: Session) -> CloseOut:
        delivery_run = service.get_run(session, code)
        result = outcomes.close_run(session, site=site, run=delivery_run, actor=actor.name, role=actor.role,
                                    now=utcnow())
        total, done = outcomes.progress(session, delivery_run)
        return CloseOut(run=RunSummaryOut.of(delivery_run, total, done),
                        shelved=[ShelvedOut(parcel=p.code, pickup_code=p.pickup_code) for p in result.shelved],
                        already_closed=result.already_closed, message=close_message(result))

    return db.write(run)


@api.post("/stocktakes", response_model=StocktakeOut, status_code=201)
def start_stocktake(body: StocktakeIn, db: DbDep, site: SiteDep,
                    actor: Annotated[Actor, Allowed("stocktake:run")]) -> StocktakeOut:
    """Start the shift-close count; scan a shelf sign, then the items on that shelf."""
    def run(session: Session) -> StocktakeOut:
        stocktake = stocktakes.start_stocktake(session, site=site, actor=actor.name, gate=body.gate, now=utcnow())
        return StocktakeOut.of(stocktake, stocktakes.reconciliation(session, stocktake=stocktake))

    return db.write(run)


@api.get("/stocktakes/{stocktake_id}", response_model=StocktakeOut)
def get_stocktake(stocktake_id: int, db: DbDep, _actor: Annotated[Actor, Allowed("stocktake:run")]) -> StocktakeOut:
    """The count so far: per shelf what is missing and what should not be there."""
    with db.read() as session:
        stocktake = stocktakes.get_stocktake(session, stocktake_id)
        return StocktakeOut.of(stocktake, stocktakes.reconciliation(session, stocktake=stocktake))


@api.post("/stocktakes/{stocktake_id}/scans", response_model=StocktakeScanOut)
def stocktake_scan(stocktake_id: int, body: StocktakeScanIn, db: DbDep, site: SiteDep,
                   actor: Annotated[Actor, Allowed("stocktake:run")]) -> StocktakeScanOut:
    """A shelf sign starts that shelf; any other code is an item seen on it."""
    def run(session: Session) -> StocktakeScanOut:
        result = stocktakes.scan_into(session, site=site, stocktake=stocktakes.get_stocktake(session, stocktake_id),
                                      scan=body.scan, actor=actor.name, now=utcnow())
        return StocktakeScanOut(kind=result.kind, shelf=result.shelf, verdict=result.verdict,
                                parcel=HoldingOut.of(result.holding) if result.holding else None,
                                message=result.message)

    return db.write(run)


@api.post("/stocktakes/{stocktake_id}/close", response_model=StocktakeOut)
def close_stocktake(stocktake_id: int, db: DbDep, actor: Annotated[Actor, Allowed("stocktake:run")]) -> StocktakeOut:
    """Hand the count over as it stands; it takes no more scans."""
    def run(session: Session) -> StocktakeOut:
        stocktake = stocktakes.close_stocktake(session, stocktake=stocktakes.get_stocktake(session, stocktake_id),
                                               actor=actor.name, now=utcnow())
        return StocktakeOut.of(stocktake, stocktakes.reconciliation(session, stocktake=stocktake))

    return db.write(run)


router = APIRouter()
router.include_router(stocktake_routes.router)  # before the pages: /runs/stocktake is not a run code
router.include_router(pages)
router.include_router(api)
