"""Record custody events and verify the log."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Row, func, insert, select
from sqlalchemy.orm import Session

from station.custody import states
from station.custody.chain import GENESIS, event_hash, first_broken
from station.custody import seal
from station.custody.models import CustodyEvent, CustodySeal
from station.db import as_loaded
from station.parcels.models import Parcel


# Table inserts, not ORM ones: the ORM's bulk path costs more than the statement on intake's hot path.
INSERT_EVENT = insert(CustodyEvent.__table__)
INSERT_PARCEL = insert(Parcel.__table__)


def events_of(session: Session, parcel: Parcel) -> list[CustodyEvent]:
    """A parcel's events in order."""
    return list(session.scalars(
        select(CustodyEvent).where(CustodyEvent.parcel_id == parcel.id).order_by(CustodyEvent.seq)
    ))


def events_of_each(session: Session, parcels: list[Parcel]) -> dict[int, list[CustodyEvent]]:
    """The events of several parcels in one query, each parcel's in order."""
    found: dict[int, list[CustodyEvent]] = {parcel.id: [] for parcel in parcels}
    if found:
        for event in session.scalars(select(CustodyEvent).where(CustodyEvent.parcel_id.in_(found))
                                     .order_by(CustodyEvent.parcel_id, CustodyEvent.seq)):
            found[event.parcel_id].append(event)
    return found


def current_state(session: Session, parcel: Parcel) -> states.Folded:
    """The parcel's folded state: its cached status, and for an open problem, what it was before.

    The cache is written in the same transaction as every event and `station check` compares
    it with the fold of the log, so only a problem needs the log read (to resume from).
    """
    if parcel.status != states.PROBLEM:
        return states.Folded(parcel.status)
    return states.fold(e.type for e in events_of(session, parcel))


def record_event(session: Session, parcel: Parcel, *, event_type: str, actor: str,
                 gate: str | None, now: datetime, details: dict[str, Any] | None = None) -> None:
    """Append one event to a parcel after checking the state machine; updates its status cache.

    The event row is a plain INSERT (the log is never read back through the ORM here), sent at
    once, so the (parcel, seq) unique constraint turns two writers racing on one parcel into a
    retry. A parcel's first event is written by `receive_new`.
    """
    details = details or {}
    new_state = states.next_status(current_state(session, parcel), event_type)
    seq = parcel.last_seq + 1
    prev = parcel.last_hash if parcel.last_seq else GENESIS
    digest = event_hash(prev_hash=prev, parcel_code=parcel.code, seq=seq, event_type=event_type,
                        actor=actor, gate=gate, at=now, details=details)
    parcel.last_seq, parcel.last_hash = seq, digest
    parcel.status = new_state.status
    parcel.updated_at = now
    session.execute(INSERT_EVENT, {
        "parcel_id": parcel.id, "seq": seq, "type": event_type, "actor": actor, "gate": gate, "at": now,
        "details": details, "prev_hash": prev, "hash": digest})


def first_event(values: dict[str, Any], *, actor: str, gate: str | None, now: datetime,
                details: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """A new parcel's row, its status cache filled in, and its `received` event's row (without parcel_id)."""
    digest = event_hash(prev_hash=GENESIS, parcel_code=values["code"], seq=1, event_type=states.RECEIVED,
                        actor=actor, gate=gate, at=now, details=details)
    row = {**values, "status": states.RECEIVED, "updated_at": now, "last_seq": 1, "last_hash": digest}
    event = {"seq": 1, "type": states.RECEIVED, "actor": actor, "gate": gate, "at": now, "details": details,
             "prev_hash": GENESIS, "hash": digest}
    return row, event


def receive_new(session: Session, values: dict[str, Any], *, actor: str, gate: str | None,
                now: datetime, details: dict[str, Any]) -> Parcel:
    """Insert a new parcel and its `received` event, its status cache already filled in.

    Both go in as plain rows and the parcel is then put in the session as if it had been
    loaded: the ORM's unit of work would cost more than the rest of intake together.
    """
    row, event = first_event(values, actor=actor, gate=gate, now=now, details=details)
    session.flush()  # what the session holds goes first, as with an ORM insert (a no-op when clean)
    connection = session.connection()
    row["id"] = connection.execute(INSERT_PARCEL, row).inserted_primary_key[0]
    connection.execute(INSERT_EVENT, {"parcel_id": row["id"], **event})
    return as_loaded(session, Parcel, row)


@dataclass(frozen=True)
class CheckFinding:
    parcel_code: str
    problem: str


# Plain rows, not ORM objects: `station check` reads every event of the database.
CHECKED_PARCEL = (Parcel.id, Parcel.code, Parcel.status, Parcel.last_seq, Parcel.last_hash)
CHECKED_EVENT = (CustodyEvent.parcel_id, CustodyEvent.seq, CustodyEvent.type, CustodyEvent.actor,
                 CustodyEvent.gate, CustodyEvent.at, CustodyEvent.details, CustodyEvent.prev_hash,
                 CustodyEvent.hash)


def check_parcels(session: Session, *, batch: int = 2000) -> Iterator[CheckFinding]:
    """Verify every chain and compare every cached status with the fold of its events."""
    last_id = 0
    while True:
        parcels = session.execute(
            select(*CHECKED_PARCEL).where(Parcel.id > last_id).order_by(Parcel.id).limit(batch)).all()
        if not parcels:
            return
        last_id = parcels[-1].id
        by_parcel: dict[int, list[Row]] = {p.id: [] for p in parcels}
        rows = session.execute(
            select(*CHECKED_EVENT)
            .where(CustodyEvent.parcel_id.between(parcels[0].id, last_id))
            .order_by(CustodyEvent.parcel_id, CustodyEvent.seq)
        )
        for row in rows:
            by_parcel.setdefault(row.parcel_id, []).append(row)
        for parcel in parcels:
            yield from _check_one(parcel, by_parcel[parcel.id])


def _check_one(parcel: Row, events: list[Row]) -> Iterator[CheckFinding]:
    broken = first_broken(parcel.code, (e._mapping for e in events))
    if broken:
        seq, reason = broken
        yield CheckFinding(parcel.code, f"custody event #{seq} breaks the chain: {reason}")
        return
    try:
        rebuilt = states.fold(e.type for e in events).status
    except states.InvalidTransition as exc:
        yield CheckFinding(parcel.code, f"its events do not replay: {exc.message}")
        return
    if rebuilt != parcel.status:
        yield CheckFinding(parcel.code, f"status says {parcel.status} but its events say {rebuilt}")
    if events and (events[-1].seq != parcel.last_seq or events[-1].hash != parcel.last_hash):
        yield CheckFinding(parcel.code, "the parcel's last event pointer does not match its log")


def day_lines(session: Session, day: date, *, timezone: str) -> list[seal.Line]:
    start, end = seal.day_bounds(day, timezone)
    rows = session.execute(
        select(Parcel.code, CustodyEvent.seq, CustodyEvent.hash).join(Parcel, Parcel.id == CustodyEvent.parcel_id)
        .where(CustodyEvent.at >= start, CustodyEvent.at < end))
    return [seal.Line(*row) for row in rows]


def seal_closed_days(session: Session, *, key: bytes, timezone: str, now: datetime) -> list[seal.DayRoot]:
    """Seal every local day before today that has no seal yet, from the log's first day on.

    A day is sealed once it is over: nothing is written into it after that (events carry the
    time they were recorded).
    """
    last = session.scalars(select(CustodySeal).order_by(CustodySeal.day.desc()).limit(1)).first()
    if last is not None:
        day, previous = last.day + timedelta(days=1), last.root
    else:
        first_at = session.scalar(select(func.min(CustodyEvent.at)))
        if first_at is None:
            return []
        day, previous = seal.local_day(first_at, timezone), seal.GENESIS_ROOT
    today = seal.local_day(now, timezone)
    sealed = []
    while day < today:
        root = seal.day_root(key, day, day_lines(session, day, timezone=timezone), previous=previous)
        session.add(CustodySeal(day=day, events=root.events, root=root.root, sealed_at=now))
        sealed.append(root)
        day, previous = day + timedelta(days=1), root.root
    session.flush()
    return sealed


def latest_root(session: Session) -> seal.DayRoot | None:
    row = session.scalars(select(CustodySeal).order_by(CustodySeal.day.desc()).limit(1)).first()
    return seal.DayRoot(row.day, row.events, row.root) if row else None


def sealed_root(session: Session, day: date) -> seal.DayRoot | None:
    row = session.get(CustodySeal, day)
    return seal.DayRoot(row.day, row.events, row.root) if row else None


def check_seals(session: Session, *, key: bytes, timezone: str,
                printed: dict[date, str] | None = None) -> Iterator[CheckFinding]:
    """Recompute every sealed day's root from the log as it is now and compare.

    `printed` roots (from a stocktake sheet or an export) are compared too: they still catch a
    change after the stored seals themselves were deleted or cut back.
    """
    printed = dict(printed or {})
    seals = session.scalars(select(CustodySeal).order_by(CustodySeal.day)).all()
    first_at = session.scalar(select(func.min(CustodyEvent.at)))
    if seals and first_at is not None and seal.local_day(first_at, timezone) < seals[0].day:
        yield CheckFinding("(log)", f"events from before {seals[0].day} are in no sealed day: the first "
                                    "seals were deleted, or events were written into the past")
    previous, expected_day = seal.GENESIS_ROOT, seals[0].day if seals else None
    roots: dict[date, str] = {}
    for stored in seals:
        if stored.day != expected_day:
            yield CheckFinding("(log)", f"the seals of the days from {expected_day} to "
                                        f"{stored.day - timedelta(days=1)} are missing")
            while expected_day < stored.day:  # the chain goes on through the log's own roots of the gap
                previous = seal.day_root(key, expected_day, day_lines(session, expected_day, timezone=timezone),
                                         previous=previous).root
                expected_day += timedelta(days=1)
        root = seal.day_root(key, stored.day, day_lines(session, stored.day, timezone=timezone), previous=previous)
        roots[stored.day] = root.root
        if not seal.same_root(root.root, stored.root):
            yield CheckFinding("(log)", f"day {stored.day}: its events were deleted, added or rewritten after "
                                        f"it was sealed ({stored.events} events sealed, {root.events} now)")
        previous, expected_day = stored.root, stored.day + timedelta(days=1)
    for day, expected in sorted(printed.items()):
        if day not in roots:
            yield from _check_printed_unsealed(session, key=key, timezone=timezone, day=day, expected=expected)
        elif not seal.same_root(roots[day], expected):
            yield CheckFinding("(log)", f"day {day}: the log no longer gives the root printed for it")


def _check_printed_unsealed(session: Session, *, key: bytes, timezone: str, day: date,
                            expected: str) -> Iterator[CheckFinding]:
    """A printed root of a day whose seal is gone: rebuild the chain of roots from the log."""
    first_at = session.scalar(select(func.min(CustodyEvent.at)))
    current = seal.local_day(first_at, timezone) if first_at is not None else day
    previous = seal.GENESIS_ROOT
    while current < day:
        previous = seal.day_root(key, current, day_lines(session, current, timezone=timezone),
                                 previous=previous).root
        current += timedelta(days=1)
    root = seal.day_root(key, day, day_lines(session, day, timezone=timezone), previous=previous)
    if not seal.same_root(root.root, expected):
        yield CheckFinding("(log)", f"day {day}: the log no longer gives the root printed for it, and its seal "
                                    "is missing")
