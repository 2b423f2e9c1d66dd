"""Shapes of the disinfection, shelves and exception-queue answers (JSON and pages alike)."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

from station.parcels.schemas import StrictIn


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


class ShelfEntry(BaseModel):
    slot: int
    pickup_code: str
    code: str
    tracking_number: str | None
    destination: str | None
    category: str
    status: str
    priority: int
    care: bool
    received_at: datetime
    age_minutes: int
    overdue: bool
    dwell_minutes_left: int
    unresolved_reason: str | None


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


class BatchLine(BaseModel):
    """One scanned code of a disinfection batch, as the list on the page shows it."""

    key: str
    known: bool
    code: str | None = None
    pickup_code: str | None = None
    tracking_number: str | None = None
    destination: str | None = None
    category: str | None = None
    status: str | None = None
    ready: bool = False  # received, so disinfection may be recorded
    problem: str | None = None


class BatchLinesOut(BaseModel):
    items: list[BatchLine]


class DwellLine(BaseModel):
    code: str
    pickup_code: str
    tracking_number: str | None
    destination: str | None
    category: str
    status: str
    dwell_until: datetime
    minutes_left: int


class DwellOut(BaseModel):
    at: datetime
    items: list[DwellLine]


class UnresolvedLine(BaseModel):
    code: str
    pickup_code: str
    tracking_number: str | None
    carrier: str | None
    category: str
    status: str
    reason: str
    gate: str | None
    received_at: datetime
    age_minutes: int
    overdue: bool


class Candidate(BaseModel):
    destination: str
    name: str  # masked
    phone: str  # masked
    care: list[str]


class CandidatesOut(BaseModel):
    query: str
    understood: bool  # the text named a building and a room (else: keep typing)
    items: list[Candidate]


class DestinationIn(StrictIn):
    destination: str = Field(max_length=100, description="building-unit-room, e.g. 10-2-301")
    gate: str | None = Field(None, max_length=32)
