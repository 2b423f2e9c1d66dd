"""What a runner claims (pure): a building, a grid, or a category, optionally within a grid."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from station.catalogue import Joined, Said, Word
from station.catalogue import runs as text
from station.errors import InvalidInput
from station.site import CategoryCode, Site

KINDS = ("building", "grid", "category")
PLURALS = {
    CategoryCode.meal: "meals",
    CategoryCode.fresh: "fresh produce",
    CategoryCode.express: "express parcels",
    CategoryCode.medicine: "medicine",
    CategoryCode.valuable: "valuables",
    CategoryCode.bulky: "bulky goods",
}


@dataclass(frozen=True)
class Scope:
    kind: str  # building | grid | category
    value: str
    categories: tuple[str, ...] = ()  # empty: every category

    def buildings(self, site: Site) -> tuple[str, ...]:
        """The buildings whose items the scope takes."""
        if self.kind == "building":
            return (self.value,)
        if self.kind == "grid":
            return next(grid.buildings for grid in site.grids if grid.code == self.value)
        return tuple(site.buildings)

    def describe(self) -> str:
        """'building 10', 'grid G3', 'meals in grid G3', 'all meals'."""
        kinds = ", ".join(PLURALS.get(c, c) for c in self.categories)
        if self.kind == "category":
            return f"all {kinds}"
        where = f"{self.kind} {self.value}"
        return f"{kinds} in {where}" if self.categories else where

    def said(self) -> Said:
        """describe() as a message, for a refusal or an answer in the reader's language."""
        kinds = Joined.of((Word(PLURALS.get(c, c)) for c in self.categories), ", ")
        if self.kind == "category":
            return text.SCOPE_ALL(categories=kinds)
        where = (text.SCOPE_BUILDING if self.kind == "building" else text.SCOPE_GRID)(code=self.value)
        return text.SCOPE_IN(categories=kinds, where=where) if self.categories else where


def make_scope(site: Site, *, building: str | None = None, grid: str | None = None,
               category: str | None = None, categories: Sequence[str] = ()) -> Scope:
    """The scope asked for, checked against the site, or InvalidInput saying what is wrong."""
    building, grid, category = (_clean(building), _clean(grid), (category or "").strip().lower() or None)
    wanted = tuple(dict.fromkeys(c.strip().lower() for c in categories if c and c.strip()))
    if category:
        wanted = tuple(dict.fromkeys((category, *wanted)))
    for code in wanted:
        if code not in site.categories:
            raise InvalidInput(text.NO_SUCH_CATEGORY(category=code, categories=Joined.of(site.categories)),
                               field="category")
    if building and grid:
        raise InvalidInput(text.BUILDING_OR_GRID, field="grid")
    if building:
        if building not in site.buildings:
            raise InvalidInput(text.NO_SUCH_BUILDING(building=building), field="building")
        return Scope("building", building, wanted)
    if grid:
        if grid not in {g.code for g in site.grids}:
            raise InvalidInput(text.NO_SUCH_GRID(grid=grid, grids=Joined.of(g.code for g in site.grids)),
                               field="grid")
        return Scope("grid", grid, wanted)
    if len(wanted) == 1:
        return Scope("category", wanted[0], wanted)
    raise InvalidInput(text.SAY_WHAT, field="building")


def stored_scope(kind: str, value: str, categories: Sequence[str] | None) -> Scope:
    """A run's scope as its row keeps it."""
    return Scope(kind, value, tuple(categories or ()))


def _clean(text: str | None) -> str | None:
    text = (text or "").strip().upper()
    for suffix in ("号楼", "栋", "号", "楼"):
        text = text.removesuffix(suffix)
    return text or None
