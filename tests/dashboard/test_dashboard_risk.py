"""Overnight risk: a pure function of windows, received time, status, now and the site's zone."""

from datetime import UTC, datetime, time, timedelta
from types import SimpleNamespace

import pytest

from station.dashboard.risk import CLOSING, MISSED, OVERNIGHT, deadline, overnight_risk, risk_level
from station.site.model import Window

TZ = "Asia/Shanghai"
MEAL = (Window(time(10, 30), time(12)), Window(time(16, 30), time(18, 30)))
EXPRESS = (Window(time(14), time(21)),)
WINDOWS = {"meal": MEAL, "express": EXPRESS, "other": ()}


def local(day: int, hour: int, minute: int = 0) -> datetime:
    """A time in the compound (UTC+8), as an aware UTC datetime."""
    return datetime(2026, 11, day, hour, minute, tzinfo=UTC) - timedelta(hours=8)


def item(category: str, received: datetime, status: str = "shelved", code: str = "P1"):
    return SimpleNamespace(code=code, category=category, received_at=received, status=status)


def test_the_deadline_is_the_end_of_the_last_window_on_the_day_of_receipt():
    assert deadline(MEAL, local(26, 9), TZ) == local(26, 18, 30)
    assert deadline(MEAL, local(26, 23, 50), TZ) == local(26, 18, 30)  # already past when it came
    assert deadline((), local(26, 9), TZ) == local(27, 0)  # no window: nothing stays overnight


@pytest.mark.parametrize("now, expected", [
    (local(26, 12), None),           # the evening window is still to come
    (local(26, 17, 31), CLOSING),    # 59 minutes left
    (local(26, 18, 30), MISSED),     # the last window has just closed
    (local(27, 8), OVERNIGHT),       # it stayed overnight
])
def test_levels_follow_the_clock(now, expected):
    assert risk_level(MEAL, received_at=local(26, 9), status="shelved", now=now, timezone=TZ) == expected


@pytest.mark.parametrize("status", ["delivered", "picked_up", "voided"])
def test_items_handed_over_or_undone_are_not_at_risk(status):
    assert risk_level(MEAL, received_at=local(26, 9), status=status, now=local(27, 8), timezone=TZ) is None


@pytest.mark.parametrize("status", ["received", "disinfected", "shelved", "out_for_delivery", "returned", "problem"])
def test_every_item_not_handed_over_can_be_at_risk(status):
    assert risk_level(EXPRESS, received_at=local(26, 9), status=status, now=local(26, 21), timezone=TZ) == MISSED


def test_an_item_arriving_after_its_last_window_has_missed_it_at_once():
    assert risk_level(MEAL, received_at=local(26, 19), status="received", now=local(26, 19, 1), timezone=TZ) == MISSED


def test_the_local_day_decides_overnight_not_the_utc_day():
    # 07:30 local on the 27th is 23:30 UTC on the 26th: still the compound's 27th
    received = local(27, 7, 30)
    assert risk_level(EXPRESS, received_at=received, status="shelved", now=local(27, 9), timezone=TZ) is None


def test_the_list_is_oldest_first_with_levels_and_deadlines():
    items = [item("express", local(26, 15), code="late"), item("meal", local(26, 8), code="meal"),
             item("other", local(25, 20), code="old"), item("express", local(26, 9), "delivered", "done")]
    found = overnight_risk(items, WINDOWS, now=local(26, 20, 30), timezone=TZ)
    assert [(r.item.code, r.level) for r in found] == [("old", OVERNIGHT), ("meal", MISSED), ("late", CLOSING)]
    assert found[1].deadline == local(26, 18, 30)
