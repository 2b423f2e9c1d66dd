"""The compound's local day as UTC instants (pure): reports and charts count by the gate's clock."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from station.catalogue import ops as ops_text

# The days a report can be asked for: wide of any real one, and far enough from date.min and
# date.max that the day before and after, and their instants in UTC, exist.
FIRST_DAY = date(2000, 1, 1)
LAST_DAY = date(2999, 12, 31)


@dataclass(frozen=True)
class Day:
    """One local day of the site: [start, end) in UTC."""

    date: date
    timezone: str

    @property
    def start(self) -> datetime:
        return datetime.combine(self.date, time(0), tzinfo=ZoneInfo(self.timezone)).astimezone(UTC)

    @property
    def end(self) -> datetime:
        following = self.date + timedelta(days=1)
        return datetime.combine(following, time(0), tzinfo=ZoneInfo(self.timezone)).astimezone(UTC)

    def at(self, hour: int, minute: int = 0) -> datetime:
        """A local wall-clock time of this day, in UTC (24:00 is the end of the day)."""
        if hour == 24 and minute == 0:
            return self.end
        return datetime.combine(self.date, time(hour, minute),
                                tzinfo=ZoneInfo(self.timezone)).astimezone(UTC)

    def hour_of(self, at: datetime) -> int:
        """0-23: the local hour an instant of this day falls in."""
        return at.astimezone(ZoneInfo(self.timezone)).hour

    def __str__(self) -> str:
        return self.date.isoformat()


def today(now: datetime, timezone: str) -> Day:
    return Day(now.astimezone(ZoneInfo(timezone)).date(), timezone)


def parse_day(text: str | None, *, now: datetime, timezone: str) -> Day:
    """YYYY-MM-DD, or today when nothing is given; ValueError says what was expected."""
    if text is None or not text.strip():
        return today(now, timezone)
    try:
        day = date.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(ops_text.NOT_A_DAY(text=text.strip()[:20])) from None
    if not FIRST_DAY <= day <= LAST_DAY:
        raise ValueError(ops_text.DAY_OUT_OF_RANGE(day=day.isoformat(), first=FIRST_DAY, last=LAST_DAY))
    return Day(day, timezone)


def hourly(times: list[datetime], day: Day) -> list[int]:
    """How many of `times` fall in each local hour of the day (24 counts)."""
    counts = [0] * 24
    for at in times:
        if day.start <= at < day.end:
            counts[day.hour_of(at)] += 1
    return counts
