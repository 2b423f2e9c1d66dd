"""`station demo-day`: play a planned day into a database through the station's own services.

Every step goes through the same service a volunteer's scan would (intake_parcel, disinfect,
shelve, set_destination, hand_out, deliver, return_to_gate, pick_up, report_problem,
resolve_problem), with `now` set to the step's planned time, never the wall clock. Steps are
played in time order, many to a transaction (one per `batch_minutes` of the day), so a
day of a few thousand items takes seconds, not minutes.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from station.custody import states
from station.custody.models import CustodyEvent
from station.dashboard.days import Day
from station.demo.plan import Home, Item, Step, plan_day
from station.db import Database
from station.errors import Conflict, ShelvesFull, StationError
from station.parcels import handling
from station.parcels.models import Parcel
from station.parcels.service import intake_parcel
from station.residents.models import Household
from station.site import Site
from station.siteconfig.service import current_site

BATCH_MINUTES = 15


@dataclass
class DemoResult:
    day: Day
    planned: int
    steps: int = 0
    received: int = 0
    refused: dict[int, str] = field(default_factory=dict)  # plan index -> why the gate could not take it
    stuck: dict[int, str] = field(default_factory=dict)  # plan index -> why it went no further
    transactions: int = 0
    seconds: float = 0.0  # wall clock
    cpu_seconds: float = 0.0  # this process only: what the gate PC would spend, load aside
    statuses: Counter = field(default_factory=Counter)
    events: int = 0

    @property
    def still_here(self) -> int:
        return sum(count for status, count in self.statuses.items() if status not in states.FINAL)


def homes(session: Session) -> list[Home]:
    """The roster as the planner needs it."""
    rows = session.scalars(select(Household).order_by(Household.building, Household.unit, Household.room))
    return [Home(h.building, h.unit, h.room, h.phone, frozenset(h.care_flags)) for h in rows]


def _check_empty_day(session: Session, day: Day) -> None:
    count = session.scalar(select(func.count(Parcel.id)).where(
        Parcel.received_at >= day.start, Parcel.received_at < day.end)) or 0
    if count:
        raise Conflict(f"this database already has {count} items received on {day}; "
                       "choose another --date or a fresh database")


def _verification(session: Session, step: Step, parcel: Parcel) -> dict[str, str | None] | None:
    """The resident tells the item's collection code (and, with a phone on the roster, its last four digits)."""
    if step.arg("verify") != "collection_code":
        return None
    household = session.get(Household, parcel.household_id) if parcel.household_id else None
    phone = household.phone if household else None
    return {"method": "collection_code", "value": parcel.collection_code, "phone_tail": phone[-4:] if phone else None}


def _play(session: Session, site: Site, item: Item, step: Step, parcel: Parcel | None) -> Parcel | None:
    """One step through the service a volunteer's scan would call; returns the parcel."""
    now = step.at
    if step.kind == "intake":
        with session.begin_nested():  # shelves full: the courier takes it back, nothing recorded
            taken = intake_parcel(session, site=site, scan=item.scan, destination=item.destination,
                                  category=item.category, gate=item.gate, actor=step.actor, now=now)
            if taken.duplicate:  # its barcode is already here (a day played before with it)
                raise Conflict(taken.message)
            return taken.parcel
    assert parcel is not None
    gate = item.gate
    if step.kind == "disinfect":
        handling.disinfect(session, parcel, site=site, method=step.arg("method"), actor=step.actor,
                           gate=gate, now=now)
    elif step.kind == "shelve" and parcel.status == states.RETURNED:
        with session.begin_nested():  # it needs a free slot again; the shelves may be full
            handling.shelve(session, parcel, site=site, actor=step.actor, gate=gate, now=now)
    elif step.kind == "shelve":
        handling.shelve(session, parcel, site=site, actor=step.actor, gate=gate, now=now)
    elif step.kind == "destination":
        with session.begin_nested():
            handling.set_destination(session, parcel, site=site, destination=step.arg("destination"),
                                     actor=step.actor, gate=gate, now=now)
    elif step.kind == "hand_out":
        handling.hand_out(session, parcel, actor=step.actor, gate=gate, now=now)
    elif step.kind == "deliver":
        handling.deliver(session, parcel, actor=step.actor, now=now, verification=_verification(session, step, parcel))
    elif step.kind == "return":
        handling.return_to_gate(session, parcel, reason=step.arg("reason"), actor=step.actor, now=now, gate=gate)
    elif step.kind == "pick_up":
        handling.pick_up(session, parcel, site=site, actor=step.actor, gate=gate, now=now,
                         verification=_verification(session, step, parcel))
    elif step.kind == "problem":
        handling.report_problem(session, parcel, site=site, note=step.arg("note"), actor=step.actor, gate=gate,
                                now=now)
    elif step.kind == "resolve":
        handling.resolve_problem(session, parcel, site=site, note=step.arg("note"), actor=step.actor, gate=gate,
                                 now=now)
    else:
        raise ValueError(f"unknown step {step.kind}")
    return parcel


def play_day(db: Database, *, day: Day, items: int, seed: int, until: datetime | None = None,
             batch_minutes: int = BATCH_MINUTES,
             progress: Callable[[DemoResult, datetime], None] | None = None) -> DemoResult:
    """Plan the day and play it into `db`; refuses a day that already has items."""
    started, cpu_started = time.perf_counter(), time.process_time()
    with db.read() as session:
        site = current_site(session)
        _check_empty_day(session, day)
        roster = homes(session)
    plan = plan_day(site, roster, day, items=items, seed=seed)
    steps = sorted(((step.at, item.index, order, item, step) for item in plan
                    for order, step in enumerate(item.steps) if until is None or step.at < until),
                   key=lambda entry: entry[:3])
    result = DemoResult(day, planned=len(plan))
    parcel_ids: dict[int, int] = {}  # plan index -> parcel id, for committed intakes
    refused: dict[int, str] = {}  # plan index -> why its steps stopped (committed)
    first = 0
    while first < len(steps):
        limit = steps[first][0].timestamp() + batch_minutes * 60
        last = first
        while last < len(steps) and steps[last][0].timestamp() < limit:
            last += 1
        chunk = steps[first:last]

        def run(session: Session, chunk=chunk) -> tuple[dict[int, int], dict[int, str]]:
            # Re-runnable: nothing outside is changed until the transaction has committed.
            new_ids: dict[int, int] = {}
            new_refusals: dict[int, str] = {}
            # One query loads every parcel the chunk touches; each step then finds its parcel
            # in the session instead of asking the database again.
            wanted = {parcel_ids[entry[1]] for entry in chunk if entry[1] in parcel_ids}
            if wanted:
                session.scalars(select(Parcel).where(Parcel.id.in_(wanted))).all()
            for _at, index, _order, item, step in chunk:
                if index in refused or index in new_refusals:
                    continue
                known = parcel_ids.get(index, new_ids.get(index))
                parcel = session.get(Parcel, known) if known is not None else None
                try:
                    parcel = _play(session, site, item, step, parcel)
                except StationError as exc:
                    # The shelves were full, the barcode was already here, or a destination
                    # could not be given: the item goes no further today, like at a real
                    # gate. Any other refusal is a fault of the plan: stop and say so.
                    if not isinstance(exc, ShelvesFull) and step.kind not in ("intake", "destination"):
                        raise
                    new_refusals[index] = f"{step.kind}: {exc.message}"
                    continue
                if step.kind == "intake" and parcel is not None:
                    new_ids[index] = parcel.id
            return new_ids, new_refusals

        new_ids, new_refusals = db.write(run)
        parcel_ids.update(new_ids)
        refused.update(new_refusals)
        result.transactions += 1
        result.steps += len(chunk)
        if progress:
            progress(result, steps[last - 1][0])
        first = last
    result.received = len(parcel_ids)
    result.refused = {index: why for index, why in refused.items() if index not in parcel_ids}
    result.stuck = {index: why for index, why in refused.items() if index in parcel_ids}
    with db.read() as session:
        result.statuses = Counter(dict(session.execute(
            select(Parcel.status, func.count(Parcel.id))
            .where(Parcel.received_at >= day.start, Parcel.received_at < day.end)
            .group_by(Parcel.status)).all()))
        result.events = session.scalar(select(func.count(CustodyEvent.id)).join(Parcel).where(
            Parcel.received_at >= day.start, Parcel.received_at < day.end)) or 0
    result.seconds = time.perf_counter() - started
    result.cpu_seconds = time.process_time() - cpu_started
    return result
