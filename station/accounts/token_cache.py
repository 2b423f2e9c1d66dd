"""Live device tokens remembered for a moment, so an API request does not pay a query for its token.

A commit in this process that changes a volunteer or a token (revoked, disabled, role changed)
empties every cache at once. A change made by another process (`station token revoke` beside a
running station) is seen within `ttl` seconds, as the site cache sees a new site.
"""

from __future__ import annotations

import itertools
import threading
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime

from sqlalchemy import event
from sqlalchemy.orm import Session

from station.accounts.models import ApiToken, User
from station.accounts.service import LiveToken, token_hash

_changes = itertools.count()
_generation = next(_changes)


@event.listens_for(Session, "after_flush")
def _note_credential_changes(session: Session, _context) -> None:
    if any(isinstance(obj, (User, ApiToken)) for obj in (*session.dirty, *session.deleted)):
        session.info["credentials_changed"] = True


@event.listens_for(Session, "after_commit")
def _forget_on_credential_changes(session: Session) -> None:
    if session.info.pop("credentials_changed", False):
        forget_all()


def forget_all() -> None:
    global _generation
    _generation = next(_changes)


class TokenCache:
    """Secret hash -> the live token found for it, for at most `ttl` seconds; bounded in size."""

    def __init__(self, *, ttl: float = 1.0, size: int = 1000,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.ttl, self.size, self.clock = ttl, size, clock
        self._entries: dict[str, tuple[float, int, LiveToken]] = {}
        self._lock = threading.Lock()

    def get(self, secret: str) -> LiveToken | None:
        """The remembered live token, or None when it must be looked up."""
        entry = self._entries.get(token_hash(secret))
        if entry is None:
            return None
        found_at, generation, token = entry
        if generation != _generation or self.clock() - found_at >= self.ttl:
            return None
        return token

    def put(self, secret: str, token: LiveToken, *, generation: int) -> None:
        """Remember a token found live by a lookup that began at `generation` (see `generation()`)."""
        with self._lock:
            if len(self._entries) >= self.size:
                self._entries.clear()
            self._entries[token_hash(secret)] = (self.clock(), generation, token)

    def touched(self, secret: str, now: datetime) -> None:
        """The token's use was recorded at `now`: remember that, so it is not written again at once."""
        key = token_hash(secret)
        with self._lock:
            if (entry := self._entries.get(key)) is not None:
                found_at, generation, token = entry
                self._entries[key] = (found_at, generation, replace(token, last_used_at=now))


def generation() -> int:
    """Read before a lookup: an entry stored under it is dropped if credentials changed meanwhile."""
    return _generation
