"""Times as the people at the gate read them: the site's local clock."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo


def local(at: datetime, timezone: str) -> datetime:
    return at.astimezone(ZoneInfo(timezone))


def hhmm(at: datetime, timezone: str) -> str:
    return local(at, timezone).strftime("%H:%M")
