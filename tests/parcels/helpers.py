import sqlite3
from contextlib import contextmanager
from datetime import datetime

from sqlalchemy import event, func, select

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


@contextmanager
def statements_counted(db):
    """Every statement sent to the database while the block runs, SQLAlchemy's and the bare
    driver's alike (intake's hot path uses the driver), listed in the list it yields. The
    transaction's own BEGIN and COMMIT are listed on SQLite, not on PostgreSQL (psycopg sends them)."""
    sent: list[str] = []

    def on_connect(dbapi_connection, _record) -> None:
        if isinstance(dbapi_connection, sqlite3.Connection):
            dbapi_connection.set_trace_callback(sent.append)
            return
        import psycopg

        class Counted(psycopg.Cursor):
            def execute(self, query, *args, **kwargs):
                sent.append(str(query))
                return super().execute(query, *args, **kwargs)

            def executemany(self, query, *args, **kwargs):
                sent.append(str(query))
                return super().executemany(query, *args, **kwargs)

        dbapi_connection.cursor_factory = Counted

    engines = {db.engine, db.write_engine}
    for engine in engines:
        engine.dispose()  # connections made from here on carry the hook
        event.listen(engine, "connect", on_connect)
    try:
        yield sent
    finally:
        for engine in engines:
            event.remove(engine, "connect", on_connect)
            engine.dispose()
