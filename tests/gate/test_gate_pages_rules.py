"""The pure parts of the disinfection, shelves and exception-queue pages."""

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from station.errors import InvalidInput
from station.gate.disinfection.rules import since_moment, split_codes
from station.gate.unresolved.rules import RoomQuery, room_query
from station.gate.shelves.rules import (
    age_minutes,
    age_parts,
    fill_level,
    is_overdue,
    minutes_left,
    overdue_cutoff,
    parse_shelf_code,
)
from station.site.model import Window

TZ = "Asia/Shanghai"
SHANGHAI = ZoneInfo(TZ)
EXPRESS = (Window(time(14), time(21)),)
MEAL = (Window(time(10, 30), time(12)), Window(time(16, 30), time(18, 30)))


def at(day: int, hour: int, minute: int = 0) -> datetime:
    """A moment on the compound's clock (27 Nov 2026 is day 27), as UTC."""
    return datetime(2026, 11, day, hour, minute, tzinfo=SHANGHAI).astimezone(UTC)


@pytest.mark.parametrize("text, expected", [
    ("SH-B10-01", ("B10", 1)), ("sh-med-02", ("MED", 2)), ("  SH-UNRES-01 ", ("UNRES", 1)),
    ("SH-B10-1", None), ("B10-01", None), ("SH--01", None), ("SH-B10-01-003", None), ("", None),
])
def test_shelf_codes(text, expected):
    assert parse_shelf_code(text) == expected


def test_an_express_parcel_is_overdue_after_its_last_window_or_overnight():
    received = at(27, 9)
    assert not is_overdue(received, EXPRESS, at(27, 20, 59), TZ)
    assert not is_overdue(received, EXPRESS, at(27, 21), TZ)  # the window's last minute
    assert is_overdue(received, EXPRESS, at(27, 21, 1), TZ)
    assert is_overdue(at(26, 15), EXPRESS, at(27, 8), TZ)  # from yesterday: stayed overnight


def test_a_meal_is_overdue_after_the_evening_window_not_between_windows():
    lunch = at(27, 11)
    assert not is_overdue(lunch, MEAL, at(27, 14), TZ)  # missed lunch, still has the evening
    assert is_overdue(lunch, MEAL, at(27, 18, 31), TZ)


def test_local_days_are_the_compounds_not_utc():
    # 07:30 local on the 27th is 23:30 UTC on the 26th: received "today" for the gate.
    received = at(27, 7, 30)
    assert received.day == 26
    assert not is_overdue(received, EXPRESS, at(27, 12), TZ)
    # 23:50 local on the 26th is the 26th for the gate: overdue on the 27th at 00:10.
    assert is_overdue(at(26, 23, 50), (), at(27, 0, 10), TZ)


def test_a_category_without_windows_is_only_overdue_overnight():
    assert not is_overdue(at(27, 0, 5), (), at(27, 23, 59), TZ)
    assert overdue_cutoff((), at(27, 15), TZ) == at(27, 0)


def literally_overdue(received: datetime, windows, now: datetime) -> bool:
    """The rule as the brief says it, for comparison with the cut-off form."""
    day = received.astimezone(SHANGHAI).date()
    if now.astimezone(SHANGHAI).date() > day:
        return True
    if not windows:
        return False
    end = datetime.combine(day, max(w.end for w in windows), tzinfo=SHANGHAI)
    return now > end


@given(st.integers(min_value=0, max_value=4 * 24 * 60), st.integers(min_value=0, max_value=3 * 24 * 60),
       st.sampled_from([(), EXPRESS, MEAL]))
def test_the_cutoff_form_agrees_with_the_rule(start, waited, windows):
    received = at(25, 0) + timedelta(minutes=start)
    now = received + timedelta(minutes=waited, seconds=30)
    assert is_overdue(received, windows, now, TZ) == literally_overdue(received, windows, now)


def test_ages_and_minutes_left():
    assert age_minutes(at(27, 9), at(27, 10, 5)) == 65
    assert age_minutes(at(27, 10), at(27, 9)) == 0  # another gate's clock ran ahead
    assert age_parts(7) == (0, 0, 7)
    assert age_parts(65) == (0, 1, 5)
    assert age_parts(24 * 60 + 125) == (1, 2, 5)
    assert minutes_left(at(27, 10), at(27, 9, 55)) == 5
    assert minutes_left(at(27, 10), at(27, 9, 55) + timedelta(seconds=1)) == 5  # rounded up
    assert minutes_left(at(27, 10), at(27, 10)) == 0
    assert minutes_left(at(27, 10), at(27, 11)) == 0


@pytest.mark.parametrize("used, level", [(0, "empty"), (1, "ok"), (22, "ok"), (23, "busy"), (30, "full"), (31, "full")])
def test_fill_levels_of_a_thirty_slot_shelf(used, level):
    assert fill_level(used, 30) == level


def test_a_batch_is_one_code_per_line_each_once():
    assert split_codes("SF1\r\n\n  SF2  \nSF1\n") == ["SF1", "SF2"]
    assert split_codes("") == []
    with pytest.raises(InvalidInput, match="at most 3 items; this one has 4"):
        split_codes("a\nb\nc\nd", limit=3)


def test_since_is_the_latest_such_time_on_the_compounds_clock():
    assert since_moment("09:30", at(27, 11), TZ) == at(27, 9, 30)
    assert since_moment("9:05", at(27, 11), TZ) == at(27, 9, 5)
    assert since_moment("22:00", at(27, 1), TZ) == at(26, 22)  # last night, not tonight
    assert since_moment("11:00", at(27, 11), TZ) == at(27, 11)
    for bad in ("25:00", "noon", "", "9.30"):
        with pytest.raises(InvalidInput, match="not HH:MM"):
            since_moment(bad, at(27, 11), TZ)


@pytest.mark.parametrize("text, query", [
    ("10-301", RoomQuery("10", "301")), ("10 301", RoomQuery("10", "301")),
    ("10栋301", RoomQuery("10", "301")), ("10-?-301", RoomQuery("10", "301")),
    ("10-2-301", RoomQuery("10", "301", 2)), ("10栋2单元301室", RoomQuery("10", "301", 2)),
    ("１０－３０１", RoomQuery("10", "301")),
    ("10", None), ("10-2", None), ("301", None), ("ten-301", None), ("", None),
])
def test_a_partly_typed_destination_becomes_a_roster_question(text, query):
    assert room_query(text) == query
