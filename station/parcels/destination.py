"""The fast destination form typed at the gate, `10-2-301`, checked against the site."""

from __future__ import annotations

import re
import unicodedata

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
