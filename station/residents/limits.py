"""The rate limit on resident lookups: guessing a phone tail takes up to 10,000 tries."""

from __future__ import annotations

import threading

from fastapi import Request

from station.web.ratelimit import RateLimiter

WINDOW_SECONDS = 600
_create = threading.Lock()


def track_limiter(request: Request) -> RateLimiter:
    """The app's limiter for /track, made on first use (a test may put its own on app.state)."""
    state = request.app.state
    limiter = getattr(state, "track_limiter", None)
    if limiter is None:
        with _create:
            limiter = getattr(state, "track_limiter", None)
            if limiter is None:
                limiter = RateLimiter(limit=state.settings.track_lookups, window_seconds=WINDOW_SECONDS)
                state.track_limiter = limiter
    return limiter


def wait_seconds(request: Request) -> float | None:
    """Count one lookup from this client; None when allowed, else seconds until the next is."""
    client = request.client.host if request.client else "unknown"
    return track_limiter(request).hit(f"track:{client}")
