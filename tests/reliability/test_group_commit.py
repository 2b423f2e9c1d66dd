"""SQLite group commit: writes that queue while one commits share one COMMIT, each in its own savepoint.

The writer's lock is held while the writes queue up, so they are sure to form one group.
"""

from __future__ import annotations

import fcntl
import sqlite3
import threading
import time

import pytest
from sqlalchemy import event, text

from station.db import Database


@pytest.fixture
def db(tmp_path):
    database = Database(f"sqlite:///{tmp_path / 'group.db'}")
    database.write(lambda s: s.execute(text("CREATE TABLE item (n INTEGER PRIMARY KEY)")))
    yield database
    database.dispose()


def committed(db: Database) -> set[int]:
    """What a separate connection sees in the file: only what was committed."""
    with sqlite3.connect(db.sqlite_path) as connection:
        return {n for (n,) in connection.execute("SELECT n FROM item")}


def insert(n: int, fail: bool = False):
    def fn(session):
        session.execute(text("INSERT INTO item (n) VALUES (:n)"), {"n": n})
        if fail:
            raise ValueError(f"write {n} refused")
        return n
    return fn


def queued_together(db: Database, fns: list) -> list[tuple[object, BaseException | None, set[int]]]:
    """Run the writes from threads that all queue before any of them may commit.

    For each: its result, its exception, and what was committed when its call returned.
    """
    group = db._group_commit
    outcomes: list = [None] * len(fns)

    def call(index: int) -> None:
        try:
            result = db.write(fns[index])
            outcomes[index] = (result, None, committed(db))
        except Exception as exc:
            outcomes[index] = (None, exc, committed(db))

    with group._writer:
        threads = [threading.Thread(target=call, args=(i,)) for i in range(len(fns))]
        for thread in threads:
            thread.start()
        deadline = time.monotonic() + 10
        while len(group._queue) < len(fns) and time.monotonic() < deadline:
            time.sleep(0.005)
        assert len(group._queue) == len(fns)
    for thread in threads:
        thread.join(10)
    return outcomes


def count_commits(db: Database) -> list[int]:
    commits: list[int] = []
    event.listen(db.write_engine, "commit", lambda _connection: commits.append(1))
    return commits


def test_queued_writes_share_one_commit_and_each_answer_comes_after_it(db):
    commits = count_commits(db)
    outcomes = queued_together(db, [insert(n) for n in range(8)])
    assert [result for result, _, _ in outcomes] == list(range(8))
    for result, error, seen_on_return in outcomes:
        assert error is None
        assert set(range(8)) <= seen_on_return  # durable before the caller heard back
    assert len(commits) == 1
    assert committed(db) == set(range(8))


def test_a_failing_write_loses_only_its_own_changes(db):
    outcomes = queued_together(db, [insert(1), insert(2, fail=True), insert(3)])
    assert outcomes[0][0] == 1 and outcomes[2][0] == 3
    assert isinstance(outcomes[1][1], ValueError) and "write 2 refused" in str(outcomes[1][1])
    assert committed(db) == {1, 3}


def test_a_later_write_sees_the_earlier_ones_of_its_group(db):
    def count(session):
        return session.execute(text("SELECT count(*) FROM item")).scalar_one()

    outcomes = queued_together(db, [insert(1), insert(2), count])
    assert outcomes[2][0] == 2


def test_when_the_transaction_is_lost_no_write_of_the_group_is_kept_or_reported_done(db):
    def lose_transaction(session):
        session.execute(text("INSERT INTO item (n) VALUES (20)"))
        session.connection().exec_driver_sql("ROLLBACK")  # as SQLite does on a full disk or I/O error
        raise sqlite3.OperationalError("disk I/O error")

    outcomes = queued_together(db, [insert(10), lose_transaction, insert(30)])
    assert all(error is not None for _, error, _ in outcomes)
    assert committed(db) == set()
    assert db.write(insert(40)) == 40  # the writer is free again
    assert committed(db) == {40}


def test_more_writes_than_one_group_holds_are_all_committed(db):
    db._group_commit.max_group = 4
    commits = count_commits(db)
    outcomes = queued_together(db, [insert(n) for n in range(10)])
    assert all(error is None for _, error, _ in outcomes)
    assert committed(db) == set(range(10))
    assert len(commits) == 3


def test_a_second_process_waits_for_the_writer_on_the_file_lock(db, tmp_path):
    """Another station process on the file (another Database here: its own lock file handle)
    waits for this one's commit on the writer lock, not in SQLite's sleeping busy handler."""
    other = Database(db.url)
    order: list[str] = []
    started = threading.Event()

    def slow(session):
        started.set()
        time.sleep(0.3)
        order.append("first")
        return insert(1)(session)

    def second(session):
        order.append("second")
        return insert(2)(session)

    writer = threading.Thread(target=db.write, args=(slow,))
    writer.start()
    started.wait(5)
    with open(f"{db.sqlite_path}-writer", "ab") as lock:
        with pytest.raises(BlockingIOError):
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)  # held for the whole write
    other.write(second)
    writer.join()
    other.dispose()
    assert order == ["first", "second"] and committed(db) == {1, 2}
