"""Reconcile a shelf-by-shelf count with what the station says is on each shelf (pure).

A counted shelf lists what should be there and was not seen anywhere (missing), what was seen
on another shelf (moved), and what is there but should not be: it belongs on another shelf,
it should be on no shelf at all (delivered, picked up, out with a runner), or no parcel has
that code. Shelves not counted are named with how many items they should hold, so a shift
never hands over a count that silently skipped a shelf.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

HERE, ELSEWHERE, OFF_SHELF, UNKNOWN = "here", "elsewhere", "off_shelf", "unknown"


@dataclass(frozen=True)
class Holding:
    """What the station records of one parcel; `shelf` is None when it holds no slot."""

    parcel_id: int
    code: str
    label: str  # tracking number, or the parcel code when it has none
    status: str
    shelf: str | None
    pickup_code: str
    destination: str | None = None


@dataclass(frozen=True)
class Seen:
    """One item scanned during the count, on the shelf scanned before it."""

    shelf: str
    scan: str
    holding: Holding | None


@dataclass(frozen=True)
class Found:
    seen: Seen
    verdict: str


@dataclass(frozen=True)
class ShelfCount:
    shelf: str
    expected: int
    here: tuple[Holding, ...]
    missing: tuple[Holding, ...]  # should be here, seen nowhere in this count
    moved: tuple[tuple[Holding, str], ...]  # should be here, seen on that other shelf
    wrong: tuple[Found, ...]  # seen here but belongs elsewhere, on no shelf, or is unknown

    @property
    def reconciled(self) -> bool:
        return not (self.missing or self.moved or self.wrong)


@dataclass(frozen=True)
class Reconciliation:
    shelves: tuple[ShelfCount, ...]  # in the order they were counted
    uncounted: tuple[tuple[str, int], ...]  # (shelf, items it should hold), not counted

    @property
    def missing(self) -> int:
        return sum(len(s.missing) for s in self.shelves)

    @property
    def wrong(self) -> int:
        return sum(len(s.wrong) for s in self.shelves)

    @property
    def reconciled(self) -> bool:
        return all(s.reconciled for s in self.shelves) and not self.uncounted


def judge(shelf: str, holding: Holding | None) -> str:
    """Is an item seen on `shelf` where it belongs?"""
    if holding is None:
        return UNKNOWN
    if holding.shelf == shelf:
        return HERE
    return ELSEWHERE if holding.shelf is not None else OFF_SHELF


def reconcile(expected: Iterable[Holding], counted: Sequence[str], seen: Sequence[Seen]) -> Reconciliation:
    """`expected`: every parcel holding a slot; `counted`: shelves scanned; `seen`: item scans."""
    by_shelf: dict[str, list[Holding]] = {}
    for holding in expected:
        if holding.shelf is not None:
            by_shelf.setdefault(holding.shelf, []).append(holding)
    where_seen: dict[int, str] = {}
    unique: list[Seen] = []
    repeats: set[tuple[str, object]] = set()
    for scan in seen:
        key = (scan.shelf, scan.holding.parcel_id if scan.holding else scan.scan)
        if key in repeats:
            continue  # the same item scanned twice on one shelf counts once
        repeats.add(key)
        unique.append(scan)
        if scan.holding is not None:
            where_seen.setdefault(scan.holding.parcel_id, scan.shelf)
            if scan.holding.shelf == scan.shelf:
                where_seen[scan.holding.parcel_id] = scan.shelf  # seen where it belongs wins
    shelves = []
    for shelf in dict.fromkeys(counted):
        should = by_shelf.get(shelf, [])
        found_here = [s for s in unique if s.shelf == shelf]
        here = tuple(h for h in should if where_seen.get(h.parcel_id) == shelf)
        missing = tuple(h for h in should if h.parcel_id not in where_seen)
        moved = tuple((h, where_seen[h.parcel_id]) for h in should
                      if h.parcel_id in where_seen and where_seen[h.parcel_id] != shelf)
        wrong = tuple(Found(s, verdict) for s in found_here
                      if (verdict := judge(shelf, s.holding)) != HERE)
        shelves.append(ShelfCount(shelf, len(should), here, missing, moved, wrong))
    done = set(counted)
    uncounted = tuple((shelf, len(items)) for shelf, items in sorted(by_shelf.items()) if shelf not in done)
    return Reconciliation(tuple(shelves), uncounted)
