"""`station bench` end to end on a small seeded database: each runs and prints its figures.

No timing is asserted; what is checked is that the figures are of real, successful requests
and that the database still verifies afterwards.
"""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select, text

from station.bench.floor import ENDPOINT
from station.cli import main
from station.custody import states
from station.db import Database
from station.parcels.models import IdempotencyKey, Parcel


def run(*args):
    result = CliRunner().invoke(main, [str(a) for a in args])
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture(scope="module")
def seeded(tmp_path_factory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('bench') / 'bench.db'}"
    out = run("bench", "seed", "--db", url, "--days", "2", "--max", "300", "--min", "200")
    assert "seeded 500 parcels" in out
    return url


def figures(out: str, mode: str) -> list[dict[str, str]]:
    return [dict(re.findall(r"(\w+)=\s*([\d.]+)", line)) for line in out.splitlines()
            if line.strip().startswith(mode + " ")]


def test_seed_writes_chains_that_verify_with_the_category_mix(seeded):
    out = run("bench", "check", "--db", seeded)
    assert "500 parcels" in out and "station check:" in out and "machine:" in out
    with Database(seeded) as db, db.read() as session:
        categories = dict(session.execute(select(Parcel.category, func.count()).group_by(Parcel.category)).all())
    assert set(categories) == {"express", "meal", "fresh", "medicine", "valuable", "bulky"}
    assert categories["express"] > categories["meal"] > categories["valuable"]


def test_intake_bench_takes_items_in_over_http_beside_healthz_and_leaves_the_shelves_free(seeded):
    out = run("bench", "intake", "--db", seeded, "--requests", "40", "--concurrency", "1,4")
    rows = figures(out, "intake")
    assert [row["c"] for row in rows] == ["1", "4"]
    assert all(row["errors"] == "0" and row["n"] == "40" for row in rows)
    assert "x /healthz" in out and "server CPU" in out and "server peak memory" in out
    assert "durable SQLite commit" in out and "intake transaction with its commit" in out
    for mode in ("no-write", "one-row"):  # intake's request without its work, on the same app
        assert [(row["c"], row["errors"], row["n"]) for row in figures(out, mode)] == [
            ("1", "0", "40"), ("4", "0", "40")]
    with Database(seeded) as db, db.read() as session:
        voided = session.scalar(select(func.count(Parcel.id)).where(Parcel.status == states.VOIDED))
        still_on_shelves = session.scalar(select(func.count(Parcel.id)).where(
            Parcel.status == states.RECEIVED, Parcel.slot.is_not(None), Parcel.tracking_number.like("SF%")))
        floor_rows = session.scalar(select(func.count()).select_from(IdempotencyKey).where(
            IdempotencyKey.endpoint == ENDPOINT))
    assert voided >= 80 and still_on_shelves == 0  # the HTTP intakes and the in-process ones
    assert floor_rows == 0  # the one-row floor's rows are removed after the run
    assert "ok:" in run("check", "--db", seeded)


def test_lookup_bench_asks_by_number_and_by_room_without_being_rate_limited(seeded):
    out = run("bench", "lookup", "--db", seeded, "--requests", "30", "--concurrency", "2")
    for mode in ("lookup", "room"):
        [row] = figures(out, mode)
        assert row["errors"] == "0" and row["n"] == "30"


def test_burst_bench_has_each_phone_open_the_link_and_look_up_its_room(seeded):
    out = run("bench", "burst", "--db", seeded, "--phones", "40", "--within", "2", "--seed", "1")
    assert re.search(r"burst: 40 phones within 2 s, at most \d+ at once, [\d.]+ s in all, errors=0", out), out
    for name in ("open the link", "room lookup"):
        assert re.search(name + r" +p50= *[\d.]+ ms p99= *[\d.]+ ms", out), out
    assert "server CPU" in out and "first error" not in out


def test_library_benchmarks_run_under_their_station_names():
    assert "png label" in run("bench", "labels", "--runs", "2", "--sheet-labels", "2", "--floor-lines", "5")


def test_the_accuracy_report_runs_under_its_station_name_and_says_when_a_target_is_missed(tmp_path):
    assert "[met] addresses resolved or flagged right" in run("bench", "accuracy")
    missed = CliRunner().invoke(main, ["bench", "accuracy", "--corpus", str(tmp_path), "--shared", str(tmp_path)])
    assert missed.exit_code == 1


def test_a_seeded_database_takes_new_intakes_on_each_backend(db):
    """The seed gives parcels their ids; the station's own next insert must not collide with them."""
    from station.db import utcnow
    from station.parcels.service import intake_parcel
    from station.siteconfig.service import current_site

    run("bench", "seed", "--db", db.url, "--days", "1", "--max", "50", "--min", "50")
    with db.read() as session:
        site = current_site(session)
    result = db.write(lambda s: intake_parcel(s, site=site, scan="SF7777777777777", destination="10-2-301",
                                              category="express", gate="main", actor="gate1", now=utcnow()))
    assert not result.duplicate and result.parcel.id > 50
    if not db.is_sqlite:  # and the planner has its statistics before anything is measured
        with db.read() as session:
            analysed = session.execute(text(
                "SELECT last_analyze IS NOT NULL FROM pg_stat_user_tables WHERE relname = 'custody_events'")).scalar()
        assert analysed


def test_the_floor_routes_take_intakes_request_and_only_one_row_writes_its_one_row(db):
    from fastapi.testclient import TestClient

    from station.bench.floor import floor_app, forget_rows
    from tests.support import bearer

    def parcels() -> int:
        with db.read() as session:
            return session.scalar(select(func.count(Parcel.id)))

    before = parcels()
    app = floor_app(db.url)
    with TestClient(app) as client:
        body = {"scan": "SF1234567890123", "category": "express"}
        assert client.post("/api/v1/bench/one-row", json=body,
                           headers={"Idempotency-Key": "floor-0"}).status_code == 401  # the token is checked
        for route, key in (("/api/v1/bench/no-write", "floor-a"), ("/api/v1/bench/one-row", "floor-b")):
            answer = client.post(route, json=body, headers={**bearer("gate1"), "Idempotency-Key": key})
            assert answer.status_code == 201 and answer.json()["parcel"] is None
    app.state.db.dispose()
    with db.read() as session:
        keys = session.scalars(select(IdempotencyKey.key).where(IdempotencyKey.endpoint == ENDPOINT)).all()
    assert keys == ["floor-b"] and parcels() == before
    assert forget_rows(db.url) == 1


def test_bench_waybill_reads_generated_photos_and_intake_beside_it():
    out = run("bench", "waybill", "--photos", "2", "--requests", "100")
    assert re.search(r"right [\d.]+%\s+wrong [\d.]+%\s+offered [\d.]+%\s+left [\d.]+%", out)
    assert "per frame, wall: n=2" in out and "plain call" in out
    assert re.search(r"intake throughput beside OCR = [\d.]+ x alone", out)
    assert "errors=0" in out
