"""A small fixed site and roster, built directly (no site file, no database)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from station.recognize import Recogniser, RosterEntry
from station.bench.accuracy import read_roster, site_from_spec
from station.site.model import Building, Grid, Site, Zone

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data"
SHARED_TRACKING = ROOT.parent / "shared" / "data" / "tracking"


def make_site() -> Site:
    """20 walk-up buildings in 5 grids (1-8: four units, 9-20: three), 7 floors, 2 doors."""
    grids = tuple(Grid(f"G{g}", f"第{g}网格", tuple(str(b) for b in range(4 * g - 3, 4 * g + 1)))
                  for g in range(1, 6))
    grid_of = {b: grid.code for grid in grids for b in grid.buildings}
    buildings = {str(b): Building(str(b), grid_of[str(b)], 4 if b <= 8 else 3, 7, 2) for b in range(1, 21)}
    zones = {f"B{b}": Zone(f"B{b}", f"{b}栋", f"Building {b}", 2, 30, building=b, grid=grid_of[b])
             for b in buildings}
    for code, category, shelves, slots, by_grid in [
        ("MED", "medicine", 2, 40, False), ("VAL", "valuable", 1, 20, False),
        ("MEAL", "meal", 4, 50, False), ("FRESH", "fresh", 5, 40, True), ("BULK", "bulky", 5, 12, True),
    ]:
        zones[code] = Zone(code, code, code, shelves, slots, category=category, by_grid=by_grid,
                           role="category")
    zones["OVF"] = Zone("OVF", "溢出货架", "Overflow", 4, 60, role="overflow")
    zones["UNRES"] = Zone("UNRES", "待确认", "Unresolved", 2, 60, role="unresolved")
    return Site(name="富民花园 (tests)", timezone="Asia/Shanghai", express_by="building", gates=(),
                grids=grids, buildings=buildings, zones=zones, categories={}, disinfection={})


ROSTER = (
    RosterEntry(1, "10", 2, "301", "张三", "13812341234"),
    RosterEntry(1, "10", 2, "301", "李梅", "13900005678"),
    RosterEntry(2, "10", 1, "301", "王芳", "13700001234"),  # shares the tail 1234 with household 1
    RosterEntry(3, "10", 3, "301", "赵六", "13600009999"),
    RosterEntry(4, "12", 1, "502", "王芳", "15000002222"),  # a second 王芳
    RosterEntry(5, "3", 2, "702", "David Chen", "18600003333"),
    RosterEntry(6, "20", 3, "101", "孙七", None),
)


@pytest.fixture(scope="session")
def site() -> Site:
    return make_site()


@pytest.fixture(scope="session")
def roster() -> tuple[RosterEntry, ...]:
    return ROSTER


@pytest.fixture(scope="session")
def recognise(site, roster) -> Recogniser:
    return Recogniser(site, roster)


@pytest.fixture(scope="session")
def corpus_recogniser() -> Recogniser:
    spec = json.loads((DATA / "address_site.json").read_text(encoding="utf-8"))
    return Recogniser(site_from_spec(spec), read_roster(DATA / "address_roster.csv"))


def shared_tracking() -> Path:
    if not (SHARED_TRACKING / "jkeen_tracking_number_data").is_dir():
        pytest.skip(f"shared tracking data not found at {SHARED_TRACKING}")
    return SHARED_TRACKING
