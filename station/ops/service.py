"""Leases: a job that must run once among several station processes and machines (the
notification worker) is done only by the holder of its lease, which it renews while it runs."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import update
from sqlalchemy.orm import Session

from station.ops.models import Lease


def take_lease(session: Session, *, name: str, holder: str, now: datetime, hold_for: timedelta) -> bool:
    """Take or renew the lease `name` for `holder` until `now + hold_for`: whether it holds it.

    Taken when nobody holds it, or when its holder let it run out (stopped or died)."""
    until = now + hold_for
    renewed = session.execute(update(Lease).where(Lease.name == name)
                              .where((Lease.holder == holder) | (Lease.expires_at <= now))
                              .values(holder=holder, expires_at=until)).rowcount
    if renewed:
        return True
    if session.get(Lease, name) is not None:
        return False
    session.add(Lease(name=name, holder=holder, expires_at=until))
    session.flush()  # two first takers at once: the unique name refuses one, and db.write asks again
    return True


def release_lease(session: Session, *, name: str, holder: str, now: datetime) -> None:
    """Let another process take the lease at once (its holder is stopping)."""
    session.execute(update(Lease).where(Lease.name == name, Lease.holder == holder).values(expires_at=now))
