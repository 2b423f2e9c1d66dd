"""Coordinator pages: a group leader's list in one go, and printable household cards."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, File, Form, Path, Request, UploadFile
from fastapi.responses import RedirectResponse, Response

from station import codes
from station.catalogue import problem_of
from station.catalogue import residents as residents_text
from station.db import utcnow
from station.residents import groupbuy
from station.residents.lookup import parse_room
from station.residents.prereg import household_of, preregister_group
from station.residents.privacy import mask_name, mask_phone
from station.residents.qr import qr_svg
from station.residents.service import get_household, renew_household_code, waiting_items
from station.web.auth import Actor, Allowed
from station.web.deps import DbDep, SiteDep
from station.web.i18n import say
from station.web.pages import render

router = APIRouter(include_in_schema=False)
GROUP_PREFIX = "GB"
PRIVATE = {"Cache-Control": "no-store"}
HouseholdId = Annotated[int, Path(ge=1, le=2**31 - 1)]


@router.get("/residents/group-buys")
def group_buy_page(request: Request, site: SiteDep,
                   _actor: Annotated[Actor, Allowed("residents:manage")]) -> Response:
    return render(request, "residents/group_buys.html", site=site, form={"category": "fresh"})


@router.post("/residents/group-buys")
def group_buy_upload(request: Request, db: DbDep, site: SiteDep,
                     _actor: Annotated[Actor, Allowed("residents:manage")],
                           group_code: Annotated[str, Form()] = "", group_name: Annotated[str, Form()] = "",
                           category: Annotated[str, Form()] = "fresh", text: Annotated[str, Form()] = "",
                           file: Annotated[UploadFile | None, File()] = None) -> Response:
    form = {"group_code": group_code[:40], "group_name": group_name.strip()[:60], "category": category[:16],
            "text": text[:20000]}
    data = file.file.read() if file is not None and file.filename else b""
    try:
        code = groupbuy.parse_group_code(group_code)
        if code is None and not form["group_name"]:
            raise ValueError(residents_text.GROUP_NEEDS_CODE())
        if category not in site.categories:
            raise ValueError(residents_text.GROUP_CHOOSE_KIND())
        rows = groupbuy.read_table(data if data else text)
        code = code or codes.new_code(GROUP_PREFIX, 6)
        parsed = groupbuy.parse_group_list(rows, site=site, group_code=code)
    except ValueError as exc:
        return render(request, "residents/group_buys.html", status_code=422, site=site, form=form,
                      error=say(problem_of(exc)))
    report = db.write(lambda s: preregister_group(s, site=site, group_code=code,
                                                  group_name=form["group_name"] or None, rows=parsed,
                                                  category=category, now=utcnow()))
    return render(request, "residents/group_buys.html", site=site, form=form, report=report)


@router.get("/residents/households")
def household_search(request: Request, db: DbDep, site: SiteDep,
                     _actor: Annotated[Actor, Allowed("residents:manage")],
                     room: str | None = None, renewed: bool = False) -> Response:
    place = parse_room(room) if room else None
    found = None
    if place is not None:
        with db.read() as session:
            found = household_of(session, *place)
    response = render(request, "residents/households.html", site=site, room=(room or "")[:40],
                      searched=room is not None, bad_room=bool(room) and place is None, household=found,
                      masked_name=mask_name(found.name) if found else "",
                      masked_phone=mask_phone(found.phone) if found else "", renewed=renewed)
    response.headers.update(PRIVATE)
    return response


@router.get("/residents/households/{household_id}/card")
def household_card(request: Request, household_id: HouseholdId, db: DbDep, site: SiteDep,
                   _actor: Annotated[Actor, Allowed("residents:manage")]) -> Response:
    """A card to print for a household without a smartphone: its code as text and QR."""
    with db.read() as session:
        household = get_household(session, household_id)
        waiting = waiting_items(session, household)
    response = render(request, "residents/card.html", site=site, household=household, waiting=waiting,
                      masked_name=mask_name(household.name), qr=qr_svg(household.code))
    response.headers.update(PRIVATE)
    return response


@router.post("/residents/households/{household_id}/new-code")
def household_new_code(household_id: HouseholdId, db: DbDep,
                       _actor: Annotated[Actor, Allowed("residents:manage")]) -> Response:
    """A lost card: the household gets a new code and the old card stops working."""
    destination = db.write(lambda s: renew_household_code(s, household_id=household_id, now=utcnow()))
    return RedirectResponse(f"/residents/households?room={quote(destination)}&renewed=1", status_code=303)
