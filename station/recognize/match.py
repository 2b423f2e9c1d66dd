"""Matching address parts against the site (which rooms exist) and the roster (who lives where)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from station.catalogue import Joined, Said
from station.catalogue import recognize as msg
from station.catalogue import site as site_text
from station.recognize.address import AddressParts

if TYPE_CHECKING:
    from station.site.model import Site

MAX_CANDIDATES = 12


@dataclass(frozen=True)
class RosterEntry:
    """One resident of a household, as the caller's roster has it."""

    household_id: int | str
    building: str
    unit: int
    room: str
    name: str | None = None
    phone: str | None = None

    @property
    def destination(self) -> str:
        return f"{self.building.strip().upper()}-{self.unit}-{_canonical_room(self.room.strip())}"


@dataclass(frozen=True)
class AddressMatch:
    destination: str | None = None  # set only when one household or room fits
    household_id: int | str | None = None
    candidates: tuple[str, ...] = ()
    reason: Said | None = None


def _mask(phone: str) -> str:
    return phone[:3] + "****" + phone[-4:] if len(phone) >= 11 else "*" * 4 + phone[-4:]


def _name_key(name: str) -> str:
    return "".join(name.split()).casefold()


def _canonical_room(room: str) -> str:
    return f"{int(room[:-2])}{room[-2:]}" if room.isdigit() and len(room) >= 3 else room


class Directory:
    """A site and a roster, indexed once for many look-ups."""

    def __init__(self, site: Site | None, roster: Iterable[RosterEntry] = ()) -> None:
        self.site = site
        self.entries = tuple(roster)
        self.by_phone: dict[str, list[RosterEntry]] = defaultdict(list)
        self.by_tail: dict[str, list[RosterEntry]] = defaultdict(list)
        self.by_name: dict[str, list[RosterEntry]] = defaultdict(list)
        self.by_place: dict[str, list[RosterEntry]] = defaultdict(list)
        for entry in self.entries:
            digits = "".join(c for c in entry.phone or "" if c.isdigit())
            if len(digits) >= 4:
                self.by_phone[digits[-11:]].append(entry)
                self.by_tail[digits[-4:]].append(entry)
            if entry.name:
                self.by_name[_name_key(entry.name)].append(entry)
            self.by_place[entry.destination].append(entry)

    def household_at(self, destination: str) -> int | str | None:
        households = {e.household_id for e in self.by_place.get(destination, ())}
        return households.pop() if len(households) == 1 else None

    # -- what the site allows ------------------------------------------------------------------

    def _site_rooms(self, parts: AddressParts) -> tuple[list[str] | None, Said | None]:
        """Destinations the site allows for the parts given (None: the parts do not narrow it)."""
        site = self.site
        if site is None:
            return None, None
        if parts.building is not None:
            building = site.buildings.get(parts.building)
            if building is None:
                return [], site_text.NO_BUILDING(building=parts.building)
            if parts.unit is not None and not 1 <= parts.unit <= building.units:
                return [], site_text.NO_UNIT(building=building.code, unit=parts.unit, units=building.units)
        if parts.room is None:
            return None, None
        if parts.building is not None and parts.unit is not None:
            problem = site.room_problem(parts.building, parts.unit, parts.room)
            return ([], problem) if problem else ([f"{parts.building}-{parts.unit}-{parts.room}"], None)
        if parts.building is not None:
            building = site.buildings[parts.building]
            found = [f"{building.code}-{u}-{parts.room}" for u in range(1, building.units + 1)
                     if building.room_problem(u, parts.room) is None]
            return found, (None if found else building.room_problem(1, parts.room))
        unit = parts.unit
        found = [f"{b.code}-{u}-{parts.room}" for b in site.buildings.values()
                 for u in ([unit] if unit else range(1, b.units + 1))
                 if b.room_problem(u, parts.room) is None]
        return found, (None if found else site_text.NO_UNIT_ROOM(unit=unit, room=parts.room))

    # -- what the roster says ------------------------------------------------------------------

    def _people(self, parts: AddressParts) -> tuple[set[str] | None, bool, list[Said]]:
        """Destinations of roster entries fitting the person details, whether that is strong
        evidence on its own (a full phone, or two details agreeing), and notes."""
        sets: list[tuple[str, set[str]]] = []
        notes: list[Said] = []
        if parts.phone:
            sets.append(("phone", {e.destination for e in self.by_phone.get(parts.phone, ())}))
        elif parts.phone_tail:
            sets.append(("tail", {e.destination for e in self.by_tail.get(parts.phone_tail, ())}))
        named = [(n, {e.destination for e in self.by_name.get(_name_key(n), ())}) for n in parts.names]
        named = [(n, found) for n, found in named if found]
        if named:
            sets.append(("name", named[0][1]))
        elif parts.surname:
            found = {e.destination for e in self.entries
                     if e.name and e.name.startswith(parts.surname)}
            if found:
                sets.append(("surname", found))
        given = [(kind, found) for kind, found in sets if found]
        for kind, found in sets:
            if not found:
                notes.append(msg.NO_PHONE(phone=_mask(parts.phone)) if kind == "phone" and parts.phone
                             else msg.NO_TAIL(tail=parts.phone_tail))
        if not given:
            return None, False, notes
        agreed = set.intersection(*(found for _kind, found in given))
        strong = any(kind == "phone" for kind, _ in given) or len(given) >= 2
        if not agreed:  # the details point at different households: offer them all
            agreed = set().union(*(found for _kind, found in given))
            strong = False
            notes.append(msg.PEOPLE_DISAGREE())
        return agreed, strong, notes

    # -- both ----------------------------------------------------------------------------------

    def resolve(self, parts: AddressParts) -> AddressMatch:
        """One destination, a ranked short list, or the reason nothing fits."""
        people, strong, notes = self._people(parts) if self.entries else (None, False, [])
        rooms, problem = ([], parts.problem) if parts.problem else self._site_rooms(parts)
        if problem:
            if people:  # a typo in the address, but the person is known: offer, never guess
                ranked = self._rank(people)
                return AddressMatch(candidates=ranked,
                                    reason=msg.PERSON_FITS(problem=problem, rooms=Joined.of(ranked)))
            return AddressMatch(reason=problem)
        if rooms is None and parts.has_location:
            if self.site is None:
                return self._unchecked(parts)
            if not people:
                return AddressMatch(reason=self._missing(parts))
            # No room number: the person details choose among the roster's rooms there, and
            # settle it only when they are strong (a full phone, or a name and a tail agreeing).
            fits = [r for r in self._roster_rooms(parts) if r in people]
            if len(fits) == 1 and strong:
                return self._one(fits[0], parts, people, True, notes)
            if fits:
                return AddressMatch(candidates=self._rank(fits),
                                    reason=msg.FIT_THERE(missing=self._missing(parts), count=len(fits)))
            return AddressMatch(reason=msg.FIT_NO_ONE_THERE(missing=self._missing(parts)))
        if rooms is not None:
            if len(rooms) == 1 and (parts.unit is not None or not people or rooms[0] in people):
                return self._one(rooms[0], parts, people, strong, notes)
            both = [r for r in rooms if people is not None and r in people]
            if len(both) == 1:
                return self._one(both[0], parts, people, True, notes)
            if both:
                return AddressMatch(candidates=self._rank(both), reason=self._ambiguous(parts, both))
            return AddressMatch(candidates=self._rank(rooms), reason=self._ambiguous(parts, rooms, notes))
        if people:
            ranked = self._rank(people)
            if strong and len(ranked) == 1:
                return self._one(ranked[0], parts, people, strong, notes)
            return AddressMatch(candidates=ranked,
                                reason=msg.ONE_FITS() if len(ranked) == 1 else msg.SEVERAL_FIT())
        if not self.entries and parts.has_person:
            return AddressMatch(reason=msg.NO_ROSTER())
        return AddressMatch(reason=msg.joined(notes) or self._missing(parts))

    def _one(self, destination: str, parts: AddressParts, people: set[str] | None, strong: bool,
             notes: list[Said]) -> AddressMatch:
        if people is not None and destination not in people and strong and parts.phone:
            others = self._rank(people)
            return AddressMatch(candidates=tuple([destination, *others]),
                                reason=msg.PHONE_ELSEWHERE(phone=_mask(parts.phone), rooms=Joined.of(others)))
        household = self.household_at(destination)
        reason = None
        if household is None and self.entries:
            reason = msg.NOT_ON_ROSTER()
        elif people is not None and destination not in people:
            reason = msg.NOT_THIS_ROOM()
        elif notes:
            reason = msg.joined(notes)
        return AddressMatch(destination=destination, household_id=household, reason=reason)

    def _roster_rooms(self, parts: AddressParts) -> list[str]:
        return sorted({e.destination for e in self.entries
                       if (parts.building is None or e.building.upper() == parts.building)
                       and (parts.unit is None or e.unit == parts.unit)})

    def _rank(self, destinations: Iterable[str]) -> tuple[str, ...]:
        """Rooms with a household on the roster first, then in building-unit-room order."""
        def key(destination: str) -> tuple[int, list[tuple[int, str]]]:
            # Natural order: 2-1-301 before 10-1-301, 10-1-301 before 10-1-1101.
            pieces = [(int(p), "") if p.isdigit() else (0, p) for p in destination.split("-")]
            return (0 if destination in self.by_place else 1, pieces)
        return tuple(sorted(set(destinations), key=key)[:MAX_CANDIDATES])

    @staticmethod
    def _ambiguous(parts: AddressParts, rooms: Sequence[str], notes: Sequence[Said] = ()) -> Said:
        if parts.building is not None and parts.unit is None:
            why = msg.NO_UNIT_GIVEN(room=parts.room, count=len(rooms), building=parts.building)
        elif parts.building is None:
            why = msg.NO_BUILDING_GIVEN(count=len(rooms))
        else:
            why = msg.ROOMS_FIT(count=len(rooms))
        return msg.joined([why, *notes])

    @staticmethod
    def _missing(parts: AddressParts) -> Said:
        if parts.room is None and parts.has_location:
            return msg.NO_ROOM_GIVEN()
        return msg.NOTHING_FITS()

    def _unchecked(self, parts: AddressParts) -> AddressMatch:
        if parts.building and parts.unit and parts.room:
            return AddressMatch(destination=f"{parts.building}-{parts.unit}-{parts.room}",
                                reason=msg.NO_SITE())
        return AddressMatch(reason=msg.NO_SITE())
