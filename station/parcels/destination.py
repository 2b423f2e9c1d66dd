"""Where an item goes, as typed at the gate: `10-2-301` fast, or as people write addresses."""

from __future__ import annotations

import re
import unicodedata

from sqlalchemy.orm import Session

from station.catalogue import Joined
from station.catalogue import site as text
from station.errors import InvalidInput
from station.site import Site
from station.sorting.rules import Destination

FAST_FORM = re.compile(r"^\s*(\d{1,4}[A-Z]?)\s*[-/ ]\s*(\d{1,2})\s*[-/ ]\s*(\d{3,4})\s*$")


def parse_destination(site: Site, typed: str) -> Destination:
    """Building-unit-room, or InvalidInput saying what does not fit."""
    normal = unicodedata.normalize("NFKC", typed).upper().replace("—", "-")
    match = FAST_FORM.match(normal)
    if not match:
        raise InvalidInput(text.NOT_FAST_FORM(text=typed), field="destination")
    building, unit, room = match[1], int(match[2]), match[3]
    problem = site.room_problem(building, unit, room)
    if problem:
        raise InvalidInput(text.DESTINATION_PROBLEM(destination=normal.strip(), problem=problem),
                           field="destination")
    return Destination(building, unit, room)


def resolve_destination(session: Session, site: Site, typed: str) -> Destination:
    """The fast form, else an address matched against the site and roster (10栋2单元301, ...).

    An address that fits several rooms is refused with them as candidates, never guessed.
    """
    normal = unicodedata.normalize("NFKC", typed).upper().replace("—", "-")
    if FAST_FORM.match(normal):
        return parse_destination(site, normal)
    from station.recognize_roster import address_recogniser

    seen = address_recogniser(session, site)(typed)
    if seen.kind == "address" and seen.valid and seen.destination:
        return parse_destination(site, seen.destination)
    if seen.candidates:
        raise InvalidInput(text.SEVERAL_ROOMS(text=typed, rooms=Joined.of(seen.candidates[:6])),
                           field="destination", candidates=list(seen.candidates[:12]))
    if seen.kind == "address" and seen.reason:
        raise InvalidInput(text.DESTINATION_PROBLEM(destination=typed, problem=seen.reason), field="destination")
    raise InvalidInput(text.UNREADABLE(text=typed), field="destination")
