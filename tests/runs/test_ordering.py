"""The walking order of a run: rounds by time window, then unit, floor and door."""

from __future__ import annotations

from datetime import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from station.runs.ordering import Stop, applicable_window, delivery_order, delivery_rounds, room_position
from station.site.model import Category, Window


def w(text: str) -> Window:
    start, end = text.split("-")
    return Window(time.fromisoformat(start), time.fromisoformat(end))


# Fumin Garden's rule, as the demo site has it.
CATEGORIES = {c.code: c for c in (
    Category("meal", "盒饭", "Meal", "MEAL", 30, (w("10:30-12:00"), w("16:30-18:30"))),
    Category("medicine", "药品", "Medicine", "MED", 40, (w("08:00-12:00"), w("14:00-20:00"))),
    Category("fresh", "生鲜", "Fresh", "FRESH", 20, (w("08:00-12:00"),)),
    Category("express", "快递", "Express", "EXP", 10, (w("14:00-21:00"),)),
    Category("valuable", "贵重", "Valuables", "VAL", 10, (w("14:00-21:00"),)),
    Category("bulky", "大件", "Bulky", "BULK", 5, (w("14:00-20:00"),)),
)}


def stop(ref, unit, room, category="express", priority=None, building="10"):
    return Stop(ref, category, unit, room, CATEGORIES[category].priority if priority is None else priority, building)


def refs(stops):
    return [s.ref for s in stops]


def test_a_stairwell_building_unit_by_unit_floor_by_floor_door_by_door():
    stops = [stop("u2-101", 2, "101"), stop("u1-702", 1, "702"), stop("u1-101", 1, "101"),
             stop("u3-201", 3, "201"), stop("u1-302", 1, "302"), stop("u1-301", 1, "301"),
             stop("u2-1201", 2, "1201"), stop("u2-901", 2, "901")]
    order = refs(delivery_order(stops, categories=CATEGORIES, at=time(15, 0)))
    assert order == ["u1-101", "u1-301", "u1-302", "u1-702", "u2-101", "u2-901", "u2-1201", "u3-201"]


def test_in_the_morning_meals_medicine_and_fresh_go_first_express_after():
    stops = [stop("exp-101", 1, "101", "express"), stop("meal-702", 1, "702", "meal"),
             stop("fresh-301", 2, "301", "fresh"), stop("med-501", 1, "501", "medicine"),
             stop("val-101", 1, "102", "valuable"), stop("bulk-201", 1, "201", "bulky")]
    rounds = delivery_rounds(stops, categories=CATEGORIES, at=time(9, 30))
    assert [str(r.window) for r in rounds] == ["08:00-12:00", "14:00-20:00", "14:00-21:00"]
    assert refs(rounds[0].stops) == ["med-501", "meal-702", "fresh-301"]  # one climb, in door order
    assert refs(rounds[1].stops) == ["bulk-201"]
    assert refs(rounds[2].stops) == ["exp-101", "val-101"]


def test_in_the_afternoon_the_evening_meal_then_medicine_then_express():
    stops = [stop("exp", 1, "101", "express"), stop("med", 1, "301", "medicine"),
             stop("meal", 1, "701", "meal"), stop("val", 1, "201", "valuable")]
    rounds = delivery_rounds(stops, categories=CATEGORIES, at=time(15, 0))
    assert [(str(r.window), refs(r.stops)) for r in rounds] == [
        ("16:30-18:30", ["meal"]), ("14:00-20:00", ["med"]), ("14:00-21:00", ["exp", "val"])]


def test_what_missed_every_window_today_is_overdue_and_goes_first():
    stops = [stop("exp", 1, "101", "express"), stop("fresh", 2, "101", "fresh"), stop("meal", 1, "201", "meal")]
    rounds = delivery_rounds(stops, categories=CATEGORIES, at=time(13, 0))
    assert rounds[0].overdue and refs(rounds[0].stops) == ["fresh"]  # fresh: before noon, missed
    assert [refs(r.stops) for r in rounds[1:]] == [["meal"], ["exp"]]
    late = delivery_rounds(stops, categories=CATEGORIES, at=time(21, 30))
    assert len(late) == 1 and late[0].overdue
    assert refs(late[0].stops) == ["exp", "meal", "fresh"]  # still in door order


def test_at_one_door_the_higher_priority_goes_first_care_included():
    stops = [stop("exp", 1, "301", "express"), stop("exp-care", 1, "301", "express", priority=60),
             stop("med", 1, "301", "medicine")]
    assert refs(delivery_order(stops, categories=CATEGORIES, at=time(15, 0))) == ["med", "exp-care", "exp"]
    same_round = [stop("meal", 1, "301", "meal"), stop("med", 1, "301", "medicine"), stop("fresh", 1, "301", "fresh")]
    assert refs(delivery_order(same_round, categories=CATEGORIES, at=time(9, 0))) == ["med", "meal", "fresh"]


def test_a_grid_run_goes_building_by_building_in_number_order():
    stops = [stop("b10", 1, "101", building="10"), stop("b9", 2, "101", building="9"),
             stop("b12", 1, "101", building="12"), stop("b9-u1", 1, "601", building="9")]
    assert refs(delivery_order(stops, categories=CATEGORIES, at=time(15, 0))) == ["b9-u1", "b9", "b10", "b12"]


def test_odd_rooms_and_unknown_categories_go_last():
    stops = [stop("odd", 1, "A", "express"), stop("ok", 1, "101", "express"),
             Stop("other", "pizza", 1, "101", 0, "10"), stop("no-unit", None, "101")]
    rounds = delivery_rounds(stops, categories=CATEGORIES, at=time(15, 0))
    assert refs(rounds[0].stops) == ["ok", "odd", "no-unit"]
    assert refs(rounds[-1].stops) == ["other"]  # no windows: the last round of the day


@pytest.mark.parametrize(("at", "expected"), [
    (time(7, 0), "08:00-12:00"), (time(11, 59), "08:00-12:00"), (time(12, 0), "14:00-20:00"),
    (time(19, 59), "14:00-20:00"), (time(20, 0), None)])
def test_the_window_an_item_goes_out_in(at, expected):
    window = applicable_window(CATEGORIES["medicine"].windows, at)
    assert (str(window) if window else None) == expected


def test_room_positions():
    assert room_position("301") == (3, 1, "301")
    assert room_position("1203") == (12, 3, "1203")
    assert room_position("B1")[0] > 100


@given(st.lists(st.tuples(st.integers(1, 4), st.integers(1, 18), st.integers(1, 4),
                          st.sampled_from(sorted(CATEGORIES))), max_size=40),
       st.times())
def test_every_item_appears_once_and_each_round_climbs(items, at):
    stops = [stop(i, unit, f"{floor}{door:02d}", category) for i, (unit, floor, door, category) in enumerate(items)]
    rounds = delivery_rounds(stops, categories=CATEGORIES, at=at)
    assert sorted(s.ref for r in rounds for s in r.stops) == list(range(len(items)))
    for r in rounds:
        keys = [(s.unit, room_position(s.room)[:2]) for s in r.stops]
        assert keys == sorted(keys)
    ends = [r.window.end for r in rounds if r.window]
    assert ends == sorted(ends) and all(not r.overdue for r in rounds[1:])
