"""A partly typed destination as a roster question (pure): which building, which room.

Coordinators resolving an item often know the building and room from a label ("10栋301")
but not the stairwell unit; the roster then shows the same room in every unit of it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

BUILDING = re.compile(r"^\d{1,4}[A-Z]?$")
ROOM = re.compile(r"^\d{3,4}$")
UNIT = re.compile(r"^\d{1,2}$")
SEPARATORS = re.compile(r"[\s\-/,.#号栋幢楼单元室门]+")


@dataclass(frozen=True)
class RoomQuery:
    building: str
    room: str
    unit: int | None = None


def room_query(text: str) -> RoomQuery | None:
    """'10-301', '10 301', '10栋301', '10-?-301', '10-2-301' -> a question; else None."""
    normal = unicodedata.normalize("NFKC", text or "").upper().replace("?", " ").replace("*", " ")
    parts = [part for part in SEPARATORS.split(normal) if part]
    if len(parts) == 2 and BUILDING.match(parts[0]) and ROOM.match(parts[1]):
        return RoomQuery(parts[0], parts[1])
    if len(parts) == 3 and BUILDING.match(parts[0]) and UNIT.match(parts[1]) and ROOM.match(parts[2]):
        return RoomQuery(parts[0], parts[2], int(parts[1]))
    return None
