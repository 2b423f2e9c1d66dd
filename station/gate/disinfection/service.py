"""What the disinfection page reads: a batch's items, items received since a time, dwell times."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from station.custody import states
from station.catalogue import Said
from station.catalogue import gate as text
from station.catalogue import parcels as parcel_text
from station.errors import StationError
from station.gate.disinfection.rules import MAX_BATCH
from station.gate.shelves.rules import minutes_left
from station.gate.disinfection.schemas import BatchLine, DwellLine
from station.parcels import service as parcels
from station.parcels.models import Parcel
from station.site import Site


def batch_line(key: str, parcel: Parcel | None, problem: Said | None = None) -> BatchLine:
    if parcel is None:
        return BatchLine(key=key, known=False, problem=problem or parcel_text.NOT_KNOWN(key=key))
    ready = parcel.status == states.RECEIVED
    if not ready and problem is None:
        problem = text.ALREADY_STATUS(status=states.status_word(parcel.status))
    return BatchLine(key=key, known=True, code=parcel.code, pickup_code=parcel.pickup_code,
                     tracking_number=parcel.tracking_number, destination=parcel.destination,
                     category=parcel.category, status=parcel.status, ready=ready, problem=problem)


def describe_batch(session: Session, *, keys: list[str]) -> list[BatchLine]:
    """Each scanned code with the item it finds (destination, type, status), or why not."""
    lines = []
    for key in keys:
        try:
            lines.append(batch_line(key, parcels.get_parcel(session, key)))
        except StationError as exc:
            lines.append(batch_line(key, None, exc.said))
    return lines


def received_since(session: Session, *, site: Site, gate: str, since: datetime) -> list[BatchLine]:
    """Items taken in at a gate since a moment that still wait for disinfection, oldest first."""
    site.check_gate(gate)
    rows = session.scalars(
        select(Parcel)
        .where(Parcel.gate == gate, Parcel.status == states.RECEIVED, Parcel.received_at >= since)
        .order_by(Parcel.received_at, Parcel.id)
        .limit(MAX_BATCH)
    )
    return [batch_line(parcel.code, parcel) for parcel in rows]


def in_dwell(session: Session, *, now: datetime, limit: int = 200) -> list[DwellLine]:
    """Disinfected items still inside their dwell time, the soonest free first."""
    rows = session.scalars(
        select(Parcel)
        .where(Parcel.status.in_((states.DISINFECTED, states.SHELVED)), Parcel.dwell_until > now)
        .order_by(Parcel.dwell_until, Parcel.id)
        .limit(limit)
    )
    return [DwellLine(code=p.code, pickup_code=p.pickup_code, tracking_number=p.tracking_number,
                      destination=p.destination, category=p.category, status=p.status,
                      dwell_until=p.dwell_until, minutes_left=minutes_left(p.dwell_until, now))
            for p in rows]


def waiting_at_gate(session: Session, *, gate: str) -> tuple[int, datetime | None]:
    """How many items taken in at a gate still wait for disinfection, and since when."""
    count, oldest = session.execute(
        select(func.count(Parcel.id), func.min(Parcel.received_at))
        .where(Parcel.gate == gate, Parcel.status == states.RECEIVED)
    ).one()
    return count, oldest
