"""Day roots keyed outside the database find what a careful writer does to the log.

Each case below passes the per-parcel chain check (`check_parcels`), as it did before the
roots existed, and is found by `check_seals`.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from sqlalchemy import select, text

from station.custody import seal
from station.custody.chain import GENESIS, event_hash
from station.custody.models import CustodyEvent
from station.custody.service import (check_parcels, check_seals, latest_root, record_event, seal_closed_days,
                                     sealed_root)
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


def sealed_log(db) -> None:
    """Three parcels over two closed days (the last one disinfected too), sealed."""
    intake(db, "SF1111111111111", now=NOW - timedelta(days=2))
    intake(db, "SF2222222222222", destination="10-2-302", now=NOW - timedelta(days=2))
    intake(db, "SF3333333333333", destination="10-1-301", now=NOW - timedelta(days=1))
    victim = parcel_id(db, "SF3333333333333")
    db.write(lambda s: record_event(s, s.get(Parcel, victim), event_type="disinfected", actor="li", gate="main",
                                    now=NOW - timedelta(days=1, minutes=-5), details={"method": "spray"}))
    sealed = db.write(lambda s: seal_closed_days(s, key=KEY, timezone=SITE_TIMEZONE, now=NOW))
    assert [(r.day, r.events) for r in sealed] == [(DAY1, 2), (DAY2, 2)]


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
    sealed_log(db)
    assert findings(db) == ([], [])
    assert db.write(lambda s: seal_closed_days(s, key=KEY, timezone=SITE_TIMEZONE, now=NOW)) == []
    with db.read() as session:
        assert sealed_root(session, DAY2).events == 2


@pytest.mark.parametrize("tamper, sealed, now", [("_delete_parcel", 2, 1), ("_truncate_chain", 2, 1),
                                                  ("_rewrite_event", 2, 2)])
def test_what_a_careful_writer_does_passes_the_chains_and_is_found_by_the_roots(db, tamper, sealed, now):
    sealed_log(db)
    day = globals()[tamper](db)
    chains, seals = findings(db)
    assert chains == []
    assert seals == [f"day {day}: its events were deleted, added or rewritten after it was sealed "
                     f"({sealed} events sealed, {now} now)"]


def test_a_printed_root_finds_a_change_after_the_seals_were_deleted_too(db):
    sealed_log(db)
    with db.read() as session:
        printed = {DAY2: sealed_root(session, DAY2).root}
    _delete_parcel(db)
    db.write(lambda s: s.execute(text("DELETE FROM custody_seals")))
    assert findings(db) == ([], [])  # nothing stored is left to compare with
    assert findings(db, printed=printed)[1] == [
        f"day {DAY2}: the log no longer gives the root printed for it, and its seal is missing"]


def test_a_missing_seal_in_the_middle_is_named_and_the_wrong_key_fails_every_day(db):
    intake(db, "SF4444444444444", now=NOW - timedelta(days=3))
    sealed = db.write(lambda s: seal_closed_days(s, key=KEY, timezone=SITE_TIMEZONE, now=NOW))
    assert len(sealed) == 3
    db.write(lambda s: s.execute(text("DELETE FROM custody_seals WHERE day = :day"), {"day": DAY1}))
    assert findings(db)[1] == [f"the seals of the days from {DAY1} to {DAY1} are missing"]
    assert len(findings(db, key=bytes(32))[1]) == 3


def _delete_parcel(db):
    victim = parcel_id(db, "SF2222222222222")
    with as_writer(db) as connection:
        for table, column in (("custody_events", "parcel_id"), ("aliases", "parcel_id"), ("parcels", "id")):
            connection.execute(text(f"DELETE FROM {table} WHERE {column} = :id"), {"id": victim})
        connection.commit()
    return DAY1


def _truncate_chain(db):
    victim = parcel_id(db, "SF3333333333333")
    with db.read() as session:
        first = session.scalars(select(CustodyEvent).where(CustodyEvent.parcel_id == victim,
                                                           CustodyEvent.seq == 1)).one()
    with as_writer(db) as connection:
        connection.execute(text("DELETE FROM custody_events WHERE parcel_id = :id AND seq = 2"), {"id": victim})
        connection.execute(text("UPDATE parcels SET last_seq = 1, last_hash = :hash, status = 'received' "
                                "WHERE id = :id"), {"hash": first.hash, "id": victim})
        connection.commit()
    return DAY2


def _rewrite_event(db):
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
    return DAY1


@pytest.mark.parametrize("tamper", [_delete_parcel, _truncate_chain, _rewrite_event])
def test_station_check_with_the_key_exits_1_naming_the_day(db, tmp_path, tamper, monkeypatch):
    from click.testing import CliRunner

    from station import db as station_db
    from station.cli import main
    from station.keyfile import create_custody_key

    sealed_log(db)
    db.write(lambda s: s.execute(text("DELETE FROM custody_seals")))  # station check seals them itself
    key = tmp_path / "custody.key"
    create_custody_key(key)
    monkeypatch.setattr(station_db, "utcnow", lambda: NOW)
    monkeypatch.setattr("station.cli.utcnow", lambda: NOW)
    first = CliRunner().invoke(main, ["check", "--db", db.url, "--key", str(key)])
    assert first.exit_code == 0, first.output
    assert f"custody root of {DAY2} (2 events that day): {DAY2}:" in first.output
    printed = re.search(rf"{DAY2}:[0-9a-f]{{64}}", first.output).group(0)
    day = tamper(db)
    after = CliRunner().invoke(main, ["check", "--db", db.url, "--key", str(key)])
    assert after.exit_code == 1
    assert f"custody log: day {day}: its events were deleted, added or rewritten after it was sealed" in after.output
    db.write(lambda s: s.execute(text("DELETE FROM custody_seals")))
    against_print = CliRunner().invoke(main, ["check", "--db", db.url, "--key", str(key), "--root", printed])
    assert against_print.exit_code == 1
    assert f"day {DAY2}: the log no longer gives the root printed for it" in against_print.output


def test_station_init_makes_the_key_once_readable_by_its_owner_alone(tmp_path):
    from click.testing import CliRunner

    from station.cli import main

    key = tmp_path / "custody.key"
    db_url = f"sqlite:///{tmp_path / 'station.db'}"
    made = CliRunner().invoke(main, ["init", "--demo", "small", "--db", db_url, "--key", str(key)])
    assert made.exit_code == 0, made.output
    assert "custody key made" in made.output and oct(key.stat().st_mode)[-3:] == "600"
    content = key.read_text()
    again = CliRunner().invoke(main, ["init", "--demo", "small", "--db", db_url, "--key", str(key), "--if-empty"])
    assert "custody key made" not in again.output and key.read_text() == content


def test_a_days_export_and_a_closed_stocktake_carry_the_root_the_station_sealed(db, tmp_path):
    import io

    from fastapi.testclient import TestClient
    from openpyxl import load_workbook

    from station.app import create_app
    from station.config import Settings
    from station.keyfile import create_custody_key
    from tests.support import bearer

    sealed_log(db)
    db.write(lambda s: s.execute(text("DELETE FROM custody_seals")))
    create_custody_key(tmp_path / "custody.key")
    app = create_app(Settings(database_url=db.url, custody_key_file=tmp_path / "custody.key"), db=db)
    with TestClient(app, headers=bearer("lead")) as lead:
        book = load_workbook(io.BytesIO(lead.get(f"/dashboard/export/day.xlsx?date={DAY2}").content))
        with db.read() as session:
            root = sealed_root(session, DAY2)
        about = {row[0].value: row[1].value for row in book["About"].iter_rows()}
        assert about["custody root"] == seal.printed(root) and root.events == 2
        started = lead.post("/runs/stocktake", headers={"Origin": "http://testserver"}, follow_redirects=False)
        page = lead.post(started.headers["location"] + "/close", headers={"Origin": "http://testserver"})
        assert page.status_code == 200 and "<code>" in page.text
        with db.read() as session:
            assert seal.printed(latest_root(session)) in page.text

