"""A group leader's list (pure): `room, items[, code]` rows -> one pre-registration each.

The leader writes each bag's code on it: the group's code and the row number (`GB1127-3`),
or the row's own code when the list has a code column. At the gate that code is scanned or
typed as written and the bag goes straight to its room's shelf.

Row numbers are the spreadsheet's (the header, when there is one, is row 1), so a volunteer
can find a refused row in the file by its number.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from station.catalogue import Said
from station.catalogue import residents as residents_text
from station.residents.files import bounded, decode_text
from station.residents.lookup import parse_room
from station.site import Site

HEADERS = {
    "room": ("room", "destination", "address", "房号", "房间", "地址", "门牌", "房间号"),
    "items": ("items", "item", "goods", "物品", "商品", "内容", "明细"),
    "code": ("code", "tracking", "tracking_number", "单号", "编号", "快递单号"),
}
MAX_ROWS = 2000
MAX_ITEMS = 150
GROUP_CODE = re.compile(r"^[A-Z0-9]{2,16}$")
ROW_CODE = re.compile(r"^[A-Z0-9]{6,40}$")


@dataclass(frozen=True)
class GroupRow:
    row: int
    building: str
    unit: int
    room: str
    items: str
    label: str  # as written on the bag and typed or scanned at the gate

    @property
    def destination(self) -> str:
        return f"{self.building}-{self.unit}-{self.room}"


@dataclass(frozen=True)
class BadRow:
    row: int
    problem: Said


def _normal(text: object) -> str:
    return unicodedata.normalize("NFKC", "" if text is None else str(text)).strip()


def parse_group_code(text: str | None) -> str | None:
    """The group's code as written on its bags, upper case, without dashes; None when blank."""
    code = re.sub(r"[\s-]", "", _normal(text).upper())
    if not code:
        return None
    if not GROUP_CODE.match(code):
        raise ValueError(residents_text.GROUP_CODE_FORM())
    return code


def read_table(data: bytes | str) -> list[list[str]]:
    """Rows of cells from CSV bytes (UTF-8 or GB18030) or pasted text (commas or tabs)."""
    text = unicodedata.normalize("NFKC", decode_text(data) if isinstance(data, bytes) else data)
    first = next((line for line in text.splitlines() if line.strip()), "")  # NFKC turned "，" into ","
    delimiter = "\t" if "\t" in first and "," not in first else ","
    rows = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    return [list(row) for row in bounded(rows, max_rows=MAX_ROWS * 2)]


def _columns(first: list[str]) -> tuple[dict[str, int], bool]:
    """Column positions from a header row, or the plain order room, items, code without one."""
    found: dict[str, int] = {}
    for index, cell in enumerate(first):
        label = _normal(cell).lower().replace(" ", "_")
        for key, names in HEADERS.items():
            if label in names and key not in found:
                found[key] = index
    if not found:
        return {"room": 0, "items": 1, "code": 2}, False
    if "room" not in found:
        raise ValueError(residents_text.LIST_NEEDS_ROOM())
    return found, True


def parse_group_list(rows: Iterable[list[str]], *, site: Site, group_code: str) -> list[GroupRow | BadRow]:
    """Every data row, parsed or refused with its reason, in the file's order."""
    table = list(rows)
    start = next((i for i, row in enumerate(table) if any(_normal(c) for c in row)), None)
    if start is None:
        raise ValueError(residents_text.LIST_EMPTY())
    columns, has_header = _columns(table[start])
    data = table[start + 1:] if has_header else table[start:]
    first_number = start + (2 if has_header else 1)
    if sum(1 for row in data if any(_normal(c) for c in row)) > MAX_ROWS:
        raise ValueError(residents_text.LIST_TOO_LONG(limit=MAX_ROWS))
    seen: dict[str, int] = {}
    parsed: list[GroupRow | BadRow] = []
    for number, raw in enumerate(data, start=first_number):
        cells = {key: _normal(raw[i]) if i < len(raw) else "" for key, i in columns.items()}
        if not any(cells.values()):
            continue
        outcome = _parse_row(site, number, cells, group_code)
        if isinstance(outcome, GroupRow):
            if outcome.label in seen:
                twice = residents_text.ROW_CODE_TWICE(code=outcome.label, other=seen[outcome.label])
                outcome = BadRow(number, twice)
            else:
                seen[outcome.label] = number
        parsed.append(outcome)
    return parsed


def _parse_row(site: Site, number: int, cells: dict[str, str], group_code: str) -> GroupRow | BadRow:
    text = cells.get("room", "")
    if not text:
        return BadRow(number, residents_text.ROW_NO_ROOM())
    place = parse_room(text)
    if place is None:
        return BadRow(number, residents_text.ROW_NOT_A_ROOM(text=text))
    building, unit, room = place
    problem = site.room_problem(building, unit, room)
    if problem:
        return BadRow(number, residents_text.ROW_NOT_ON_SITE(room=f"{building}-{unit}-{room}",
                                                             problem=problem))
    items = cells.get("items", "")
    if len(items) > MAX_ITEMS:
        return BadRow(number, residents_text.ROW_ITEMS_TOO_LONG(limit=MAX_ITEMS))
    own = re.sub(r"\s", "", cells.get("code", "").upper())
    if own:
        if not ROW_CODE.match(own.replace("-", "")):
            return BadRow(number, residents_text.ROW_CODE_FORM(code=cells["code"]))
        return GroupRow(number, building, unit, room, items, own)
    return GroupRow(number, building, unit, room, items, f"{group_code}-{number}")
