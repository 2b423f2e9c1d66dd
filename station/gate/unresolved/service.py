"""The exception queue: items in the UNRES zone, and roster rooms that may be theirs."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import case, select
from sqlalchemy.orm import Session

from station.catalogue import parcels as parcel_text
from station.gate.unresolved.rules import room_query
from station.gate.shelves.rules import age_minutes, is_overdue
from station.gate.unresolved.schemas import Candidate, UnresolvedLine
from station.parcels.models import Parcel
from station.residents.models import Household
from station.residents.privacy import mask_name, mask_phone
from station.site import Site


def unresolved_items(session: Session, *, site: Site, now: datetime) -> list[UnresolvedLine]:
    """Items waiting in UNRES for a destination, oldest first."""
    rows = session.scalars(
        select(Parcel)
        .where(Parcel.zone == site.unresolved_zone, Parcel.slot.is_not(None))
        .order_by(Parcel.received_at, Parcel.id)
    )
    lines = []
    for parcel in rows:
        windows = site.categories[parcel.category].windows if parcel.category in site.categories else ()
        lines.append(UnresolvedLine(
            code=parcel.code, pickup_code=parcel.pickup_code, tracking_number=parcel.tracking_number,
            carrier=parcel.carrier, category=parcel.category, status=parcel.status,
            reason=parcel.unresolved_reason or parcel_text.NO_DESTINATION_GIVEN(), gate=parcel.gate,
            received_at=parcel.received_at, age_minutes=age_minutes(parcel.received_at, now),
            overdue=is_overdue(parcel.received_at, windows, now, site.timezone)))
    return lines


def roster_candidates(session: Session, *, site: Site, text: str, limit: int = 12) -> list[Candidate]:
    """Households of the typed building with the typed room, in any unit (the typed unit first).

    Only masked names and phones leave this function.
    """
    query = room_query(text)
    if query is None or query.building not in site.buildings:
        return []
    typed_unit_first = case((Household.unit == query.unit, 0), else_=1) if query.unit else Household.unit
    rows = session.scalars(
        select(Household)
        .where(Household.building == query.building, Household.room == query.room)
        .order_by(typed_unit_first, Household.unit)
        .limit(limit)
    )
    return [Candidate(destination=h.destination, name=mask_name(h.name), phone=mask_phone(h.phone),
                      care=h.care_flags) for h in rows]
