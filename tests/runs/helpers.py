"""Parcels on shelves, ready for a runner: intake, disinfection and shelving through the services."""

from __future__ import annotations

import itertools
from datetime import datetime, timedelta

from sqlalchemy import select

from station.custody.service import events_of
from station.parcels import handling, service
from station.parcels.models import Parcel
from station.runs import outcomes
from station.runs import service as runs
from station.runs.scope import make_scope
from station.siteconfig.service import current_site
from tests.support import NOW

_numbers = itertools.count(1)
READY = NOW + timedelta(minutes=10)  # after the alcohol dwell time of items shelved at NOW


def site_of(db):
    with db.read() as session:
        return current_site(session)


def stock(db, items, *, now: datetime = NOW, shelve: bool = True, method: str = "alcohol") -> list[str]:
    """Take in, disinfect and (by default) shelve items given as (destination, category); their codes."""
    def run(session):
        site = current_site(session)
        codes = []
        for destination, category in items:
            number = f"SF{next(_numbers):013d}"
            parcel = service.intake_parcel(session, site=site, scan=number, destination=destination,
                                           category=category, gate="main", actor="gate1", now=now).parcel
            handling.disinfect(session, parcel, site=site, method=method, actor="gate1", gate="main", now=now)
            if shelve:
                handling.shelve(session, parcel, site=site, actor="gate1", gate="main", now=now)
            codes.append(parcel.code)
        return codes
    return db.write(run)


def claim(db, runner="runner1", *, now: datetime = READY, **scope):
    def run(session):
        site = current_site(session)
        result = runs.claim_run(session, site=site, scope=make_scope(site, **scope), runner=runner,
                                gate="main", now=now)
        return result.run.code, [p.code for p in result.parcels], [p.code for p in result.in_dwell]
    return db.write(run)


def outcome(db, code, key, outcome_, *, reason=None, verification=None, actor="runner1", role="runner",
            now: datetime = READY):
    def run(session):
        site = current_site(session)
        result = outcomes.record_outcome(session, site=site, run=runs.get_run(session, code), key=key,
                                         outcome=outcome_, reason=reason, verification=verification,
                                         actor=actor, role=role, now=now)
        return result.item.outcome, result.replayed
    return db.write(run)


def close(db, code, *, actor="runner1", role="runner", now: datetime = READY):
    def run(session):
        site = current_site(session)
        result = outcomes.close_run(session, site=site, run=runs.get_run(session, code), actor=actor,
                                    role=role, now=now)
        return [(p.code, p.pickup_code) for p in result.shelved]
    return db.write(run)


def parcel_state(db, code):
    with db.read() as session:
        parcel = session.scalars(select(Parcel).where(Parcel.code == code)).one()
        return parcel.status, parcel.slot, [e.type for e in events_of(session, parcel)]
