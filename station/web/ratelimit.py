"""A sliding-window limit per key: in one process's memory (`RateLimiter`), or counted by every
station process on one database (`SharedRateLimiter`)."""

from __future__ import annotations

import logging
import secrets
import threading
import time
from collections import Counter, deque

from station.db import Database
from station.limits import service as limits

log = logging.getLogger("station.limits")


class RateLimiter:
    def __init__(self, limit: int, window_seconds: float, clock=time.monotonic) -> None:
        self.limit, self.window, self.clock = limit, window_seconds, clock
        self._hits: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def hit(self, key: str, *, others: int = 0) -> float | None:
        """Count one attempt; None when allowed, else the seconds until the next is.

        `others`: the key's attempts in the window that other processes let through."""
        now = self.clock()
        with self._lock:
            hits = self._hits.setdefault(key, deque())
            while hits and hits[0] <= now - self.window:
                hits.popleft()
            if len(hits) + others >= self.limit:
                return hits[0] + self.window - now if len(hits) >= self.limit else MINUTE
            hits.append(now)
            if len(self._hits) > 10_000:
                self._prune(now)
            return None

    def _prune(self, now: float) -> None:
        for key in [k for k, v in self._hits.items() if not v or v[-1] <= now - self.window]:
            del self._hits[key]


MINUTE = 60.0


class SharedRateLimiter:
    """A `RateLimiter` whose budget is shared by every station process on the database.

    Each process counts its own attempts exactly, in memory, and adds them per key and minute to
    `limit_counts` within `flush_after` seconds (in a short-lived thread, never in a request).
    The other processes' counts are read with that write, and again by the first attempt that
    finds them older than `stale_after`: another process's attempts count here within about a
    second. A request pays a database round trip at most once per `stale_after`.
    """

    def __init__(self, db: Database, limit: int, window_seconds: float, *, flush_after: float = 0.25,
                 stale_after: float = 1.0, clock=time.time) -> None:
        self.db, self.limit, self.window, self.clock = db, limit, window_seconds, clock
        self.flush_after, self.stale_after = flush_after, stale_after
        self.process = secrets.token_hex(8)
        self._local = RateLimiter(limit, window_seconds, clock)
        self._others: dict[str, int] = {}
        self._read_at = float("-inf")
        self._pending: Counter[tuple[str, int]] = Counter()
        self._lock = threading.Lock()
        self._syncing = threading.Lock()
        self._flush_due = False
        self._pruned_minute = 0

    def due(self) -> bool:
        """Whether the next hit first reads the others' counts: a database write, which an async
        route runs in a thread before the hit (`sync`)."""
        return self.clock() - self._read_at >= self.stale_after

    def hit(self, key: str) -> float | None:
        if self.due():
            self.sync()
        wait = self._local.hit(key, others=self._others.get(key, 0))
        if wait is None:
            with self._lock:
                self._pending[(key, int(self.clock() // MINUTE))] += 1
                start = not self._flush_due
                self._flush_due = True
            if start:
                timer = threading.Timer(self.flush_after, self.sync)
                timer.daemon = True
                timer.start()
        return wait

    def sync(self) -> None:
        """Write this process's new counts and read the others'; one caller at a time, others skip."""
        if not self._syncing.acquire(blocking=False):
            return
        try:
            with self.db.background() as open_:
                if open_:
                    self._sync()
        finally:
            self._syncing.release()

    def _sync(self) -> None:
        with self._lock:
            pending, self._pending = self._pending, Counter()
            self._flush_due = False
        now_minute = int(self.clock() // MINUTE)
        since = now_minute - int(self.window // MINUTE) + 1
        prune = now_minute - self._pruned_minute >= 10
        try:
            others = self.db.write(lambda session: self._exchange(session, pending, since, prune))
        except Exception:  # the database restarting must not refuse or break the residents' page
            log.warning("the shared lookup counts could not be written; kept for the next turn", exc_info=True)
            with self._lock:
                self._pending.update(pending)
            self._read_at = self.clock()
            return
        if prune:
            self._pruned_minute = now_minute
        self._others, self._read_at = others, self.clock()

    def _exchange(self, session, pending: Counter[tuple[str, int]], since: int, prune: bool) -> dict[str, int]:
        limits.add_counts(session, dict(pending), process=self.process)
        if prune:
            limits.prune_counts(session, before_minute=since - 1)
        return limits.counts_of_others(session, process=self.process, since_minute=since)
