"""Shapes of a release at the gate: what the volunteer sees before handing over, and the hand-over."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from station.catalogue.locale import Sentence
from station.custody.states import CHECKED_METHODS
from station.parcels.schemas import ParcelOut, StrictIn

CheckedMethod = Literal[tuple(code.value for code in CHECKED_METHODS)]  # type: ignore[valid-type]


class VerificationIn(StrictIn):
    method: CheckedMethod
    value: str = Field(min_length=1, max_length=32, description="the collection code or the household card's code")
    phone_tail: str | None = Field(None, max_length=8,
                                   description="the household phone's last four digits (medicine, valuables)")


class PickupIn(StrictIn):
    parcel: str | None = Field(None, min_length=1, max_length=200,
                               description="parcel code, tracking number or shelf position; "
                                           "not needed with a collection code, which names its item")
    verification: VerificationIn
    collected_by: str = Field(min_length=1, max_length=64,
                              description="who took it: the resident, or a neighbour's name or relation")
    gate: str | None = Field(None, max_length=32)


class PickupOut(BaseModel):
    parcel: ParcelOut
    collected_by: str
    verified_by: str


class LookupIn(StrictIn):
    code: str = Field(min_length=1, max_length=40, description="a collection code or a household card's code")


class OfferItem(BaseModel):
    """One item the code or card names, as the gate needs it to fetch and hand it over."""

    parcel: str
    tracking_number: str | None
    category: str
    pickup_code: str  # the shelf position, to fetch it
    status: str
    ready: bool
    why_not: Sentence | None = None
    ready_at: str | None = None  # HH:MM, when only the disinfection dwell time holds it back
    needs_phone_tail: bool


class OfferOut(BaseModel):
    """Whose items a code or card names, shown before anything is handed over (never a code)."""

    method: CheckedMethod
    room: str
    name: str  # masked
    phone: str  # masked
    items: list[OfferItem]
