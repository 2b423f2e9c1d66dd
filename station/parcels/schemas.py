"""API shapes, apart from the tables: inputs forbid unknown fields; responses list theirs."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, PlainSerializer

from station.catalogue.kept import kept_detail
from station.catalogue.locale import Sentence, say
from station.custody.models import CustodyEvent
from station.parcels.models import Parcel
from station.site import CategoryCode


class StrictIn(BaseModel):
    # Enum fields hold their plain values, so services and the database see the strings they always did.
    model_config = ConfigDict(extra="forbid", use_enum_values=True)


class IntakeIn(StrictIn):
    scan: str = Field("", max_length=400, description="what was scanned (empty for an item with no barcode)")
    destination: str | None = Field(None, max_length=100, description="building-unit-room, e.g. 10-2-301")
    category: CategoryCode | None = None
    gate: str | None = Field(None, max_length=32)
    note: str | None = Field(None, max_length=200)


class ParcelOut(BaseModel):
    code: str
    pickup_code: str
    tracking_number: str | None
    carrier: str | None
    zone: str
    shelf: int
    slot: int | None
    status: str
    destination: str | None
    category: str
    priority: int
    gate: str | None
    received_at: datetime
    dwell_until: datetime | None
    unresolved_reason: Sentence | None  # in the reader's language

    @classmethod
    def of(cls, parcel: Parcel) -> "ParcelOut":
        return cls(
            code=parcel.code, pickup_code=parcel.pickup_code,
            tracking_number=parcel.tracking_number, carrier=parcel.carrier, zone=parcel.zone,
            shelf=parcel.shelf, slot=parcel.slot, status=parcel.status,
            destination=parcel.destination, category=parcel.category, priority=parcel.priority,
            gate=parcel.gate, received_at=parcel.received_at, dwell_until=parcel.dwell_until,
            unresolved_reason=parcel.unresolved_reason,
        )


class LabelOut(BaseModel):
    png: str
    pdf: str
    zpl: str
    printed: bool
    print_error: str | None


class PreregOut(BaseModel):
    """A pre-registration met at intake: its room is used only once the gate confirmed it."""

    destination: str
    confirmed: bool
    problem: Sentence | None = None
    phone: str = ""  # the household's, masked, to check against the waybill


class IntakeOut(BaseModel):
    parcel: ParcelOut
    duplicate: bool
    message: str
    preregistered: PreregOut | None = None
    replayed: bool = False
    label: LabelOut | None = None


def _detail(value: Any) -> Any:
    message = kept_detail(value)
    return value if message is None else say(message)


# A custody detail as recorded, but a message the station kept there (why unresolved, a hand-over's
# note) is said in the reader's language.
Detail = Annotated[Any, PlainSerializer(_detail)]


class EventOut(BaseModel):
    seq: int
    type: str
    actor: str
    gate: str | None
    at: datetime
    details: dict[str, Detail]
    hash: str

    @classmethod
    def of(cls, event: CustodyEvent) -> "EventOut":
        return cls(seq=event.seq, type=event.type, actor=event.actor, gate=event.gate,
                   at=event.at, details=event.details, hash=event.hash)


class ParcelDetail(ParcelOut):
    aliases: list[str]
    events: list[EventOut]


class DisinfectIn(StrictIn):
    parcels: list[str] = Field(min_length=1, max_length=500, description="parcel codes or any of their barcodes")
    method: str = Field(max_length=32)
    gate: str | None = Field(None, max_length=32)
    shelve: bool = Field(True, description="also record that they went onto their shelves")


class BatchOut(BaseModel):
    done: list[str]
    refused: dict[str, Sentence]
    replayed: bool = False  # the answer remembered for this Idempotency-Key: nothing recorded again


class MoveIn(StrictIn):
    zone: str = Field(max_length=8)
    note: str | None = Field(None, max_length=200)
    gate: str | None = Field(None, max_length=32)


class NoteIn(StrictIn):
    note: str = Field(max_length=500)
    gate: str | None = Field(None, max_length=32)


class ErrorOut(BaseModel):
    """An error: `detail` in the request's language (Accept-Language), `code` the same in every language."""

    detail: str
    code: str | None = None  # absent only where a guard before the station answers (413, cross-site 403)
