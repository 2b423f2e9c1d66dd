"""Queueing messages when something happens: a digest time comes, a run is claimed, an item waits.

Each function runs in the caller's transaction and only writes outbox rows; sending is the
worker's job after the commit. Every message has a dedupe key, so running a trigger again
(the next tick, a retried transaction) queues nothing new.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from station.notify import outbox, reminders, schedule
from station.notify import service as facts
from station.notify.digest import compose_digest, compose_run_digest
from station.notify.models import ReminderMark
from station.notify.routing import (
    building_channels,
    channels_for,
    coordinator_channels,
    scope_key,
    scope_title,
)
from station.notify.text import phrase
from station.parcels.models import Parcel
from station.site import CategoryCode, Channel, Site
from station.timefmt import hhmm, local

MAX_REMINDERS_PER_MESSAGE = 50


def enqueue_due_digests(session: Session, *, site: Site, now: datetime) -> int:
    """Queue the building digests whose time has come (once per channel and time)."""
    wanted: list[tuple[Channel, str, str]] = []
    for channel in building_channels(site):
        times = channel.digest_times if channel.digest_times is not None else site.notifications.digest_times
        for slot in schedule.due_digest_slots(times, now=now, timezone=site.timezone):
            key = f"digest:{channel.code}:{scope_key(channel)}:{slot:%Y-%m-%dT%H:%M}"
            wanted.append((channel, key, f"{slot:%H:%M}"))
    done = outbox.queued_keys(session, [key for _, key, _ in wanted])
    todo = [(channel, key, at) for channel, key, at in wanted if key not in done]
    if not todo:
        return 0
    known = facts.building_facts(session, site=site, now=now,
                                 buildings={b for channel, _, _ in todo for b in channel.buildings})
    queued = 0
    for channel, key, at in todo:
        lang = channel.language
        message = compose_digest(site, [known[b] for b in channel.buildings], lang=lang, at=at,
                                 scope=scope_title(site, channel, channel.buildings, lang),
                                 show_pickup_codes=site.notifications.show_pickup_codes)
        if message is not None:  # nothing waits: say nothing
            queued += outbox.enqueue(session, channel=channel, kind="digest", subject=message.subject,
                                     body=message.body, dedupe_key=key, scope=scope_key(channel),
                                     now=now) is not None
    return queued


def run_claimed(session: Session, *, site: Site, run_code: str, parcels: Sequence[Parcel],
                now: datetime) -> int:
    """A runner set out: tell the groups of the buildings the run serves (called by station/runs).

    Call it in the claim's transaction after the items are out with the runner, so what
    "still waits" no longer counts them. Queues rows only; never calls a chat app.
    """
    taken: dict[str, Counter] = defaultdict(Counter)
    for parcel in parcels:
        if parcel.building is not None:
            taken[parcel.building][parcel.category] += 1
    targets = channels_for(site, set(taken))
    if not targets:
        return 0
    known = facts.building_facts(session, site=site, now=now,
                                 buildings={b for _, served in targets for b in served})
    queued = 0
    for channel, served in targets:
        lang = channel.language
        message = compose_run_digest(
            site, [(b, dict(taken[b])) for b in served if b in taken], [known[b] for b in served],
            scope=scope_title(site, channel, served, lang), at=hhmm(now, site.timezone), lang=lang,
            show_pickup_codes=site.notifications.show_pickup_codes)
        if message is not None:
            queued += outbox.enqueue(session, channel=channel, kind="run", subject=message.subject,
                                     body=message.body, dedupe_key=f"run:{channel.code}:{run_code}",
                                     scope=scope_key(channel, served), now=now) is not None
    return queued


def enqueue_reminders(session: Session, *, site: Site, now: datetime) -> int:
    """Remind the coordinator channels of items that must not stay overnight and waiting medicine.

    At most one message per channel per quarter hour, naming only items it has not named
    for the same window before.
    """
    slot = reminders.slot_of(now, site.timezone)
    keys = {channel.code: f"reminder:{channel.code}:{slot}" for channel in coordinator_channels(site)}
    done = outbox.queued_keys(session, list(keys.values()))
    # A channel that had its message of this quarter hour keeps new items for the next one.
    channels = [c for c in coordinator_channels(site) if keys[c.code] not in done]
    if not channels:
        return 0
    due = reminders.due_reminders(site, facts.shelf_items(session, categories=_watched(site, now)), now=now)
    if not due:
        return 0
    queued = 0
    for channel in channels:
        key = keys[channel.code]
        seen = set(session.scalars(select(ReminderMark.item_key).where(
            ReminderMark.channel == channel.code, ReminderMark.item_key.in_([r.key for r in due]))))
        fresh = [r for r in due if r.key not in seen][:MAX_REMINDERS_PER_MESSAGE]
        message = reminders.compose_reminder(site, fresh, at=hhmm(now, site.timezone), lang=channel.language)
        if message is None:
            continue
        notification_id = outbox.enqueue(session, channel=channel, kind="reminder", subject=message.subject,
                                         body=message.body, dedupe_key=key, now=now)
        if notification_id is None:
            continue
        _mark(session, channel.code, fresh, notification_id, now)
        queued += 1
    return queued


def send_test(session: Session, *, site: Site, channel: Channel, now: datetime) -> int:
    """Queue a test message to one channel (the worker sends it like any other)."""
    lang, at = channel.language, hhmm(now, site.timezone)
    notification_id = outbox.enqueue(
        session, channel=channel, kind="test", subject=phrase(lang, "test_subject"),
        body=phrase(lang, "test_body", time=at), now=now,
        dedupe_key=f"test:{channel.code}:{now.isoformat(timespec='microseconds')}")
    assert notification_id is not None
    return notification_id


def enqueue_due(session: Session, *, site: Site, now: datetime) -> int:
    """One tick's queueing: digests, then reminders."""
    return enqueue_due_digests(session, site=site, now=now) + enqueue_reminders(session, site=site, now=now)


def _watched(site: Site, now: datetime) -> set[str]:
    """Categories whose items may be due a reminder now: near their last window's end, and medicine."""
    here = local(now, site.timezone)
    lead = timedelta(minutes=site.notifications.remind_before_end_minutes)
    watched = {CategoryCode.medicine.value}
    for code, category in site.categories.items():
        if category.windows:
            end = datetime.combine(here.date(), max(w.end for w in category.windows), here.tzinfo)
            if here >= end - lead:
                watched.add(code)
    return watched


def _mark(session: Session, channel: str, due: Iterable[reminders.Reminder], notification_id: int,
          now: datetime) -> None:
    rows = [{"channel": channel, "item_key": r.key, "parcel_id": r.item.parcel_id,
             "notification_id": notification_id, "created_at": now} for r in due]
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    session.execute(dialect.insert(ReminderMark).values(rows)
                    .on_conflict_do_nothing(index_elements=["channel", "item_key"]))

