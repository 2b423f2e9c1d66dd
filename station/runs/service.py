"""What waits to be claimed, and claiming it: one use case per function, the caller owns the transaction."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import ColumnElement, and_, exists, func, or_, select
from sqlalchemy.orm import Session

from station import codes
from station.custody import states
from station.db import get_or_not_found
from station.catalogue import Joined, Said
from station.catalogue import runs as text
from station.errors import Conflict, NotFound
from station.notify import triggers as notify_triggers  # notify: digest when a run is claimed
from station.parcels import handling
from station.parcels.models import Parcel
from station.runs.board import IN_DWELL, NOT_SHELVED, Board, Count, Waiting, build_board
from station.runs.models import DeliveryRun, RunItem
from station.runs.scope import Scope, stored_scope
from station.site import Site
from station.timefmt import hhmm


@dataclass(frozen=True)
class Holder:
    """An open run that already holds items of a scope someone else asks for."""

    runner: str
    run: str
    since: datetime
    what: str
    items: int


class AlreadyClaimed(Conflict):
    """Nothing of the scope is left to claim because open runs hold it."""

    def __init__(self, scope: Scope, holders: list[Holder], timezone: str, note: Said | None = None) -> None:
        self.scope, self.holders = scope, holders
        parts = Joined.of((text.HOLDER(runner=h.runner, time=hhmm(h.since, timezone), run=h.run)
                           if h.what == scope.describe() else
                           text.HOLDER_WHAT(runner=h.runner, time=hhmm(h.since, timezone), run=h.run, what=h.what)
                           for h in holders), "; ")
        said = (text.ALREADY_CLAIMED_NOTE(what=scope.said(), holders=parts, note=note) if note
                else text.ALREADY_CLAIMED(what=scope.said(), holders=parts))
        super().__init__(said, claimed_by=[{"runner": h.runner, "run": h.run, "since": h.since.isoformat()}
                                           for h in holders])


@dataclass(frozen=True)
class ClaimResult:
    run: DeliveryRun
    parcels: list[Parcel]
    in_dwell: list[Parcel] = field(default_factory=list)  # left on the shelf, with when they may go

    @property
    def ready_at(self) -> datetime | None:
        return min((p.dwell_until for p in self.in_dwell if p.dwell_until), default=None)


def in_open_run() -> ColumnElement[bool]:
    return exists(select(RunItem.id).where(RunItem.parcel_id == Parcel.id, RunItem.run_open))


def _in_scope(site: Site, scope: Scope) -> ColumnElement[bool]:
    condition = Parcel.building.in_(scope.buildings(site))
    if scope.categories:
        condition = and_(condition, Parcel.category.in_(scope.categories))
    return condition


def _dwell_over(now: datetime) -> ColumnElement[bool]:
    return or_(Parcel.dwell_until.is_(None), Parcel.dwell_until <= now)


def board(session: Session, *, site: Site, now: datetime) -> Board:
    """Items on shelves per grid, building and category; and the ones not ready yet."""
    shelved = and_(Parcel.status == states.SHELVED, Parcel.building.is_not(None))
    ready = session.execute(
        select(Parcel.building, Parcel.category, func.count(Parcel.id), func.min(Parcel.received_at))
        .where(shelved, _dwell_over(now), ~in_open_run())
        .group_by(Parcel.building, Parcel.category))
    not_shelved = session.execute(
        select(Parcel.building, func.count(Parcel.id))
        .where(Parcel.status == states.DISINFECTED, Parcel.building.is_not(None))
        .group_by(Parcel.building))
    dwelling = session.execute(
        select(Parcel.building, func.count(Parcel.id), func.min(Parcel.dwell_until))
        .where(shelved, Parcel.dwell_until > now)
        .group_by(Parcel.building))
    waiting = [Waiting(b, NOT_SHELVED, n) for b, n in not_shelved]
    waiting += [Waiting(b, IN_DWELL, n, first) for b, n, first in dwelling]
    return build_board(site, [Count(b, c, n, oldest) for b, c, n, oldest in ready], waiting, now=now)


def open_runs(session: Session, *, runner: str | None = None) -> list[tuple[DeliveryRun, int, int]]:
    """Open runs, oldest first, with (items, items with an outcome)."""
    query = (select(DeliveryRun, func.count(RunItem.id), func.count(RunItem.outcome))
             .join(RunItem, RunItem.run_id == DeliveryRun.id, isouter=True)
             .where(DeliveryRun.closed_at.is_(None))
             .group_by(DeliveryRun.id).order_by(DeliveryRun.opened_at, DeliveryRun.id))
    if runner:
        query = query.where(DeliveryRun.runner == runner)
    return [(run, total, done) for run, total, done in session.execute(query)]


def holders(session: Session, *, site: Site, scope: Scope) -> list[Holder]:
    """The open runs holding items of `scope`, oldest first."""
    rows = session.execute(
        select(RunItem.run_id, func.count(RunItem.id))
        .join(Parcel, Parcel.id == RunItem.parcel_id)
        .where(RunItem.run_open, _in_scope(site, scope))
        .group_by(RunItem.run_id))
    counts = {run_id: count for run_id, count in rows}
    runs = session.scalars(select(DeliveryRun).where(DeliveryRun.id.in_(counts))
                           .order_by(DeliveryRun.opened_at, DeliveryRun.id)) if counts else []
    return [Holder(run.runner, run.code, run.opened_at, run_scope(run).describe(), counts[run.id]) for run in runs]


def claim_run(session: Session, *, site: Site, scope: Scope, runner: str, gate: str | None,
              now: datetime) -> ClaimResult:
    """Take every ready item of the scope out with the runner, as one new run.

    Items still in their disinfection dwell time stay on the shelf and are named. When
    nothing is left because other runs hold the items, the answer says who has them.
    """
    site.check_gate(gate)
    candidates = list(session.scalars(
        select(Parcel).where(Parcel.status == states.SHELVED, _in_scope(site, scope), ~in_open_run())
        .order_by(Parcel.id)))  # one lock order for every claimant: fewer deadlocks on PostgreSQL
    ready, dwelling = [], []
    for parcel in candidates:
        (ready if parcel.dwell_until is None or parcel.dwell_until <= now else dwelling).append(parcel)
    if not ready:
        held = holders(session, site=site, scope=scope)
        first = min((p.dwell_until for p in dwelling if p.dwell_until), default=None)
        if held:
            raise AlreadyClaimed(scope, held, site.timezone, note=(
                text.MORE_IN_DWELL(count=len(dwelling), time=hhmm(first, site.timezone)) if first else None))
        if first:
            raise Conflict(text.IN_DWELL(count=len(dwelling), scope=scope.said(), time=hhmm(first, site.timezone)),
                           ready_at=first.isoformat())
        raise NotFound(text.NOTHING_TO_DELIVER(scope=scope.said()))
    run = DeliveryRun(code=_unused_run_code(session), runner=runner, scope_kind=scope.kind,
                      scope_value=scope.value, categories=list(scope.categories), gate=gate,
                      opened_at=now)
    session.add(run)
    session.flush()
    for parcel in ready:
        handling.hand_out(session, parcel, actor=runner, gate=gate, now=now, run_code=run.code,
                          timezone=site.timezone)
        session.add(RunItem(run_id=run.id, parcel_id=parcel.id, run_open=True))
    session.flush()
    notify_triggers.run_claimed(session, site=site, run_code=run.code, parcels=ready, now=now)  # notify: digest to the building groups (queued, sent after commit)
    return ClaimResult(run, ready, dwelling)


def get_run(session: Session, code: str) -> DeliveryRun:
    wanted = (code or "").strip().upper()
    return get_or_not_found(session, DeliveryRun, wanted, text.NO_SUCH_RUN(run=wanted[:20]), by=DeliveryRun.code)


def run_scope(run: DeliveryRun) -> Scope:
    return stored_scope(run.scope_kind, run.scope_value, run.categories)


def _unused_run_code(session: Session) -> str:
    while True:
        code = codes.new_code(codes.RUN_PREFIX)
        if session.scalars(select(DeliveryRun.id).where(DeliveryRun.code == code)).first() is None:
            return code
