"""Limits on the residents' lookups: a flood budget per address, and guessing phone tails.

A phone tail has only 10,000 values, so wrong tails are counted in the database (every station
process sees them): a few per room a day, whichever address they come from, then that room's
tail lookups wait for a day or for a coordinator to lift the lock; and a budget of wrong tails
per address, generous enough for a compound whose phones share one router. The flood budget
counts every lookup, in memory, and shares the counts with every station process through the
database (another process's lookups count here within about a second).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import timedelta

from fastapi import Request

from station.limits.rules import ROOM_TAILS, Limit, room_key as limit_key
from station.residents.lookup import RoomLookup
from station.web.ratelimit import RateLimiter, SharedRateLimiter

WINDOW_SECONDS = 600
_create = threading.Lock()


def client_address(request: Request) -> str:
    """The asker's address: the peer, or what a trusted proxy said (uvicorn's proxy headers)."""
    return request.client.host if request.client else "unknown"


def track_limiter(request: Request) -> RateLimiter | SharedRateLimiter:
    """The app's limiter for /track, made on first use (a test may put its own on app.state)."""
    state = request.app.state
    limiter = getattr(state, "track_limiter", None)
    if limiter is None:
        with _create:
            limiter = getattr(state, "track_limiter", None)
            if limiter is None:
                limiter = SharedRateLimiter(state.db, state.settings.track_lookups, WINDOW_SECONDS)
                state.track_limiter = limiter
    return limiter


def wait_seconds(request: Request) -> float | None:
    """Count one lookup from this client; None when allowed, else seconds until the next is."""
    return track_limiter(request).hit(f"track:{client_address(request)}")


def stale_counts(request: Request) -> Callable[[], None] | None:
    """What brings the shared lookup counts up to date before the next hit when they are stale
    (a database write, for a thread); None when the next hit touches only memory."""
    limiter = track_limiter(request)
    return limiter.sync if isinstance(limiter, SharedRateLimiter) and limiter.due() else None


def room_key(lookup: RoomLookup) -> str:
    return limit_key(lookup.building, lookup.unit, lookup.room)


def tail_limits(request: Request, lookup: RoomLookup) -> list[tuple[str, Limit]]:
    """The keys a wrong tail counts against: this room, and this address."""
    per_address = Limit(request.app.state.settings.track_failures, timedelta(seconds=WINDOW_SECONDS))
    return [(room_key(lookup), ROOM_TAILS), (f"tails-from:{client_address(request)}", per_address)]
