"""Immutable description of one compound, built from its TOML file by `loader`."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import time
from enum import StrEnum

from station.catalogue import Joined, Said
from station.catalogue import site as text
from station.errors import InvalidInput


# The domain words (this, custody's VerificationMethod and ReturnReason) are StrEnums whose values
# the API, the database and the custody log keep: never rename one. Each member is spelled as its
# value, so it reads as the code it stands for and is stored as that code by any driver.
class CategoryCode(StrEnum):
    """The item types the station sorts by; the site file names each one and gives its windows."""

    meal = "meal"
    fresh = "fresh"
    express = "express"
    medicine = "medicine"
    valuable = "valuable"
    bulky = "bulky"


@dataclass(frozen=True)
class Window:
    start: time
    end: time

    def __str__(self) -> str:
        return f"{self.start:%H:%M}-{self.end:%H:%M}"


@dataclass(frozen=True)
class Category:
    code: str
    name_zh: str
    name_en: str
    symbol: str
    priority: int
    windows: tuple[Window, ...]


@dataclass(frozen=True)
class DisinfectionMethod:
    code: str
    name_zh: str
    name_en: str
    dwell_minutes: int


@dataclass(frozen=True)
class Gate:
    code: str
    name: str


@dataclass(frozen=True)
class Grid:
    code: str
    name: str
    buildings: tuple[str, ...]


@dataclass(frozen=True)
class Building:
    """A building of stairwell units; rooms are numbered floor then door: floor 3 door 1 -> 301."""

    code: str
    grid: str
    units: int
    floors: int
    rooms_per_floor: int

    def room_number(self, floor: int, door: int) -> str:
        return f"{floor}{door:02d}"

    def rooms(self) -> list[str]:
        return [
            self.room_number(floor, door)
            for floor in range(1, self.floors + 1)
            for door in range(1, self.rooms_per_floor + 1)
        ]

    def room_problem(self, unit: int, room: str) -> Said | None:
        """Why unit/room does not exist in this building, or None when it does."""
        if not 1 <= unit <= self.units:
            return text.NO_UNIT(building=self.code, unit=unit, units=self.units)
        if not room.isdigit() or len(room) < 3:
            return text.NOT_A_ROOM(room=room)
        floor, door = int(room[:-2]), int(room[-2:])
        if not 1 <= floor <= self.floors:
            return text.NO_FLOOR(building=self.code, floor=floor, floors=self.floors)
        if not 1 <= door <= self.rooms_per_floor:
            return text.NO_ROOM(building=self.code, room=room, doors=self.rooms_per_floor)
        return None


@dataclass(frozen=True)
class Zone:
    """A shelf section. `category` zones take one item type; `by_grid` zones hold one shelf per grid."""

    code: str
    name_zh: str
    name_en: str
    shelves: int
    slots: int
    category: str | None = None
    building: str | None = None
    grid: str | None = None
    by_grid: bool = False
    overflow: str | None = None
    role: str = "general"  # general | category | overflow | unresolved | problem


@dataclass(frozen=True)
class Channel:
    """Where messages go: a group-chat robot, a JSON webhook or an email address (site [[channels]]).

    A building channel (role "building") gets the digests of the buildings it serves; a
    coordinator channel gets the reminders.
    """

    code: str
    kind: str  # wecom | dingtalk | feishu | webhook | email
    role: str = "building"  # building | coordinator
    buildings: tuple[str, ...] = ()
    grids: tuple[str, ...] = ()
    language: str = "zh"  # zh | en
    url: str | None = None
    secret: str | None = field(default=None, repr=False)
    smtp_host: str | None = None
    smtp_port: int = 25
    smtp_from: str | None = None
    smtp_to: tuple[str, ...] = ()
    smtp_starttls: bool = False
    smtp_user: str | None = None
    digest_times: tuple[time, ...] | None = None  # None: the site's [notifications] times


@dataclass(frozen=True)
class Notifications:
    """When and what to tell (site [notifications]); every value has a default."""

    digest_times: tuple[time, ...] = ()
    show_pickup_codes: bool = False
    remind_before_end_minutes: int = 60
    medicine_wait_minutes: int = 30


@dataclass(frozen=True)
class Site:
    name: str
    timezone: str
    express_by: str  # "building" or "grid"
    gates: tuple[Gate, ...]
    grids: tuple[Grid, ...]
    buildings: dict[str, Building]
    zones: dict[str, Zone]
    categories: dict[str, Category]
    disinfection: dict[str, DisinfectionMethod]
    unresolved_zone: str = "UNRES"
    problem_zone: str = "PROB"  # where damaged, leaking and misdelivered items wait for the coordinator
    channels: tuple[Channel, ...] = ()
    notifications: Notifications = Notifications()
    source: str = field(default="", compare=False)

    def grid_of(self, building: str) -> Grid:
        code = self.buildings[building].grid
        return next(grid for grid in self.grids if grid.code == code)

    def grid_index(self, grid_code: str) -> int:
        """1-based position of a grid: the shelf number of by-grid zones."""
        return [grid.code for grid in self.grids].index(grid_code) + 1

    def room_problem(self, building: str, unit: int, room: str) -> Said | None:
        if building not in self.buildings:
            return text.NO_BUILDING(building=building)
        return self.buildings[building].room_problem(unit, room)

    def gate_codes(self) -> set[str]:
        return {gate.code for gate in self.gates}

    def check_gate(self, gate: str | None) -> None:
        """A gate named in a request is one of the site's (None: not said)."""
        if gate is not None and gate not in self.gate_codes():
            raise InvalidInput(text.NO_GATE(gate=gate, gates=Joined.of(sorted(self.gate_codes()))),
                               field="gate")

    def category_zone(self, category: str) -> Zone | None:
        return next((z for z in self.zones.values() if z.category == category), None)
