"""Parcels made the way the gate makes them: through the intake service and the custody rules."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select

from station.parcels import handling, service
from station.residents.models import Household
from station.siteconfig.service import current_site
from tests.support import earlier_today


def households(db, count: int = 2) -> list[Household]:
    """Roster households with a phone, in different buildings."""
    with db.read() as session:
        found: dict[str, Household] = {}
        for household in session.scalars(select(Household).where(Household.phone.is_not(None))
                                         .order_by(Household.id)):
            found.setdefault(household.building, household)
            if len(found) == count:
                return list(found.values())
    raise AssertionError("the demo roster has too few households")


def empty_room(db) -> str:
    """A room of the site that has no roster entry."""
    with db.read() as session:
        site = current_site(session)
        taken = {(h.building, h.unit, h.room) for h in session.scalars(select(Household))}
    for building in site.buildings.values():
        for unit in range(1, building.units + 1):
            for room in building.rooms():
                if (building.code, unit, room) not in taken:
                    return f"{building.code}-{unit}-{room}"
    raise AssertionError("every room has a household")


def receive(db, scan: str, destination: str | None, *, category: str | None = "express",
            at: datetime | None = None, disinfect: bool = False, shelve: bool = False,
            actor: str = "张志愿") -> str:
    """Intake (and optionally disinfection and shelving) at `at`, by default earlier today; returns the code."""
    at = at or earlier_today(30)

    def run(session):
        site = current_site(session)
        parcel = service.intake_parcel(session, site=site, scan=scan, destination=destination,
                                       category=category, gate="main", actor=actor, now=at).parcel
        if disinfect:
            handling.disinfect(session, parcel, site=site, method="alcohol", actor=actor, gate="main",
                               now=at + timedelta(minutes=2))
        if shelve:
            handling.shelve(session, parcel, site=site, actor=actor, gate="main", now=at + timedelta(minutes=3))
        return parcel.code

    return db.write(run)


def site_of(db):
    with db.read() as session:
        return current_site(session)


def act(db, key: str, fn, **kwargs):
    def run(session):
        parcel = service.get_parcel(session, key)
        fn(session, parcel, **kwargs)
        return parcel.status

    return db.write(run)
