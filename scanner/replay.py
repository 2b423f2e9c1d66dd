"""Replaying the queue to the station: in order, each scan until it is sent or refused.

`replay` makes one pass: oldest queued scan first, and it stops at the first scan that must be
retried, so a later scan never overtakes an earlier one. `Sender` runs passes in a background
thread, woken after each enqueue and spaced by exponential backoff while the station is away.
"""

from __future__ import annotations

import random
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from scanner.client import Delivered, Rejected, RetryLater, SendResult, StationClient
from scanner.scan_queue import QueuedScan, ScanQueue

OnResult = Callable[[QueuedScan, SendResult], None]


@dataclass(frozen=True, slots=True)
class ReplayReport:
    """What one pass did; `error` set when it stopped on a scan to retry."""

    sent: int
    rejected: int
    waiting: int
    error: str | None = None
    retry_after: float | None = None


def replay(
    queue: ScanQueue,
    client: StationClient,
    *,
    on_result: OnResult | None = None,
    stop: threading.Event | None = None,
    batch: int = 50,
) -> ReplayReport:
    """Send queued scans oldest first until the queue is empty or a scan must wait."""
    sent = rejected = 0
    while not (stop and stop.is_set()):
        scans = queue.pending(limit=batch)
        if not scans:
            break
        for scan in scans:
            if stop and stop.is_set():
                break
            result = client.intake(scan.payload, idempotency_key=scan.idempotency_key)
            # A crash right here (sent, not yet marked) is safe: the next pass resends with
            # the same Idempotency-Key and the station answers with the parcel it made.
            if isinstance(result, Delivered):
                queue.mark_sent(scan.id, result.response)
                sent += 1
            elif isinstance(result, Rejected):
                queue.mark_rejected(scan.id, f"HTTP {result.status}: {result.detail}", result.response)
                rejected += 1
            else:
                queue.record_failure(scan.id, result.error)
            if on_result:
                on_result(scan, result)
            if isinstance(result, RetryLater):
                return ReplayReport(sent, rejected, queue.counts()["queued"], result.error, result.retry_after)
    return ReplayReport(sent, rejected, queue.counts()["queued"])


class Backoff:
    """Exponential delays with full jitter, so several gates do not retry in step."""

    def __init__(
        self, *, initial: float = 1.0, factor: float = 2.0, cap: float = 60.0, rng: random.Random | None = None
    ) -> None:
        self.initial, self.factor, self.cap = initial, factor, cap
        self._rng = rng or random.Random()
        self._failures = 0

    def reset(self) -> None:
        self._failures = 0

    def next_delay(self, hint: float | None = None) -> float:
        """The wait before the next attempt; a server's Retry-After wins when longer."""
        ceiling = min(self.cap, self.initial * self.factor**self._failures)
        self._failures += 1
        delay = self._rng.uniform(ceiling / 2, ceiling)
        return min(self.cap * 5, max(delay, hint or 0.0))


class Sender:
    """Background thread that keeps replaying the queue file to the station.

    It opens its own queue connection and HTTP client (neither may cross threads).
    """

    def __init__(
        self,
        queue_path: str | Path,
        make_client: Callable[[], StationClient],
        *,
        on_result: OnResult | None = None,
        on_wait: Callable[[ReplayReport, float], None] | None = None,
        backoff: Backoff | None = None,
    ) -> None:
        self.queue_path = Path(queue_path)
        self._make_client = make_client
        self._on_result = on_result
        self._on_wait = on_wait
        self._backoff = backoff or Backoff()
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._idle = threading.Event()
        self._thread = threading.Thread(target=self._run, name="station-scan-sender", daemon=True)
        self.last_report: ReplayReport | None = None

    def start(self) -> Sender:
        self._thread.start()
        return self

    def wake(self) -> None:
        """A scan was queued: try now, even in the middle of a backoff wait."""
        self._idle.clear()
        self._wake.set()

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        self._wake.set()
        self._thread.join(timeout)

    def wait_idle(self, timeout: float | None = None) -> bool:
        """Block until a pass ended with nothing left to send (for tests and shutdown)."""
        return self._idle.wait(timeout)

    def _run(self) -> None:
        with ScanQueue(self.queue_path) as queue, self._make_client() as client:
            delay: float | None = 0.0
            while not self._stop.is_set():
                if delay is None or delay > 0:
                    self._wake.wait(delay)
                if self._stop.is_set():
                    break
                self._wake.clear()
                report = replay(queue, client, on_result=self._on_result, stop=self._stop)
                self.last_report = report
                if report.error is None:
                    self._backoff.reset()
                    delay = None  # sleep until woken
                    if not queue.counts()["queued"]:
                        self._idle.set()
                else:
                    delay = self._backoff.next_delay(report.retry_after)
                    if self._on_wait:
                        self._on_wait(report, delay)
