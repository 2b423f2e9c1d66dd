"""JSON API for parcels: parse, call one service, answer."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header
from fastapi.responses import JSONResponse
from sqlalchemy.orm import Session

from station.catalogue import Said
from station.catalogue.locale import said_later, said_now
from station.custody.service import events_of
from station.db import utcnow
from station.labelling import print_parcel_label
from station.parcels import handling, service
from station.parcels.idempotency import check_key, once
from station.parcels.schemas import (
    BatchOut,
    DisinfectIn,
    ErrorOut,
    EventOut,
    IntakeIn,
    IntakeOut,
    MoveIn,
    NoteIn,
    ParcelDetail,
    ParcelOut,
    PreregOut,
)
from station.site import Site
from station.web.auth import Actor, Allowed
from station.web.deps import DbDep, SettingsDep, SiteDep
from station.web.i18n import say

ERRORS = {code: {"model": ErrorOut} for code in (401, 403, 404, 409, 413, 422)}
router = APIRouter(prefix="/api/v1", tags=["parcels"], responses=ERRORS)


def intake_answer(session: Session, body: IntakeIn, *, site: Site, actor: str, idempotency_key: str | None,
                  read: service.Read | None = None) -> dict:
    """The intake transaction: the answer in IntakeOut's JSON form, remembered under the key
    (`read`: the scan as `service.read_text` made it before the write)."""
    now = utcnow()
    check_key(idempotency_key)
    scanned = service.read_scan(session, body.scan, key=idempotency_key, read=read)

    def compute() -> dict:
        result = service.intake_parcel(
            session, site=site, scan=body.scan, destination=body.destination,
            category=body.category, gate=body.gate, actor=actor, now=now, note=body.note, scanned=scanned)
        prereg = result.preregistered
        answer = IntakeOut(parcel=ParcelOut.of(result.parcel), duplicate=result.duplicate,
                           message=str(result.message),
                           preregistered=PreregOut(**vars(prereg)) if prereg else None).model_dump(mode="json")
        # Kept as messages, not as words: the answer is said in the language of whoever asks (a replay too).
        return said_later(answer, {
            "message": result.message, "parcel.unresolved_reason": result.parcel.unresolved_reason,
            "preregistered.problem": prereg.problem if prereg else None})

    return once(session, key=idempotency_key, endpoint="intake", request=body.model_dump(mode="json"), now=now,
                compute=compute, seen=scanned.found.key_seen)


@router.post("/intake", response_model=IntakeOut, status_code=201,
             responses={200: {"model": IntakeOut, "description": "already recorded (duplicate scan)"}})
def intake(body: IntakeIn, db: DbDep, site: SiteDep, settings: SettingsDep,
           actor: Annotated[Actor, Allowed("parcel:receive")],
           idempotency_key: Annotated[str | None, Header()] = None) -> JSONResponse:
    """Record an item crossing the gate; a second scan of it returns the first record."""
    read = service.read_text(body.scan)
    answer = dict(db.write(lambda session: intake_answer(session, body, site=site, actor=actor.name,
                                                         idempotency_key=idempotency_key, read=read)))
    said_now(answer)
    if not answer["duplicate"] and not answer.get("replayed"):
        answer["label"] = print_parcel_label(db, site, settings, answer["parcel"]["code"], gate=body.gate)
    # Already in IntakeOut's JSON form: answered as is, not validated against it a second time.
    return JSONResponse(answer, status_code=200 if answer["duplicate"] else 201)


@router.get("/parcels/{key}", response_model=ParcelDetail)
def get_parcel(key: str, db: DbDep, actor: Annotated[Actor, Allowed("parcel:read")]) -> ParcelDetail:
    """A parcel by its code, any barcode on it, or its shelf position, with its custody events.

    Runners read the items of their own runs, disinfection volunteers those not yet shelved."""
    with db.read() as session:
        parcel = service.get_parcel(session, key)
        service.check_may_read(session, parcel, actor=actor.name, role=actor.role)
        return ParcelDetail(
            **dict(ParcelOut.of(parcel)),
            aliases=[alias.code for alias in parcel.aliases],
            events=[EventOut.of(event) for event in events_of(session, parcel)],
        )


def disinfect_answer(session: Session, body: DisinfectIn, *, site: Site, actor: str,
                     idempotency_key: str | None) -> dict:
    """The disinfection batch's transaction, its answer remembered under the key (the page's form too)."""
    now = utcnow()

    def compute() -> dict:
        return handling.batch_answer(*handling.disinfect_batch(
            session, body.parcels, site=site, method=body.method, actor=actor, gate=body.gate, now=now,
            shelve=body.shelve))

    return once(session, key=idempotency_key, endpoint="disinfect", request=body.model_dump(mode="json"), now=now,
                compute=compute)


@router.post("/disinfect", response_model=BatchOut)
def disinfect(body: DisinfectIn, db: DbDep, site: SiteDep,
              actor: Annotated[Actor, Allowed("parcel:disinfect")],
              idempotency_key: Annotated[str | None, Header()] = None) -> BatchOut:
    """Record disinfection for a batch; each refused item is named with the reason.

    With an Idempotency-Key, a retry after a lost answer gets the first answer again."""
    answer = db.write(lambda session: disinfect_answer(session, body, site=site, actor=actor.name,
                                                       idempotency_key=idempotency_key))
    done, refused = handling.batch_said(answer)
    return BatchOut(done=done, refused=refused, replayed=answer.get("replayed", False))


def act_on_parcel(db, key: str, action) -> ParcelOut:
    """Find a parcel by any of its codes and apply one handling step in one transaction."""
    def run(session: Session) -> ParcelOut:
        parcel = service.get_parcel(session, key)
        action(session, parcel, utcnow())
        return ParcelOut.of(parcel)

    return db.write(run)


@router.post("/parcels/{key}/shelve", response_model=ParcelOut)
def shelve(key: str, db: DbDep, site: SiteDep,
           actor: Annotated[Actor, Allowed("parcel:shelve")], gate: str | None = None) -> ParcelOut:
    return act_on_parcel(db, key, lambda s, p, now: handling.shelve(s, p, site=site, actor=actor.name, gate=gate, now=now))


@router.post("/parcels/{key}/move", response_model=ParcelOut)
def move(key: str, body: MoveIn, db: DbDep, site: SiteDep,
         actor: Annotated[Actor, Allowed("parcel:move")]) -> ParcelOut:
    return act_on_parcel(db, key, lambda s, p, now: handling.move(
        s, p, site=site, zone=body.zone, actor=actor.name, gate=body.gate, now=now, note=body.note))


@router.post("/parcels/{key}/problem", response_model=ParcelOut)
def problem(key: str, body: NoteIn, db: DbDep, site: SiteDep,
            actor: Annotated[Actor, Allowed("parcel:report")]) -> ParcelOut:
    return act_on_parcel(db, key, lambda s, p, now: handling.report_problem(
        s, p, site=site, note=body.note, actor=actor.name, gate=body.gate, now=now))


@router.post("/parcels/{key}/resolve", response_model=ParcelOut)
def resolve(key: str, body: NoteIn, db: DbDep, site: SiteDep,
            actor: Annotated[Actor, Allowed("parcel:resolve")]) -> ParcelOut:
    return act_on_parcel(db, key, lambda s, p, now: handling.resolve_problem(
        s, p, site=site, note=body.note, actor=actor.name, gate=body.gate, now=now))
