from datetime import UTC, datetime, time

from station.residents.windows import Expected, expected_delivery
from station.site.model import Category, Window

TZ = "Asia/Shanghai"
EXPRESS = Category("express", "快递", "Express parcel", "EXP", 10, (Window(time(14), time(21)),))
MEAL = Category("meal", "盒饭", "Meal", "MEAL", 30, (Window(time(16, 30), time(18, 30)), Window(time(10, 30), time(12))))
VALUABLE = Category("valuable", "贵重", "Valuables", "VAL", 10, (Window(time(14), time(21)),))
NO_WINDOWS = Category("bulky", "大件", "Bulky", "BULK", 5, ())


def at(hour, minute=0):
    """A local time in the compound on 27 Nov as UTC (UTC+8)."""
    return datetime(2026, 11, 27, hour - 8, minute, tzinfo=UTC)


def test_before_the_first_window_it_is_that_window():
    assert expected_delivery(EXPRESS, received_at=at(9, 12), now=at(9, 30), timezone=TZ) == \
        Expected("later", Window(time(14), time(21)))


def test_inside_a_window_it_is_this_round():
    assert expected_delivery(EXPRESS, received_at=at(9, 12), now=at(15), timezone=TZ).kind == "now"


def test_windows_are_taken_in_order_of_the_day():
    assert expected_delivery(MEAL, received_at=at(9), now=at(9), timezone=TZ).window == Window(time(10, 30), time(12))
    assert expected_delivery(MEAL, received_at=at(12, 5), now=at(12, 5), timezone=TZ).window == Window(time(16, 30), time(18, 30))


def test_after_the_last_window_it_waits_at_the_gate():
    assert expected_delivery(MEAL, received_at=at(19), now=at(19), timezone=TZ) == Expected("gate")
    assert expected_delivery(EXPRESS, received_at=at(10), now=at(21), timezone=TZ) == Expected("gate")


def test_a_parcel_received_later_than_now_counts_from_its_arrival():
    assert expected_delivery(MEAL, received_at=at(12, 30), now=at(11), timezone=TZ).window.start == time(16, 30)


def test_valuables_and_windowless_kinds_are_collected_at_the_gate():
    assert expected_delivery(VALUABLE, received_at=at(9), now=at(9), timezone=TZ) == Expected("gate")
    assert expected_delivery(NO_WINDOWS, received_at=at(9), now=at(9), timezone=TZ) == Expected("gate")
