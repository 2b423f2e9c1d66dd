"""Roster rows as people fill them in a spreadsheet (pure): parse, check, or say why not."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field

from station.catalogue import Joined, Said, problem_of, said
from station.catalogue import residents as residents_text
from station.site import Site

HEADERS = {
    "building": ("building", "bldg", "楼栋", "楼号", "栋"),
    "unit": ("unit", "单元"),
    "room": ("room", "房号", "室", "门牌"),
    "name": ("name", "姓名", "联系人"),
    "phone": ("phone", "mobile", "电话", "手机", "手机号"),
    "care": ("care", "care_flags", "关怀", "特殊人群"),
    "elderly_alone": ("elderly_alone", "独居老人"),
    "pregnant": ("pregnant", "孕妇"),
    "chronic_medicine": ("chronic_medicine", "慢病", "慢性病"),
}
CARE_WORDS = {
    "elderly_alone": ("elderly_alone", "elderly", "独居", "独居老人"),
    "pregnant": ("pregnant", "孕妇"),
    "chronic_medicine": ("chronic_medicine", "chronic", "慢病", "慢性病", "长期用药"),
}
YES = {"1", "y", "yes", "true", "是", "✓", "√", "x"}
MOBILE = re.compile(r"^1[3-9]\d{9}$")
MAX_NAME = 64


@dataclass(frozen=True)
class RosterRow:
    building: str
    unit: int
    room: str
    name: str | None
    phone: str | None
    care: frozenset[str] = field(default_factory=frozenset)


@dataclass(frozen=True)
class Rejected:
    row: int
    reason: Said


def column_map(header: Iterable[object]) -> dict[str, int]:
    """Which column holds what, from a header row in English or Chinese."""
    found: dict[str, int] = {}
    for index, cell in enumerate(header):
        label = _clean(cell).lower().replace(" ", "_")
        for key, names in HEADERS.items():
            if label in names and key not in found:
                found[key] = index
    missing = [key for key in ("building", "unit", "room") if key not in found]
    if missing:
        raise ValueError(residents_text.ROSTER_NEEDS_COLUMNS(columns=Joined.of(missing)))
    return found


def normalise_phone(text: str) -> str | None:
    digits = re.sub(r"[\s\-()]", "", text)
    if digits.startswith("+86"):
        digits = digits[3:]
    if not digits:
        return None
    if not digits.isdigit() or not (MOBILE.match(digits) or 7 <= len(digits) <= 12):
        raise ValueError(residents_text.ROSTER_PHONE_FORM(phone=text))
    return digits


def care_flags(cells: Mapping[str, str]) -> frozenset[str]:
    flags = set()
    words = re.split(r"[,，;；、/\s]+", cells.get("care", "").lower())
    for flag, names in CARE_WORDS.items():
        if any(word in names for word in words if word) or cells.get(flag, "").lower() in YES:
            flags.add(flag)
    return frozenset(flags)


def parse_row(site: Site, cells: Mapping[str, str]) -> RosterRow:
    """One row, or ValueError with the reason a volunteer can fix."""
    building = re.sub(r"(号楼|栋|号|楼)$", "", cells.get("building", "")).upper()
    unit_text = re.sub(r"单元$", "", cells.get("unit", ""))
    room = re.sub(r"(室|号)$", "", cells.get("room", ""))
    if not building or not unit_text or not room:
        raise ValueError(residents_text.ROSTER_PLACE_NEEDED())
    if not unit_text.isdigit():
        raise ValueError(residents_text.ROSTER_UNIT_FORM(unit=unit_text))
    problem = site.room_problem(building, int(unit_text), room)
    if problem:
        raise ValueError(problem)
    name = cells.get("name") or None
    if name and len(name) > MAX_NAME:
        raise ValueError(residents_text.ROSTER_NAME_TOO_LONG(limit=MAX_NAME))
    return RosterRow(building, int(unit_text), room, name,
                     normalise_phone(cells.get("phone", "")), care_flags(cells))


def parse_rows(site: Site, rows: Iterable[list[object]]) -> Iterator[tuple[int, RosterRow | Rejected]]:
    """(spreadsheet row number, parsed row or rejection) for every data row after the header."""
    iterator = iter(rows)
    header = next(iterator, None)
    if header is None:
        raise ValueError(residents_text.ROSTER_NO_HEADER())
    columns = column_map(header)
    seen: dict[tuple[str, int, str], int] = {}
    for number, raw in enumerate(iterator, start=2):
        if not any(_clean(cell) for cell in raw):
            continue
        cells = {key: _clean(raw[i]) if i < len(raw) else "" for key, i in columns.items()}
        try:
            row = parse_row(site, cells)
        except ValueError as exc:
            yield number, Rejected(number, said(problem_of(exc)))
            continue
        key = (row.building, row.unit, row.room)
        if key in seen:
            yield number, Rejected(number, residents_text.ROSTER_ROOM_TWICE(
                room=f"{row.building}-{row.unit}-{row.room}", other=seen[key]))
            continue
        seen[key] = number
        yield number, row


def _clean(cell: object) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    return unicodedata.normalize("NFKC", str(cell)).strip()
