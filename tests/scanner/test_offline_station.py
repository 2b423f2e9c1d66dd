"""The offline queue against the real station: down, back, and killed mid-replay.

Each scan must reach the station exactly once and in the order it was scanned; checked through
the station's own API (one `received` custody event per parcel, intake times in scan order).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import datetime

import httpx2
import pytest

from scanner.client import StationClient
from scanner.replay import Backoff, Sender, replay
from scanner.scan_queue import QUEUED, REJECTED, SENT, ScanQueue
from tests.scanner.conftest import GATE, REPO, free_port, start_station, stop_station


def enqueue(queue: ScanQueue, first: int, n: int) -> list[str]:
    numbers = [f"SF{first + i:013d}" for i in range(n)]
    for number in numbers:
        queue.enqueue({"scan": number, "gate": GATE, "category": "express"})
    return numbers


def assert_delivered_once_in_order(url: str, token: str, queue: ScanQueue, numbers: list[str]) -> None:
    scans = queue.all()
    assert [s.payload["scan"] for s in scans] == numbers
    assert all(s.state == SENT for s in scans), [(s.payload["scan"], s.state, s.last_error) for s in scans]
    # A resend with a new key would have been answered as a duplicate of an existing parcel.
    assert not any(s.response["duplicate"] for s in scans)
    received_at = []
    with httpx2.Client(base_url=url, headers={"Authorization": f"Bearer {token}"}, timeout=10) as http:
        for number in numbers:
            answer = http.get(f"/api/v1/parcels/{number}")
            assert answer.status_code == 200, answer.text
            parcel = answer.json()
            received = [e for e in parcel["events"] if e["type"] == "received"]
            assert len(received) == 1, parcel["events"]
            assert parcel["gate"] == GATE
            received_at.append(datetime.fromisoformat(received[0]["at"].replace("Z", "+00:00")))
    assert received_at == sorted(received_at) and len(set(received_at)) == len(received_at)


def test_station_down_then_back_each_scan_delivered_once_in_order(station_db, tmp_path):
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    path = tmp_path / "queue.db"
    sender = Sender(path, lambda: StationClient(url, token=station_db.token, timeout=5),
                    backoff=Backoff(initial=0.2, cap=1.0)).start()
    running = None
    try:
        with ScanQueue(path) as queue:
            numbers = enqueue(queue, 1_000_000, 6)
            sender.wake()
            deadline = time.monotonic() + 30
            while queue.all()[0].attempts < 1 and time.monotonic() < deadline:
                time.sleep(0.05)
            assert not sender.wait_idle(timeout=0.5)
            assert queue.counts()[QUEUED] == 6
            first = queue.all()[0]
            assert first.attempts >= 1 and "cannot reach" in first.last_error
            assert all(s.attempts == 0 for s in queue.all()[1:])  # nothing overtakes the first

            running = start_station(station_db, port)
            assert sender.wait_idle(timeout=60), queue.all()[0].last_error
            assert_delivered_once_in_order(url, station_db.token, queue, numbers)
    finally:
        sender.stop()
        if running:
            stop_station(running)


def test_resend_after_a_lost_acknowledgement_creates_no_second_parcel(station, station_db, tmp_path):
    with ScanQueue(tmp_path / "queue.db") as queue, StationClient(station.url, token=station_db.token) as client:
        numbers = enqueue(queue, 2_000_000, 3)
        lost = queue.pending()[0]
        # Delivered, but the scanner died before marking it sent.
        client.intake(lost.payload, idempotency_key=lost.idempotency_key)
        assert replay(queue, client).sent == 3
        assert queue.get(lost.id).response.get("replayed") is True
        assert_delivered_once_in_order(station.url, station_db.token, queue, numbers)


def test_rejected_scan_is_kept_with_the_station_message(station, station_db, tmp_path):
    with ScanQueue(tmp_path / "queue.db") as queue, StationClient(station.url, token=station_db.token) as client:
        queue.enqueue({"scan": "SF0003000000001", "gate": GATE, "category": "not-a-category"})
        good = enqueue(queue, 3_000_002, 1)
        report = replay(queue, client)
        assert (report.sent, report.rejected) == (1, 1)
        (rejected,) = queue.all(state=REJECTED)
        assert rejected.last_error.startswith("HTTP 422: ") and "category" in rejected.last_error  # in the station's language
        assert queue.all(state=SENT)[0].payload["scan"] == good[0]


@pytest.mark.slow
def test_replay_killed_mid_way_delivers_every_scan_once_after_restart(station, station_db, tmp_path):
    path = tmp_path / "queue.db"
    with ScanQueue(path) as queue:
        numbers = enqueue(queue, 4_000_000, 40)
    command = [sys.executable, "-m", "scanner.cli", "queue", "replay", "--queue", str(path),
               "--station", station.url, "--token", station_db.token]
    replayer = subprocess.Popen(command, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        with ScanQueue(path) as queue:
            deadline = time.monotonic() + 60
            while queue.counts()[SENT] < 5 and replayer.poll() is None and time.monotonic() < deadline:
                time.sleep(0.005)
            os.kill(replayer.pid, signal.SIGKILL)
            replayer.wait(timeout=10)
            assert replayer.returncode == -signal.SIGKILL, replayer.stderr.read().decode() if replayer.stderr else ""
            counts = queue.counts()
            assert 5 <= counts[SENT] < 40 and counts[QUEUED] > 0, counts
    finally:
        if replayer.poll() is None:
            replayer.kill()
            replayer.wait()
        if replayer.stderr:
            replayer.stderr.close()

    restarted = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=120, check=False)
    assert restarted.returncode == 0, restarted.stdout + restarted.stderr
    with ScanQueue(path) as queue:
        assert_delivered_once_in_order(station.url, station_db.token, queue, numbers)
