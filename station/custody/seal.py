"""Day roots over the whole custody log, keyed with a secret kept outside the database (pure).

Each parcel's hash chain shows an event edited in place, but a writer who can change the
database can also re-hash a chain, cut its end off or delete a parcel with all its events, and
every chain still verifies. A day's root is an HMAC, under a key that lives in a file beside
the station and never in the database, over every event of that local day (parcel code,
sequence number and hash, sorted), and over the root of the day before. Without the key, no one
can write a root that matches a log they changed; a root printed on the shift-close stocktake
or in a day's export is checked against the log later, even if the stored roots were deleted.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from station.codes import same_secret

GENESIS_ROOT = "0" * 64
KEY_BYTES = 32


@dataclass(frozen=True)
class Line:
    """What a day root covers of one event."""

    parcel_code: str
    seq: int
    hash: str


@dataclass(frozen=True)
class DayRoot:
    day: date
    events: int
    root: str


def events_digest(lines: Iterable[Line]) -> tuple[int, str]:
    """(count, SHA-256) of the events, in an order that does not depend on row ids."""
    digest = hashlib.sha256()
    count = 0
    for line in sorted(lines, key=lambda ln: (ln.parcel_code, ln.seq)):
        digest.update(f"{line.parcel_code} {line.seq} {line.hash}\n".encode())
        count += 1
    return count, digest.hexdigest()


def day_root(key: bytes, day: date, lines: Iterable[Line], *, previous: str) -> DayRoot:
    count, digest = events_digest(lines)
    message = f"custody-day-root v1|{day.isoformat()}|{count}|{digest}|{previous}".encode()
    return DayRoot(day, count, hmac.new(key, message, hashlib.sha256).hexdigest())


def same_root(a: str, b: str) -> bool:
    return same_secret(a.strip().lower(), b.strip().lower())


def parse_key(text: str) -> bytes:
    """The key file's content: 64 hex digits (ValueError otherwise)."""
    key = bytes.fromhex(text.strip())
    if len(key) != KEY_BYTES:
        raise ValueError(f"a custody key is {KEY_BYTES * 2} hex digits")
    return key


def day_bounds(day: date, timezone: str) -> tuple[datetime, datetime]:
    """[start, end) of a local day, in UTC."""
    zone = ZoneInfo(timezone)
    start = datetime.combine(day, time(0), tzinfo=zone).astimezone(UTC)
    return start, datetime.combine(day + timedelta(days=1), time(0), tzinfo=zone).astimezone(UTC)


def local_day(at: datetime, timezone: str) -> date:
    return at.astimezone(ZoneInfo(timezone)).date()


def parse_printed(text: str) -> tuple[date, str]:
    """`2026-11-27:<64 hex>`, as a day's root is printed, -> (day, root); ValueError otherwise."""
    day, _, root = text.strip().partition(":")
    try:
        parsed = date.fromisoformat(day)
        bytes.fromhex(root)
    except ValueError:
        raise ValueError(f"{text.strip()[:80]!r} is not a day's root such as 2026-11-27:9f3a…") from None
    if len(root) != 64:
        raise ValueError(f"{text.strip()[:80]!r} is not a day's root such as 2026-11-27:9f3a…")
    return parsed, root.lower()


def printed(root: DayRoot) -> str:
    return f"{root.day.isoformat()}:{root.root}"
