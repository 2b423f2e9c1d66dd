"""Day roots keyed outside the database find what a careful writer does to the log.

Each case below passes the per-parcel chain check (`check_parcels`), as it did before the
roots existed, and is found by `check_seals`.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select, text

from station.custody import seal
from station.custody.chain import GENESIS, event_hash
from station.custody.models import CustodyEvent
from station.custody.service import check_parcels, check_seals, seal_closed_days, sealed_root
from station.parcels.models import Parcel
from tests.parcels.helpers import intake
from tests.support import NOW, SITE_TIMEZONE

KEY = bytes(range(32))
DAY1, DAY2 = date(2026, 11, 25), date(2026, 11, 26)
LINES = [seal.Line("P1", 1, "a" * 64), seal.Line("P1", 2, "b" * 64), seal.Line("P2", 1, "c" * 64)]


def test_a_root_covers_every_event_and_the_day_before():
    root = seal.day_root(KEY, DAY1, LINES, previous=seal.GENESIS_ROOT)
    assert root.events == 3
    assert seal.day_root(KEY, DAY1, list(reversed(LINES)), previous=seal.GENESIS_ROOT) == root
    for changed in (LINES[:2], LINES + [seal.Line("P3", 1, "d" * 64)],
                    [LINES[0], seal.Line("P1", 2, "e" * 64), LINES[2]]):
        assert seal.day_root(KEY, DAY1, changed, previous=seal.GENESIS_ROOT).root != root.root
    assert seal.day_root(KEY, DAY1, LINES, previous="1" * 64).root != root.root
    assert seal.day_root(bytes(32), DAY1, LINES, previous=seal.GENESIS_ROOT).root != root.root


def test_a_printed_root_reads_back():
    root = seal.day_root(KEY, DAY1, LINES, previous=seal.GENESIS_ROOT)
    assert seal.parse_printed(seal.printed(root)) == (DAY1, root.root)
    with pytest.raises(ValueError, match="2026-11-27:"):
        seal.parse_printed("2026-11-25:not-hex")


def two_sealed_days(db) -> None:
    """Three parcels over two closed days, handled and sealed."""
    intake(db, "SF1111111111111", now=NOW - timedelta(days=2))
    intake(db, "SF2222222222222", destination="10-2-302", now=NOW - timedelta(days=2))
    intake(db, "SF3333333333333", destination="10-1-301", now=NOW - timedelta(days=1))
    sealed = db.write(lambda s: seal_closed_days(s, key=KEY, timezone=SITE_TIMEZONE, now=NOW))
    assert [(r.day, r.events) for r in sealed] == [(DAY1, 2), (DAY2, 1)]


def findings(db, key=KEY, printed=None) -> tuple[list[str], list[str]]:
    with db.read() as session:
        chains = [f.problem for f in check_parcels(session)]
        seals = [f.problem for f in check_seals(session, key=key, timezone=SITE_TIMEZONE, printed=printed)]
    return chains, seals


def as_writer(db):
    """A connection of someone who can write anything: the append-only triggers dropped first."""
    connection = db.write_engine.connect()
    if db.is_sqlite:
        connection.execute(text("DROP TRIGGER custody_events_no_update"))
        connection.execute(text("DROP TRIGGER custody_events_no_delete"))
    else:
        connection.execute(text("DROP TRIGGER custody_events_append_only ON custody_events"))
    return connection


def parcel_id(db, tracking: str) -> int:
    with db.read() as session:
        return session.scalar(select(Parcel.id).where(Parcel.tracking_number == tracking))


def test_an_honest_log_verifies_and_is_sealed_once(db):
    two_sealed_days(db)
    assert findings(db) == ([], [])
    assert db.write(lambda s: seal_closed_days(s, key=KEY, timezone=SITE_TIMEZONE, now=NOW)) == []
    with db.read() as session:
        assert sealed_root(session, DAY2).events == 1


def test_a_deleted_parcel_is_found(db):
    two_sealed_days(db)
    victim = parcel_id(db, "SF2222222222222")
    with as_writer(db) as connection:
        for table, column in (("custody_events", "parcel_id"), ("aliases", "parcel_id"), ("parcels", "id")):
            connection.execute(text(f"DELETE FROM {table} WHERE {column} = :id"), {"id": victim})
        connection.commit()
    chains, seals = findings(db)
    assert chains == []
    assert seals == [f"day {DAY1}: its events were deleted, added or rewritten after it was sealed "
                     "(2 events sealed, 1 now)"]


def test_a_truncated_chain_with_its_pointer_rolled_back_is_found(db):
    two_sealed_days(db)
    victim = parcel_id(db, "SF3333333333333")
    with db.write_engine.connect() as connection:
        connection.execute(text("UPDATE parcels SET status = 'received' WHERE id = :id"), {"id": victim})
        connection.commit()
    # the parcel has one event; add a second honest one so that there is something to cut
    from station.custody.service import record_event

    def disinfect(session):
        parcel = session.get(Parcel, victim)
        record_event(session, parcel, event_type="disinfected", actor="li", gate="main",
                     now=NOW - timedelta(days=1) + timedelta(minutes=5), details={"method": "spray"})
    db.write(disinfect)
    db.write(lambda s: s.execute(text("DELETE FROM custody_seals")))
    db.write(lambda s: seal_closed_days(s, key=KEY, timezone=SITE_TIMEZONE, now=NOW))
    with db.read() as session:
        first = session.scalars(select(CustodyEvent).where(CustodyEvent.parcel_id == victim, CustodyEvent.seq == 1)).one()
    with as_writer(db) as connection:
        connection.execute(text("DELETE FROM custody_events WHERE parcel_id = :id AND seq = 2"), {"id": victim})
        connection.execute(text("UPDATE parcels SET last_seq = 1, last_hash = :hash, status = 'received' "
                                "WHERE id = :id"), {"hash": first.hash, "id": victim})
        connection.commit()
    chains, seals = findings(db)
    assert chains == []
    assert seals == [f"day {DAY2}: its events were deleted, added or rewritten after it was sealed "
                     "(2 events sealed, 1 now)"]


def test_a_rewritten_and_rehashed_event_is_found(db):
    two_sealed_days(db)
    victim = parcel_id(db, "SF1111111111111")
    with db.read() as session:
        parcel = session.get(Parcel, victim)
        event = session.scalars(select(CustodyEvent).where(CustodyEvent.parcel_id == victim)).one()
        forged = event_hash(prev_hash=GENESIS, parcel_code=parcel.code, seq=1, event_type=event.type,
                            actor="mallory", gate=event.gate, at=event.at, details=event.details)
    with as_writer(db) as connection:
        connection.execute(text("UPDATE custody_events SET actor = 'mallory', hash = :hash WHERE id = :id"),
                           {"hash": forged, "id": event.id})
        connection.execute(text("UPDATE parcels SET last_hash = :hash WHERE id = :id"), {"hash": forged, "id": victim})
        connection.commit()
    chains, seals = findings(db)
    assert chains == []
    assert seals == [f"day {DAY1}: its events were deleted, added or rewritten after it was sealed "
                     "(2 events sealed, 2 now)"]


def test_a_printed_root_finds_a_change_after_the_seals_were_deleted_too(db):
    two_sealed_days(db)
    with db.read() as session:
        printed = {DAY2: sealed_root(session, DAY2).root}
    victim = parcel_id(db, "SF2222222222222")
    with as_writer(db) as connection:
        for table, column in (("custody_events", "parcel_id"), ("aliases", "parcel_id"), ("parcels", "id")):
            connection.execute(text(f"DELETE FROM {table} WHERE {column} = :id"), {"id": victim})
        connection.execute(text("DELETE FROM custody_seals"))
        connection.commit()
    assert findings(db) == ([], [])  # nothing stored is left to compare with
    assert findings(db, printed=printed)[1] == [
        f"day {DAY2}: the log no longer gives the root printed for it, and its seal is missing"]


def test_a_missing_seal_in_the_middle_is_named_and_the_wrong_key_fails_every_day(db):
    intake(db, "SF4444444444444", now=NOW - timedelta(days=3))
    two_sealed_days_after = db.write(lambda s: seal_closed_days(s, key=KEY, timezone=SITE_TIMEZONE, now=NOW))
    assert len(two_sealed_days_after) == 3
    db.write(lambda s: s.execute(text("DELETE FROM custody_seals WHERE day = :day"), {"day": DAY1}))
    assert findings(db)[1] == [f"the seals of the days from {DAY1} to {DAY1} are missing"]
    assert len(findings(db, key=bytes(32))[1]) == 3
