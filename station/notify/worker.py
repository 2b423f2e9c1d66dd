"""The notification worker: queue what is due, then send what is queued.

It runs apart from the web server (`station notify-worker`), so the gate never waits on a chat
app. Each message is claimed in one committed transaction, sent, and settled in another;
what happens when the worker dies between sending and settling is decided in
`outbox.recover_interrupted` (robots: at most once; webhook and email: again, same key).
"""

from __future__ import annotations

import os
import secrets
import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from station.catalogue import notify as notify_text
from station.db import Database, utcnow
from station.notify import outbox, triggers
from station.notify.channels import ChannelError, OutgoingMessage, module_for
from station.notify.models import QUEUED
from station.notify.routing import channel_by_code
from station.ops.service import release_lease, take_lease
from station.site import Site

AfterSend = Callable[[outbox.Claimed], None]


@dataclass
class TickReport:
    queued: int = 0
    sent: int = 0
    retrying: int = 0
    failed: int = 0
    recovered: int = 0
    errors: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        text = (f"queued {self.queued}, sent {self.sent}, to retry {self.retrying}, failed {self.failed}"
                + (f", recovered {self.recovered}" if self.recovered else ""))
        return text + "".join(f"\n  {error}" for error in self.errors)

    @property
    def quiet(self) -> bool:
        return not (self.queued or self.sent or self.retrying or self.failed or self.recovered)


def tick(db: Database, site: Site, now: datetime, *, after_send: AfterSend | None = None) -> TickReport:
    """One turn of the worker: queue due digests and reminders, then send what is due by `now`."""
    report = TickReport()
    report.queued = db.write(lambda session: triggers.enqueue_due(session, site=site, now=now))
    deliver_due(db, site, now, report=report, after_send=after_send)
    return report


def deliver_due(db: Database, site: Site, now: datetime, *, report: TickReport | None = None,
                after_send: AfterSend | None = None, limit: int = 200) -> TickReport:
    """Send the due messages one by one; a channel that fails is left alone for the rest of the turn."""
    report = report if report is not None else TickReport()
    report.recovered += db.write(lambda session: outbox.recover_interrupted(
        session, now=now, timezone=site.timezone, resend_safe=lambda code: _resend_safe(site, code)))
    failing: set[str] = set()
    for _ in range(limit):
        claimed = db.write(lambda session: outbox.claim_next(session, now=now, skip_channels=frozenset(failing)))
        if claimed is None:
            break
        _send_one(db, site, now, claimed, report, failing, after_send)
    return report


def _send_one(db: Database, site: Site, now: datetime, claimed: outbox.Claimed, report: TickReport,
              failing: set[str], after_send: AfterSend | None) -> None:
    channel = channel_by_code(site, claimed.channel)
    if channel is None:
        db.write(lambda session: outbox.fail_unsendable(
            session, claimed=claimed, reason=notify_text.CHANNEL_GONE(channel=claimed.channel)))
        report.failed += 1
        return
    module = module_for(channel.kind)
    message = OutgoingMessage(subject=claimed.subject, body=claimed.body, dedupe_key=claimed.dedupe_key,
                              kind=claimed.kind, scope=claimed.scope)
    try:
        module.send(message, channel)
    except ChannelError as exc:
        state = db.write(lambda session: outbox.mark_failed_attempt(
            session, claimed=claimed, now=now, reason=exc.said or exc.reason, retryable=exc.retryable,
            maybe_delivered=exc.maybe_delivered, resend_safe=module.RESEND_SAFE))
        failing.add(channel.code)
        report.retrying += state == QUEUED
        report.failed += state != QUEUED
        report.errors.append(f"{channel.code}: {exc.reason}")
        return
    if after_send is not None:
        after_send(claimed)
    db.write(lambda session: outbox.mark_sent(session, claimed=claimed, now=now))
    report.sent += 1


def _resend_safe(site: Site, code: str) -> bool:
    channel = channel_by_code(site, code)
    return channel is not None and module_for(channel.kind).RESEND_SAFE


LEASE = "notify-worker"


def run(db: Database, current_site: Callable[[], Site], *, interval: float, stop: threading.Event,
        echo: Callable[[str], None]) -> None:
    """Tick every `interval` seconds until `stop` is set; a failed tick is reported, not fatal.

    Of all the workers running on one database (one per `station serve --notify-worker`, and
    `station notify-worker`s), only the holder of the lease ticks; another takes over when it
    stops, or within three intervals (at least a minute) when it died."""
    holder = f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(4)}"
    hold_for = timedelta(seconds=max(60.0, 3 * interval))
    holding: bool | None = None  # not asked yet
    try:
        while not stop.is_set():
            now = utcnow()
            try:
                was_holding = holding
                holding = db.write(lambda s: take_lease(s, name=LEASE, holder=holder, now=now, hold_for=hold_for))
                if holding != was_holding:
                    echo(f"{now:%H:%M:%S} " + ("this worker sends the notifications" if holding else
                                               "another worker sends the notifications; this one waits"))
                if holding:
                    report = tick(db, current_site(), now)
                    if not report.quiet:
                        echo(f"{now:%H:%M:%S} {report}")
            except Exception as exc:  # the database restarting must not end the worker
                echo(f"{now:%H:%M:%S} tick failed: {type(exc).__name__}: {exc}")
            stop.wait(interval)
    finally:
        if holding:
            try:
                db.write(lambda s: release_lease(s, name=LEASE, holder=holder, now=utcnow()))
            except Exception:  # noqa: BLE001 - stopping anyway: the lease then runs out by itself
                pass
