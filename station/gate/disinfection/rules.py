"""What a disinfection batch form sends, as the station uses it (pure)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from station.catalogue import gate as gate_text
from station.errors import InvalidInput

MAX_BATCH = 500
HHMM = re.compile(r"^\s*([01]?\d|2[0-3])[:：]([0-5]\d)\s*$")


def split_codes(text: str, *, limit: int = MAX_BATCH) -> list[str]:
    """One code per line (as a scanner types them), blanks dropped, repeats kept once, in order."""
    codes = list(dict.fromkeys(line.strip() for line in (text or "").splitlines() if line.strip()))
    if len(codes) > limit:
        raise InvalidInput(gate_text.BATCH_TOO_BIG(limit=limit, count=len(codes)), field="codes")
    return codes


def since_moment(typed: str, now: datetime, timezone: str) -> datetime:
    """'HH:MM' on the site's clock -> the latest such moment not after `now`, in UTC.

    At 01:00, "since 22:00" means yesterday evening, not tonight.
    """
    match = HHMM.match(typed or "")
    if not match:
        raise InvalidInput(gate_text.NOT_A_TIME(text=typed), field="since")
    zone = ZoneInfo(timezone)
    local_now = now.astimezone(zone)
    moment = local_now.replace(hour=int(match[1]), minute=int(match[2]), second=0, microsecond=0)
    if moment > local_now:
        moment -= timedelta(days=1)
    return moment.astimezone(UTC)
