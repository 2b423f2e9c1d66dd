"""Reminders (pure): the last window's end comes, medicine waits too long; once per item per window."""

from datetime import UTC, datetime, time, timedelta

from station.notify.reminders import (
    MEDICINE,
    WINDOW,
    ShelfItem,
    compose_reminder,
    due_reminders,
    slot_of,
    window_label,
)
from station.site.model import Window
from tests.notify.helpers import make_site

SITE = make_site("[notifications]\nremind_before_end_minutes = 60\nmedicine_wait_minutes = 30\n")


def at(hh: int, mm: int = 0) -> datetime:
    """A local (Asia/Shanghai) clock time on 2026-11-27, as UTC."""
    return datetime(2026, 11, 27, hh, mm, tzinfo=UTC) - timedelta(hours=8)


def item(code, category, building="10", received=at(9), pickup=None):
    return ShelfItem(1, code, category, building, pickup or f"B{building}-01-001", received)


def test_express_is_reminded_from_an_hour_before_its_last_window_ends():
    parcel = item("P1", "express")  # express window 14:00-21:00
    assert due_reminders(SITE, [parcel], now=at(19, 59)) == []
    [reminder] = due_reminders(SITE, [parcel], now=at(20, 0))
    assert (reminder.kind, reminder.key, reminder.window_end) == (WINDOW, "window:P1:2026-11-27T21:00", time(21))
    # still there after the end: the same key, so it is not named again that night
    assert due_reminders(SITE, [parcel], now=at(22, 30))[0].key == reminder.key


def test_meals_use_their_own_last_window():
    [reminder] = due_reminders(SITE, [item("P2", "meal")], now=at(17, 45))  # meals end 18:30
    assert reminder.key == "window:P2:2026-11-27T18:30"


def test_medicine_waiting_past_the_limit_is_reminded_once_per_window():
    medicine = item("P3", "medicine", received=at(9, 0))
    assert due_reminders(SITE, [medicine], now=at(9, 29)) == []
    morning = due_reminders(SITE, [medicine], now=at(9, 30))
    assert [(r.kind, r.key, r.waited_minutes) for r in morning] == [
        (MEDICINE, "medicine:P3:2026-11-27T08:00-12:00", 30)]
    assert due_reminders(SITE, [medicine], now=at(11, 0))[0].key == morning[0].key
    # between windows the next window names it; in the afternoon window it is the same key
    assert due_reminders(SITE, [medicine], now=at(12, 30))[0].key == "medicine:P3:2026-11-27T14:00-20:00"
    assert due_reminders(SITE, [medicine], now=at(15, 0))[0].key == "medicine:P3:2026-11-27T14:00-20:00"


def test_window_labels():
    windows = (Window(time(14), time(20)), Window(time(8), time(12)))
    assert window_label(windows, time(7)) == "08:00-12:00"
    assert window_label(windows, time(12, 30)) == "14:00-20:00"
    assert window_label(windows, time(20, 1)) == "after-20:00"
    assert window_label((), time(9)) == "day"


def test_reminder_slots_are_quarter_hours_in_local_time():
    assert slot_of(at(10, 14), "Asia/Shanghai") == "2026-11-27T10:00"
    assert slot_of(at(10, 15), "Asia/Shanghai") == "2026-11-27T10:15"


def test_the_reminder_names_pickup_codes_and_buildings_only():
    due = due_reminders(SITE, [item("P1", "express", "3", pickup="B3-01-007"),
                               item("P3", "medicine", "10", received=at(19), pickup="MED-01-003"),
                               item("P4", "express", None, pickup="UNRES-01-002")], now=at(20, 5))
    message = compose_reminder(SITE, due, at="20:05", lang="zh")
    assert message.subject == "提醒：3 件物品仍在站点 20:05"
    assert message.body.splitlines() == [
        "今天最后时段 21:00 结束前仍在货架（物品不过夜）：",
        "· 快递 B3-01-007（3号楼）",
        "· 快递 UNRES-01-002（待确认区）",
        "",
        "药品等待超过 30 分钟：",
        "· MED-01-003（10号楼，已等 65 分钟）",
    ]
    english = compose_reminder(SITE, due, at="20:05", lang="en")
    assert "· MED-01-003 (Building 10, 65 min)" in english.body
    assert compose_reminder(SITE, [], at="20:05", lang="en") is None
