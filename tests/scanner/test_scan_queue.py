"""The queue file: durable enqueue, states, order."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime

from scanner.scan_queue import QUEUED, REJECTED, SENT, ScanQueue

NOW = datetime(2026, 11, 27, 1, 30, tzinfo=UTC)


def test_enqueue_is_committed_and_visible_to_another_connection(tmp_path):
    path = tmp_path / "q.db"
    with ScanQueue(path) as queue:
        scan = queue.enqueue({"scan": "SF1234567890123", "gate": "main"}, now=NOW)
        # Another process's view: a plain connection, opened after the enqueue returned.
        other = sqlite3.connect(path)
        row = other.execute("SELECT idempotency_key, state, payload, created_at FROM scans").fetchone()
        other.close()
    assert row[0] == scan.idempotency_key and row[1] == QUEUED
    assert '"scan": "SF1234567890123"' in row[2]
    assert row[3] == NOW.isoformat()
    assert len(scan.idempotency_key) == 36


def test_wal_and_full_sync(tmp_path):
    with ScanQueue(tmp_path / "q.db") as queue:
        assert queue._db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert queue._db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL


def test_states_attempts_and_order(tmp_path):
    with ScanQueue(tmp_path / "q.db") as queue:
        a, b, c = (queue.enqueue({"scan": t, "gate": "main"}) for t in ("A1", "B2", "C3"))
        assert [s.payload["scan"] for s in queue.pending()] == ["A1", "B2", "C3"]
        queue.record_failure(a.id, "cannot reach the station")
        queue.mark_sent(a.id, {"parcel": {"code": "P1"}, "duplicate": False})
        queue.mark_rejected(b.id, "HTTP 422: bad category", {"detail": "bad category"})
        assert [s.payload["scan"] for s in queue.pending()] == ["C3"]
        assert queue.counts() == {QUEUED: 1, SENT: 1, REJECTED: 1}
        sent = queue.get(a.id)
        assert sent.state == SENT and sent.attempts == 2 and sent.last_error is None
        assert sent.response == {"parcel": {"code": "P1"}, "duplicate": False}
        rejected = queue.get(b.id)
        assert rejected.state == REJECTED and rejected.last_error == "HTTP 422: bad category"
        # A sent scan is never reopened by a late failure report.
        queue.record_failure(a.id, "late")
        assert queue.get(a.id).state == SENT and queue.get(a.id).attempts == 2
        assert c.state == QUEUED


def test_requeue_rejected_gives_a_new_key(tmp_path):
    with ScanQueue(tmp_path / "q.db") as queue:
        scan = queue.enqueue({"scan": "A1", "gate": "main"})
        queue.mark_rejected(scan.id, "HTTP 401: unknown token")
        assert queue.requeue_rejected() == 1
        again = queue.get(scan.id)
        assert again.state == QUEUED and again.idempotency_key != scan.idempotency_key


def test_queue_survives_reopening_and_creates_its_folder(tmp_path):
    path = tmp_path / "deep" / "er" / "q.db"
    with ScanQueue(path) as queue:
        queue.enqueue({"scan": "A1", "gate": "main"})
    with ScanQueue(path) as queue:
        assert [s.payload["scan"] for s in queue.pending()] == ["A1"]
