"""The /gate page and the JSON calls its script makes."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from station import labelling
from station.accounts.permissions import Action, may
from station.catalogue import parcels as parcel_text
from station.errors import InvalidInput
from station.gate.scan import service
from station.gate.scan.schemas import (
    AliasIn,
    DestinationCheckOut,
    RecentOut,
    RelabelledOut,
    ScanIn,
    ScanOut,
    VoidIn,
)
from station.gate.unresolved.schemas import DestinationIn
from station.parcels import handling
from station.parcels import service as parcels
from station.parcels.routes import act_on_parcel
from station.parcels.schemas import ParcelOut
from station.residents.models import Household
from station.site import CategoryCode
from station.web.auth import Actor, Allowed
from station.web.deps import DbDep, SettingsDep, SiteDep
from station.web.i18n import current_locale
from station.web.pages import render

router = APIRouter()
api = APIRouter(prefix="/api/v1", tags=["gate"])


@router.get("/gate", include_in_schema=False)
def gate_page(request: Request, site: SiteDep, settings: SettingsDep,
              actor: Annotated[Actor, Allowed("parcel:receive")],
              gate: str | None = None) -> Response:
    gate = gate if gate in site.gate_codes() else site.gates[0].code
    chinese = current_locale.get() == "zh_CN"
    names = {code: c.name_zh if chinese else c.name_en for code, c in site.categories.items()}
    return render(request, "gate/scan.html", site=site, gate=gate, printer=settings.printer_for(gate),
                  label_size=settings.label_size, category_names=names, category_keys=tuple(CategoryCode))


@api.post("/scan", response_model=ScanOut)
def scan(body: ScanIn, db: DbDep, site: SiteDep, actor: Annotated[Actor, Allowed("parcel:receive")]) -> ScanOut:
    """Tell what a scan is: one of our codes (parcel, shelf, collection code, household card), or a new item."""
    with db.read() as session:
        return service.describe_scan(session, site=site, scan=body.scan,
                                     may_release=may(actor.role, Action.PARCEL_RELEASE))


@api.get("/gate/destination", response_model=DestinationCheckOut)
def destination_check(db: DbDep, site: SiteDep, _actor: Annotated[Actor, Allowed("parcel:receive")],
                      q: Annotated[str, Query(max_length=100)] = "") -> DestinationCheckOut:
    """A destination as it is typed: a room of the site and its households (masked), or what is wrong."""
    with db.read() as session:
        return service.check_destination(session, site=site, text=q)


@api.get("/recent", response_model=RecentOut)
def recent(db: DbDep, _actor: Annotated[Actor, Allowed("parcel:receive")], gate: str | None = None) -> RecentOut:
    """The last items taken in at a gate, newest first."""
    with db.read() as session:
        return RecentOut(items=[ParcelOut.of(p) for p in service.recent_intakes(session, gate=gate)])


@api.post("/parcels/{key}/aliases", response_model=ParcelOut)
def add_alias(key: str, body: AliasIn, db: DbDep, site: SiteDep,
              actor: Annotated[Actor, Allowed("parcel:receive")]) -> ParcelOut:
    """Attach another barcode on the same item; a scan of any of them finds it."""
    return act_on_parcel(db, key, lambda s, p, now: handling.add_alias(
        s, p, site=site, code=body.code, actor=actor.name, gate=body.gate, now=now))


@api.post("/parcels/{key}/void", response_model=ParcelOut)
def void(key: str, body: VoidIn, db: DbDep, site: SiteDep,
         actor: Annotated[Actor, Allowed("parcel:receive")]) -> ParcelOut:
    """Undo an intake: recorded as an event, never deleted."""
    return act_on_parcel(db, key, lambda s, p, now: handling.void_intake(
        s, p, site=site, note=body.note, actor=actor.name, gate=body.gate, now=now))


@api.post("/gate/parcels/{key}/destination", response_model=RelabelledOut)
def change_destination(key: str, body: DestinationIn, db: DbDep, site: SiteDep, settings: SettingsDep,
                       actor: Annotated[Actor, Allowed("parcel:move")]) -> RelabelledOut:
    """Correct a room typed wrong at the gate: a `moved` event, a new slot, a new label."""
    parcel = act_on_parcel(db, key, lambda s, p, now: handling.set_destination(
        s, p, site=site, destination=body.destination, actor=actor.name, gate=body.gate, now=now))
    return RelabelledOut(parcel=parcel, label=labelling.print_parcel_label(db, site, settings, parcel.code))


@api.post("/gate/parcels/{key}/print", response_model=RelabelledOut)
def print_label(key: str, db: DbDep, site: SiteDep, settings: SettingsDep,
                _actor: Annotated[Actor, Allowed("parcel:receive")]) -> RelabelledOut:
    """Print an item's label again (on the station's printer; without one, the page prints the PDF)."""
    with db.read() as session:
        parcel = ParcelOut.of(parcels.get_parcel(session, key))
    return RelabelledOut(parcel=parcel, label=labelling.print_parcel_label(db, site, settings, parcel.code))


@router.get("/gate/labels/{code}.{fmt}", include_in_schema=False)
def label_file(code: str, fmt: str, db: DbDep, site: SiteDep, settings: SettingsDep,
               actor: Annotated[Actor, Allowed("parcel:read")],
               size: Annotated[str | None, Query(max_length=8)] = None,
               dpi: Annotated[int | None, Query()] = None, inline: bool = False) -> Response:
    """A parcel's label as PNG, PDF or ZPL, for the screen, a download or a printer."""
    if fmt not in labelling.FORMATS:
        raise InvalidInput(parcel_text.LABEL_FORMAT)
    with db.read() as session:
        parcel = parcels.get_parcel(session, code)
        parcels.check_may_read(session, parcel, actor=actor.name, role=actor.role)
        household = session.get(Household, parcel.household_id) if parcel.household_id else None
        label = labelling.parcel_label(parcel, site, household)
    body = labelling.render(label, fmt=fmt, size=size or settings.label_size, dpi=dpi or settings.label_dpi)
    disposition = "inline" if fmt == "png" or inline else f'attachment; filename="{parcel.code}.{fmt}"'
    return Response(body, media_type=labelling.FORMATS[fmt],
                    headers={"Content-Disposition": disposition, "Cache-Control": "private, max-age=60"})
