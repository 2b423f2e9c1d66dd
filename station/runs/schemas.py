"""API shapes for runs and stocktakes: inputs forbid unknown fields; responses list theirs."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from station.catalogue.locale import Sentence
from station.custody.states import ReturnReason
from station.residents.pickup.schemas import CheckedMethod
from station.parcels.schemas import StrictIn
from station.runs.lists import Line
from station.runs.models import DeliveryRun
from station.runs.ordering import Round
from station.runs.stocktake.rules import Found, Holding, Reconciliation, ShelfCount
from station.site import CategoryCode


class ClaimIn(StrictIn):
    building: str | None = Field(None, max_length=8, description="claim one building's items")
    grid: str | None = Field(None, max_length=16, description="a grid's items, or the grid a category claim keeps to")
    category: CategoryCode | None = Field(None, description="claim one category (e.g. all meals), optionally within a grid")
    categories: list[CategoryCode] = Field(default_factory=list, max_length=6,
                                           description="only these categories of the building or grid")
    gate: str | None = Field(None, max_length=32)


class VerificationIn(StrictIn):
    method: CheckedMethod
    value: str = Field(min_length=1, max_length=32)
    phone_tail: str | None = Field(None, max_length=8)


class OutcomeIn(StrictIn):
    outcome: Literal["delivered", "returned"]
    reason: ReturnReason | None = None
    verification: VerificationIn | None = Field(
        None, description="medicine and valuables: the collection code the resident tells (collection_code) or "
                          "the household card (household_code), with the phone's last four digits (phone_tail)")


class ItemOut(BaseModel):
    parcel: str
    tracking_number: str | None
    pickup_code: str
    category: str
    building: str | None
    unit: int | None
    room: str | None
    floor: str
    care: list[str]
    recipient: str
    needs_verification: bool
    status: str
    outcome: str | None
    reason: str | None
    verified_by: str | None
    outcome_at: datetime | None

    @classmethod
    def of(cls, line: Line) -> "ItemOut":
        p, item = line.parcel, line.item
        return cls(parcel=p.code, tracking_number=p.tracking_number, pickup_code=p.pickup_code,
                   category=p.category, building=p.building, unit=p.unit, room=p.room, floor=line.floor,
                   care=list(line.care), recipient=line.recipient, needs_verification=line.needs_verification,
                   status=p.status, outcome=item.outcome, reason=item.reason, verified_by=item.verified_by,
                   outcome_at=item.outcome_at)


class RoundOut(BaseModel):
    window: str | None = Field(description="HH:MM-HH:MM; null for the overdue round")
    items: list[ItemOut]


class RunSummaryOut(BaseModel):
    code: str
    runner: str
    scope_kind: str
    scope_value: str
    categories: list[str]
    describe: str
    gate: str | None
    opened_at: datetime
    closed_at: datetime | None
    items: int
    done: int

    @classmethod
    def of(cls, run: DeliveryRun, items: int, done: int) -> "RunSummaryOut":
        from station.runs.service import run_scope

        return cls(code=run.code, runner=run.runner, scope_kind=run.scope_kind, scope_value=run.scope_value,
                   categories=list(run.categories or []), describe=run_scope(run).describe(), gate=run.gate,
                   opened_at=run.opened_at, closed_at=run.closed_at, items=items, done=done)


class RunOut(RunSummaryOut):
    rounds: list[RoundOut]

    @classmethod
    def with_rounds(cls, run: DeliveryRun, rounds: list[Round[Line]]) -> "RunOut":
        lines = [stop.ref for r in rounds for stop in r.stops]
        summary = RunSummaryOut.of(run, len(lines), sum(ln.item.outcome is not None for ln in lines))
        return cls(**summary.model_dump(), rounds=[
            RoundOut(window=str(r.window) if r.window else None, items=[ItemOut.of(s.ref) for s in r.stops])
            for r in rounds])


class ClaimOut(BaseModel):
    run: RunOut
    left_in_dwell: list[str] = Field(description="parcel codes still in disinfection dwell time, left on the shelf")
    ready_at: datetime | None
    message: Sentence


class OutcomeOut(BaseModel):
    item: ItemOut
    replayed: bool
    items: int
    done: int
    message: Sentence


class ShelvedOut(BaseModel):
    parcel: str
    pickup_code: str


class CloseOut(BaseModel):
    run: RunSummaryOut
    shelved: list[ShelvedOut] = Field(description="returned items, back on a shelf under these pickup codes")
    already_closed: bool
    message: Sentence


class RunListOut(BaseModel):
    runs: list[RunSummaryOut]


class StocktakeIn(StrictIn):
    gate: str | None = Field(None, max_length=32)


class StocktakeScanIn(StrictIn):
    scan: str = Field(max_length=400, description="a shelf sign (SH-B10-01) starts that shelf; anything else is an item on it")


class HoldingOut(BaseModel):
    parcel: str
    label: str
    status: str
    shelf: str | None
    pickup_code: str
    destination: str | None

    @classmethod
    def of(cls, holding: Holding) -> "HoldingOut":
        return cls(parcel=holding.code, label=holding.label, status=holding.status, shelf=holding.shelf,
                   pickup_code=holding.pickup_code, destination=holding.destination)


class StocktakeScanOut(BaseModel):
    kind: Literal["shelf", "item"]
    shelf: str
    verdict: Literal["here", "elsewhere", "off_shelf", "unknown"] | None
    parcel: HoldingOut | None
    message: Sentence


class WrongOut(BaseModel):
    scan: str
    verdict: str
    parcel: HoldingOut | None

    @classmethod
    def of(cls, found: Found) -> "WrongOut":
        holding = found.seen.holding
        return cls(scan=found.seen.scan, verdict=found.verdict, parcel=HoldingOut.of(holding) if holding else None)


class ShelfCountOut(BaseModel):
    shelf: str
    expected: int
    here: int
    missing: list[HoldingOut]
    moved: list[dict[str, str]] = Field(description="items of this shelf seen on another one: parcel, seen_on")
    wrong: list[WrongOut]
    reconciled: bool

    @classmethod
    def of(cls, count: ShelfCount) -> "ShelfCountOut":
        return cls(shelf=count.shelf, expected=count.expected, here=len(count.here),
                   missing=[HoldingOut.of(h) for h in count.missing],
                   moved=[{"parcel": h.code, "seen_on": shelf} for h, shelf in count.moved],
                   wrong=[WrongOut.of(f) for f in count.wrong], reconciled=count.reconciled)


class StocktakeOut(BaseModel):
    id: int
    started_by: str
    started_at: datetime
    closed_at: datetime | None
    reconciled: bool
    missing: int
    wrong: int
    shelves: list[ShelfCountOut]
    uncounted: dict[str, int] = Field(description="shelves not counted: the items each should hold")

    @classmethod
    def of(cls, stocktake, result: Reconciliation) -> "StocktakeOut":
        return cls(id=stocktake.id, started_by=stocktake.started_by, started_at=stocktake.started_at,
                   closed_at=stocktake.closed_at, reconciled=result.reconciled, missing=result.missing,
                   wrong=result.wrong, shelves=[ShelfCountOut.of(s) for s in result.shelves],
                   uncounted=dict(result.uncounted))
