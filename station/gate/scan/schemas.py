"""Shapes of a scan at the gate and what the gate page does next."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from station.gate.shelves.schemas import ShelfItem
from station.parcels.schemas import ParcelDetail, ParcelOut, StrictIn
from station.residents.pickup.schemas import OfferOut


class ScanIn(StrictIn):
    scan: str = Field(max_length=400)
    gate: str | None = Field(None, max_length=32)


class ScanOut(BaseModel):
    """What a scan is and what the gate page should do next."""

    kind: str  # parcel | shelf | new | destination | pickup | invalid
    text: str
    message: str
    parcel: ParcelDetail | None = None
    shelf: str | None = None
    items: list[ShelfItem] = []
    carrier: str | None = None
    candidates: list[str] = []
    preregistered: dict[str, Any] | None = None
    pickup: OfferOut | None = None


class AliasIn(StrictIn):
    code: str = Field(max_length=400)
    gate: str | None = Field(None, max_length=32)


class VoidIn(StrictIn):
    note: str = Field("", max_length=200)
    gate: str | None = Field(None, max_length=32)


class RecentOut(BaseModel):
    items: list[ParcelOut]
