"""Administration rules (pure): what a new site file changes, what it would strand, who may be disabled."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from station.catalogue import Said
from station.catalogue import admin as admin_text
from station.site import Site


@dataclass(frozen=True)
class Change:
    """How one kind of thing (buildings, zones, gates...) differs between two site files."""

    what: str
    before: int
    after: int
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()

    @property
    def changed(self) -> bool:
        return self.before != self.after or bool(self.added or self.removed)


@dataclass(frozen=True)
class WindowChange:
    category: str
    before: str
    after: str


def _diff(what: str, old: Iterable[str], new: Iterable[str]) -> Change:
    before, after = list(old), list(new)
    return Change(what, len(before), len(after),
                  tuple(code for code in after if code not in before),
                  tuple(code for code in before if code not in after))


def _slots(site: Site | None) -> int:
    return sum(zone.shelves * zone.slots for zone in site.zones.values()) if site else 0


def site_changes(old: Site | None, new: Site) -> list[Change]:
    """Buildings, grids, units, zones, shelf slots, gates, categories, methods: before and after."""
    def codes(site: Site | None, attribute: str) -> list[str]:
        return list(getattr(site, attribute)) if site else []

    changes = [
        _diff("buildings", codes(old, "buildings"), codes(new, "buildings")),
        _diff("grids", [g.code for g in old.grids] if old else [], [g.code for g in new.grids]),
        Change("units", sum(b.units for b in old.buildings.values()) if old else 0,
               sum(b.units for b in new.buildings.values())),
        _diff("zones", codes(old, "zones"), codes(new, "zones")),
        Change("shelf slots", _slots(old), _slots(new)),
        _diff("gates", [g.code for g in old.gates] if old else [], [g.code for g in new.gates]),
        _diff("categories", codes(old, "categories"), codes(new, "categories")),
        _diff("disinfection methods", codes(old, "disinfection"), codes(new, "disinfection")),
    ]
    return changes


def window_changes(old: Site | None, new: Site) -> list[WindowChange]:
    """Categories whose delivery windows the new file changes."""
    found = []
    for code, category in new.categories.items():
        before = old.categories.get(code) if old else None
        text = ", ".join(str(w) for w in category.windows) or "-"
        old_text = (", ".join(str(w) for w in before.windows) or "-") if before else "-"
        if old_text != text:
            found.append(WindowChange(code, old_text, text))
    return found


def stranded(new: Site, occupied: Iterable[tuple[str, int, int, int]],
             waiting_for: Iterable[tuple[str, int]] = ()) -> list[Said]:
    """Why items here now would have no place under the new file.

    `occupied`: (zone, shelf, highest slot used, items) of every shelf holding items;
    `waiting_for`: (building, items) of items not yet handed over.
    """
    problems = []
    for building, count in sorted(waiting_for):
        if building not in new.buildings:
            problems.append(admin_text.STRANDED_BUILDING(count=count, building=building))
    for zone_code, shelf, top_slot, count in sorted(occupied):
        zone = new.zones.get(zone_code)
        if zone is None:
            problems.append(admin_text.STRANDED_ZONE(zone=zone_code, count=count))
        elif shelf > zone.shelves:
            problems.append(admin_text.STRANDED_SHELF(shelf=f"{zone_code}-{shelf:02d}", count=count, zone=zone_code,
                                                      shelves=zone.shelves))
        elif top_slot > zone.slots:
            problems.append(admin_text.STRANDED_SLOT(shelf=f"{zone_code}-{shelf:02d}", slot=top_slot, zone=zone_code,
                                                     slots=zone.slots))
    return problems


def disable_refusal(*, actor: str, target: str, target_role: str, target_active: bool,
                    active_coordinators: int) -> Said | None:
    """Why a coordinator may not disable this account, or None when they may."""
    if actor == target:
        return admin_text.OWN_ACCOUNT()
    if not target_active:
        return admin_text.ALREADY_DISABLED(name=target)
    if target_role == "coordinator" and active_coordinators <= 1:
        return admin_text.LAST_COORDINATOR(name=target)
    return None
