"""What waits to be claimed (pure): counts per grid, building and category, and what is not ready."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from station.gate.shelves.rules import age_minutes
from station.site import Site

NOT_SHELVED, IN_DWELL = "not_shelved", "in_dwell"


@dataclass(frozen=True)
class Count:
    """A query row: items of one category for one building, and the oldest one's arrival."""

    building: str
    category: str
    count: int
    oldest: datetime


@dataclass(frozen=True)
class Waiting:
    """A query row of items that are not ready yet (kind not_shelved or in_dwell)."""

    building: str
    kind: str
    count: int
    ready_at: datetime | None = None  # in_dwell: when the first of them may leave


@dataclass(frozen=True)
class CategoryCount:
    category: str
    count: int
    oldest_minutes: int


@dataclass(frozen=True)
class BuildingRow:
    building: str
    count: int
    oldest_minutes: int
    categories: tuple[CategoryCount, ...]


@dataclass(frozen=True)
class GridRow:
    grid: str
    name: str
    count: int
    oldest_minutes: int
    categories: tuple[CategoryCount, ...]
    buildings: tuple[BuildingRow, ...]


@dataclass(frozen=True)
class NotReadyRow:
    building: str
    grid: str
    not_shelved: int
    in_dwell: int
    ready_at: datetime | None


@dataclass(frozen=True)
class Board:
    grids: tuple[GridRow, ...]
    categories: tuple[CategoryCount, ...]  # site-wide, for claiming a whole category
    not_ready: tuple[NotReadyRow, ...]

    @property
    def count(self) -> int:
        return sum(grid.count for grid in self.grids)


def build_board(site: Site, ready: Iterable[Count], waiting: Iterable[Waiting], *, now: datetime) -> Board:
    """Grids in site order with their buildings in site order; empty grids and buildings left out."""
    order = {code: i for i, code in enumerate(sorted(site.categories, key=lambda c: -site.categories[c].priority))}
    rows_by_building: dict[str, list[Count]] = {}
    for row in ready:
        rows_by_building.setdefault(row.building, []).append(row)
    grids = []
    for grid in site.grids:
        buildings = tuple(_building(code, rows_by_building[code], order, now)
                          for code in grid.buildings if code in rows_by_building)
        if not buildings:
            continue
        rows = [row for code in grid.buildings for row in rows_by_building.get(code, ())]
        grids.append(GridRow(grid.code, grid.name, sum(b.count for b in buildings),
                             max(b.oldest_minutes for b in buildings), _categories(rows, order, now), buildings))
    every = [row for rows in rows_by_building.values() for row in rows]
    return Board(tuple(grids), _categories(every, order, now), _not_ready(site, waiting))


def _building(code: str, rows: list[Count], order: dict[str, int], now: datetime) -> BuildingRow:
    categories = _categories(rows, order, now)
    return BuildingRow(code, sum(c.count for c in categories), max(c.oldest_minutes for c in categories),
                       categories)


def _categories(rows: Iterable[Count], order: dict[str, int], now: datetime) -> tuple[CategoryCount, ...]:
    counts: dict[str, int] = {}
    oldest: dict[str, datetime] = {}
    for row in rows:
        counts[row.category] = counts.get(row.category, 0) + row.count
        oldest[row.category] = min(oldest.get(row.category, row.oldest), row.oldest)
    return tuple(CategoryCount(code, counts[code], age_minutes(oldest[code], now))
                 for code in sorted(counts, key=lambda c: (order.get(c, len(order)), c)))


def _not_ready(site: Site, waiting: Iterable[Waiting]) -> tuple[NotReadyRow, ...]:
    not_shelved: dict[str, int] = {}
    in_dwell: dict[str, int] = {}
    ready_at: dict[str, datetime] = {}
    for row in waiting:
        counts = not_shelved if row.kind == NOT_SHELVED else in_dwell
        counts[row.building] = counts.get(row.building, 0) + row.count
        if row.ready_at is not None:
            ready_at[row.building] = min(ready_at.get(row.building, row.ready_at), row.ready_at)
    position = {code: i for i, code in enumerate(site.buildings)}
    buildings = sorted(set(not_shelved) | set(in_dwell), key=lambda code: (position.get(code, len(position)), code))
    return tuple(NotReadyRow(code, site.buildings[code].grid if code in site.buildings else "",
                             not_shelved.get(code, 0), in_dwell.get(code, 0), ready_at.get(code))
                 for code in buildings)
