"""The outbox: every message is a row first, written in the transaction that caused it.

A worker sends the rows after the commit (station/notify/worker.py), so a slow or failing chat
app never holds up the gate. `notification_reminders` remembers which item was already
reminded about in which window, so a reminder names each item once.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from station.catalogue import Said
from station.db import Base, KeptMessage, UTCDateTime

QUEUED, SENDING, SENT, FAILED, CANCELLED = "queued", "sending", "sent", "failed", "cancelled"
STATES = (QUEUED, SENDING, SENT, FAILED, CANCELLED)


class Notification(Base):
    __tablename__ = "notifications"
    __table_args__ = (Index("ix_notifications_due", "state", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(40))  # a [[channels]] code of the site
    target: Mapped[str] = mapped_column(String(200))  # where it goes, as people may see it (no keys)
    kind: Mapped[str] = mapped_column(String(16))  # digest | run | reminder | test
    scope: Mapped[str | None] = mapped_column(String(40))  # "10", "G1": the buildings it is about
    subject: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    dedupe_key: Mapped[str] = mapped_column(String(200), unique=True)
    state: Mapped[str] = mapped_column(String(12), default=QUEUED)
    attempts: Mapped[int] = mapped_column(default=0)  # also the claim token of the current attempt
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime())
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime())  # while `sending`
    last_error: Mapped[Said | None] = mapped_column(KeptMessage())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    changed_by: Mapped[str | None] = mapped_column(String(64))  # who retried or cancelled it


class ReminderMark(Base):
    """An item named in a reminder for one window: it is not named again for that window."""

    __tablename__ = "notification_reminders"
    __table_args__ = (UniqueConstraint("channel", "item_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(40))
    item_key: Mapped[str] = mapped_column(String(120))  # "window:P…:2026-11-27T21:00"
    parcel_id: Mapped[int] = mapped_column(ForeignKey("parcels.id"), index=True)
    notification_id: Mapped[int] = mapped_column(ForeignKey("notifications.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
