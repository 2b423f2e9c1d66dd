"""Shapes of a disinfection batch and the dwell list (JSON and pages alike)."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel

from station.catalogue.locale import Sentence


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
    problem: Sentence | None = None


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
