"""Failed attempts counted in the database: checked before an attempt, recorded after a failure;
and the flood budget's attempts, counted per process and minute."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache

from sqlalchemy import Select, and_, bindparam, delete, func, insert, or_, select
from sqlalchemy.orm import Session

from station.db import UTCDateTime
from station.limits.models import LimitCount, LimitHit
from station.limits.rules import Limit, wait_seconds

KEEP = timedelta(days=2)  # longer than any window


@cache
def _failures_of(keys: int) -> Select[tuple[str, datetime]]:
    """The failures of `keys` keys, each within its own window, in one statement (a residents'
    lookup checks two keys before each room lookup)."""
    return select(LimitHit.key, LimitHit.at).where(or_(*(
        and_(LimitHit.key == bindparam(f"key{n}"), LimitHit.at > bindparam(f"since{n}", type_=UTCDateTime()))
        for n in range(keys))))


def wait(session: Session, limits: Iterable[tuple[str, Limit]], *, now: datetime) -> float | None:
    """The longest wait of the keys given (None: all may try now)."""
    limits = list(limits)
    if not limits:
        return None
    params: dict[str, object] = {}
    for n, (key, limit) in enumerate(limits):
        params[f"key{n}"], params[f"since{n}"] = key, now - limit.window
    failures: dict[str, list[datetime]] = {}
    for key, at in session.connection().execute(_failures_of(len(limits)), params):
        failures.setdefault(key, []).append(at)
    longest = None
    for key, limit in limits:
        seconds = wait_seconds(failures.get(key, []), limit, now=now)
        if seconds is not None and (longest is None or seconds > longest):
            longest = seconds
    return longest


def record_failure(session: Session, keys: Iterable[str], *, now: datetime) -> None:
    rows = [{"key": key[:160], "at": now} for key in keys]
    if rows:
        session.execute(insert(LimitHit), rows)
    session.execute(delete(LimitHit).where(LimitHit.at < now - KEEP))


def clear(session: Session, key: str) -> int:
    """Forget a key's failures (a coordinator lifting a lock, or a right password); how many."""
    return session.execute(delete(LimitHit).where(LimitHit.key == key)).rowcount or 0


@dataclass(frozen=True)
class Held:
    key: str
    failures: int
    last: datetime


def held(session: Session, limits: dict[str, Limit], *, now: datetime) -> list[Held]:
    """Keys locked now, for the coordinator: `limits` maps a key prefix (`room:`) to its limit."""
    found = []
    for prefix, limit in limits.items():
        rows = session.execute(
            select(LimitHit.key, func.count(), func.max(LimitHit.at))
            .where(LimitHit.key.startswith(prefix, autoescape=True), LimitHit.at > now - limit.window)
            .group_by(LimitHit.key).having(func.count() >= limit.attempts))
        found.extend(Held(key, count, last) for key, count, last in rows)
    return sorted(found, key=lambda h: h.last, reverse=True)


def add_counts(session: Session, counts: dict[tuple[str, int], int], *, process: str) -> None:
    """Add one process's attempts per (key, minute) to what it stored before."""
    if not counts:
        return
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as upsert
    else:
        from sqlalchemy.dialects.sqlite import insert as upsert
    rows = [{"key": key[:160], "minute": minute, "process": process, "count": count}
            for (key, minute), count in sorted(counts.items())]
    statement = upsert(LimitCount)
    session.execute(statement.on_conflict_do_update(
        index_elements=["key", "minute", "process"], set_={"count": LimitCount.count + statement.excluded.count}),
        rows)


def counts_of_others(session: Session, *, process: str, since_minute: int) -> dict[str, int]:
    """Each key's attempts since `since_minute` (included) let through by the other processes."""
    rows = session.execute(select(LimitCount.key, func.sum(LimitCount.count))
                           .where(LimitCount.minute >= since_minute, LimitCount.process != process)
                           .group_by(LimitCount.key))
    return {key: int(total) for key, total in rows}


def prune_counts(session: Session, *, before_minute: int) -> None:
    session.execute(delete(LimitCount).where(LimitCount.minute < before_minute))
