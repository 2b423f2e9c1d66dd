"""What a label, a shelf sign and a runner's floor list say: plain data, no rendering.

Category and care codes are the station's own (`medicine`, `elderly_alone`, ...); the short
tags (`MED`, `VAL`, ...) are accepted too, so a caller never has to translate.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime


class LabelError(ValueError):
    """Input that cannot be put on a label, with the reason a volunteer can act on."""


@dataclass(frozen=True)
class CategoryStyle:
    code: str
    tag: str
    name_zh: str
    name_en: str
    symbol: str  # a key of layout.SYMBOLS
    needs_verification: bool = False


CATEGORIES: dict[str, CategoryStyle] = {
    style.code: style
    for style in (
        CategoryStyle("medicine", "MED", "药品", "Medicine", "cross", needs_verification=True),
        CategoryStyle("valuable", "VAL", "贵重", "Valuables", "diamond", needs_verification=True),
        CategoryStyle("meal", "MEAL", "盒饭", "Meal", "disc"),
        CategoryStyle("fresh", "FRESH", "生鲜", "Fresh", "triangle"),
        CategoryStyle("bulky", "BULK", "大件", "Bulky", "block"),
        CategoryStyle("express", "EXP", "快递", "Express", "frame"),
    )
}
_BY_TAG = {style.tag: style for style in CATEGORIES.values()}

# Care codes as the roster stores them -> the words printed on labels and lists.
CARE_MARKS: dict[str, tuple[str, str]] = {
    "elderly_alone": ("独居老人", "Elderly alone"),
    "pregnant": ("孕妇", "Pregnant"),
    "chronic_medicine": ("慢病", "Chronic medicine"),
    "dialysis": ("透析", "Dialysis"),
    "chemo": ("化疗", "Chemotherapy"),
    "no_smartphone": ("无智能手机", "No smartphone"),
}


def category_style(category: str) -> CategoryStyle:
    """The style for a station category code (`medicine`) or tag (`MED`)."""
    style = CATEGORIES.get(category.strip().lower()) or _BY_TAG.get(category.strip().upper())
    if style is None:
        known = ", ".join(f"{s.code}/{s.tag}" for s in CATEGORIES.values())
        raise LabelError(f"unknown item category {category!r}; expected one of {known}")
    return style


def care_words(marks: Sequence[str]) -> list[str]:
    """The Chinese word for each care mark; a mark we do not know is printed as given."""
    return [CARE_MARKS[m][0] if m in CARE_MARKS else m for m in marks]


def floor_of(room: str) -> str:
    """The floor a room is on in a walk-up building: "301" -> "3", "1203" -> "12"."""
    digits = room.strip()
    if digits.isdigit() and len(digits) >= 3:
        return str(int(digits[:-2]))
    return ""


def _check_code(what: str, code: str) -> None:
    # Code 128 set B carries printable ASCII only; anything else would print a bad barcode.
    if not code or not all(" " <= ch <= "~" for ch in code):
        raise LabelError(f"{what} {code!r} must be non-empty printable ASCII to go in a barcode")


@dataclass(frozen=True)
class ParcelLabel:
    """One parcel's label. Times are shown as given: pass them in the gate's local time."""

    parcel_code: str  # P + 8 Crockford base32, e.g. P7K3M9Q2X; printed as Code 128 and QR
    building: str  # "10"; shown huge
    pickup_code: str  # zone-shelf-slot, e.g. B10-07-023 or MED-01-004
    category: str  # station code (medicine) or tag (MED)
    received_at: datetime
    unit: str = ""  # stairwell, "2"
    room: str = ""  # "301"
    care_marks: tuple[str, ...] = ()  # care codes (elderly_alone, ...) or free words
    destination: str = ""  # the address as written when it is not a plain building/unit/room
    grid: str = ""  # sorting grid of large compounds
    ready_at: datetime | None = None  # the end of its disinfection dwell, while it still runs

    def __post_init__(self) -> None:
        _check_code("parcel code", self.parcel_code)
        if not self.building.strip():
            raise LabelError(f"parcel {self.parcel_code} has no building to print")
        category_style(self.category)
        object.__setattr__(self, "care_marks", tuple(self.care_marks))


@dataclass(frozen=True)
class ShelfSign:
    """The sign on one shelf: `shelf_code` like SH-B10-07 is what volunteers scan."""

    shelf_code: str
    zone_name: str  # "10栋" or "药品专区"
    zone_name_en: str = ""  # "Building 10", "Medicine"
    category: str = ""  # set for category zones (MED, VAL, ...) to print its symbol
    slots: str = ""  # "001-040"
    grid: str = ""

    def __post_init__(self) -> None:
        _check_code("shelf code", self.shelf_code)
        if self.category:
            category_style(self.category)

    @property
    def short_code(self) -> str:
        """What people read aloud: SH-B10-07 -> B10-07."""
        return self.shelf_code.removeprefix("SH-")


@dataclass(frozen=True)
class FloorListLine:
    unit: str
    room: str
    pickup_code: str
    parcel_code: str
    category: str
    care_marks: tuple[str, ...] = ()
    recipient: str = ""  # masked name or phone tail, e.g. "王*明 ****1234"
    floor: str = ""  # derived from the room when empty

    def __post_init__(self) -> None:
        _check_code("parcel code", self.parcel_code)
        category_style(self.category)
        object.__setattr__(self, "care_marks", tuple(self.care_marks))
        if not self.floor:
            object.__setattr__(self, "floor", floor_of(self.room))


@dataclass(frozen=True)
class FloorList:
    """A runner's list for one building; lines are printed in the order given (caller sorts)."""

    building: str
    run_code: str
    runner: str
    generated_at: datetime
    lines: Sequence[FloorListLine] = field(default_factory=tuple)
    grid: str = ""

    def __post_init__(self) -> None:
        _check_code("run code", self.run_code)
