"""What happened at each door, and closing a run back at the gate.

Returned items are shelved when the run closes, not when the runner taps "returned" at the
door: until the runner is back at the gate the item is on a staircase, and giving it a slot
then would show a shelf holding something it does not hold (and the shift's stocktake would
count it missing). Closing happens at the gate, so that is when each returned item gets its
slot, and the answer lists the new pickup codes to put them under.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from station.accounts.permissions import Action, may
from station.custody import states
from station.custody.service import events_of, record_event
from station.catalogue import Word
from station.catalogue import parcels as parcel_text
from station.catalogue import runs as runs_text
from station.errors import Conflict, Forbidden, InvalidInput, NotFound
from station.parcels import handling
from station.parcels import service as parcels
from station.parcels.models import Parcel
from station.runs.models import DeliveryRun, RunItem
from station.runs.ordering import building_position, room_position
from station.site import Site
from station.timefmt import hhmm

DELIVERED, RETURNED = "delivered", "returned"
UNDO_MINUTES = 5  # how long a runner may take back an outcome tapped by mistake


@dataclass(frozen=True)
class OutcomeResult:
    item: RunItem
    parcel: Parcel
    replayed: bool  # the same outcome was already recorded: nothing written again


@dataclass(frozen=True)
class CloseResult:
    run: DeliveryRun
    shelved: list[Parcel]  # the returned items, each with its new slot
    already_closed: bool = False


def check_may_act(run: DeliveryRun, *, actor: str, role: str) -> None:
    """A runner records their own runs; a role that may manage runs may finish anyone's."""
    if run.runner != actor and not may(role, Action.RUN_MANAGE):
        raise Forbidden(runs_text.NOT_YOURS(run=run.code, runner=run.runner))


def find_item(session: Session, run: DeliveryRun, key: str) -> tuple[RunItem, Parcel]:
    """The item of this run a scan names: parcel code, any barcode on it, or its pickup code."""
    text = parcels.normalise_scan(key)
    if not text:
        raise InvalidInput(runs_text.NOTHING_SCANNED, field="parcel")
    try:
        parcel = parcels.get_parcel(session, text)
    except NotFound:
        # Out with a runner the item holds no slot, so get_parcel does not match its pickup code.
        parcel = session.scalars(
            select(Parcel).join(RunItem, RunItem.parcel_id == Parcel.id)
            .where(RunItem.run_id == run.id, Parcel.pickup_code == text)).first()
        if parcel is None:
            raise
    item = session.scalars(select(RunItem).where(RunItem.run_id == run.id,
                                                 RunItem.parcel_id == parcel.id)).first()
    if item is None:
        raise Conflict(runs_text.NOT_IN_RUN(label=parcel.tracking_number or parcel.code,
                                            destination=parcel.destination or parcel_text.NO_DESTINATION(),
                                            run=run.code, status=states.status_word(parcel.status)))
    return item, parcel


def record_outcome(session: Session, *, site: Site, run: DeliveryRun, key: str, outcome: str,
                   reason: str | None, verification: dict[str, str] | None, actor: str, role: str,
                   now: datetime) -> OutcomeResult:
    """Delivered (verified where the category needs it) or returned with a reason."""
    check_may_act(run, actor=actor, role=role)
    if run.closed_at is not None:
        raise Conflict(runs_text.RUN_CLOSED(run=run.code, time=hhmm(run.closed_at, site.timezone)))
    if outcome not in (DELIVERED, RETURNED):
        raise InvalidInput(runs_text.OUTCOME_KIND, field="outcome")
    item, parcel = find_item(session, run, key)
    if item.outcome == outcome and (outcome == DELIVERED or item.reason == reason):
        return OutcomeResult(item, parcel, True)  # a retry from a phone that lost the answer
    if item.outcome is not None:
        raise Conflict(runs_text.ALREADY_RECORDED(parcel=parcel.code, outcome=Word(item.outcome),
                                                  time=hhmm(item.outcome_at or now, site.timezone),
                                                  runner=item.outcome_by))
    if outcome == DELIVERED:
        if reason:
            raise InvalidInput(runs_text.DELIVERED_NO_REASON, field="reason")
        handling.deliver(session, parcel, actor=actor, now=now, verification=verification, gate=run.gate)
        item.verified_by = verification.get("method") if verification else None
    else:
        if verification:
            raise InvalidInput(runs_text.RETURNED_NO_CHECK, field="verification")
        if reason not in tuple(states.ReturnReason):
            raise InvalidInput(runs_text.SAY_WHY(reasons=states.one_of(states.ReturnReason)), field="reason")
        handling.return_to_gate(session, parcel, reason=reason, actor=actor, now=now, gate=run.gate)
        item.reason = reason
    item.outcome, item.outcome_at, item.outcome_by = outcome, now, actor
    session.flush()
    return OutcomeResult(item, parcel, False)


def undo_outcome(session: Session, *, site: Site, run: DeliveryRun, key: str, actor: str, role: str,
                 now: datetime) -> OutcomeResult:
    """Take back a mis-tapped outcome within UNDO_MINUTES: an `outcome_undone` event, never a deletion.

    The item is out with the runner again and waits for its outcome; a retry after a lost answer
    finds the last event already an undo and records nothing twice.
    """
    check_may_act(run, actor=actor, role=role)
    if run.closed_at is not None:
        raise Conflict(runs_text.RUN_CLOSED(run=run.code, time=hhmm(run.closed_at, site.timezone)))
    item, parcel = find_item(session, run, key)
    if item.outcome is None:
        if parcel.status == states.OUT_FOR_DELIVERY and events_of(session, parcel)[-1].type == states.OUTCOME_UNDONE:
            return OutcomeResult(item, parcel, True)
        raise Conflict(runs_text.NOTHING_TO_UNDO(parcel=parcel.code))
    if item.outcome_at is not None and now - item.outcome_at > timedelta(minutes=UNDO_MINUTES):
        raise Conflict(runs_text.TOO_LATE_TO_UNDO(outcome=Word(item.outcome), time=hhmm(item.outcome_at, site.timezone),
                                                  minutes=UNDO_MINUTES))
    record_event(session, parcel, event_type=states.OUTCOME_UNDONE, actor=actor, gate=run.gate, now=now,
                 details={"undoes": item.outcome, "run": run.code}
                 | ({"reason": item.reason} if item.reason else {}))
    item.outcome = item.reason = item.verified_by = item.outcome_at = item.outcome_by = None
    session.flush()
    return OutcomeResult(item, parcel, False)


def close_run(session: Session, *, site: Site, run: DeliveryRun, actor: str, role: str,
              now: datetime) -> CloseResult:
    """Close a run whose every item has an outcome; returned items go back on a shelf."""
    check_may_act(run, actor=actor, role=role)
    rows = list(session.execute(select(RunItem, Parcel).join(Parcel, Parcel.id == RunItem.parcel_id)
                                .where(RunItem.run_id == run.id).order_by(RunItem.id)))
    if run.closed_at is not None:  # a retried close answers as the first did
        return CloseResult(run, [p for item, p in rows if item.outcome == RETURNED], True)
    missing = sorted((p for item, p in rows if item.outcome is None), key=_door)
    if missing:
        shown = ", ".join(f"{p.destination or '?'} {p.code}" for p in missing[:10]) + (" …" if len(missing) > 10 else "")
        raise Conflict(runs_text.CANNOT_CLOSE(run=run.code, count=len(missing), items=shown),
                       missing=[p.code for p in missing])
    shelved = []
    for item, parcel in rows:
        if item.outcome == RETURNED:
            handling.shelve(session, parcel, site=site, actor=actor, gate=run.gate, now=now)
            shelved.append(parcel)
        item.run_open = False
    run.closed_at, run.closed_by = now, actor
    session.flush()
    return CloseResult(run, shelved)


def _door(parcel: Parcel) -> tuple:
    return building_position(parcel.building or ""), parcel.unit or 0, room_position(parcel.room)


def progress(session: Session, run: DeliveryRun) -> tuple[int, int]:
    """(items, items with an outcome) of a run."""
    total, done = session.execute(select(func.count(RunItem.id), func.count(RunItem.outcome))
                                  .where(RunItem.run_id == run.id)).one()
    return total, done
