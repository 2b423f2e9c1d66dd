"""JSON API of runs and stocktakes, for the runner's phone and the scanner: parse, call one service, answer."""

from __future__ import annotations

from fastapi import APIRouter
from sqlalchemy.orm import Session

from station.db import utcnow
from station.parcels.routes import ERRORS
from station.runs import lists, outcomes, service
from station.runs import stocktake_service as stocktakes
from station.runs.schemas import (ClaimIn, ClaimOut, CloseOut, HoldingOut, ItemOut, OutcomeIn, OutcomeOut,
                                  RunListOut, RunOut, RunSummaryOut, ShelvedOut, StocktakeIn, StocktakeOut,
                                  StocktakeScanIn, StocktakeScanOut)
from station.runs.scope import make_scope
from station.runs.words import claim_message, close_message, outcome_message
from station.web.auth import GateWork, RunnerWork
from station.web.deps import DbDep, SiteDep

router = APIRouter(prefix="/api/v1", tags=["runs"], responses=ERRORS)


@router.post("/runs", response_model=ClaimOut, status_code=201)
def claim(body: ClaimIn, db: DbDep, site: SiteDep, actor: RunnerWork) -> ClaimOut:
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


@router.get("/runs", response_model=RunListOut)
def open_runs(db: DbDep, actor: RunnerWork, mine: bool = False) -> RunListOut:
    """Open runs, oldest first; ?mine=true for your own."""
    with db.read() as session:
        rows = service.open_runs(session, runner=actor.name if mine else None)
        return RunListOut(runs=[RunSummaryOut.of(run, items, done) for run, items, done in rows])


@router.get("/runs/{code}", response_model=RunOut)
def get_run(code: str, db: DbDep, site: SiteDep, _actor: RunnerWork) -> RunOut:
    """A run's items in walking order: rounds by time window, then unit, floor and door."""
    with db.read() as session:
        run = service.get_run(session, code)
        return RunOut.with_rounds(run, lists.run_rounds(session, site=site, run=run))


@router.post("/runs/{code}/items/{parcel}", response_model=OutcomeOut)
def record_outcome(code: str, parcel: str, body: OutcomeIn, db: DbDep, site: SiteDep,
                   actor: RunnerWork) -> OutcomeOut:
    """Delivered (medicine and valuables with a verification) or returned with a reason."""
    def run(session: Session) -> OutcomeOut:
        delivery_run = service.get_run(session, code)
        result = outcomes.record_outcome(
            session, site=site, run=delivery_run, key=parcel, outcome=body.outcome, reason=body.reason,
            verification=body.verification.model_dump() if body.verification else None,
            actor=actor.name, role=actor.role, now=utcnow())
        total, done = outcomes.progress(session, delivery_run)
        return OutcomeOut(item=ItemOut.of(lists.line_of(session, result.item, result.parcel)),
                          replayed=result.replayed, items=total, done=done, message=outcome_message(result))

    return db.write(run)


@router.post("/runs/{code}/close", response_model=CloseOut)
def close(code: str, db: DbDep, site: SiteDep, actor: RunnerWork) -> CloseOut:
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


@router.post("/stocktakes", response_model=StocktakeOut, status_code=201)
def start_stocktake(body: StocktakeIn, db: DbDep, site: SiteDep, actor: GateWork) -> StocktakeOut:
    """Start the shift-close count; scan a shelf sign, then the items on that shelf."""
    def run(session: Session) -> StocktakeOut:
        stocktake = stocktakes.start_stocktake(session, site=site, actor=actor.name, gate=body.gate, now=utcnow())
        return StocktakeOut.of(stocktake, stocktakes.reconciliation(session, stocktake=stocktake))

    return db.write(run)


@router.get("/stocktakes/{stocktake_id}", response_model=StocktakeOut)
def get_stocktake(stocktake_id: int, db: DbDep, _actor: GateWork) -> StocktakeOut:
    """The count so far: per shelf what is missing and what should not be there."""
    with db.read() as session:
        stocktake = stocktakes.get_stocktake(session, stocktake_id)
        return StocktakeOut.of(stocktake, stocktakes.reconciliation(session, stocktake=stocktake))


@router.post("/stocktakes/{stocktake_id}/scans", response_model=StocktakeScanOut)
def stocktake_scan(stocktake_id: int, body: StocktakeScanIn, db: DbDep, site: SiteDep,
                   actor: GateWork) -> StocktakeScanOut:
    """A shelf sign starts that shelf; any other code is an item seen on it."""
    def run(session: Session) -> StocktakeScanOut:
        result = stocktakes.scan_into(session, site=site, stocktake=stocktakes.get_stocktake(session, stocktake_id),
                                      scan=body.scan, actor=actor.name, now=utcnow())
        return StocktakeScanOut(kind=result.kind, shelf=result.shelf, verdict=result.verdict,
                                parcel=HoldingOut.of(result.holding) if result.holding else None,
                                message=result.message)

    return db.write(run)


@router.post("/stocktakes/{stocktake_id}/close", response_model=StocktakeOut)
def close_stocktake(stocktake_id: int, db: DbDep, actor: GateWork) -> StocktakeOut:
    """Hand the count over as it stands; it takes no more scans."""
    def run(session: Session) -> StocktakeOut:
        stocktake = stocktakes.close_stocktake(session, stocktake=stocktakes.get_stocktake(session, stocktake_id),
                                               actor=actor.name, now=utcnow())
        return StocktakeOut.of(stocktake, stocktakes.reconciliation(session, stocktake=stocktake))

    return db.write(run)
