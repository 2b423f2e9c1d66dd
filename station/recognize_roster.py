"""The recogniser with the station's site and roster, built once per site and roster version."""

from __future__ import annotations

import threading

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from station.recognize import Recogniser, RosterEntry
from station.residents.models import Household
from station.site import Site

_lock = threading.Lock()
_cached: dict[str, object] = {"key": None, "recogniser": None}
_tracking_only = Recogniser()


def tracking_recogniser() -> Recogniser:
    """For scans: carriers and our codes need neither the site nor the roster."""
    return _tracking_only


def roster_entries(session: Session) -> list[RosterEntry]:
    rows = session.execute(select(Household.id, Household.building, Household.unit, Household.room,
                                  Household.name, Household.phone))
    return [RosterEntry(*row) for row in rows]


def address_recogniser(session: Session, site: Site) -> Recogniser:
    """Addresses against the site and roster; indexed again only when either changes."""
    count, latest = session.execute(select(func.count(Household.id), func.max(Household.updated_at))).one()
    key = (hash(site.source), count, latest)
    with _lock:
        if _cached["key"] != key:
            _cached["recogniser"] = Recogniser(site, roster_entries(session))
            _cached["key"] = key
        return _cached["recogniser"]  # type: ignore[return-value]
