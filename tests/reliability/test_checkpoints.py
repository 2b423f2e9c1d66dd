"""The web server's SQLite writers never checkpoint the WAL themselves; a thread of its own does."""

from __future__ import annotations

import time

from sqlalchemy import text

from station import engines
from station.db import Database

ROWS, ROW_BYTES = 2000, 2000


def fill(db: Database) -> None:
    db.write(lambda s: s.execute(text("CREATE TABLE filler (n INTEGER, data BLOB)")))
    for start in range(0, ROWS, 200):
        db.write(lambda s, start=start: s.execute(
            text("INSERT INTO filler VALUES (:n, randomblob(:size))"),
            [{"n": n, "size": ROW_BYTES} for n in range(start, start + 200)]))


def autocheckpoint(db: Database) -> int:
    with db.write_engine.connect() as connection:
        return connection.exec_driver_sql("PRAGMA wal_autocheckpoint").scalar_one()


def test_background_checkpoints_copy_the_wal_into_the_database_file(tmp_path):
    path = tmp_path / "station.db"
    with Database(f"sqlite:///{path}", background_checkpoints=True) as db:
        assert autocheckpoint(db) == 0
        fill(db)
        deadline = time.monotonic() + 30
        while path.stat().st_size < ROWS * ROW_BYTES and time.monotonic() < deadline:
            time.sleep(0.1)
        assert path.stat().st_size >= ROWS * ROW_BYTES  # the rows reached the database file
        with db.read() as session:
            assert session.execute(text("SELECT count(*) FROM filler")).scalar_one() == ROWS


def test_after_a_burst_the_wal_file_shrinks_back_once_it_is_checkpointed(tmp_path, monkeypatch):
    monkeypatch.setattr(engines, "WAL_SIZE_LIMIT", 256 * 1024)
    path = tmp_path / "station.db"
    wal = tmp_path / "station.db-wal"
    with Database(f"sqlite:///{path}", background_checkpoints=True) as db:
        fill(db)  # about 4 MB in the WAL
        assert wal.stat().st_size > ROWS * ROW_BYTES
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:  # the first write after a whole checkpoint cuts it back
            db.write(lambda s: s.execute(text("INSERT INTO filler VALUES (-1, NULL)")))
            if wal.stat().st_size <= 256 * 1024:
                break
            time.sleep(0.1)
        assert wal.stat().st_size <= 256 * 1024


def test_without_them_a_writer_checkpoints_as_sqlite_does_by_default(tmp_path):
    with Database(f"sqlite:///{tmp_path / 'station.db'}") as db:
        assert autocheckpoint(db) == 1000
