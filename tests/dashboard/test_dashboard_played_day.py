"""The dashboard and the exports after two played days, checked against independent SQL."""

from __future__ import annotations

import csv
import io
import json
from collections import defaultdict
from datetime import datetime, timedelta

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import String, bindparam, text

from station.custody.chain import first_broken
from station.dashboard import export_files
from station.dashboard.custody_export import HEADER, custody_csv
from station.dashboard.report import COLUMNS, day_report
from station.dashboard.service import dashboard
from station.db import UTCDateTime
from tests.dashboard.played import AT_20, D, NEXT, backends, make_played

HANDED = "('delivered', 'picked_up')"
FINAL = "('delivered', 'picked_up', 'voided')"


@pytest.fixture(scope="module", params=backends())
def played(request, tmp_path_factory, sqlite_template):
    result = make_played(request, tmp_path_factory, sqlite_template)
    yield result
    result.db.dispose()


def sql(db, query: str, **times: datetime) -> list[tuple]:
    """Plain SQL with UTC instants bound the way the station stores them."""
    statement = text(query).bindparams(*(bindparam(name, type_=UTCDateTime()) for name in times))
    with db.engine.connect() as connection:
        return [tuple(row) for row in connection.execute(statement, times)]


def one(db, query: str, **times: datetime) -> int:
    return sql(db, query, **times)[0][0]


def view(played, day, now=AT_20):
    with played.db.read() as session:
        return dashboard(session, site=site_of(played), day=day, now=now, limit=100_000)


def site_of(played):
    from station.siteconfig.service import current_site

    with played.db.read() as session:
        return current_site(session)


def report(played, day, now=AT_20):
    with played.db.read() as session:
        return day_report(session, site=site_of(played), day=day, now=now)


def test_the_days_items_by_status_match_the_database(played):
    expected = dict(sql(played.db, "SELECT status, COUNT(*) FROM parcels WHERE received_at >= :s AND "
                                   "received_at < :e GROUP BY status", s=D.start, e=D.end))
    shown = {line.status: line.count for line in view(played, D).by_status if line.count}
    assert shown == expected and sum(expected.values()) == played.first.received


def test_a_past_days_figures_match_the_database_as_at_its_end(played):
    db, data = played.db, view(played, D)
    totals = data.totals
    assert totals.received == one(db, "SELECT COUNT(*) FROM parcels WHERE received_at >= :s AND "
                                      "received_at < :e AND status <> 'voided'", s=D.start, e=D.end)
    assert totals.delivered == one(db, f"SELECT COUNT(DISTINCT parcel_id) FROM custody_events WHERE type IN {HANDED} "
                                       "AND at >= :s AND at < :e", s=D.start, e=D.end)
    assert totals.picked_up == one(db, "SELECT COUNT(DISTINCT parcel_id) FROM custody_events WHERE type = 'picked_up' "
                                       "AND at >= :s AND at < :e", s=D.start, e=D.end)
    # Still here at the end of D: not handed over by then, whatever happened the next morning.
    here = dict(sql(db, "SELECT COALESCE(p.building, ''), COUNT(*) FROM parcels p "
                        "WHERE p.received_at < :e AND NOT EXISTS (SELECT 1 FROM custody_events c "
                        f"WHERE c.parcel_id = p.id AND c.type IN {FINAL} AND c.at < :e) "
                        "GROUP BY COALESCE(p.building, '')", e=D.end))
    assert {line.building: line.on_shelf + line.with_runners + line.problems for line in data.by_building} \
        == {building: here.get(building, 0) for building in {line.building for line in data.by_building}}
    assert totals.problems == one(db, "SELECT COUNT(*) FROM parcels WHERE received_at < :e "
                                      "AND status = 'problem'", e=D.end)
    assert totals.with_runners == 0  # every run of D was back before midnight
    assert totals.on_shelf == sum(here.values()) - totals.problems
    received = dict(sql(db, "SELECT category, COUNT(*) FROM parcels WHERE received_at >= :s AND received_at < :e "
                            "AND status <> 'voided' GROUP BY category", s=D.start, e=D.end))
    assert {line.category: line.received for line in data.by_category} == received


def test_leftovers_delivered_the_next_morning_still_count_on_the_shelf_at_the_end_of_their_day(played):
    end_of_d = report(played, D).totals
    the_day_after = report(played, NEXT).totals
    morning = one(played.db, "SELECT COUNT(*) FROM parcels WHERE status = 'delivered' AND received_at < :e "
                             "AND updated_at >= :n", e=D.end, n=NEXT.start)
    assert morning == len(played.morning) == 5
    # as played.first saw them at midnight, before anything of the next day happened
    assert end_of_d.on_shelf == played.first.still_here - played.first.statuses["problem"]
    assert the_day_after.delivered >= 5


def test_todays_figures_are_the_statuses_now(played):
    db, data = played.db, view(played, NEXT)
    per_building = defaultdict(lambda: [0, 0, 0])
    for building, status, count in sql(db, "SELECT COALESCE(building, ''), status, COUNT(*) FROM parcels "
                                           f"WHERE status NOT IN {FINAL} GROUP BY COALESCE(building, ''), status"):
        where = {"out_for_delivery": 1, "problem": 2}.get(status, 0)  # else on a shelf
        per_building[building][where] += count
    assert {line.building: [line.on_shelf, line.with_runners, line.problems] for line in data.by_building
            if line.on_shelf + line.with_runners + line.problems} == dict(per_building)
    assert data.totals.on_shelf > 0
    assert data.earlier_still_here == one(db, f"SELECT COUNT(*) FROM parcels WHERE status NOT IN {FINAL} "
                                              "AND received_at < :s", s=NEXT.start) > 0


def test_the_hourly_figures_match_the_database_hour_by_hour(played):
    data = view(played, D)
    for hour in range(24):
        start, end = D.at(hour), D.at(hour + 1)
        assert data.hourly.received[hour] == one(
            played.db, "SELECT COUNT(*) FROM parcels WHERE received_at >= :s AND received_at < :e "
                       "AND status <> 'voided'", s=start, e=end), hour
        assert data.hourly.delivered[hour] == one(
            played.db, f"SELECT COUNT(*) FROM custody_events WHERE type IN {HANDED} AND at >= :s AND at < :e",
            s=start, e=end), hour
    assert sum(data.hourly.received) == data.totals.received
    assert sum(data.hourly.delivered) == data.totals.delivered


def test_the_overnight_list_at_20_00_follows_the_windows(played):
    site = site_of(played)
    query = text(f"SELECT code, category, received_at FROM parcels WHERE status NOT IN {FINAL} "
                 "ORDER BY received_at, id").columns(code=String(), category=String(), received_at=UTCDateTime())
    with played.db.engine.connect() as connection:
        rows = connection.execute(query).all()
    expected = []
    for code, category, received in rows:
        if received < NEXT.start:
            expected.append((code, "overnight"))
            continue
        last = max(window.end for window in site.categories[category].windows)
        closes = NEXT.at(last.hour, last.minute)
        if AT_20 >= closes:
            expected.append((code, "missed"))
        elif AT_20 + timedelta(hours=1) >= closes:
            expected.append((code, "closing"))
    data = view(played, NEXT)
    assert [(item.code, item.level) for item in data.overnight] == expected
    assert data.overnight_total == len(expected)
    levels = {level for _code, level in expected}
    assert levels == {"overnight", "missed", "closing"}
    # 20:00: meals (18:30), fresh (12:00), medicine and bulky (20:00) have missed their window;
    # express and valuables (21:00) are closing.
    assert {item.category for item in data.overnight if item.level == "closing"} <= {"express", "valuable"}


def test_medicine_and_care_households_waiting_match_the_database(played):
    expected = {code for (code,) in sql(
        played.db, "SELECT p.code FROM parcels p LEFT JOIN households h ON h.id = p.household_id "
                   f"WHERE p.status NOT IN {FINAL} AND (p.category = 'medicine' OR h.elderly_alone "
                   "OR h.pregnant OR h.chronic_medicine)")}
    data = view(played, NEXT)
    assert {item.code for item in data.care_waiting} == expected and data.care_total == len(expected)


def test_shelves_near_capacity_match_the_database(played):
    site = site_of(played)
    expected = {(zone, shelf): count for zone, shelf, count in sql(
        played.db, "SELECT zone, shelf, COUNT(*) FROM parcels WHERE slot IS NOT NULL GROUP BY zone, shelf")
        if count >= 0.8 * site.zones[zone].slots}
    assert {(fill.zone, fill.number): fill.used for fill in view(played, NEXT).shelves_near_full} == expected


def rows_and_total(rows: list[list], first_numeric: int) -> tuple[list[list[int]], list[int]]:
    body = [[int(v) for v in row[first_numeric:]] for row in rows[1:-1]]
    return body, [int(v) for v in rows[-1][first_numeric:]]


def column_sums(body: list[list[int]]) -> list[int]:
    return [sum(column) for column in zip(*body)]


def test_the_day_csv_adds_up_and_matches_the_database(played):
    data = report(played, D)
    rows = list(csv.reader(io.StringIO(export_files.to_csv(data).decode("utf-8-sig"))))
    assert rows[0] == ["building", "grid", "category", "category_name", *COLUMNS]
    assert rows[-1][0] == "total"
    body, total = rows_and_total(rows, 4)
    assert column_sums(body) == total == data.totals.values()
    received = dict(sql(played.db, "SELECT COALESCE(building, 'UNRES'), COUNT(*) FROM parcels WHERE received_at >= :s "
                                   "AND received_at < :e AND status <> 'voided' GROUP BY COALESCE(building, 'UNRES')",
                        s=D.start, e=D.end))
    by_building = defaultdict(int)
    for row in rows[1:-1]:
        by_building[row[0]] += int(row[4])
    assert dict(by_building) == received


def test_the_day_xlsx_opens_and_every_sheet_adds_up_to_the_same_totals(played):
    data = report(played, D)
    book = load_workbook(io.BytesIO(export_files.to_xlsx(data)), read_only=True)
    assert book.sheetnames == ["Day", "Buildings", "Grids", "Categories", "About"]
    for name, first_numeric in (("Day", 3), ("Buildings", 2), ("Grids", 1), ("Categories", 1)):
        rows = [list(row) for row in book[name].iter_rows(values_only=True)]
        assert rows[-1][0] == "total", name
        body, total = rows_and_total(rows, first_numeric)
        assert column_sums(body) == total == data.totals.values(), name
    book.close()


def test_the_day_pdf_opens_and_shows_the_totals(played):
    data = report(played, D)
    pdf = PdfReader(io.BytesIO(export_files.to_pdf(data)))
    words = " ".join(page.extract_text() for page in pdf.pages)
    assert f"Day report {D}" in words
    assert str(data.totals.received) in words and str(data.totals.delivered) in words


def test_the_custody_csv_holds_every_event_and_its_chains_verify(played):
    chunks = list(custody_csv(played.db, timezone="Asia/Shanghai", batch=1000))
    assert len(chunks) > 3  # streamed batch by batch
    rows = list(csv.DictReader(io.StringIO(b"".join(chunks).decode("utf-8-sig"))))
    assert list(rows[0]) == list(HEADER)
    assert len(rows) == one(played.db, "SELECT COUNT(*) FROM custody_events")
    by_parcel = defaultdict(list)
    for row in rows:
        by_parcel[row["parcel_code"]].append({
            "seq": int(row["seq"]), "type": row["type"], "actor": row["actor"], "gate": row["gate"] or None,
            "at": datetime.fromisoformat(row["at_utc"].replace("Z", "+00:00")),
            "details": json.loads(row["details"]), "prev_hash": row["prev_hash"], "hash": row["hash"]})
    assert len(by_parcel) == one(played.db, "SELECT COUNT(*) FROM parcels")
    for code, events in by_parcel.items():
        assert first_broken(code, events) is None, code
