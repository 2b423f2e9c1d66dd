"""When digests are due and how soon a failed send is tried again (pure)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from station.catalogue import Said, said
from station.catalogue import notify as text
from station.timefmt import local

GRACE = timedelta(minutes=30)  # a digest not queued by then is skipped: its counts would be stale
BACKOFF_BASE_SECONDS = 15
BACKOFF_CAP_SECONDS = 15 * 60
MAX_ATTEMPTS = 8  # 15 s, 30 s, 1, 2, 4, 8, 15 min: given up after about half an hour


def due_digest_slots(times: tuple[time, ...], *, now: datetime, timezone: str,
                     grace: timedelta = GRACE) -> list[datetime]:
    """The digest times (local, aware) that have come and are less than `grace` old."""
    here = local(now, timezone)
    slots = [datetime.combine(here.date(), at, here.tzinfo) for at in times]
    return [slot for slot in slots if slot <= here < slot + grace]


def backoff(attempts: int) -> timedelta:
    """Wait before attempt `attempts + 1`: doubling from 15 s, at most 15 minutes."""
    return timedelta(seconds=min(BACKOFF_BASE_SECONDS * 2 ** max(attempts - 1, 0), BACKOFF_CAP_SECONDS))


@dataclass(frozen=True)
class AfterFailure:
    state: str  # queued | failed
    wait: timedelta | None
    note: Said  # kept as the row's last_error, said to the coordinator


def after_failure(*, reason: Said | str, attempts: int, retryable: bool, maybe_delivered: bool,
                  resend_safe: bool, max_attempts: int = MAX_ATTEMPTS) -> AfterFailure:
    """What becomes of a message whose attempt failed.

    When the channel may have got it (no answer in time, the worker died mid-send), a group
    robot is not sent it again: a chat app cannot drop a duplicate, so a person looks first.
    Receivers that can (a webhook given the dedupe key, email with its Message-ID) get it again.
    """
    reason = said(reason)
    if maybe_delivered and not resend_safe:
        return AfterFailure("failed", None, text.MAY_HAVE_ARRIVED(reason=reason))
    if not retryable:
        return AfterFailure("failed", None, reason)
    if attempts >= max_attempts:
        return AfterFailure("failed", None, text.GAVE_UP(reason=reason, attempts=attempts))
    wait = backoff(attempts)
    return AfterFailure("queued", wait, text.RETRY_NEXT(reason=reason, attempts=attempts, wait=_human(wait)))


def _human(wait: timedelta) -> Said:
    seconds = int(wait.total_seconds())
    return text.WAIT_SECONDS(seconds=seconds) if seconds < 60 else text.WAIT_MINUTES(minutes=seconds // 60)
