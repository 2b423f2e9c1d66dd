"""What the outbox API answers."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict

from station.catalogue.locale import Sentence


class NotificationOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    channel: str
    target: str
    kind: str
    scope: str | None
    subject: str
    body: str
    dedupe_key: str
    state: str
    attempts: int
    next_attempt_at: datetime
    last_error: Sentence | None  # in the reader's language
    created_at: datetime
    sent_at: datetime | None
    changed_by: str | None
