from __future__ import annotations

from collections import defaultdict

from sqlalchemy import select
from sqlalchemy.orm import Session

from station.parcels.models import Parcel


def occupancy(session: Session, zones: list[str]) -> dict[tuple[str, int], set[int]]:
    """Occupied slots per (zone, shelf) for the given zones."""
    taken: dict[tuple[str, int], set[int]] = defaultdict(set)
    rows = session.execute(
        select(Parcel.zone, Parcel.shelf, Parcel.slot)
        .where(Parcel.zone.in_(zones), Parcel.slot.is_not(None))
    )
    for zone, shelf, slot in rows:
        taken[(zone, shelf)].add(slot)
    return taken
