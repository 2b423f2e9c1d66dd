"""The dashboard, audit trail and export routes: who may see them, and what they show."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from sqlalchemy import func, select, text, update

from station.app import create_app
from station.cli import main
from station.config import Settings
from station.custody.models import CustodyEvent
from station.dashboard.days import today
from station.db import utcnow
from station.parcels import handling
from station.parcels.models import Parcel
from station.residents.models import Household
from station.siteconfig.service import current_site
from tests.parcels.helpers import intake
from tests.support import bearer, earlier_today


@pytest.fixture
def app(db):
    return create_app(Settings(database_url=db.url), db=db)


def client_of(app, name: str | None) -> TestClient:
    return TestClient(app, follow_redirects=False, headers=bearer(name) if name else {})


def handle(db, code: str, fn, **kwargs):
    def run(session):
        site = current_site(session)
        parcel = session.scalars(select(Parcel).where(Parcel.code == code)).one()
        fn(session, parcel, **({"site": site} if "site" in fn.__code__.co_varnames else {}), **kwargs)
    db.write(run)


def shelved_parcel(db, scan="SF1234567890123", destination="10-2-301", category="express"):
    """An item received, disinfected and shelved earlier today (the gate's clock)."""
    now = earlier_today(30)
    code, _, _ = intake(db, scan, destination, category, now=now)
    handle(db, code, handling.disinfect, method="alcohol", actor="d1", gate="main", now=now + timedelta(minutes=1))
    handle(db, code, handling.shelve, actor="d1", gate="main", now=now + timedelta(minutes=2))
    return code


def events_in_db(db, code: str) -> list[tuple]:
    with db.read() as session:
        return list(session.execute(select(CustodyEvent.seq, CustodyEvent.type, CustodyEvent.hash)
                                    .join(Parcel).where(Parcel.code == code).order_by(CustodyEvent.seq)))


def test_the_dashboard_is_for_gate_volunteers_and_coordinators(app):
    assert client_of(app, None).get("/dashboard").status_code == 303  # to the sign-in page
    assert client_of(app, None).get("/api/v1/dashboard").status_code == 401
    assert client_of(app, "runner1").get("/dashboard").status_code == 403
    assert client_of(app, "disinfect1").get("/api/v1/dashboard").status_code == 403
    gate = client_of(app, "gate1").get("/dashboard")
    assert gate.status_code == 200 and "/dashboard/export/" not in gate.text  # read-only: no exports
    lead = client_of(app, "lead").get("/dashboard")
    assert lead.status_code == 200 and "/dashboard/export/day.xlsx" in lead.text
    assert 'src="/static/dashboard-refresh.js" data-seconds="60"' in lead.text  # today's page refreshes itself


@pytest.mark.parametrize("path", ["/dashboard/audit?q=10-2-301", "/dashboard/export/day.csv",
                                  "/dashboard/export/day.xlsx", "/dashboard/export/day.pdf",
                                  "/dashboard/export/custody.csv"])
def test_audit_and_exports_are_for_coordinators_only(app, path):
    assert client_of(app, "gate1").get(path).status_code == 403
    assert client_of(app, "runner1").get(path).status_code == 403
    assert client_of(app, "lead").get(path).status_code == 200


def test_the_json_twin_counts_what_the_database_holds(app, db):
    shelved_parcel(db)
    shelved_parcel(db, "YT1234567890123", "3-1-101", "medicine")
    data = client_of(app, "lead").get("/api/v1/dashboard").json()
    with db.read() as session:
        waiting = session.scalar(select(func.count(Parcel.id)).where(Parcel.status == "shelved"))
    assert data["totals"]["received"] == 2 and data["totals"]["on_shelf"] == waiting == 2
    assert data["care_total"] == 1 and data["care_waiting"][0]["category"] == "medicine"
    assert sum(data["hourly"]["received"]) == 2


def test_a_bad_date_is_explained(app):
    page = client_of(app, "lead").get("/dashboard?date=2026-13-40")
    assert page.status_code == 422 and "2026-11-27" in page.text
    assert client_of(app, "lead").get("/api/v1/dashboard?date=yesterday").status_code == 422
    assert client_of(app, "lead").get("/dashboard/export/day.doc").status_code == 422


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31", "1999-12-31"])
def test_a_day_beyond_any_report_is_refused_not_a_server_error(app, day):
    lead = client_of(app, "lead")
    for path in ("/dashboard", "/api/v1/dashboard", "/dashboard/export/day.csv", "/dashboard/export/day.xlsx",
                 "/dashboard/export/day.pdf"):
        answer = lead.get(path, params={"date": day, "lang": "en"})
        assert answer.status_code == 422, (path, answer.status_code)
    assert "2000-01-01" in lead.get("/api/v1/dashboard", params={"date": day}).json()["detail"]


def test_the_audit_trail_finds_a_parcel_by_any_of_its_codes(app, db):
    code = shelved_parcel(db)
    with db.read() as session:
        pickup = session.scalars(select(Parcel.pickup_code).where(Parcel.code == code)).one()
    db.write(lambda s: handling.add_alias(s, s.scalars(select(Parcel).where(Parcel.code == code)).one(),
                                          site=current_site(s), code="JD-ORDER-778899", actor="gate1",
                                          gate="main", now=utcnow()))
    lead = client_of(app, "lead")
    for key in (code, "SF1234567890123", "sf 1234 5678 90123", pickup, "JD-ORDER-778899"):
        page = lead.get("/dashboard/audit", params={"q": key})
        assert page.status_code == 200, key
        assert code in page.text
    page = lead.get("/dashboard/audit", params={"q": code, "lang": "en"})
    events = events_in_db(db, code)
    assert [t for _s, t, _h in events] == ["received", "disinfected", "shelved", "note"]
    assert f"The hash chain of its {len(events)} events verifies" in page.text
    for seq, _type, digest in events:
        assert digest[:10] in page.text
    assert "received at the gate" in page.text and "JD-ORDER-778899" in page.text


def test_the_trail_says_why_an_item_was_unresolved_in_the_readers_language(app, db):
    code, _, _ = intake(db, "SF1234567890123", None)
    lead = client_of(app, "lead")
    assert "未填写去向" in lead.get("/dashboard/audit", params={"q": code}).text
    assert "no destination given" in lead.get("/dashboard/audit", params={"q": code, "lang": "en"}).text


@pytest.mark.parametrize(("lang", "reason"), [("zh_CN", "待确认原因：未填写去向"),
                                             ("en", "why unresolved: no destination given")])
def test_the_custody_export_says_why_an_item_was_unresolved_in_the_readers_language(app, db, lang, reason):
    code, _, _ = intake(db, "SF1234567890123", None)
    log = client_of(app, "lead").get("/dashboard/export/custody.csv", params={"lang": lang})
    received = next(csv.DictReader(io.StringIO(log.content.decode("utf-8-sig"))))
    assert received["parcel_code"] == code and reason in received["details_words"]
    assert '"code": "parcel.no_destination_given"' in received["details"]  # what the hash chain covers, for programs


def test_a_correction_is_a_new_event_and_the_old_ones_stay_as_they_were(app, db):
    code = shelved_parcel(db)
    before = events_in_db(db, code)
    handle(db, code, handling.move, zone="OVF", actor="lead", gate="main", now=utcnow(), note="B10 shelf broken")
    after = events_in_db(db, code)
    assert after[:len(before)] == before and after[-1][1] == "moved" and len(after) == len(before) + 1
    page = client_of(app, "lead").get("/dashboard/audit", params={"q": code, "lang": "en"})
    assert "B10 shelf broken" in page.text and "moved" in page.text
    assert f"The hash chain of its {len(after)} events verifies" in page.text


def test_an_edited_event_shows_the_chain_broken(app, db):
    code = shelved_parcel(db)
    with db.write_engine.begin() as connection:
        if db.is_sqlite:
            connection.execute(text("DROP TRIGGER custody_events_no_update"))
        else:
            connection.execute(text("DROP TRIGGER custody_events_append_only ON custody_events"))
        connection.execute(update(CustodyEvent).where(CustodyEvent.seq == 2).values(actor="mallory"))
    page = client_of(app, "lead").get("/dashboard/audit", params={"q": code, "lang": "en"})
    assert "The hash chain breaks at event #2" in page.text and "edited after it was written" in page.text


def test_a_rooms_parcels_are_listed_with_masked_names_and_phones(app, db):
    shelved_parcel(db, "SF1111111111111", "10-2-301")
    shelved_parcel(db, "SF2222222222222", "10-2-301", "meal")
    shelved_parcel(db, "SF3333333333333", "10-2-302")
    with db.read() as session:
        household = session.scalars(select(Household).where(
            Household.building == "10", Household.unit == 2, Household.room == "301")).one()
    page = client_of(app, "lead").get("/dashboard/audit", params={"q": "10栋2单元301室", "lang": "en"})
    assert page.status_code == 200
    assert "SF1111111111111" in page.text and "SF2222222222222" in page.text
    assert "SF3333333333333" not in page.text
    assert household.name not in page.text and household.phone not in page.text
    assert household.name[0] + "*" in page.text and household.phone[-4:] in page.text


@pytest.mark.parametrize("query, status, words", [
    ("SF9999999999999", 404, "no parcel or room is known"),
    ("99-1-101", 422, "no building 99"),
    ("x" * 120, 422, "at most"),
])
def test_a_search_that_finds_nothing_says_why(app, query, status, words):
    page = client_of(app, "lead").get("/dashboard/audit", params={"q": query, "lang": "en"})
    assert page.status_code == status and words in page.text


def test_the_export_routes_send_files_that_open(app, db):
    code = shelved_parcel(db)
    lead = client_of(app, "lead")
    day = today(utcnow(), "Asia/Shanghai")
    sheet = lead.get(f"/dashboard/export/day.csv?date={day}")
    assert sheet.headers["content-disposition"] == f'attachment; filename="station-day-{day}.csv"'
    rows = list(csv.reader(io.StringIO(sheet.content.decode("utf-8-sig"))))
    assert rows[1][:5] == ["10", "G3", "express", "快递", "1"] and rows[-1][:5] == ["total", "", "", "", "1"]
    book = load_workbook(io.BytesIO(lead.get(f"/dashboard/export/day.xlsx?date={day}").content))
    assert book["Day"]["D2"].value == 1
    assert lead.get(f"/dashboard/export/day.pdf?date={day}").content.startswith(b"%PDF")
    log = lead.get("/dashboard/export/custody.csv")
    lines = list(csv.DictReader(io.StringIO(log.content.decode("utf-8-sig"))))
    assert [(line["parcel_code"], line["seq"], line["type"]) for line in lines] == [
        (code, "1", "received"), (code, "2", "disinfected"), (code, "3", "shelved")]
    assert log.headers["cache-control"] == "no-store"


def test_the_export_command_writes_each_format(db, tmp_path):
    shelved_parcel(db)
    day = today(utcnow(), "Asia/Shanghai")
    for fmt in ("csv", "xlsx", "pdf"):
        target = tmp_path / f"day.{fmt}"
        result = CliRunner().invoke(main, ["export", "--db", db.url, "--date", str(day), "--format", fmt,
                                           "-o", str(target)])
        assert result.exit_code == 0, result.output
        assert "1 received" in result.output and target.stat().st_size > 100
    result = CliRunner().invoke(main, ["export", "--db", db.url, "--custody", "-o", str(tmp_path / "log.csv")])
    assert result.exit_code == 0, result.output
    assert len((tmp_path / "log.csv").read_text(encoding="utf-8-sig").splitlines()) == 1 + 3
    bad = CliRunner().invoke(main, ["export", "--db", db.url, "--date", "27.11.2026", "-o", str(tmp_path / "x.csv")])
    assert bad.exit_code == 1 and "2026-11-27" in bad.output and not (tmp_path / "x.csv").exists()


def test_demo_day_plays_once_per_day_and_refuses_to_play_it_again(db):
    args = ["demo-day", "--db", db.url, "--date", "2026-11-01", "--items", "60", "--seed", "4"]
    first = CliRunner().invoke(main, args)
    assert first.exit_code == 0, first.output
    assert "planned 60 items; received 60" in first.output and "s CPU" in first.output
    with db.read() as session:
        events = session.scalar(select(func.count(CustodyEvent.id)))
    again = CliRunner().invoke(main, args)
    assert again.exit_code == 1 and "already has 60 items received on 2026-11-01" in again.output
    with db.read() as session:
        assert session.scalar(select(func.count(CustodyEvent.id))) == events
    assert CliRunner().invoke(main, ["check", "--db", db.url]).exit_code == 0


def test_a_demo_day_on_full_shelves_refuses_items_at_the_gate_and_keeps_the_log_whole(db):
    from station.dashboard.days import Day
    from station.demo.day import play_day
    from station.siteconfig.service import store_site
    from tests.support import DEMO, NOW

    tiny = (DEMO / "small.toml").read_text(encoding="utf-8").replace("shelves = 2\nslots = 30", "shelves = 1\nslots = 2")
    tiny = tiny.replace("shelves = 4\nslots = 60", "shelves = 1\nslots = 3")  # the overflow zone
    db.write(lambda s: store_site(s, toml=tiny, source="tiny.toml", actor="test", now=NOW))
    day = Day(today(NOW, "Asia/Shanghai").date - timedelta(days=3), "Asia/Shanghai")
    result = play_day(db, day=day, items=250, seed=9)
    assert result.refused and all("full" in why for why in result.refused.values())
    assert result.received + len(result.refused) == 250
    with db.read() as session:
        assert session.scalar(select(func.count(Parcel.id))) == result.received
    assert CliRunner().invoke(main, ["check", "--db", db.url]).exit_code == 0
