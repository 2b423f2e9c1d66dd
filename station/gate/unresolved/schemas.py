"""Shapes of the exception queue, its roster candidates and a destination given (JSON and pages alike)."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

from station.catalogue.locale import Sentence
from station.parcels.schemas import StrictIn


class UnresolvedLine(BaseModel):
    code: str
    pickup_code: str
    tracking_number: str | None
    carrier: str | None
    category: str
    status: str
    reason: Sentence  # in the reader's language
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
