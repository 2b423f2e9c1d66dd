"""The per-hour chart's geometry and the local day it counts in."""

from datetime import UTC, date, datetime

import pytest

from station.dashboard.chart import hourly_chart, nice_ceiling
from station.dashboard.days import Day, hourly, parse_day


@pytest.mark.parametrize("value, ceiling", [(0, 5), (3, 5), (6, 10), (11, 20), (180, 200), (201, 500), (650, 1000)])
def test_the_scale_ends_on_a_round_number(value, ceiling):
    assert nice_ceiling(value) == ceiling


def test_bars_are_proportional_and_inside_the_plot():
    received = [0] * 6 + [10, 40, 100] + [0] * 15
    delivered = [0] * 8 + [50] + [0] * 15
    chart = hourly_chart({"received": received, "delivered": delivered})
    bars = {(b.series, b.hour): b for b in chart.bars}
    assert chart.maximum == 100 and chart.totals == {"received": 150, "delivered": 50}
    assert bars[("received", 8)].height == pytest.approx(2 * bars[("delivered", 8)].height)
    assert bars[("received", 8)].y == chart.top  # the tallest bar reaches the top of the plot
    for bar in chart.bars:
        assert chart.left <= bar.x and bar.x + bar.width <= chart.right_x
        assert bar.y + bar.height == pytest.approx(chart.bottom_y)
    assert [tick.label for tick in chart.y_ticks] == ["0", "25", "50", "75", "100"]


def test_a_local_day_in_utc_and_its_hours():
    day = Day(date(2026, 11, 27), "Asia/Shanghai")
    assert day.start == datetime(2026, 11, 26, 16, tzinfo=UTC)
    assert day.end == datetime(2026, 11, 27, 16, tzinfo=UTC)
    assert day.at(20) == datetime(2026, 11, 27, 12, tzinfo=UTC) and day.at(24) == day.end
    times = [datetime(2026, 11, 26, 16, 5, tzinfo=UTC), datetime(2026, 11, 27, 4, 0, tzinfo=UTC),
             datetime(2026, 11, 27, 16, 0, tzinfo=UTC)]  # 00:05, 12:00, and the next day
    counts = hourly(times, day)
    assert counts[0] == 1 and counts[12] == 1 and sum(counts) == 2


def test_a_day_is_parsed_or_explained():
    now = datetime(2026, 11, 27, 20, tzinfo=UTC)  # 04:00 on the 28th in the compound
    assert parse_day(None, now=now, timezone="Asia/Shanghai").date == date(2026, 11, 28)
    assert parse_day(" 2026-11-20 ", now=now, timezone="Asia/Shanghai").date == date(2026, 11, 20)
    with pytest.raises(ValueError, match="2026-11-27"):
        parse_day("27/11/2026", now=now, timezone="Asia/Shanghai")
