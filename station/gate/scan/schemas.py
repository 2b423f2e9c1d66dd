"""Shapes of a scan at the gate and what the gate page does next."""

from __future__ import annotations

from pydantic import BaseModel, Field

from station.catalogue.locale import Sentence

from station.gate.shelves.schemas import ShelfItem
from station.gate.unresolved.schemas import Candidate
from station.parcels.schemas import LabelOut, ParcelDetail, ParcelOut, StrictIn
from station.residents.pickup.schemas import OfferOut


class ScanIn(StrictIn):
    scan: str = Field(max_length=400)
    gate: str | None = Field(None, max_length=32)


class PreregShown(BaseModel):
    """A pre-registration as the gate shows it to check against the waybill; `usable` when confirming may route it."""

    destination: str
    category: str | None
    phone: str  # masked
    name: str  # masked
    usable: bool
    problem: Sentence | None = None  # why confirming it would not route the item


class ScanOut(BaseModel):
    """What a scan is and what the gate page should do next."""

    kind: str  # parcel | shelf | new | destination | pickup | invalid
    text: str
    message: Sentence
    parcel: ParcelDetail | None = None
    shelf: str | None = None
    items: list[ShelfItem] = []
    carrier: str | None = None
    candidates: list[str] = []
    preregistered: PreregShown | None = None
    pickup: OfferOut | None = None


class AliasIn(StrictIn):
    code: str = Field(max_length=400)
    gate: str | None = Field(None, max_length=32)


class VoidIn(StrictIn):
    note: str = Field("", max_length=200)
    gate: str | None = Field(None, max_length=32)


class RecentOut(BaseModel):
    items: list[ParcelOut]


class RelabelledOut(BaseModel):
    """An item after a correction at the gate: where it is now, and its label (printed or not)."""

    parcel: ParcelOut
    label: LabelOut


class DestinationCheckOut(BaseModel):
    """A destination as the volunteer types it, checked against the site and the roster."""

    query: str
    understood: bool  # a building and a room were read (else: keep typing)
    destination: str | None = None  # building-unit-room, when it names one room that exists
    problem: Sentence | None = None  # why no such room exists on this site
    households: list[Candidate] = []  # at that room (masked)
    candidates: list[Candidate] = []  # the same room in other units, when the unit was not typed
