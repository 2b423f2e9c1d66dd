from __future__ import annotations

from collections import defaultdict

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session

from station.parcels.models import Parcel

OCCUPIED_SLOTS = (select(Parcel.zone, Parcel.shelf, Parcel.slot)  # built once: asked at every intake
                  .where(Parcel.zone.in_(bindparam("zones", expanding=True)), Parcel.slot.is_not(None)))
ZONE_LOCKS = 7_301  # the advisory-lock namespace of "choosing a slot in a zone"
LOCK_ZONE = select(func.pg_advisory_xact_lock(ZONE_LOCKS, func.hashtext(bindparam("zone"))))


def occupancy(session: Session, zones: list[str]) -> dict[tuple[str, int], set[int]]:
    """Occupied slots per (zone, shelf) for the given zones, read to choose a free slot.

    On PostgreSQL the first zone (the item's own) is locked until the transaction ends, so two
    gates filling the same zone take turns instead of choosing the same slot and retrying. (On
    SQLite there is one writer at a time anyway.) A transaction locks one zone at most: locks
    taken in no fixed order by batches (closing a run, shelving a batch) could deadlock, and
    a collision is retried anyway. A shared overflow zone is not locked: it is only reached when
    a zone is full.
    """
    session.flush()  # slots freed or taken earlier in this transaction count
    connection = session.connection()  # begins the transaction, so it is the one this lock belongs to
    transaction = session.get_transaction()
    if zones and session.info.get("zone_locked_in") is not transaction \
            and connection.dialect.name == "postgresql":
        connection.execute(LOCK_ZONE, {"zone": zones[0]})
        session.info["zone_locked_in"] = transaction
    taken: dict[tuple[str, int], set[int]] = defaultdict(set)
    rows = connection.execute(OCCUPIED_SLOTS, {"zones": zones})
    for zone, shelf, slot in rows:
        taken[(zone, shelf)].add(slot)
    return taken
