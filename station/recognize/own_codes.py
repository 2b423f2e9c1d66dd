"""The station's own printed codes: parcel, run and household labels, shelves, pickup codes."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from station.catalogue import Said
from station.catalogue import recognize as msg
from station.codes import CROCKFORD, HOUSEHOLD_PREFIX, PARCEL_PREFIX, RUN_PREFIX

if TYPE_CHECKING:
    from station.site.model import Site

KINDS = {PARCEL_PREFIX: "parcel", RUN_PREFIX: "run", HOUSEHOLD_PREFIX: "household"}
# Crockford base32 is read aloud and typed: O is read as 0, I and L as 1 (the alphabet's own rule).
_TYPED = str.maketrans({"O": "0", "I": "1", "L": "1"})
_LABEL = re.compile(rf"([{''.join(KINDS)}])([{CROCKFORD}OIL]{{8}})")
# Zones a site file creates: B<building>, grid codes, and the category and special sections.
ZONE = r"B\d{1,4}[A-Z]?|G\d{1,3}|MED|VAL|MEAL|FRESH|BULK|OVF|UNRES|UNRESOLVED"
_ANY_ZONE = r"[A-Z][A-Z0-9]{0,11}"
_SHELF = re.compile(rf"SH[- ]({_ANY_ZONE})[- ](\d{{2,3}})")
_PICKUP = re.compile(rf"({_ANY_ZONE})[- ](\d{{2,3}})[- ](\d{{3,4}})")
_KNOWN_ZONE = re.compile(ZONE)


@dataclass(frozen=True)
class OwnCode:
    kind: str  # parcel | run | household | shelf | pickup
    code: str  # canonical form, as printed
    problem: Said | None = None


def read_own_code(text: str, site: Site | None = None) -> OwnCode | None:
    """Our code in `text` (already cleaned), or None when it is not one of ours."""
    upper = text.upper()
    if label := _LABEL.fullmatch(upper):
        prefix, body = label.groups()
        fixed = body.translate(_TYPED)
        # Only a code with digits in it is read with O/I/L corrected: PROMOTION is a word.
        if fixed == body or any(c.isdigit() for c in body):
            return OwnCode(KINDS[prefix], prefix + fixed)
    if shelf := _SHELF.fullmatch(upper):
        zone, number = shelf[1], int(shelf[2])
        if site is None and not _KNOWN_ZONE.fullmatch(zone):
            return None
        return OwnCode("shelf", f"SH-{zone}-{number:02d}", _shelf_problem(site, zone, number))
    if pickup := _PICKUP.fullmatch(upper):
        zone, shelf_no, slot = pickup[1], int(pickup[2]), int(pickup[3])
        known = _KNOWN_ZONE.fullmatch(zone) or (site is not None and zone in site.zones)
        if not known:
            return None
        code = f"{zone}-{shelf_no:02d}-{slot:03d}"
        return OwnCode("pickup", code, _shelf_problem(site, zone, shelf_no, slot))
    return None


def _shelf_problem(site: Site | None, zone: str, shelf: int, slot: int | None = None) -> Said | None:
    if site is None:
        return None
    found = site.zones.get(zone)
    if found is None:
        return msg.NO_ZONE(zone=zone)
    if not 1 <= shelf <= found.shelves:
        return msg.NO_SHELF(zone=zone, shelf=f"{shelf:02d}", shelves=f"{found.shelves:02d}")
    if slot is not None and not 1 <= slot <= found.slots:
        return msg.NO_SLOT(shelf=f"{zone}-{shelf:02d}", slot=f"{slot:03d}", slots=f"{found.slots:03d}")
    return None
