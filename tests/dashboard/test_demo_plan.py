"""The planned demo day (pure): mix, hours, peaks, order of steps, determinism."""

from collections import Counter
from datetime import date, timedelta

import pytest

from station.dashboard.days import Day
from station.demo.plan import MIX, Home, category_counts, departures, plan_day
from station.demo.roster import demo_roster
from station.timefmt import hhmm

DAY = Day(date(2026, 11, 27), "Asia/Shanghai")


@pytest.fixture(scope="module")
def homes(small_site):
    return [Home(r.building, r.unit, r.room, r.phone, r.care) for r in demo_roster(small_site)]


@pytest.fixture(scope="module")
def plan(small_site, homes):
    return plan_day(small_site, homes, DAY, items=3000, seed=11)


@pytest.mark.parametrize("items", [1, 7, 100, 2999, 3000])
def test_the_mix_adds_up_exactly(items):
    counts = category_counts(items)
    assert sum(counts.values()) == items and set(counts) <= set(MIX)


def test_the_categories_follow_the_mix(plan):
    counts = Counter(item.category for item in plan)
    assert counts == {"express": 1650, "meal": 600, "fresh": 360, "medicine": 180, "valuable": 60, "bulky": 150}


def test_arrivals_are_between_six_and_midnight_with_peaks_at_noon_and_evening(plan):
    hours = Counter(DAY.hour_of(item.arrival) for item in plan)
    assert min(hours) == 6 and max(hours) == 23
    quiet = sum(hours[h] for h in (6, 7, 14, 15)) / 4
    assert sum(hours[h] for h in (11, 12)) / 2 > 1.5 * quiet  # noon
    assert sum(hours[h] for h in (17, 18, 19)) / 3 > 1.5 * quiet  # evening
    assert all(DAY.start <= step.at < DAY.end for item in plan for step in item.steps)


def test_each_item_starts_at_the_gate_and_its_steps_move_forward(plan):
    for item in plan:
        kinds = [step.kind for step in item.steps]
        assert kinds[0] == "intake" and kinds[1:3] in (["disinfect", "shelve"], ["disinfect"], [])
        assert all(a.at <= b.at for a, b in zip(item.steps, item.steps[1:]))
        assert kinds.count("deliver") + kinds.count("pick_up") <= 1


def test_medicine_and_valuables_are_handed_over_with_a_verification(plan):
    for item in plan:
        for step in item.steps:
            if step.kind in ("deliver", "pick_up") and item.category in ("medicine", "valuable"):
                assert step.arg("verify") == "collection_code"


def test_nothing_leaves_a_shelf_before_its_dwell_time(plan, small_site):
    for item in plan:
        disinfected = next((s for s in item.steps if s.kind == "disinfect"), None)
        for step in item.steps:
            if step.kind in ("hand_out", "pick_up"):
                dwell = small_site.disinfection[disinfected.arg("method")].dwell_minutes
                assert step.at >= disinfected.at + timedelta(minutes=dwell)


def test_a_tail_stays_and_most_items_are_handed_over(plan):
    done = sum(1 for item in plan if item.steps[-1].kind in ("deliver", "pick_up"))
    assert 0.75 * len(plan) < done < 0.97 * len(plan)


def test_the_same_seed_plans_the_same_day_and_another_seed_another(small_site, homes, plan):
    again = plan_day(small_site, homes, DAY, items=3000, seed=11)
    other = plan_day(small_site, homes, DAY, items=3000, seed=12)
    def summary(items):
        return [(i.category, i.scan, i.destination, [(s.at, s.kind, s.args) for s in i.steps]) for i in items]

    assert summary(again) == summary(plan)
    assert summary(other) != summary(plan)


def test_runs_leave_every_half_hour_within_the_windows(small_site):
    meal = departures(small_site.categories["meal"].windows, DAY)  # 10:30-12:00 and 16:30-18:30
    assert [hhmm(at, DAY.timezone) for at in meal] == ["10:30", "11:00", "11:30", "16:30", "17:00", "17:30", "18:00"]
