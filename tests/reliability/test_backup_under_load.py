"""`station backup` while a gate keeps scanning; the backup restores to a database that checks.

The database is first grown past SQLite's one-step size (1,024 pages) with the answers the
station keeps for Idempotency-Keys, as a day of scanning would, so a backup that copied in
steps would be restarted by every commit in between. On PostgreSQL the same goes through
pg_dump/pg_restore into a sibling database.
"""

from __future__ import annotations

import threading
import time
from datetime import timedelta

import pytest
from click.testing import CliRunner
from sqlalchemy import create_engine, func, insert, select, text
from sqlalchemy.engine import make_url

from station.cli import main
from station.db import Database, utcnow
from station.parcels import service
from station.parcels.models import IdempotencyKey, Parcel
from station.siteconfig.service import current_site
from tests.conftest import reset_postgres
from tests.support import NOW

PADDING_ROWS = 6000  # ~1 KB answers each: ~1,500 SQLite pages


def cli(*args) -> tuple[int, str]:
    result = CliRunner().invoke(main, [str(a) for a in args])
    return result.exit_code, result.output


def grow(db: Database) -> None:
    answer = {"parcel": {"code": "P" * 12}, "message": "put it on B10-01 slot 001 " + "." * 900}
    rows = [{"key": f"padding-{n}", "endpoint": "intake", "response": answer,
             "created_at": NOW - timedelta(days=1)} for n in range(PADDING_ROWS)]
    db.write(lambda s: s.execute(insert(IdempotencyKey), rows))


def restore_target(db: Database, tmp_path) -> str:
    if db.is_sqlite:
        return f"sqlite:///{tmp_path / 'restored.db'}"
    url = make_url(db.url)
    target = url.set(database=f"{url.database}_restore")
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        if not connection.execute(text("SELECT 1 FROM pg_database WHERE datname = :name"),
                                  {"name": target.database}).first():
            connection.execute(text(f'CREATE DATABASE "{target.database}"'))
    admin.dispose()
    rendered = target.render_as_string(hide_password=False)
    reset_postgres(rendered)
    return rendered


def parcels_by_code(db: Database) -> dict[str, tuple[int, str]]:
    with db.read() as session:
        return {code: (seq, digest) for code, seq, digest in
                session.execute(select(Parcel.code, Parcel.last_seq, Parcel.last_hash))}


@pytest.mark.slow
def test_backup_while_a_gate_keeps_scanning_restores_and_checks(db, tmp_path):
    grow(db)
    with db.read() as session:
        site = current_site(session)
        if db.is_sqlite:
            size = f"{session.execute(text('PRAGMA page_count')).scalar_one()} pages"
        else:
            kib = session.execute(text("SELECT pg_database_size(current_database())")).scalar_one() // 1024
            size = f"{kib} KiB"
    committed: list[float] = []  # when each intake committed
    stop, errors = threading.Event(), []

    def gate() -> None:
        n = 0
        while not stop.is_set() and n < 1000:  # the demo site's express shelves hold 1,440
            n += 1
            destination = f"{n % 20 + 1}-{n % 3 + 1}-{n % 7 + 1}0{n % 2 + 1}"
            try:
                db.write(lambda s, n=n, destination=destination: service.intake_parcel(
                    s, site=site, scan=f"BK{n:013d}", destination=destination, category="express",
                    gate="main", actor="gate1", now=utcnow()))
            except Exception as exc:  # reported below
                errors.append(repr(exc))
                return
            committed.append(time.monotonic())

    writer = threading.Thread(target=gate)
    writer.start()
    try:
        while len(committed) < 20 and writer.is_alive():
            time.sleep(0.01)
        backup_file = tmp_path / "station.backup"
        began = time.monotonic()
        code, output = cli("backup", "--db", db.url, backup_file)
        ended = time.monotonic()
        while len([t for t in committed if t > ended]) < 20 and writer.is_alive():
            time.sleep(0.01)
    finally:
        stop.set()
        writer.join(timeout=120)
    assert errors == []
    assert code == 0, output
    during = len([t for t in committed if began <= t <= ended])
    before = len([t for t in committed if t < began])

    target = restore_target(db, tmp_path)
    code, output = cli("restore", "--db", target, backup_file)
    assert code == 0, output
    code, check = cli("check", "--db", target)
    assert code == 0, check

    restored_db = Database(target)
    try:
        restored = parcels_by_code(restored_db)
        with restored_db.read() as session:
            kept_keys = session.scalar(select(func.count()).select_from(IdempotencyKey))
    finally:
        restored_db.dispose()
    live = parcels_by_code(db)
    # A snapshot from within the backup's run: at least what was there before, at most what was
    # there after, and every parcel in it exactly as the live station has it.
    assert before <= len(restored) <= len(live)
    assert all(live[code_] == state for code_, state in restored.items())
    assert kept_keys == PADDING_ROWS
    print(f"\n[backup, {db.engine.dialect.name}] database {size}; {before} intakes before the backup, "
          f"{during} while it ran ({ended - began:.2f} s), {len(committed) - before - during} after; "
          f"restored {len(restored)} parcels of the {len(live)} live now; check: {check.strip()}")
