"""The outbox rows: queue, claim, settle, and the coordinator's retry and cancel.

Never sent twice: a worker claims a row by a conditional UPDATE (state queued -> sending, with
a lease and the attempt number as its claim token) in its own committed transaction before it
sends, and settles it only if the claim is still its own. A `sending` row whose lease ran out
belongs to a worker that died between sending and settling; `recover_interrupted` decides.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from station.db import get_or_not_found
from station.catalogue import Said, Word
from station.catalogue import notify as notify_text
from station.errors import Conflict
from station.notify import schedule
from station.notify.models import CANCELLED, FAILED, QUEUED, SENDING, SENT, STATES, Notification
from station.notify.routing import target_of
from station.site import Channel
from station.timefmt import hhmm

LEASE = timedelta(minutes=2)  # longer than any send may take (HTTP timeouts are 10 s)


def enqueue(session: Session, *, channel: Channel, kind: str, subject: str, body: str,
            dedupe_key: str, now: datetime, scope: str | None = None) -> int | None:
    """Queue a message in the caller's transaction; None when its dedupe key is already queued.

    INSERT ... ON CONFLICT DO NOTHING: a repeat (another tick, a retried transaction, a second
    worker) is skipped without an error that would spoil the caller's transaction.
    """
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    statement = (dialect.insert(Notification).values(
        channel=channel.code, target=target_of(channel), kind=kind, scope=scope,
        subject=subject[:200], body=body, dedupe_key=dedupe_key[:200], state=QUEUED, attempts=0,
        next_attempt_at=now, created_at=now)
        .on_conflict_do_nothing(index_elements=["dedupe_key"])
        .returning(Notification.id))
    return session.execute(statement).scalar_one_or_none()


def queued_keys(session: Session, keys: list[str]) -> set[str]:
    """Which of these dedupe keys are in the outbox already (in any state)."""
    if not keys:
        return set()
    return set(session.scalars(select(Notification.dedupe_key).where(Notification.dedupe_key.in_(keys))))


@dataclass(frozen=True)
class Claimed:
    id: int
    attempt: int
    channel: str
    kind: str
    scope: str | None
    subject: str
    body: str
    dedupe_key: str


def claim_next(session: Session, *, now: datetime, skip_channels: frozenset[str] = frozenset(),
               lease: timedelta = LEASE) -> Claimed | None:
    """Take the next due message for sending, or None; commit before sending it."""
    query = (select(Notification.id)
             .where(Notification.state == QUEUED, Notification.next_attempt_at <= now)
             .order_by(Notification.next_attempt_at, Notification.id).limit(1)
             .with_for_update(skip_locked=True))  # PostgreSQL: workers pass each other by
    if skip_channels:
        query = query.where(Notification.channel.not_in(skip_channels))
    row_id = session.scalar(query)
    if row_id is None:
        return None
    row = session.execute(
        update(Notification)
        .where(Notification.id == row_id, Notification.state == QUEUED)
        .values(state=SENDING, attempts=Notification.attempts + 1, lease_until=now + lease)
        .returning(Notification.id, Notification.attempts, Notification.channel, Notification.kind,
                   Notification.scope, Notification.subject, Notification.body,
                   Notification.dedupe_key)
        .execution_options(synchronize_session=False)).first()
    return Claimed(*row) if row is not None else None


def mark_sent(session: Session, *, claimed: Claimed, now: datetime) -> bool:
    """Settle a claimed message as sent; False when the claim is no longer this worker's."""
    result = session.execute(
        update(Notification)
        .where(Notification.id == claimed.id, Notification.state == SENDING,
               Notification.attempts == claimed.attempt)
        .values(state=SENT, sent_at=now, lease_until=None, last_error=None)
        .execution_options(synchronize_session=False))
    return result.rowcount == 1


def mark_failed_attempt(session: Session, *, claimed: Claimed, now: datetime, reason: Said | str,
                        retryable: bool, maybe_delivered: bool, resend_safe: bool) -> str | None:
    """Record a failed attempt: queued again after a backoff, or failed. Returns the new state."""
    outcome = schedule.after_failure(reason=reason, attempts=claimed.attempt, retryable=retryable,
                                     maybe_delivered=maybe_delivered, resend_safe=resend_safe)
    values: dict = {"state": outcome.state, "lease_until": None, "last_error": outcome.note}
    if outcome.wait is not None:
        values["next_attempt_at"] = now + outcome.wait
    result = session.execute(
        update(Notification)
        .where(Notification.id == claimed.id, Notification.state == SENDING,
               Notification.attempts == claimed.attempt)
        .values(**values).execution_options(synchronize_session=False))
    return outcome.state if result.rowcount == 1 else None


def recover_interrupted(session: Session, *, now: datetime, timezone: str,
                        resend_safe: Callable[[str], bool]) -> int:
    """Settle `sending` rows whose lease ran out: their worker died after claiming them.

    It may have died before or after the channel got the message. A channel that can drop a
    repeat by its key (`resend_safe(channel)`) gets it again; a group robot does not: the row
    is failed with a note, and the coordinator looks in the group and retries or cancels.
    """
    stale = list(session.scalars(
        select(Notification).where(Notification.state == SENDING, Notification.lease_until <= now)
        .order_by(Notification.id).with_for_update(skip_locked=True)))
    for row in stale:
        since = hhmm(row.lease_until - LEASE, timezone) if row.lease_until else "?"
        if resend_safe(row.channel):
            row.state, row.next_attempt_at = QUEUED, now
            row.last_error = notify_text.WORKER_STOPPED_RESENT(time=since)
        else:
            row.state = FAILED
            row.last_error = notify_text.MAY_HAVE_ARRIVED(reason=notify_text.WORKER_STOPPED(time=since))
        row.lease_until = None
    session.flush()
    return len(stale)


def fail_unsendable(session: Session, *, claimed: Claimed, reason: Said | str) -> None:
    session.execute(update(Notification).where(Notification.id == claimed.id, Notification.state == SENDING)
                    .values(state=FAILED, lease_until=None, last_error=reason)
                    .execution_options(synchronize_session=False))


def retry(session: Session, *, notification_id: int, actor: str, now: datetime) -> Notification:
    """Send a failed or cancelled message again (or a queued one now), from attempt 1."""
    row = _get(session, notification_id)
    if row.state in (SENDING, SENT):
        raise Conflict(notify_text.NOTHING_TO_RETRY(number=row.id, state=Word(row.state)))
    row.state, row.attempts, row.next_attempt_at, row.changed_by = QUEUED, 0, now, actor
    session.flush()
    return row


def cancel(session: Session, *, notification_id: int, actor: str) -> Notification:
    """Drop a queued or failed message: the worker will not send it."""
    row = _get(session, notification_id)
    if row.state == SENDING:
        raise Conflict(notify_text.BEING_SENT(number=row.id))
    if row.state in (SENT, CANCELLED):
        raise Conflict(notify_text.ALREADY_DONE(number=row.id, state=Word(row.state)))
    row.state, row.changed_by, row.lease_until = CANCELLED, actor, None
    session.flush()
    return row


def _get(session: Session, notification_id: int) -> Notification:
    return get_or_not_found(session, Notification, notification_id,
                            notify_text.NO_MESSAGE(number=notification_id), for_update=True)


def recent(session: Session, *, state: str | None = None, limit: int = 200) -> list[Notification]:
    query = select(Notification).order_by(Notification.id.desc()).limit(limit)
    if state in STATES:
        query = query.where(Notification.state == state)
    return list(session.scalars(query))


def state_counts(session: Session) -> dict[str, int]:
    counts = {state: count for state, count in session.execute(
        select(Notification.state, func.count(Notification.id)).group_by(Notification.state))}
    return {state: counts.get(state, 0) for state in STATES}


def overdue(session: Session, *, now: datetime, late: timedelta = timedelta(minutes=3)) -> int:
    """Queued messages due for a while: a sign that no worker is running."""
    return session.scalar(select(func.count(Notification.id))
                          .where(Notification.state == QUEUED, Notification.next_attempt_at <= now - late)) or 0
