"""Load and validate a site TOML file; every error names the file, the key and what was expected."""

from __future__ import annotations

import re
import tomllib
from datetime import time
from pathlib import Path
from typing import Any

from station.site.model import (
    Building,
    Category,
    CategoryCode,
    DisinfectionMethod,
    Gate,
    Grid,
    Site,
    Window,
    Zone,
)
from station.site.channels import parse_channels, parse_notifications
from station.site.reader import Reader, SiteError, expand_codes

ZONE_CODE = re.compile(r"^[A-Z][A-Z0-9]{0,5}$")
WINDOW = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-3]):([0-5]\d)$")


def parse_window(text: Any, key: str, reader: Reader) -> Window:
    match = WINDOW.match(text) if isinstance(text, str) else None
    if not match:
        raise reader.fail(key, "a time window such as \"10:30-12:00\"", text)
    start = time(int(match[1]), int(match[2]))
    end = time(int(match[3]), int(match[4]))
    if end <= start:
        raise reader.fail(key, "a window that ends after it starts (nothing stays overnight)", text)
    return Window(start, end)


def parse_site(text: str, source: str = "<site>") -> Site:
    reader = Reader(source)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise SiteError(source, "(file)", "valid TOML", str(exc)) from None
    except RecursionError:  # arrays or tables nested thousands deep: no site file is written so
        raise SiteError(source, "(file)", "TOML nested a few levels deep, as a site file is") from None

    head = reader.table(data, "site", "")
    express_by = head.get("express_by", "building")
    if express_by not in ("building", "grid"):
        raise reader.fail("site.express_by", '"building" or "grid"', express_by)

    gates = tuple(
        Gate(reader.text(g, "code", f"gates[{i}]"), reader.text(g, "name", f"gates[{i}]"))
        for i, g in enumerate(reader.tables(data, "gates"))
    )
    _unique([g.code for g in gates], "gates", "code", reader)

    buildings = _parse_buildings(data, reader)
    grids = _parse_grids(data, reader, buildings)
    categories = _parse_categories(data, reader)
    disinfection = _parse_disinfection(data, reader)
    zones = _parse_zones(data, reader, buildings, grids, categories, express_by)

    return Site(
        name=reader.text(head, "name", "site"),
        timezone=reader.text(head, "timezone", "site", "Asia/Shanghai"),
        express_by=express_by,
        gates=gates,
        grids=grids,
        buildings=build_site_objects(buildings),
        zones=zones,
        problem_zone=next(z.code for z in zones.values() if z.role == "problem"),
        categories=categories,
        disinfection=disinfection,
        channels=parse_channels(data, reader, set(buildings), grids),
        notifications=parse_notifications(data, reader),
        source=text,
    )


def load_site(path: str | Path) -> Site:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise SiteError(str(path), "(file)", "a readable site file", exc.strerror) from None
    return parse_site(text, str(path))


def _unique(codes: list[str], table: str, key: str, reader: Reader) -> None:
    seen: set[str] = set()
    for index, code in enumerate(codes):
        if code in seen:
            raise reader.fail(f"{table}[{index}].{key}", "a code used only once", code)
        seen.add(code)


def _parse_buildings(data: dict, reader: Reader) -> dict[str, dict]:
    defaults = reader.table(data, "building_defaults", "", required=False)
    specs: dict[str, dict] = {}
    for index, entry in enumerate(reader.tables(data, "buildings")):
        path = f"buildings[{index}]"
        if "ids" not in entry:
            raise reader.fail(f"{path}.ids", 'building numbers such as "1-8"')
        merged = {**defaults, **entry}
        shape = {
            "units": reader.integer(merged, "units", path, high=50),
            "floors": reader.integer(merged, "floors", path, high=99),
            "rooms_per_floor": reader.integer(merged, "rooms_per_floor", path, high=99),
        }
        for code in expand_codes(entry["ids"], f"{path}.ids", reader):
            if code in specs:
                raise reader.fail(f"{path}.ids", "each building listed once", code)
            specs[code] = dict(shape)
    return specs


def _parse_grids(data: dict, reader: Reader, specs: dict[str, dict]) -> tuple[Grid, ...]:
    grids = []
    owner: dict[str, str] = {}
    for index, entry in enumerate(reader.tables(data, "grids")):
        path = f"grids[{index}]"
        code = reader.text(entry, "code", path)
        members = expand_codes(entry.get("buildings"), f"{path}.buildings", reader)
        for building in members:
            if building not in specs:
                raise reader.fail(f"{path}.buildings", "buildings declared in [[buildings]]", building)
            if building in owner:
                raise reader.fail(f"{path}.buildings", f"each building in one grid ({building} is in {owner[building]})", building)
            owner[building] = code
        grids.append(Grid(code, reader.text(entry, "name", path, code), tuple(members)))
    _unique([g.code for g in grids], "grids", "code", reader)
    orphans = sorted(set(specs) - set(owner), key=_natural)
    if orphans:
        raise reader.fail("grids", "every building in a grid", ", ".join(orphans))
    for code, shape in specs.items():
        shape["grid"] = owner[code]
    return tuple(grids)


def _natural(code: str) -> tuple[int, str]:
    digits = re.match(r"\d+", code)
    return (int(digits.group()) if digits else 0, code)


def _parse_categories(data: dict, reader: Reader) -> dict[str, Category]:
    codes = tuple(CategoryCode)
    categories: dict[str, Category] = {}
    for index, entry in enumerate(reader.tables(data, "categories")):
        path = f"categories[{index}]"
        code = reader.text(entry, "code", path)
        if code not in codes:
            raise reader.fail(f"{path}.code", "one of " + ", ".join(codes), code)
        if code in categories:
            raise reader.fail(f"{path}.code", "a code used only once", code)
        windows = entry.get("windows", [])
        if not isinstance(windows, list):
            raise reader.fail(f"{path}.windows", 'a list such as ["10:30-12:00"]', windows)
        categories[code] = Category(
            code=code,
            name_zh=reader.text(entry, "name_zh", path),
            name_en=reader.text(entry, "name_en", path),
            symbol=reader.text(entry, "symbol", path),
            priority=reader.integer(entry, "priority", path, 0, low=0, high=100),
            windows=tuple(parse_window(w, f"{path}.windows[{i}]", reader) for i, w in enumerate(windows)),
        )
    missing = [code for code in codes if code not in categories]
    if missing:
        raise reader.fail("categories", "every item type: " + ", ".join(codes), "missing " + ", ".join(missing))
    return categories


def _parse_disinfection(data: dict, reader: Reader) -> dict[str, DisinfectionMethod]:
    methods: dict[str, DisinfectionMethod] = {}
    for index, entry in enumerate(reader.tables(data, "disinfection")):
        path = f"disinfection[{index}]"
        code = reader.text(entry, "code", path)
        if code in methods:
            raise reader.fail(f"{path}.code", "a code used only once", code)
        methods[code] = DisinfectionMethod(
            code=code,
            name_zh=reader.text(entry, "name_zh", path),
            name_en=reader.text(entry, "name_en", path),
            dwell_minutes=reader.integer(entry, "dwell_minutes", path, low=0, high=24 * 60),
        )
    return methods


# The problem zone of a site file that names none: one shelf by the coordinator's desk.
DEFAULT_PROBLEM_ZONE = Zone(code="PROB", name_zh="问题件", name_en="Problems", shelves=1, slots=50, role="problem")


def _parse_zones(data: dict, reader: Reader, specs: dict[str, dict], grids: tuple[Grid, ...],
                 categories: dict[str, Category], express_by: str) -> dict[str, Zone]:
    shelving = reader.table(data, "shelving", "")
    zones: dict[str, Zone] = {}
    overflow_default = shelving.get("overflow")
    shelves = reader.integer(shelving, "shelves", "shelving", high=99)
    slots = reader.integer(shelving, "slots", "shelving", high=999)
    if express_by == "building":
        for code, shape in specs.items():
            zones[f"B{code}"] = Zone(
                code=f"B{code}", name_zh=f"{code}栋", name_en=f"Building {code}",
                shelves=shelves, slots=slots, building=code, grid=shape["grid"],
                overflow=overflow_default,
            )
    else:
        for grid in grids:
            zones[grid.code] = Zone(
                code=grid.code, name_zh=grid.name, name_en=f"Grid {grid.code}",
                shelves=shelves, slots=slots, grid=grid.code, overflow=overflow_default,
            )

    roles = {"category", "overflow", "unresolved", "problem"}
    for index, entry in enumerate(reader.tables(data, "zones")):
        path = f"zones[{index}]"
        code = reader.text(entry, "code", path)
        if not ZONE_CODE.match(code):
            raise reader.fail(f"{path}.code", "upper-case letters and digits, starting with a letter (at most 6)", code)
        if code in zones:
            raise reader.fail(f"{path}.code", "a zone code used only once (building zones are B<number>)", code)
        role = entry.get("role", "category")
        if role not in roles:
            raise reader.fail(f"{path}.role", "one of " + ", ".join(sorted(roles)), role)
        category = entry.get("category")
        if role == "category" and category not in categories:
            raise reader.fail(f"{path}.category", "an item type declared in [[categories]]", category)
        by_grid = entry.get("by", "") == "grid"
        zones[code] = Zone(
            code=code,
            name_zh=reader.text(entry, "name_zh", path),
            name_en=reader.text(entry, "name_en", path),
            shelves=len(grids) if by_grid else reader.integer(entry, "shelves", path, high=99),
            slots=reader.integer(entry, "slots", path, high=999),
            category=category if role == "category" else None,
            by_grid=by_grid,
            overflow=entry.get("overflow", overflow_default if role == "category" else None),
            role=role,
        )

    for code, zone in zones.items():
        if zone.overflow is not None and (zone.overflow not in zones or zones[zone.overflow].role != "overflow"):
            raise reader.fail(f"zone {code}.overflow", "the code of a zone with role = \"overflow\"", zone.overflow)
    unresolved = [z for z in zones.values() if z.role == "unresolved"]
    if len(unresolved) != 1 or unresolved[0].code != "UNRES":
        raise reader.fail("zones", 'exactly one zone with code = "UNRES" and role = "unresolved"')
    problem = [z for z in zones.values() if z.role == "problem"]
    if len(problem) > 1:
        raise reader.fail("zones", 'at most one zone with role = "problem"', ", ".join(z.code for z in problem))
    if not problem:  # site files written before the problem zone existed still load
        if DEFAULT_PROBLEM_ZONE.code in zones:
            raise reader.fail("zones", 'a zone with role = "problem" (the code PROB, which a site without one '
                              'gets, is taken)')
        zones[DEFAULT_PROBLEM_ZONE.code] = DEFAULT_PROBLEM_ZONE
    for category in (CategoryCode.medicine, CategoryCode.valuable):
        if not any(z.category == category for z in zones.values()):
            raise reader.fail("zones", f"a zone for {category} (medicine and valuables have their own place)")
    return zones


def build_site_objects(site_specs: dict[str, dict]) -> dict[str, Building]:
    return {
        code: Building(code, spec["grid"], spec["units"], spec["floors"], spec["rooms_per_floor"])
        for code, spec in sorted(site_specs.items(), key=lambda item: _natural(item[0]))
    }
