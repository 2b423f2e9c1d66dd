"""Collection codes: short, random, one per parcel, never issued twice (the database says so)."""

from __future__ import annotations

import itertools
import threading
from datetime import timedelta

import pytest
from sqlalchemy import select, text, update
from sqlalchemy.exc import IntegrityError

from station import codes
from station.migrations import alembic_config
from station.parcels.models import Parcel
from tests.parcels.helpers import intake
from tests.support import NOW


def code_of(db, scan):
    with db.read() as session:
        return session.scalars(select(Parcel.collection_code).where(Parcel.tracking_number == scan)).one()


def draws(*first):
    """`new_collection_code` giving `first` in turn, then fresh random codes."""
    given = itertools.chain(first, iter(lambda: codes.CROCKFORD[0] and None, 0))
    lock = threading.Lock()
    real = codes.new_collection_code

    def draw():
        with lock:
            value = next(given, None)
        return value or real()
    return draw


def test_a_code_is_six_unambiguous_characters_read_as_typed():
    for _ in range(200):
        code = codes.new_collection_code()
        assert len(code) == 6 and set(code) <= set(codes.CROCKFORD) and not set(code) & set("ILOU")
    assert codes.collection_code_of(" 7k3-qx2 ") == "7K3QX2"
    assert codes.collection_code_of("7O1QXL") == "701QX1"
    assert [codes.collection_code_of(t) for t in ("7K3QX", "7K3QX22", "B10-01-001", "7K3QU2", "", None)] == [None] * 6


def test_every_parcel_gets_its_own_code(db):
    for n in range(5):
        intake(db, f"SF100000000000{n}")
    found = [code_of(db, f"SF100000000000{n}") for n in range(5)]
    assert len(set(found)) == 5 and all(codes.collection_code_of(c) == c for c in found)


def test_a_code_is_not_reused_within_14_days(db, monkeypatch):
    """Nor later: parcels are never deleted and their codes are unique, so a code is issued once."""
    monkeypatch.setattr(codes, "new_collection_code", draws("7K3QX2"))
    intake(db, "SF1000000000001", now=NOW)
    assert code_of(db, "SF1000000000001") == "7K3QX2"
    for days, scan in ((1, "SF1000000000002"), (13, "SF1000000000003"), (15, "SF1000000000004")):
        monkeypatch.setattr(codes, "new_collection_code", draws("7K3QX2", "7K3QX2"))
        intake(db, scan, now=NOW + timedelta(days=days))
        assert code_of(db, scan) not in ("7K3QX2", None)


def test_the_database_refuses_a_code_issued_twice(db):
    intake(db, "SF1000000000001")
    intake(db, "SF1000000000002")
    taken = code_of(db, "SF1000000000001")
    with pytest.raises(IntegrityError):
        db.write(lambda s: s.execute(update(Parcel).where(Parcel.tracking_number == "SF1000000000002")
                                     .values(collection_code=taken)), attempts=1)


def test_two_gates_drawing_the_same_code_at_once_get_two_codes(db, monkeypatch):
    """Threads on SQLite, connections on PostgreSQL: the unique index settles it, the loser draws again."""
    monkeypatch.setattr(codes, "new_collection_code", draws("7K3QX2", "7K3QX2"))
    barrier = threading.Barrier(2)
    errors = []

    def gate(scan):
        try:
            barrier.wait()
            intake(db, scan)
        except Exception as exc:  # noqa: BLE001  (reported below)
            errors.append(exc)

    threads = [threading.Thread(target=gate, args=(f"SF200000000000{n}",)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    got = {code_of(db, f"SF200000000000{n}") for n in range(2)}
    assert len(got) == 2 and "7K3QX2" in got


def test_the_migration_gives_existing_parcels_a_code(sqlite_db, tmp_path):
    from alembic import command

    from station.db import Database

    intake(sqlite_db, "SF1000000000001")
    intake(sqlite_db, "SF1000000000002")
    config = alembic_config(sqlite_db.url)
    with sqlite_db.write_engine.connect() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0009")
        connection.commit()
        assert "collection_code" not in [r[1] for r in connection.execute(text("PRAGMA table_info(parcels)"))]
        command.upgrade(config, "head")
        connection.commit()
    fresh = Database(sqlite_db.url)
    try:
        found = [code_of(fresh, "SF1000000000001"), code_of(fresh, "SF1000000000002")]
    finally:
        fresh.dispose()
    assert len(set(found)) == 2 and all(codes.collection_code_of(c) == c for c in found)
