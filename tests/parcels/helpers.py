from datetime import datetime

from sqlalchemy import func, select

from station.parcels import service
from station.parcels.models import Parcel
from station.siteconfig.service import current_site
from tests.support import NOW


def intake(db, scan, destination="10-2-301", category="express", *, gate="main", now: datetime = NOW,
           actor="li"):
    def run(session):
        site = current_site(session)
        result = service.intake_parcel(session, site=site, scan=scan, destination=destination,
                                       category=category, gate=gate, actor=actor, now=now)
        return result.parcel.code, result.duplicate, result.message
    return db.write(run)


def count_parcels(db) -> int:
    with db.read() as session:
        return session.scalar(select(func.count(Parcel.id)))


def snapshot(db):
    """Everything recorded, to show that a refused request changed nothing."""
    from station.custody.models import CustodyEvent
    from station.parcels.models import Alias

    with db.read() as session:
        return (
            [(p.code, p.status, p.zone, p.shelf, p.slot, p.last_seq) for p in session.scalars(select(Parcel).order_by(Parcel.id))],
            [(a.code, a.parcel_id) for a in session.scalars(select(Alias).order_by(Alias.id))],
            [(e.parcel_id, e.seq, e.hash) for e in session.scalars(select(CustodyEvent).order_by(CustodyEvent.id))],
        )
