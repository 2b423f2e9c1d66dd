"""Replay order, rejection, retry and backoff against an in-memory station."""

from __future__ import annotations

import random
import threading

import httpx2

from scanner.client import StationClient
from scanner.replay import Backoff, Sender, replay
from scanner.scan_queue import QUEUED, REJECTED, SENT, ScanQueue


class FakeStation:
    """Implements the contract's idempotency: one parcel per key, the same answer on retry."""

    def __init__(self) -> None:
        self.up = True
        self.refuse: set[str] = set()
        self.answers: dict[str, dict] = {}
        self.arrivals: list[tuple[str, str]] = []  # (key, scan) of every request that got through
        self.lock = threading.Lock()

    def __call__(self, request: httpx2.Request) -> httpx2.Response:
        if not self.up:
            raise httpx2.ConnectError("connection refused", request=request)
        body = httpx2.Response(200, content=request.content).json()
        key = request.headers["Idempotency-Key"]
        with self.lock:
            self.arrivals.append((key, body["scan"]))
            if body["scan"] in self.refuse:
                return httpx2.Response(422, json={"detail": f"cannot take {body['scan']}"})
            if key not in self.answers:
                self.answers[key] = {"parcel": {"code": f"P{len(self.answers) + 1}", "tracking_number": body["scan"]},
                                     "duplicate": False}
            return httpx2.Response(201, json=self.answers[key])

    def client(self) -> StationClient:
        return StationClient("http://station.test", transport=httpx2.MockTransport(self))


def fill(queue: ScanQueue, n: int) -> list[str]:
    texts = [f"SF{1000000000000 + i}" for i in range(n)]
    for text in texts:
        queue.enqueue({"scan": text, "gate": "main"})
    return texts


def test_replay_sends_in_order_and_marks_each_sent(tmp_path):
    station = FakeStation()
    with ScanQueue(tmp_path / "q.db") as queue:
        texts = fill(queue, 5)
        report = replay(queue, station.client(), batch=2)
        assert (report.sent, report.rejected, report.waiting, report.error) == (5, 0, 0, None)
        assert [scan for _key, scan in station.arrivals] == texts
        assert [s.response["parcel"]["tracking_number"] for s in queue.all(state=SENT)] == texts


def test_station_down_keeps_everything_queued_and_in_order(tmp_path):
    station = FakeStation()
    station.up = False
    with ScanQueue(tmp_path / "q.db") as queue:
        texts = fill(queue, 3)
        report = replay(queue, station.client())
        assert report.error and "cannot reach" in report.error and report.waiting == 3
        # Stopped at the first scan: the later ones were not even tried.
        assert [s.attempts for s in queue.all()] == [1, 0, 0]
        station.up = True
        assert replay(queue, station.client()).sent == 3
        assert [scan for _key, scan in station.arrivals] == texts


def test_rejection_is_kept_with_its_reason_and_the_rest_goes_on(tmp_path):
    station = FakeStation()
    station.refuse = {"SF1000000000001"}
    with ScanQueue(tmp_path / "q.db") as queue:
        fill(queue, 3)
        report = replay(queue, station.client())
        assert (report.sent, report.rejected) == (2, 1)
        (rejected,) = queue.all(state=REJECTED)
        assert rejected.last_error == "HTTP 422: cannot take SF1000000000001"
        assert replay(queue, station.client()).sent == 0  # never resent
        assert len(station.arrivals) == 3


def test_crash_between_send_and_mark_is_harmless(tmp_path):
    station = FakeStation()
    with ScanQueue(tmp_path / "q.db") as queue:
        fill(queue, 2)
        first = queue.pending()[0]
        # The station took it, then the scanner died before recording that.
        station.client().intake(first.payload, idempotency_key=first.idempotency_key)
        replay(queue, station.client())
        assert len(station.answers) == 2  # two parcels for two scans, not three
        assert queue.get(first.id).response == station.answers[first.idempotency_key]


def test_backoff_grows_is_capped_and_honours_retry_after():
    backoff = Backoff(initial=1, factor=2, cap=8, rng=random.Random(1))
    delays = [backoff.next_delay() for _ in range(6)]
    assert all(0.5 <= d <= 1 for d in delays[:1]) and all(d <= 8 for d in delays)
    assert max(delays[3:]) > max(delays[:1])
    assert backoff.next_delay(hint=30) == 30
    backoff.reset()
    assert backoff.next_delay() <= 1


def test_sender_thread_delivers_when_the_station_comes_back(tmp_path):
    station = FakeStation()
    station.up = False
    path = tmp_path / "q.db"
    waits = []
    sender = Sender(path, station.client, backoff=Backoff(initial=0.05, cap=0.2),
                    on_wait=lambda report, delay: waits.append(report.waiting)).start()
    try:
        with ScanQueue(path) as queue:
            texts = fill(queue, 4)
            sender.wake()
            assert not sender.wait_idle(timeout=0.5)
            assert queue.counts()[QUEUED] == 4 and waits
            station.up = True
            assert sender.wait_idle(timeout=10)
            assert queue.counts() == {QUEUED: 0, SENT: 4, REJECTED: 0}
        assert [scan for _key, scan in station.arrivals[-4:]] == texts
        assert len(station.answers) == 4
    finally:
        sender.stop()
