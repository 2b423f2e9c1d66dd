"""The offline scan queue: every scan is written to a local SQLite file before it is sent.

One row per scan, states queued -> sent | rejected. The row's idempotency key is generated when
the scan is queued and sent with every attempt, so a crash between the station's answer and
`mark_sent` only causes a harmless resend: the station answers the retry with the same parcel.
WAL with synchronous=FULL makes a committed enqueue survive a power cut, not just a crash.
"""

from __future__ import annotations

import json
import sqlite3
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

QUEUED = "queued"
SENT = "sent"
REJECTED = "rejected"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS scans (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    idempotency_key TEXT NOT NULL UNIQUE,
    payload TEXT NOT NULL,
    created_at TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'sent', 'rejected')),
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    response TEXT,
    updated_at TEXT
);
CREATE INDEX IF NOT EXISTS scans_state_id ON scans (state, id);
"""


def _utcnow() -> datetime:
    return datetime.now(timezone.utc)


@dataclass(frozen=True, slots=True)
class QueuedScan:
    """One row of the queue."""

    id: int
    idempotency_key: str
    payload: dict[str, Any]
    created_at: str
    state: str
    attempts: int
    last_error: str | None
    response: dict[str, Any] | None

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> QueuedScan:
        return cls(
            id=row["id"],
            idempotency_key=row["idempotency_key"],
            payload=json.loads(row["payload"]),
            created_at=row["created_at"],
            state=row["state"],
            attempts=row["attempts"],
            last_error=row["last_error"],
            response=json.loads(row["response"]) if row["response"] else None,
        )


class ScanQueue:
    """The queue file. One instance per thread: sqlite3 connections are not shared."""

    def __init__(self, path: str | Path, *, busy_timeout_ms: int = 10_000) -> None:
        self.path = Path(path)
        if self.path.parent and not self.path.parent.exists():
            self.path.parent.mkdir(parents=True, exist_ok=True)
        # Autocommit mode: every write below opens its own BEGIN IMMEDIATE transaction, so a
        # concurrent writer waits on the busy timeout instead of failing at commit.
        self._db = sqlite3.connect(self.path, isolation_level=None, timeout=busy_timeout_ms / 1000)
        self._db.row_factory = sqlite3.Row
        self._db.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
        mode = self._db.execute("PRAGMA journal_mode").fetchone()[0]
        for _attempt in range(50):  # switching to WAL needs a moment alone with the file
            if str(mode).lower() == "wal":
                break
            try:
                mode = self._db.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            except sqlite3.OperationalError:
                time.sleep(0.05)
        if str(mode).lower() != "wal":
            raise RuntimeError(f"{self.path}: cannot switch the queue to WAL (got {mode})")
        self._db.execute("PRAGMA synchronous = FULL")
        with self._write() as db:
            for statement in filter(None, (s.strip() for s in _SCHEMA.split(";"))):
                db.execute(statement)

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> ScanQueue:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield self._db
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    def enqueue(self, payload: dict[str, Any], *, now: datetime | None = None) -> QueuedScan:
        """Store a scan durably (committed and fsynced) and return its row."""
        key = str(uuid.uuid4())
        created = (now or _utcnow()).isoformat()
        body = json.dumps(payload, ensure_ascii=False, sort_keys=True)
        with self._write() as db:
            cur = db.execute(
                "INSERT INTO scans (idempotency_key, payload, created_at, updated_at) VALUES (?, ?, ?, ?)",
                (key, body, created, created),
            )
            scan_id = cur.lastrowid
        scan = self.get(int(scan_id or 0))
        assert scan is not None
        return scan

    def get(self, scan_id: int) -> QueuedScan | None:
        row = self._db.execute("SELECT * FROM scans WHERE id = ?", (scan_id,)).fetchone()
        return QueuedScan.from_row(row) if row else None

    def pending(self, *, limit: int = 100) -> list[QueuedScan]:
        """Queued scans, oldest first."""
        rows = self._db.execute(
            "SELECT * FROM scans WHERE state = ? ORDER BY id LIMIT ?", (QUEUED, limit)
        ).fetchall()
        return [QueuedScan.from_row(r) for r in rows]

    def all(self, *, state: str | None = None) -> list[QueuedScan]:
        if state is None:
            rows = self._db.execute("SELECT * FROM scans ORDER BY id").fetchall()
        else:
            rows = self._db.execute("SELECT * FROM scans WHERE state = ? ORDER BY id", (state,)).fetchall()
        return [QueuedScan.from_row(r) for r in rows]

    def counts(self) -> dict[str, int]:
        out = {QUEUED: 0, SENT: 0, REJECTED: 0}
        for state, n in self._db.execute("SELECT state, count(*) FROM scans GROUP BY state"):
            out[state] = n
        return out

    def _finish(self, scan_id: int, state: str, *, error: str | None, response: Any, now: datetime | None) -> None:
        body = None if response is None else json.dumps(response, ensure_ascii=False, sort_keys=True)
        with self._write() as db:
            db.execute(
                "UPDATE scans SET state = ?, attempts = attempts + 1, last_error = ?, response = ?,"
                " updated_at = ? WHERE id = ? AND state = ?",
                (state, error, body, (now or _utcnow()).isoformat(), scan_id, QUEUED),
            )

    def mark_sent(self, scan_id: int, response: Any, *, now: datetime | None = None) -> None:
        """The station accepted the scan; `response` is its JSON answer."""
        self._finish(scan_id, SENT, error=None, response=response, now=now)

    def mark_rejected(self, scan_id: int, error: str, response: Any = None, *, now: datetime | None = None) -> None:
        """The station refused the scan for good (4xx): keep it, with the reason, never resend."""
        self._finish(scan_id, REJECTED, error=error, response=response, now=now)

    def record_failure(self, scan_id: int, error: str, *, now: datetime | None = None) -> None:
        """An attempt failed for a passing reason; the scan stays queued."""
        with self._write() as db:
            db.execute(
                "UPDATE scans SET attempts = attempts + 1, last_error = ?, updated_at = ? WHERE id = ? AND state = ?",
                (error, (now or _utcnow()).isoformat(), scan_id, QUEUED),
            )

    def requeue_rejected(self, *, now: datetime | None = None) -> int:
        """Put rejected scans back in the queue (after fixing a token or the gate id).

        Each gets a new idempotency key: a station may remember its refusal under the old one.
        """
        stamp = (now or _utcnow()).isoformat()
        with self._write() as db:
            ids = [r[0] for r in db.execute("SELECT id FROM scans WHERE state = ?", (REJECTED,))]
            for scan_id in ids:
                db.execute(
                    "UPDATE scans SET state = ?, idempotency_key = ?, updated_at = ? WHERE id = ?",
                    (QUEUED, str(uuid.uuid4()), stamp, scan_id),
                )
            return len(ids)
