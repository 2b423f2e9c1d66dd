"""Record custody events and verify the log."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Row, insert, select
from sqlalchemy.orm import Session, make_transient_to_detached

from station.custody import states
from station.custody.chain import GENESIS, event_hash, first_broken
from station.custody.models import CustodyEvent
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


def receive_new(session: Session, values: dict[str, Any], *, actor: str, gate: str | None,
                now: datetime, details: dict[str, Any]) -> Parcel:
    """Insert a new parcel and its `received` event, its status cache already filled in.

    Both go in as plain rows and the parcel is then put in the session as if it had been
    loaded: the ORM's unit of work would cost more than the rest of intake together.
    """
    digest = event_hash(prev_hash=GENESIS, parcel_code=values["code"], seq=1, event_type=states.RECEIVED,
                        actor=actor, gate=gate, at=now, details=details)
    row = {**values, "status": states.RECEIVED, "updated_at": now, "last_seq": 1, "last_hash": digest}
    session.flush()  # what the session holds goes first, as with an ORM insert (a no-op when clean)
    connection = session.connection()
    row["id"] = connection.execute(INSERT_PARCEL, row).inserted_primary_key[0]
    connection.execute(INSERT_EVENT, {
        "parcel_id": row["id"], "seq": 1, "type": states.RECEIVED, "actor": actor, "gate": gate, "at": now,
        "details": details, "prev_hash": GENESIS, "hash": digest})
    parcel = Parcel(**row)
    make_transient_to_detached(parcel)
    session.add(parcel)
    return parcel


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
