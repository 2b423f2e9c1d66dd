"""What a resident typed into /track (pure): a tracking number, or a room and a phone tail.

Rooms are read the way people write them: `10-2-301`, `10/2/301`, `10栋2单元301室`, in
full-width digits too. Only the form is checked here; whether the room exists is the service's
business, and it must answer the same either way.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

NEED_ROOM = "Enter the room as building-unit-room, for example 10-2-301."
NEED_TAIL = "Enter the last four digits of the phone number registered for the room."
NEED_TRACKING = "Enter the tracking number from the courier's message, for example SF1234567890123."
BAD_TRACKING = "That does not look like a tracking number: it should be letters and digits, for example SF1234567890123."
TOO_LONG = "That is too long for a tracking number."

MAX_TRACKING = 40
MIN_TRACKING = 6
DASHES = str.maketrans({"—": "-", "–": "-", "‐": "-", "‑": "-", "_": "-", "~": "-", "／": "/"})
_BUILDING = r"(?P<building>\d{1,4}[A-Z]?)"
_UNIT = r"(?P<unit>\d{1,2})"
_ROOM = r"(?P<room>\d{3,4})"
_SEP = r"\s*[-/ ]\s*"
ROOM_FORMS = (
    re.compile(rf"^{_BUILDING}{_SEP}{_UNIT}{_SEP}{_ROOM}$"),
    re.compile(rf"^{_BUILDING}\s*(?:号楼|栋|号|楼|幢)\s*[-/ ]?\s*{_UNIT}\s*单元\s*[-/ ]?\s*{_ROOM}\s*(?:室|号)?$"),
)
TAIL = re.compile(r"^\d{4}$")
TOKEN = re.compile(r"[A-Z0-9][A-Z0-9-]{5,}")


@dataclass(frozen=True)
class TrackingLookup:
    text: str    # as normalised for the scanner (aliases are stored this way)
    number: str  # without spaces and dashes, as intake stores tracking numbers


@dataclass(frozen=True)
class RoomLookup:
    building: str
    unit: int
    room: str
    tail: str

    @property
    def destination(self) -> str:
        return f"{self.building}-{self.unit}-{self.room}"


@dataclass(frozen=True)
class LookupProblem:
    message: str
    field: str


Lookup = TrackingLookup | RoomLookup | LookupProblem


def _normal(text: str | None) -> str:
    return unicodedata.normalize("NFKC", text or "").translate(DASHES).strip().upper()


def parse_room(text: str | None) -> tuple[str, int, str] | None:
    """(building, unit, room) from what a resident typed, or None when it is not that form."""
    normal = _normal(text)
    for form in ROOM_FORMS:
        match = form.match(normal)
        if match:
            return match["building"], int(match["unit"]), match["room"]
    return None


def parse_tail(text: str | None) -> str | None:
    tail = _normal(text).replace(" ", "")
    return tail if TAIL.match(tail) else None


def parse_tracking(normalised: str) -> TrackingLookup | LookupProblem:
    """A tracking number from text already normalised by parcels.service.normalise_scan.

    A pasted courier message ("【顺丰】您的快件SF1234567890123已...") works when it holds
    exactly one code-like run of letters and digits.
    """
    text = normalised.strip()
    if not text:
        return LookupProblem(NEED_TRACKING, "q")
    compact = re.sub(r"[\s-]", "", text)
    if not (compact.isascii() and compact.isalnum()):
        found = {re.sub("-", "", token) for token in TOKEN.findall(text)}
        found = {token for token in found if len(token) >= MIN_TRACKING and any(c.isdigit() for c in token)}
        if len(found) != 1:
            return LookupProblem(BAD_TRACKING, "q")
        compact = text = found.pop()
    if len(compact) > MAX_TRACKING:
        return LookupProblem(TOO_LONG, "q")
    if len(compact) < MIN_TRACKING:
        return LookupProblem(BAD_TRACKING, "q")
    return TrackingLookup(text, compact)


def parse_room_lookup(room: str | None, phone: str | None) -> RoomLookup | LookupProblem:
    parsed = parse_room(room)
    if parsed is None:
        return LookupProblem(NEED_ROOM, "room")
    tail = parse_tail(phone)
    if tail is None:
        return LookupProblem(NEED_TAIL, "phone")
    return RoomLookup(*parsed, tail)


def parse_lookup(q: str | None, room: str | None, phone: str | None) -> Lookup | None:
    """What to look up; None when nothing was asked (the empty form)."""
    if q is not None and q.strip():
        return parse_tracking(q)
    if (room or "").strip() or (phone or "").strip():
        return parse_room_lookup(room, phone)
    return None
