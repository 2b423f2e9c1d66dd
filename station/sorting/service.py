from __future__ import annotations

from collections import defaultdict

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from station.parcels.models import Parcel


OCCUPIED_SLOTS = (select(Parcel.zone, Parcel.shelf, Parcel.slot)  # built once: asked at every intake
                  .where(Parcel.zone.in_(bindparam("zones", expanding=True)), Parcel.slot.is_not(None)))


def occupancy(session: Session, zones: list[str]) -> dict[tuple[str, int], set[int]]:
    """Occupied slots per (zone, shelf) for the given zones."""
    taken: dict[tuple[str, int], set[int]] = defaultdict(set)
    rows = session.execute(OCCUPIED_SLOTS, {"zones": zones})
    for zone, shelf, slot in rows:
        taken[(zone, shelf)].add(slot)
    return taken
