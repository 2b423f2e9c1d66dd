from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from station import codes
from station.catalogue import Said
from station.catalogue import residents as residents_text
from station.db import get_or_not_found
from station.custody.states import FINAL
from station.parcels.models import Parcel
from station.residents.models import Household
from station.residents.roster import Rejected, RosterRow


@dataclass
class ImportReport:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list[Rejected] = field(default_factory=list)

    def summary(self) -> Said:
        return residents_text.ROSTER_IMPORTED(added=self.added, updated=self.updated, unchanged=self.unchanged,
                                              rejected=len(self.rejected))


def import_roster(session: Session, parsed: Iterable[tuple[int, RosterRow | Rejected]], *,
                  now: datetime) -> ImportReport:
    """Add or update households by building-unit-room; importing the same file twice changes nothing."""
    report = ImportReport()
    existing = {(h.building, h.unit, h.room): h for h in session.scalars(select(Household))}
    for _number, row in parsed:
        if isinstance(row, Rejected):
            report.rejected.append(row)
            continue
        values = {"name": row.name, "phone": row.phone,
                  "elderly_alone": "elderly_alone" in row.care, "pregnant": "pregnant" in row.care,
                  "chronic_medicine": "chronic_medicine" in row.care}
        household = existing.get((row.building, row.unit, row.room))
        if household is None:
            household = Household(building=row.building, unit=row.unit, room=row.room,
                                  code=codes.new_code(codes.HOUSEHOLD_PREFIX), updated_at=now, **values)
            session.add(household)
            existing[(row.building, row.unit, row.room)] = household
            report.added += 1
        elif any(getattr(household, key) != value for key, value in values.items()):
            for key, value in values.items():
                setattr(household, key, value)
            household.updated_at = now
            report.updated += 1
        else:
            report.unchanged += 1
    session.flush()
    return report


def get_household(session: Session, household_id: int) -> Household:
    return get_or_not_found(session, Household, household_id, residents_text.NO_HOUSEHOLD(number=household_id))


def renew_household_code(session: Session, *, household_id: int, now: datetime) -> str:
    """A lost household card: a new code, so the old card no longer collects anything."""
    household = get_household(session, household_id)
    household.code = _unused_household_code(session)
    household.updated_at = now
    session.flush()
    return household.destination


def _unused_household_code(session: Session) -> str:
    while True:
        code = codes.new_code(codes.HOUSEHOLD_PREFIX)
        if session.scalars(select(Household.id).where(Household.code == code)).first() is None:
            return code


@dataclass(frozen=True)
class Waiting:
    label: str
    category: str
    code: str  # the item's collection code: this page is the household's own


def waiting_items(session: Session, household: Household) -> list[Waiting]:
    """The household's items not yet handed over, with their collection codes, for its card."""
    rows = session.scalars(select(Parcel).where(Parcel.household_id == household.id,
                                                Parcel.status.not_in(sorted(FINAL)))
                           .order_by(Parcel.received_at).limit(30))
    return [Waiting(p.tracking_number or p.code, p.category, p.collection_code) for p in rows]
