"""Sorting rules (pure): destination + category + care flags + occupancy -> a shelf slot.

Medicine -> MED, valuables -> VAL, meals -> MEAL by the gate, fresh and bulky -> their zone's
shelf for the destination's grid, express -> the building's (or grid's) own section. A full
shelf overflows to the zone's declared overflow zone; an unknown destination goes to UNRES.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass

from station.catalogue import Said, said
from station.catalogue import parcels as text
from station.errors import ShelvesFull
from station.site import Site, Zone

CARE_PRIORITY = 50
Occupancy = Mapping[tuple[str, int], Collection[int]]


@dataclass(frozen=True)
class Destination:
    building: str
    unit: int
    room: str

    def __str__(self) -> str:
        return f"{self.building}-{self.unit}-{self.room}"


@dataclass(frozen=True)
class Placement:
    zone: str
    shelf: int
    slot: int
    priority: int
    overflowed: bool = False
    unresolved_reason: Said | None = None

    @property
    def pickup_code(self) -> str:
        return pickup_code(self.zone, self.shelf, self.slot)

    @property
    def shelf_code(self) -> str:
        return shelf_code(self.zone, self.shelf)


def pickup_code(zone: str, shelf: int, slot: int) -> str:
    """A code a person can read aloud that also says where the item is: B10-07-023."""
    return f"{zone}-{shelf:02d}-{slot:03d}"


def shelf_code(zone: str, shelf: int) -> str:
    return f"SH-{zone}-{shelf:02d}"


def priority(site: Site, category: str, care_flags: Collection[str]) -> int:
    return site.categories[category].priority + (CARE_PRIORITY if care_flags else 0)


def home_zone(site: Site, category: str, destination: Destination | None) -> tuple[Zone, list[int]]:
    """The zone an item belongs in and the shelves of it that may take it, best first."""
    zone = site.category_zone(category)
    if destination is None:
        unresolved = site.zones[site.unresolved_zone]
        return unresolved, list(range(1, unresolved.shelves + 1))
    if zone is None:  # express, and any category without a zone of its own
        if site.express_by == "building":
            zone = site.zones[f"B{destination.building}"]
        else:
            zone = site.zones[site.buildings[destination.building].grid]
    if zone.by_grid:
        return zone, [site.grid_index(site.buildings[destination.building].grid)]
    return zone, list(range(1, zone.shelves + 1))


def first_free_slot(zone: Zone, shelves: list[int], occupied: Occupancy) -> tuple[int, int] | None:
    for shelf in shelves:
        taken = occupied.get((zone.code, shelf), ())
        if len(taken) >= zone.slots:
            continue
        taken_set = set(taken)
        for slot in range(1, zone.slots + 1):
            if slot not in taken_set:
                return shelf, slot
    return None


def zones_to_query(site: Site, category: str, destination: Destination | None) -> list[str]:
    """The zones whose occupancy `place` may need, for the caller to load."""
    zone, _ = home_zone(site, category, destination)
    return [zone.code] + ([zone.overflow] if zone.overflow else [])


def place(site: Site, *, category: str, destination: Destination | None,
          care_flags: Collection[str], occupied: Occupancy,
          unresolved_reason: Said | str | None = None) -> Placement:
    """Choose the zone, shelf and slot for one item, or raise ShelvesFull."""
    if unresolved_reason is not None:
        unresolved_reason = said(unresolved_reason)  # a recogniser's reason may still be a bare sentence
    elif destination is None:
        unresolved_reason = text.NO_DESTINATION_GIVEN()
    zone, shelves = home_zone(site, category, destination)
    rank = priority(site, category, care_flags)
    found = first_free_slot(zone, shelves, occupied)
    if found:
        return Placement(zone.code, *found, rank, unresolved_reason=unresolved_reason)
    if zone.overflow:
        overflow = site.zones[zone.overflow]
        found = first_free_slot(overflow, list(range(1, overflow.shelves + 1)), occupied)
        if found:
            return Placement(overflow.code, *found, rank, overflowed=True,
                             unresolved_reason=unresolved_reason)
    if zone.overflow:
        raise ShelvesFull(text.SHELVES_AND_OVERFLOW_FULL(zone=zone.code, overflow=zone.overflow))
    raise ShelvesFull(text.SHELVES_FULL(zone=zone.code))
