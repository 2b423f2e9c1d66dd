"""The engines a station database runs on, and what SQLite needs beside them: the pragmas, the
writer lock between processes, the checkpoints in a thread of their own; PostgreSQL's pool."""

from __future__ import annotations

import fcntl
import sqlite3
import threading
import time
from typing import IO

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import DisconnectionError

WAL_SIZE_LIMIT = 64 * 1024 * 1024


def sqlite_engine(url: str, begin: str, *, auto_checkpoint: bool = True) -> Engine:
    engine = create_engine(url, pool_size=8, max_overflow=8, pool_pre_ping=False,
                           connect_args={"check_same_thread": False, "timeout": 30})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.execute(f"PRAGMA journal_size_limit={WAL_SIZE_LIMIT}")
        if not auto_checkpoint:
            cursor.execute("PRAGMA wal_autocheckpoint=0")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection) -> None:
        connection.exec_driver_sql(begin)

    return engine


IDLE_BEFORE_PING = 1.0  # seconds a pooled PostgreSQL connection rests before it is checked again


def postgres_engine(url: str) -> Engine:
    """A pool whose connections are checked (a round trip) before use only when they have rested.

    A connection the server closed (a restart, an idle timeout) is found and replaced before a
    request uses it; one handed on from request to request within the second is not checked
    again: under a burst of lookups the check cost a tenth of each lookup's CPU. Should the server
    go away mid-burst, the one request that finds its connection closed fails, and the pool
    replaces every connection older than that."""
    engine = create_engine(url, pool_size=10, max_overflow=20, pool_pre_ping=False)

    @event.listens_for(engine, "checkin")
    def _rested_from(_dbapi_connection, record) -> None:
        record.info["checked_in"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _check_if_rested(dbapi_connection, record, _proxy) -> None:
        rested_from = record.info.get("checked_in")  # none yet: a connection just made
        if rested_from is None or time.monotonic() - rested_from < IDLE_BEFORE_PING:
            return
        try:
            engine.dialect.do_ping(dbapi_connection)
        except engine.dialect.loaded_dbapi.Error as exc:
            raise DisconnectionError(str(exc)) from exc  # the pool connects again

    return engine


class ProcessLock:
    """The writers of several station processes on one SQLite file, one at a time, in turn.

    SQLite's own lock makes a writer that finds it taken sleep and try again, longer each time
    (its busy handler): two processes writing at once then wait tens of milliseconds for a lock
    freed in one. Waiting on this file lock instead, the next writer wakes as soon as it is
    free. SQLite's lock still guards the file against every other writer (a backup, the CLI).
    """

    def __init__(self, path: str) -> None:
        self.path = path
        self._file: IO[bytes] | None = None

    def __enter__(self) -> None:
        if self._file is None:  # opened in the process that writes: a lock is not shared over a fork
            self._file = open(self.path, "ab")  # noqa: SIM115 - held for the process's life
        fcntl.flock(self._file, fcntl.LOCK_EX)

    def __exit__(self, *_exc: object) -> None:
        assert self._file is not None
        fcntl.flock(self._file, fcntl.LOCK_UN)

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None


class Checkpointer:
    """SQLite's WAL checkpoints in a thread of their own, so that no commit waits for one.

    By default the commit that takes the WAL past 1,000 pages copies them into the database
    file and syncs it before it returns: on a large database that stalls that commit, and under
    group commit every write queued behind it, for tens to hundreds of milliseconds. Here the
    writers never checkpoint; this thread does, passively (it never blocks a reader or a
    writer), every `every` seconds, on its own connection.
    """

    def __init__(self, path: str, every: float = 0.5) -> None:
        self.path, self.every = path, every
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="sqlite-checkpoints", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        connection = sqlite3.connect(self.path, timeout=30, check_same_thread=False, isolation_level=None)
        try:
            while not self._stop.wait(self.every):
                try:
                    connection.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
                except sqlite3.Error:
                    pass  # busy or locked this time: the next round tries again
        finally:
            connection.close()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=30)
