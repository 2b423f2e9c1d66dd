"""Shapes of the shelf map and one shelf's contents (JSON and pages alike)."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel

from station.catalogue.locale import Sentence


class ShelfSummary(BaseModel):
    shelf: str  # SH-B10-01
    zone: str
    number: int
    label: str  # what is written on the shelf: 01, or the grid of a by-grid zone
    slots: int
    used: int
    overdue: int
    medicine: int
    care: int
    level: str  # empty | ok | busy | full


class ZoneSummary(BaseModel):
    zone: str
    name_zh: str
    name_en: str
    role: str
    slots: int
    used: int
    overdue: int
    medicine: int
    care: int
    shelves: list[ShelfSummary]


class ShelfMapOut(BaseModel):
    at: datetime
    used: int
    slots: int
    overdue: int
    medicine: int
    care: int
    unresolved: int
    zones: list[ZoneSummary]


class ShelfItem(BaseModel):
    """An item on a shelf, as a scan of the shelf's sign lists it."""

    pickup_code: str
    code: str
    tracking_number: str | None
    destination: str | None
    category: str
    status: str


class ShelfEntry(ShelfItem):
    """An item on a shelf, with what the shelf page shows of it."""

    slot: int
    priority: int
    care: bool
    received_at: datetime
    age_minutes: int
    overdue: bool
    dwell_minutes_left: int
    unresolved_reason: Sentence | None  # in the reader's language


class ShelfOut(BaseModel):
    shelf: str
    zone: str
    number: int
    label: str
    zone_name_zh: str
    zone_name_en: str
    slots: int
    used: int
    overdue: int
    at: datetime
    items: list[ShelfEntry]
