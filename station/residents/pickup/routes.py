"""Gate-side API for self and proxy pickup: a parcel handed over against a code, with who took it."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.orm import Session

from station.custody.states import CHECKED_METHODS
from station.db import utcnow
from station.errors import InvalidInput
from station.parcels import handling, service
from station.parcels.schemas import ErrorOut, ParcelOut
from station.web.auth import Actor, Allowed
from station.web.deps import DbDep, SiteDep

router = APIRouter(prefix="/api/v1", tags=["residents"],
                   responses={code: {"model": ErrorOut} for code in (401, 403, 404, 409, 422)})
CheckedMethod = Literal[tuple(code.value for code in CHECKED_METHODS)]  # type: ignore[valid-type]


class VerificationIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    method: CheckedMethod
    value: str = Field(min_length=1, max_length=32)


class PickupIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    parcel: str = Field(min_length=1, max_length=200, description="parcel code, tracking number or pickup code")
    verification: VerificationIn
    collected_by: str = Field(min_length=1, max_length=64,
                              description="who took it: the resident, or a neighbour's name or relation")
    gate: str | None = Field(None, max_length=32)


class PickupOut(BaseModel):
    parcel: ParcelOut
    collected_by: str
    verified_by: str


@router.post("/pickups", response_model=PickupOut)
def pick_up(body: PickupIn, db: DbDep, site: SiteDep,
            actor: Annotated[Actor, Allowed("parcel:release")]) -> PickupOut:
    """Hand a shelved parcel over at the gate after checking the code presented; records who took it."""
    collected_by = body.collected_by.strip()
    if not collected_by:
        raise InvalidInput("say who is collecting: the resident, or a neighbour's name or relation",
                           field="collected_by")

    def run(session: Session) -> PickupOut:
        parcel = service.get_parcel(session, body.parcel)
        handling.pick_up(session, parcel, site=site, actor=actor.name, gate=body.gate, now=utcnow(),
                         verification=body.verification.model_dump(), collected_by=collected_by)
        return PickupOut(parcel=ParcelOut.of(parcel), collected_by=collected_by,
                         verified_by=body.verification.method)

    return db.write(run)
