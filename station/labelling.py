"""From a parcel to the label files the labels package renders, and to the printer."""

from __future__ import annotations

from datetime import datetime

import labels
from labels import LabelError, ParcelLabel, PrintError
from station.catalogue.locale import say
from station.config import Settings
from station.db import Database, utcnow
from station.errors import InvalidInput
from station.parcels.models import Parcel
from station.residents.models import Household
from station.site import Site
from station.sorting.rules import shelf_code
from station.timefmt import local

FORMATS = {"png": "image/png", "pdf": "application/pdf", "zpl": "application/octet-stream"}


def parcel_label(parcel: Parcel, site: Site, household: Household | None,
                 now: datetime | None = None) -> ParcelLabel:
    grid = site.buildings[parcel.building].grid if parcel.building in site.buildings else ""
    dwelling = parcel.dwell_until is not None and parcel.dwell_until > (now or utcnow())
    return ParcelLabel(
        parcel_code=parcel.code, building=parcel.building or "?", pickup_code=parcel.pickup_code,
        category=parcel.category, received_at=local(parcel.received_at, site.timezone),
        unit=str(parcel.unit or ""), room=parcel.room or "",
        care_marks=tuple(household.care_flags) if household else (),
        # Why it has no room ("no destination given"), printed in the page's (or the site's) language.
        destination=say(parcel.unresolved_reason) if parcel.unresolved_reason and not parcel.building else "",
        grid=grid,
        ready_at=local(parcel.dwell_until, site.timezone) if dwelling else None,
    )


def shelf_signs(site: Site) -> list[labels.ShelfSign]:
    """One sign per shelf of every zone, in the site's order."""
    signs = []
    for zone in site.zones.values():
        for shelf in range(1, zone.shelves + 1):
            grid = site.grids[shelf - 1].code if zone.by_grid else (zone.grid or "")
            signs.append(labels.ShelfSign(
                shelf_code=shelf_code(zone.code, shelf), zone_name=zone.name_zh, zone_name_en=zone.name_en,
                category=zone.category or "", slots=f"001-{zone.slots:03d}", grid=grid))
    return signs


def render(label: ParcelLabel, *, fmt: str, size: str, dpi: int) -> bytes:
    try:
        if fmt == "zpl":
            return labels.render_labels_zpl([label], size=size, dpi=dpi)
        return labels.render_label(label, size=size, dpi=dpi, fmt=fmt)
    except LabelError as exc:
        raise InvalidInput(str(exc)) from None


def label_links(code: str) -> dict[str, str]:
    return {fmt: f"/gate/labels/{code}.{fmt}" for fmt in FORMATS}


def print_parcel_label(db: Database, site: Site, settings: Settings, code: str, gate: str | None = None) -> dict:
    """Print on the gate's printer after the intake committed; a printer problem is reported, never raised."""
    links = label_links(code)
    spec = settings.printer_for(gate)
    if not spec:
        return {**links, "printed": False, "print_error": None}
    printer = labels.parse_printer(spec)
    with db.read() as session:
        from station.parcels.service import get_parcel

        parcel = get_parcel(session, code)
        household = session.get(Household, parcel.household_id) if parcel.household_id else None
        label = parcel_label(parcel, site, household)
    try:
        data = render(label, fmt=printer.format, size=settings.label_size, dpi=settings.label_dpi)
        if printer.kind == "zpl":
            labels.send_raw(data, printer)
        else:  # PDF on the label's exact media (Custom.60x40mm), so CUPS neither scales nor rotates it
            labels.print_file(data, printer=printer.target, size=settings.label_size)
    except (PrintError, InvalidInput) as exc:
        return {**links, "printed": False, "print_error": str(exc)}
    return {**links, "printed": True, "print_error": None}
