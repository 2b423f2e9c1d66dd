"""Courier hand-over pages and API."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Header, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import BaseModel, Field

from station.catalogue.locale import Sentence, said_later, said_now
from sqlalchemy import select

from station.db import utcnow
from station.gate.handover import service
from station.gate.handover.models import Handover
from station.gate.handover.receipt import Receipt, receipt_pdf
from station.parcels.idempotency import once
from station.parcels.schemas import ParcelOut, StrictIn
from station.site import CategoryCode
from station.timefmt import local
from station.web.auth import Actor, Allowed
from station.web.deps import DbDep, SiteDep
from station.web.pages import render

router = APIRouter(include_in_schema=False)
api = APIRouter(prefix="/api/v1", tags=["gate"])


class HandoverIn(StrictIn):
    courier_name: str = Field(max_length=64)
    carrier: str | None = Field(None, max_length=32)
    gate: str | None = Field(None, max_length=32)


class HandoverOut(BaseModel):
    id: int
    courier_name: str
    carrier: str | None
    gate: str | None
    count: int
    open: bool


class HandoverScanIn(StrictIn):
    scan: str = Field(max_length=400)
    destination: str | None = Field(None, max_length=100)
    category: CategoryCode | None = None


class HandoverScanOut(BaseModel):
    count: int
    duplicate_in_batch: bool
    already_recorded: bool
    message: Sentence
    parcel: ParcelOut
    replayed: bool = False  # the answer remembered for this Idempotency-Key: nothing recorded again


def _out(handover: Handover) -> HandoverOut:
    return HandoverOut(id=handover.id, courier_name=handover.courier_name, carrier=handover.carrier,
                       gate=handover.gate, count=len(handover.items), open=handover.closed_at is None)


@api.post("/handovers", response_model=HandoverOut, status_code=201)
def open_api(body: HandoverIn, db: DbDep, site: SiteDep,
             actor: Annotated[Actor, Allowed("handover:manage")]) -> HandoverOut:
    """Open a hand-over for a courier's batch."""
    return db.write(lambda s: _out(service.open_handover(
        s, site=site, courier_name=body.courier_name, carrier=body.carrier, gate=body.gate,
        actor=actor.name, now=utcnow())))


@api.post("/handovers/{handover_id}/scans", response_model=HandoverScanOut)
def scan_api(handover_id: int, body: HandoverScanIn, db: DbDep, site: SiteDep,
             actor: Annotated[Actor, Allowed("handover:manage")],
             idempotency_key: Annotated[str | None, Header()] = None) -> HandoverScanOut:
    """Count one item of the batch (and take it in); a second scan of it is flagged, not counted.

    With an Idempotency-Key, a retry after a lost answer gets the first answer and counts nothing."""
    def run(session) -> dict:
        now = utcnow()

        def compute() -> dict:
            result = service.scan_into(session, service.get_handover(session, handover_id), site=site,
                                       scan=body.scan, destination=body.destination, category=body.category,
                                       actor=actor.name, now=now)
            answer = HandoverScanOut(count=result.count, duplicate_in_batch=result.duplicate_in_batch,
                                     already_recorded=result.already_recorded, message=result.message,
                                     parcel=ParcelOut.of(result.parcel)).model_dump(mode="json")
            return said_later(answer, {"message": result.message,
                                       "parcel.unresolved_reason": result.parcel.unresolved_reason})

        return once(session, key=idempotency_key, endpoint="handover-scan", now=now, compute=compute,
                    request={"handover": handover_id} | body.model_dump(mode="json"))

    return HandoverScanOut(**said_now(dict(db.write(run))))


@router.get("/gate/handover")
def handover_list(request: Request, db: DbDep, site: SiteDep,
                  _actor: Annotated[Actor, Allowed("handover:manage")]) -> Response:
    with db.read() as session:
        recent = list(session.scalars(select(Handover).order_by(Handover.id.desc()).limit(20)))
        rows = [(h, len(h.items)) for h in recent]
        return render(request, "gate/handover_list.html", site=site, rows=rows,
                      local=lambda at: local(at, site.timezone).strftime("%m-%d %H:%M"))


@router.post("/gate/handover")
def handover_open(db: DbDep, site: SiteDep, actor: Annotated[Actor, Allowed("handover:manage")],
                  courier_name: Annotated[str, Form(max_length=64)],
                  carrier: Annotated[str, Form(max_length=32)] = "",
                  gate: Annotated[str, Form(max_length=32)] = "") -> Response:
    handover = db.write(lambda s: service.open_handover(
        s, site=site, courier_name=courier_name, carrier=carrier, gate=gate or None, actor=actor.name,
        now=utcnow()))
    return RedirectResponse(f"/gate/handover/{handover.id}", status_code=303)


@router.get("/gate/handover/{handover_id}")
def handover_page(handover_id: int, request: Request, db: DbDep, site: SiteDep,
                  _actor: Annotated[Actor, Allowed("handover:manage")]) -> Response:
    with db.read() as session:
        handover = service.get_handover(session, handover_id)
        items = [(item, item_parcel) for item, item_parcel in _items(session, handover)]
        return render(request, "gate/handover.html", site=site, handover=handover, items=items,
                      local=lambda at: local(at, site.timezone).strftime("%H:%M"))


def _items(session, handover: Handover):
    from station.parcels.models import Parcel

    for item in handover.items:
        yield item, session.get(Parcel, item.parcel_id)


@router.post("/gate/handover/{handover_id}/close")
def handover_close(handover_id: int, db: DbDep, actor: Annotated[Actor, Allowed("handover:manage")]) -> Response:
    db.write(lambda s: service.close_handover(s, service.get_handover(s, handover_id),
                                              actor=actor.name, now=utcnow()))
    return RedirectResponse(f"/gate/handover/{handover_id}", status_code=303)


@router.get("/gate/handover/{handover_id}/receipt.pdf")
def handover_receipt(handover_id: int, db: DbDep, site: SiteDep,
                     _actor: Annotated[Actor, Allowed("handover:manage")]) -> Response:
    with db.read() as session:
        handover = service.get_handover(session, handover_id)
        stamp = lambda at: local(at, site.timezone).strftime("%Y-%m-%d %H:%M") if at else "(open)"  # noqa: E731
        gate_names = {g.code: g.name for g in site.gates}
        receipt = Receipt(
            number=handover.id, site=site.name, gate=gate_names.get(handover.gate or "", handover.gate or ""),
            courier=handover.courier_name, carrier=handover.carrier or "", opened=stamp(handover.opened_at),
            closed=stamp(handover.closed_at), received_by=handover.opened_by,
            items=[(p.tracking_number or p.code,
                    ("已在此前登记 recorded before" if item.already_recorded else p.pickup_code))
                   for item, p in _items(session, handover)],
        )
    return Response(receipt_pdf(receipt), media_type="application/pdf",
                    headers={"Content-Disposition": f'inline; filename="handover-{handover_id}.pdf"'})
