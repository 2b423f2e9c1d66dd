"""A run's list from the database: walking order, the labels package's floor list and its PDF."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from labels import FontNotFound, find_cjk_font
from station.runs import lists
from station.runs import service as runs
from tests.runs.helpers import claim, site_of, stock


@pytest.fixture
def cjk_font():
    try:
        return find_cjk_font()
    except FontNotFound as exc:
        pytest.skip(f"no CJK TrueType font installed: {exc}")


def rounds_of(db, code):
    site = site_of(db)
    with db.read() as session:
        run = runs.get_run(session, code)
        return site, run, lists.run_rounds(session, site=site, run=run)


def test_a_stairwell_building_in_walking_order_with_the_morning_round_first(db):
    # Claimed at 09:40: medicine, meals and fresh are due by 12:00, express in the afternoon.
    items = [("10-3-702", "express"), ("10-1-301", "express"), ("10-2-101", "express"), ("10-1-101", "express"),
             ("10-1-302", "meal"), ("10-3-201", "medicine"), ("10-1-702", "fresh")]
    codes = dict(zip(items, stock(db, items)))
    code, _, _ = claim(db, building="10")
    _site, _run, rounds = rounds_of(db, code)
    assert [str(r.window) for r in rounds] == ["08:00-12:00", "14:00-21:00"]
    walked = [[(s.ref.parcel.destination, s.ref.parcel.category) for s in r.stops] for r in rounds]
    assert walked == [
        [("10-1-302", "meal"), ("10-1-702", "fresh"), ("10-3-201", "medicine")],
        [("10-1-101", "express"), ("10-1-301", "express"), ("10-2-101", "express"), ("10-3-702", "express")],
    ]
    units = lists.stairwells(lists.ordered_lines(rounds[1:]))
    assert [(u.building, u.unit, [f.floor for f in u.floors]) for u in units] == [
        ("10", 1, ["1", "3"]), ("10", 2, ["1"]), ("10", 3, ["7"])]
    assert sorted(s.ref.parcel.code for r in rounds for s in r.stops) == sorted(codes.values())


def test_the_floor_list_and_its_pdf_keep_the_order(db, cjk_font):
    items = [("10-2-301", "express"), ("10-1-101", "medicine"), ("10-1-501", "express")]
    stock(db, items)
    code, _, _ = claim(db, building="10")
    site, run, rounds = rounds_of(db, code)
    floor_list = lists.floor_list(site, run, rounds, at=run.opened_at)
    assert (floor_list.building, floor_list.run_code, floor_list.runner, floor_list.grid) == ("10", code, "runner1", "G3")
    # Two rounds (medicine by 12:00, express in the afternoon): each stairwell heading names its window.
    assert [(ln.unit, ln.room, ln.floor, ln.category) for ln in floor_list.lines] == [
        ("1 (08:00-12:00)", "101", "1", "medicine"), ("1 (14:00-21:00)", "501", "5", "express"),
        ("2 (14:00-21:00)", "301", "3", "express")]
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(lists.floor_list_pdf(floor_list, per_unit=False))).pages)
    positions = [text.index(ln.pickup_code) for ln in floor_list.lines]
    assert positions == sorted(positions)
    per_unit = PdfReader(io.BytesIO(lists.floor_list_pdf(floor_list, per_unit=True))).pages
    assert len(per_unit) == 3
    single = lists.floor_list(site, run, rounds[1:], at=run.opened_at)
    assert [ln.unit for ln in single.lines] == ["1", "2"]  # one round: plain stairwells


def test_a_grid_run_names_the_building_in_each_stairwell(db):
    stock(db, [("9-1-101", "meal"), ("10-1-101", "meal"), ("12-2-201", "meal")])
    code, _, _ = claim(db, category="meal", grid="G3")
    site, run, rounds = rounds_of(db, code)
    floor_list = lists.floor_list(site, run, rounds, at=run.opened_at)
    assert floor_list.building == "9,10,12"
    assert [ln.unit for ln in floor_list.lines] == ["9-1", "10-1", "12-2"]
