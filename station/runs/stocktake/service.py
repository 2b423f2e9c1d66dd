"""The shift-close stocktake: scans kept in the database, reconciled on every look."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from station.custody import states
from station.db import get_or_not_found
from station.catalogue import Said
from station.catalogue import runs as runs_text
from station.errors import Conflict, InvalidInput, NotFound
from station.gate.shelves.rules import parse_shelf_code
from station.gate.shelves.service import find_shelf
from station.parcels import service as parcels
from station.parcels.models import Parcel
from station.runs.models import Stocktake, StocktakeScan
from station.runs.stocktake.rules import (ELSEWHERE, HERE, OFF_SHELF, Holding, Reconciliation, Seen,
                                          judge, reconcile)
from station.site import Site
from station.sorting.rules import shelf_code
from station.timefmt import hhmm


@dataclass(frozen=True)
class ScanResult:
    kind: str  # shelf | item
    shelf: str
    verdict: str | None  # for an item: here | elsewhere | off_shelf | unknown
    holding: Holding | None
    message: Said


def holding_of(parcel: Parcel) -> Holding:
    return Holding(parcel.id, parcel.code, parcel.tracking_number or parcel.code, parcel.status,
                   shelf_code(parcel.zone, parcel.shelf) if parcel.slot is not None else None,
                   parcel.pickup_code, parcel.destination)


def start_stocktake(session: Session, *, site: Site, actor: str, gate: str | None, now: datetime) -> Stocktake:
    site.check_gate(gate)
    stocktake = Stocktake(started_by=actor, started_at=now, gate=gate)
    session.add(stocktake)
    session.flush()
    return stocktake


def get_stocktake(session: Session, stocktake_id: int) -> Stocktake:
    return get_or_not_found(session, Stocktake, stocktake_id, f"there is no stocktake {stocktake_id}")


def current_shelf(session: Session, stocktake: Stocktake) -> str | None:
    return session.scalars(select(StocktakeScan.shelf).where(
        StocktakeScan.stocktake_id == stocktake.id, StocktakeScan.kind == "shelf")
        .order_by(StocktakeScan.id.desc()).limit(1)).first()


def scan_into(session: Session, *, site: Site, stocktake: Stocktake, scan: str, actor: str,
              now: datetime) -> ScanResult:
    """A shelf sign starts that shelf; any other scan is an item seen on the current shelf."""
    if stocktake.closed_at is not None:
        raise Conflict(runs_text.STOCKTAKE_CLOSED(number=stocktake.id, time=hhmm(stocktake.closed_at, site.timezone)))
    text = parcels.normalise_scan(scan)
    if not text:
        raise InvalidInput(runs_text.NOTHING_SCANNED, field="scan")
    if parse_shelf_code(text) is not None:
        zone, number = find_shelf(site, text)
        code = shelf_code(zone.code, number)
        session.add(StocktakeScan(stocktake_id=stocktake.id, kind="shelf", shelf=code, scan=text,
                                  actor=actor, scanned_at=now))
        expected = session.scalar(select(Parcel.id).where(
            Parcel.zone == zone.code, Parcel.shelf == number, Parcel.slot.is_not(None)).limit(1))
        session.flush()
        counting = runs_text.COUNTING_SHELF if expected else runs_text.COUNTING_EMPTY_SHELF
        return ScanResult("shelf", code, None, None, counting(shelf=code))
    shelf = current_shelf(session, stocktake)
    if shelf is None:
        raise InvalidInput(runs_text.SHELF_SIGN_FIRST, field="scan")
    try:
        parcel: Parcel | None = parcels.get_parcel(session, text)
    except NotFound:
        parcel = None
    holding = holding_of(parcel) if parcel else None
    session.add(StocktakeScan(stocktake_id=stocktake.id, kind="item", shelf=shelf, scan=text,
                              parcel_id=parcel.id if parcel else None, actor=actor, scanned_at=now))
    session.flush()
    verdict = judge(shelf, holding)
    return ScanResult("item", shelf, verdict, holding, verdict_message(verdict, text, holding))


def verdict_message(verdict: str, text: str, holding: Holding | None) -> Said:
    if holding is None:
        return runs_text.UNKNOWN_HERE(text=text)
    if verdict == HERE:
        return runs_text.BELONGS_HERE(label=holding.label, pickup_code=holding.pickup_code)
    if verdict == ELSEWHERE:
        return runs_text.BELONGS_ELSEWHERE(label=holding.label, shelf=holding.shelf, pickup_code=holding.pickup_code)
    assert verdict == OFF_SHELF
    return runs_text.OFF_SHELF(label=holding.label, status=states.status_word(holding.status))


def reconciliation(session: Session, *, stocktake: Stocktake) -> Reconciliation:
    """The count so far against what the station says is on each shelf now."""
    expected = [holding_of(p) for p in session.scalars(select(Parcel).where(Parcel.slot.is_not(None)))]
    scans = list(session.scalars(select(StocktakeScan).where(StocktakeScan.stocktake_id == stocktake.id)
                                 .order_by(StocktakeScan.id)))
    ids = {s.parcel_id for s in scans if s.parcel_id is not None}
    seen_parcels = {p.id: holding_of(p) for p in session.scalars(select(Parcel).where(Parcel.id.in_(ids)))} if ids else {}
    counted = [s.shelf for s in scans if s.kind == "shelf"]
    seen = [Seen(s.shelf, s.scan, seen_parcels.get(s.parcel_id) if s.parcel_id else None)
            for s in scans if s.kind == "item"]
    return reconcile(expected, counted, seen)


def close_stocktake(session: Session, *, stocktake: Stocktake, actor: str, now: datetime) -> Stocktake:
    """The count is handed over as it stands; a closed stocktake takes no more scans."""
    if stocktake.closed_at is None:
        stocktake.closed_at, stocktake.closed_by = now, actor
        session.flush()
    return stocktake


def recent_stocktakes(session: Session, *, limit: int = 10) -> list[Stocktake]:
    return list(session.scalars(select(Stocktake).order_by(Stocktake.id.desc()).limit(limit)))
