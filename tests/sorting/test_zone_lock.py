"""On PostgreSQL, choosing a slot locks the item's zone until commit, so two gates take turns."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from station.sorting.service import occupancy


def advisory_locks(session) -> int:
    return session.execute(text(
        "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()")).scalar_one()


def test_a_second_transaction_waits_for_the_zone_and_not_for_the_shared_overflow(db):
    if db.is_sqlite:
        pytest.skip("SQLite has one writer at a time; there is nothing to lock")
    with db.write_engine.connect() as first, db.write_engine.connect() as second:
        from sqlalchemy.orm import Session

        holder, waiter = Session(bind=first), Session(bind=second)
        occupancy(holder, ["B1", "OVF"])
        occupancy(holder, ["B3", "OVF"])  # a batch's second item: one zone lock per transaction at most
        assert advisory_locks(holder) == 1
        occupancy(waiter, ["B2", "OVF"])  # another building: no waiting, the overflow is not locked
        waiter.rollback()
        waiter.execute(text("SET lock_timeout = '300ms'"))
        with pytest.raises(OperationalError, match="lock timeout"):
            occupancy(waiter, ["B1", "OVF"])
        waiter.rollback()
        holder.commit()  # the lock ends with the transaction
        assert advisory_locks(holder) == 0
        occupancy(waiter, ["B1", "OVF"])
        waiter.rollback()
        holder.close()
        waiter.close()
