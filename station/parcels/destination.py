"""Where an item goes, as typed at the gate: `10-2-301` fast, or as people write addresses."""

from __future__ import annotations

import re
import unicodedata

from sqlalchemy.orm import Session

from station.errors import InvalidInput
from station.site import Site
from station.sorting.rules import Destination

FAST_FORM = re.compile(r"^\s*(\d{1,4}[A-Z]?)\s*[-/ ]\s*(\d{1,2})\s*[-/ ]\s*(\d{3,4})\s*$")


def parse_destination(site: Site, text: str) -> Destination:
    """Building-unit-room, or InvalidInput saying what does not fit."""
    normal = unicodedata.normalize("NFKC", text).upper().replace("—", "-")
    match = FAST_FORM.match(normal)
    if not match:
        raise InvalidInput(
            f"destination {text!r} is not building-unit-room such as 10-2-301",
            field="destination",
        )
    building, unit, room = match[1], int(match[2]), match[3]
    problem = site.room_problem(building, unit, room)
    if problem:
        raise InvalidInput(f"destination {normal.strip()}: {problem}", field="destination")
    return Destination(building, unit, room)


def resolve_destination(session: Session, site: Site, text: str) -> Destination:
    """The fast form, else an address matched against the site and roster (10栋2单元301, ...).

    An address that fits several rooms is refused with them as candidates, never guessed.
    """
    normal = unicodedata.normalize("NFKC", text).upper().replace("—", "-")
    if FAST_FORM.match(normal):
        return parse_destination(site, normal)
    from station.recognize_roster import address_recogniser

    seen = address_recogniser(session, site)(text)
    if seen.kind == "address" and seen.valid and seen.destination:
        return parse_destination(site, seen.destination)
    if seen.candidates:
        shown = ", ".join(seen.candidates[:6])
        raise InvalidInput(f"destination {text!r} fits several rooms: {shown}", field="destination",
                           candidates=list(seen.candidates[:12]))
    raise InvalidInput(f"destination {text!r}: {seen.reason or 'not an address we can read'}",
                       field="destination")
