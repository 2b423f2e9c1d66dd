"""How long a key must wait after its failed attempts (pure)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True)
class Limit:
    """`attempts` failures within `window` lock the key; with `backoff`, each failure past the
    limit doubles the wait, from `backoff` up to the window."""

    attempts: int
    window: timedelta
    backoff: timedelta | None = None


def wait_seconds(failures: Sequence[datetime], limit: Limit, *, now: datetime) -> float | None:
    """Seconds until the key may try again (None: it may now). `failures`: its failures in the window."""
    recent = sorted(at for at in failures if at > now - limit.window)
    if len(recent) < limit.attempts:
        return None
    if limit.backoff is None:
        until = recent[-limit.attempts] + limit.window
    else:
        doubling = min(len(recent) - limit.attempts, 16)
        until = recent[-1] + min(limit.backoff * 2 ** doubling, limit.window)
    seconds = (until - now).total_seconds()
    return seconds if seconds > 0 else None


# A room's phone tail: a few wrong tails a day, from any address, lock that room's lookups.
ROOM_TAILS = Limit(attempts=5, window=timedelta(hours=24))
# A volunteer's password from one address: after 5 wrong ones, waits of 30 s doubling to an hour.
SIGN_IN = Limit(attempts=5, window=timedelta(hours=1), backoff=timedelta(seconds=30))
# Many names tried from one address.
SIGN_IN_ADDRESS = Limit(attempts=30, window=timedelta(minutes=15))
ROOM, LOGIN = "room:", "login:"
# What a coordinator sees held, and may lift, by key prefix.
HELD = {ROOM: ROOM_TAILS, LOGIN: SIGN_IN}


def room_key(building: str, unit: int, room: str) -> str:
    return f"{ROOM}{building}-{unit}-{room}"


def sign_in_keys(name: str, address: str) -> list[tuple[str, Limit]]:
    return [(f"{LOGIN}{name.strip().lower()[:64]}|{address}", SIGN_IN), (f"login-from:{address}", SIGN_IN_ADDRESS)]


def describe(key: str) -> tuple[str, str]:
    """(kind, what) of a held key, for the coordinator: ("room", "10-2-301") or ("sign-in", "li from 1.2.3.4")."""
    if key.startswith(ROOM):
        return "room", key[len(ROOM):]
    name, _, address = key[len(LOGIN):].partition("|")
    return "sign-in", f"{name} @ {address}"
