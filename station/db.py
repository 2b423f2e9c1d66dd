"""The station database and the one transaction that commits (its engines: station/engines.py).

SQLite: WAL, synchronous=FULL, foreign keys, a busy timeout, and write transactions opened
with BEGIN IMMEDIATE by one writer at a time, so writers queue instead of failing with
"database is locked". Writes that queue up while one commits are committed together (group
commit): each runs in its own savepoint (unless it is alone) and is answered only after the shared
COMMIT, so every answer is still durable while the fsync is paid once per group instead of once per write.
PostgreSQL: a write is retried on serialization failures, deadlocks and unique-violation races
(two gates inserting the same barcode or slot at once).
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import DateTime, Engine, MetaData, Text, select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DataError, DBAPIError, IntegrityError, OperationalError, SQLAlchemyError
from sqlalchemy.orm import DeclarativeBase, Session, make_transient_to_detached
from sqlalchemy.types import TypeDecorator

from station.catalogue import Message, Said
from station.catalogue import ops as ops_text
from station.engines import Checkpointer, ProcessLock, postgres_engine, sqlite_engine
from station.catalogue.kept import keep, kept
from station.errors import InvalidInput, NotFound

T = TypeVar("T")

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

RETRY_SQLSTATES = {"40001", "40P01", "23505"}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class UTCDateTime(TypeDecorator[datetime]):
    """Stores naive UTC, returns aware UTC: SQLite keeps no zone, PostgreSQL gets timestamptz."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class KeptMessage(TypeDecorator[Said]):
    """A message a person reads later, kept as its Said's JSON and said in the reader's language.

    Given a bare sentence (an older caller, a library's reason), it keeps the generic message;
    an older row's plain English reads back the same way."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: Said | Message | str | None, dialect) -> str | None:
        return keep(value)

    def process_result_value(self, value: str | None, dialect) -> Said | None:
        return kept(value)


def utcnow() -> datetime:
    return datetime.now(UTC)


def get_or_not_found(session: Session, model: type[T], key: Any, message: Any, *, by: Any = None,
                     for_update: bool = False) -> T:
    """The row of `model` whose primary key (or column `by`) is `key`, else NotFound(message)."""
    if by is None:
        row = session.get(model, key, with_for_update=for_update or None)
    else:
        statement = select(model).where(by == key)
        row = session.scalars(statement.with_for_update() if for_update else statement).first()
    if row is None:
        raise NotFound(message)
    return row


def as_loaded(session: Session, model: type[T], values: dict[str, Any]) -> T:
    """A `model` object for a row just inserted as plain values, put in the session as if loaded.

    Its values go straight into the object, not through the constructor's attribute events, which
    cost more than the insert itself; columns not in `values` load when first read."""
    instance = model._sa_class_manager.new_instance()  # type: ignore[attr-defined]
    instance.__dict__.update(values)
    make_transient_to_detached(instance)
    session.add(instance)
    return instance


def normalise_url(url: str) -> str:
    """Accept postgresql:// and postgres:// and make them use psycopg 3."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://"):]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    return url


# After a burst, the WAL file is cut back to this size once a checkpoint has copied it all
# (SQLite otherwise keeps the largest size it ever reached, to reuse it).
def _retryable(exc: DBAPIError) -> bool:
    sqlstate = getattr(exc.orig, "sqlstate", None)
    if sqlstate in RETRY_SQLSTATES:
        return True
    return isinstance(exc, OperationalError) and "database is locked" in str(exc.orig)


@contextmanager
def _storable_values() -> Iterator[None]:
    """A value the database cannot hold is the request's fault, not a server error.

    PostgreSQL refuses NUL characters, integers past its column type and strings past a
    VARCHAR's length; SQLite refuses integers past 64 bits. Routes pass such values straight
    from the request (a path id of 2**31, a name with a NUL), so they are answered as bad input.
    """
    try:
        yield
    except DataError as exc:
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else "invalid value"
        raise InvalidInput(ops_text.VALUE_UNSTORABLE(reason=reason)) from exc
    except OverflowError as exc:
        if "SQLite INTEGER" not in str(exc):
            raise
        raise InvalidInput(ops_text.NUMBER_TOO_LARGE) from exc


@dataclass(eq=False)
class _QueuedWrite:
    fn: Callable[[Session], Any]
    done: bool = False
    result: Any = None
    error: BaseException | None = None


class _GroupCommit:
    """SQLite's single writer: whoever holds the lock commits every write queued so far.

    A write joins the queue, then waits for the lock; if the writer before it already took it
    into its group, it is done. Otherwise it becomes the writer for all that is queued.
    """

    def __init__(self, engine: Engine, max_group: int = 64, lock_path: str | None = None) -> None:
        self.engine = engine
        self.max_group = max_group
        self._queue: list[_QueuedWrite] = []
        self._queue_lock = threading.Lock()
        self._writer = threading.Lock()
        self._between_processes = ProcessLock(lock_path) if lock_path else None

    def write(self, fn: Callable[[Session], T]) -> T:
        mine = _QueuedWrite(fn)
        with self._queue_lock:
            self._queue.append(mine)
        try:
            while not mine.done:
                with self._writer:
                    if mine.done:
                        break
                    with self._queue_lock:
                        group, self._queue = self._queue[:self.max_group], self._queue[self.max_group:]
                    self._commit(group)
        except BaseException:  # interrupted while waiting: a write nobody waits for must not run
            with self._queue_lock:
                if mine in self._queue:
                    self._queue.remove(mine)
            raise
        if mine.error is not None:
            raise mine.error
        return mine.result

    def close(self) -> None:
        if self._between_processes is not None:
            with self._writer:
                self._between_processes.close()

    def _commit(self, group: list[_QueuedWrite]) -> None:
        try:
            with self._between_processes or nullcontext(), self.engine.connect() as connection:
                connection.begin()
                alone = len(group) == 1  # a write alone needs no savepoint: its failure rolls back all
                for item in group:
                    item.result, item.error = _in_session(connection, item.fn, savepoint=not alone)
                    if item.error is not None and (alone or not connection.connection.driver_connection.in_transaction):
                        raise item.error  # or SQLite rolled back the whole transaction (disk full, I/O)
                connection.commit()
        except BaseException as exc:  # the COMMIT (or BEGIN) failed: nothing of the group is kept
            for item in group:
                item.result, item.error = None, item.error or exc
            if not isinstance(exc, Exception):
                raise
        finally:
            for item in group:
                item.done = True


def _in_session(connection, fn: Callable[[Session], Any], *, savepoint: bool) -> tuple[Any, BaseException | None]:
    """fn's result, or the exception it raised after its changes were rolled back (to its
    savepoint, or the whole transaction)."""
    try:
        with _storable_values(), Session(bind=connection, expire_on_commit=False,
                                         join_transaction_mode="create_savepoint" if savepoint else "rollback_only",
                                         ) as session, session.begin():
            return fn(session), None
    except Exception as exc:
        return None, exc


class Database:
    """One station database: `read()` for queries, `write(fn)` for one use case.

    `background_checkpoints` (SQLite files; the web server sets it) moves WAL checkpoints off
    the commits into a thread of their own.
    """

    def __init__(self, url: str, *, background_checkpoints: bool = False) -> None:
        self.url = normalise_url(url)
        self.disposed = False
        self._background = threading.Lock()
        parsed = make_url(self.url)
        self.is_sqlite = parsed.get_backend_name() == "sqlite"
        self._checkpointer: Checkpointer | None = None
        if self.is_sqlite:
            on_disk = bool(parsed.database) and parsed.database != ":memory:"
            if on_disk:
                Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
            background_checkpoints = background_checkpoints and on_disk
            self.engine = sqlite_engine(self.url, "BEGIN")
            self.write_engine = sqlite_engine(self.url, "BEGIN IMMEDIATE", auto_checkpoint=not background_checkpoints)
            self._group_commit: _GroupCommit | None = _GroupCommit(
                self.write_engine, lock_path=f"{parsed.database}-writer" if on_disk else None)
            if background_checkpoints:
                self._checkpointer = Checkpointer(parsed.database)
        else:
            self.engine = postgres_engine(self.url)
            self.write_engine = self.engine
            self._group_commit = None

    @property
    def sqlite_path(self) -> str | None:
        return make_url(self.url).database if self.is_sqlite else None

    @contextmanager
    def read(self) -> Iterator[Session]:
        with _storable_values(), Session(self.engine, expire_on_commit=False) as session, session.begin():
            yield session

    def write(self, fn: Callable[[Session], T], *, attempts: int = 6) -> T:
        """Run fn in one write transaction; commit when it returns, roll back when it raises.

        Races the database settles (a serialization failure, deadlock, another gate inserting
        the same barcode first, another process holding SQLite's lock too long) are retried, so
        fn must be safe to run again.
        """
        for attempt in range(1, attempts + 1):
            try:
                if self._group_commit is not None:
                    return self._group_commit.write(fn)
                with _storable_values(), Session(self.engine, expire_on_commit=False) as session, \
                        session.begin():
                    return fn(session)
            except (IntegrityError, OperationalError) as exc:
                if attempt == attempts or not _retryable(exc):
                    raise
                time.sleep(random.uniform(0.001, 0.01) * attempt)
        raise AssertionError("unreachable")

    def unreachable(self) -> str | None:
        """Why the database cannot serve the station now (down, or never set up), or None."""
        try:
            with self.engine.connect() as connection:
                version = connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
        except SQLAlchemyError as exc:
            cause = getattr(exc, "orig", None) or exc
            return f"the database does not answer or has no schema ({type(cause).__name__})"
        return None if version else "the database has no schema version: run `station init`"

    def __enter__(self) -> "Database":
        return self

    def __exit__(self, *_exc: object) -> None:
        self.dispose()

    @contextmanager
    def background(self) -> Iterator[bool]:
        """For work no request waits for (a flush due later): whether the database is still open.

        `dispose` waits until such work is done: a connection it had out when the pool was
        disposed would stay open until garbage collected."""
        with self._background:
            yield not self.disposed

    def dispose(self) -> None:
        with self._background:
            self.disposed = True
        if self._checkpointer is not None:
            self._checkpointer.stop()
        if self._group_commit is not None:
            self._group_commit.close()
        self.engine.dispose()
        if self.write_engine is not self.engine:
            self.write_engine.dispose()
