"""Gate-side API for self and proxy pickup: whose item a code names, then the hand-over with who took it."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter
from sqlalchemy.orm import Session

from station.db import utcnow
from station.catalogue import residents as residents_text
from station.errors import InvalidInput, NotFound
from station.parcels import handling
from station.parcels.schemas import ErrorOut, ParcelOut
from station.residents.pickup import service
from station.residents.pickup.schemas import LookupIn, OfferOut, PickupIn, PickupOut
from station.web.auth import Actor, Allowed
from station.web.deps import DbDep, SiteDep

router = APIRouter(prefix="/api/v1", tags=["residents"],
                   responses={code: {"model": ErrorOut} for code in (401, 403, 404, 409, 422)})


@router.post("/pickups/lookup", response_model=OfferOut)
def look_up(body: LookupIn, db: DbDep, site: SiteDep,
            _actor: Annotated[Actor, Allowed("parcel:release")]) -> OfferOut:
    """Whose item(s) a collection code or household card names (room, masked name), before handing over."""
    with db.read() as session:
        found = service.offer(session, text=body.code, timezone=site.timezone, now=utcnow())
    if found is None:
        raise NotFound(service.NOTHING_WAITS)
    return found


@router.post("/pickups", response_model=PickupOut)
def pick_up(body: PickupIn, db: DbDep, site: SiteDep,
            actor: Annotated[Actor, Allowed("parcel:release")]) -> PickupOut:
    """Hand a shelved parcel over at the gate after checking the code presented; records who took it."""
    collected_by = body.collected_by.strip()
    if not collected_by:
        raise InvalidInput(residents_text.WHO_COLLECTS, field="collected_by")

    def run(session: Session) -> PickupOut:
        parcel = service.item_to_release(session, key=body.parcel, method=body.verification.method,
                                         value=body.verification.value)
        handling.pick_up(session, parcel, site=site, actor=actor.name, gate=body.gate, now=utcnow(),
                         verification=body.verification.model_dump(), collected_by=collected_by)
        return PickupOut(parcel=ParcelOut.of(parcel), collected_by=collected_by,
                         verified_by=body.verification.method)

    return db.write(run)
