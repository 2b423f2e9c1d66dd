"""What volunteers do to a recorded parcel: disinfect, shelve, move, hand out, problems.

Each function checks the custody rules, moves the parcel's slot where needed and records one
event; the caller owns the transaction.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from station.catalogue import Joined, Said
from station.catalogue import parcels as text
from station.custody import states
from station.custody.service import record_event
from station.errors import InvalidInput, InvalidTransition, StationError
from station.parcels.destination import resolve_destination
from station.parcels.models import Parcel
from station.residents.models import Household
from station.site import Site
from station.sorting import rules
from station.sorting.service import occupancy


def disinfect(session: Session, parcel: Parcel, *, site: Site, method: str, actor: str,
              gate: str | None, now: datetime) -> None:
    if method not in site.disinfection:
        raise InvalidInput(text.NO_SUCH_METHOD(method=method, methods=Joined.of(site.disinfection)),
                           field="method")
    dwell = site.disinfection[method].dwell_minutes
    dwell_until = now + timedelta(minutes=dwell)
    record_event(session, parcel, event_type=states.DISINFECTED, actor=actor, gate=gate, now=now,
                 details={"method": method, "dwell_minutes": dwell,
                          "dwell_until": dwell_until.isoformat()})
    parcel.dwell_until = dwell_until


def shelve(session: Session, parcel: Parcel, *, site: Site, actor: str, gate: str | None,
           now: datetime) -> None:
    """Put a disinfected (or returned) item on its shelf; a returned one gets a slot again."""
    site.check_gate(gate)
    details: dict[str, Any] = {}
    if parcel.slot is None and parcel.status == states.RETURNED:
        _assign_slot(session, parcel, site)
        details = {"zone": parcel.zone, "shelf": parcel.shelf, "slot": parcel.slot,
                   "pickup_code": parcel.pickup_code}
    record_event(session, parcel, event_type=states.SHELVED, actor=actor, gate=gate, now=now,
                 details=details)


def move(session: Session, parcel: Parcel, *, site: Site, zone: str, actor: str,
         gate: str | None, now: datetime, note: str | None = None) -> None:
    """Move an item to the first free slot of another zone (e.g. out of UNRES or overflow)."""
    site.check_gate(gate)
    if zone not in site.zones:
        raise InvalidInput(text.NO_SUCH_ZONE(zone=zone), field="zone")
    target = site.zones[zone]
    found = rules.first_free_slot(target, list(range(1, target.shelves + 1)),
                                  occupancy(session, [zone]))
    if found is None:
        raise InvalidInput(text.ZONE_FULL(zone=zone), field="zone")
    before = parcel.pickup_code
    _take_slot(session, parcel, zone, *found)
    record_event(session, parcel, event_type=states.MOVED, actor=actor, gate=gate, now=now,
                 details={"from": before, "to": parcel.pickup_code, "note": _note((note or "")[:200])})


def hand_out(session: Session, parcel: Parcel, *, actor: str, gate: str | None, now: datetime,
             run_code: str | None = None, timezone: str = "UTC") -> None:
    """The item leaves its shelf with a runner; its slot is free again."""
    states.check_release(event_type=states.OUT_FOR_DELIVERY, now=now, dwell_until=parcel.dwell_until,
                         category=parcel.category, verification=None, timezone=timezone)
    details = {"from": parcel.pickup_code} | ({"run": run_code} if run_code else {})
    record_event(session, parcel, event_type=states.OUT_FOR_DELIVERY, actor=actor, gate=gate,
                 now=now, details=details)
    parcel.slot = None


def verification_record(session: Session, parcel: Parcel,
                        verification: dict[str, str] | None) -> dict[str, str] | None:
    """Check what the recipient presented against the parcel and its household."""
    if not verification:
        return None
    household = session.get(Household, parcel.household_id) if parcel.household_id else None
    return states.verify_handoff(
        method=verification.get("method", ""), presented=verification.get("value", ""),
        category=parcel.category, collection_code=parcel.collection_code,
        household_code=household.code if household else None,
        phone=household.phone if household else None, phone_tail=verification.get("phone_tail"),
    )


def deliver(session: Session, parcel: Parcel, *, actor: str, now: datetime,
            verification: dict[str, str] | None = None, gate: str | None = None) -> None:
    record = verification_record(session, parcel, verification)
    states.check_release(event_type=states.DELIVERED, now=now, dwell_until=parcel.dwell_until,
                         category=parcel.category, verification=record, parcel=parcel.code)
    record_event(session, parcel, event_type=states.DELIVERED, actor=actor, gate=gate, now=now,
                 details={"verification": record} if record else {})


def return_to_gate(session: Session, parcel: Parcel, *, reason: str, actor: str, now: datetime,
                   gate: str | None = None) -> None:
    if reason not in tuple(states.ReturnReason):
        raise InvalidInput(text.REASON_ONE_OF(choices=states.one_of(states.ReturnReason)), field="reason")
    record_event(session, parcel, event_type=states.RETURNED, actor=actor, gate=gate, now=now,
                 details={"reason": reason})


def pick_up(session: Session, parcel: Parcel, *, site: Site, actor: str, gate: str | None,
            now: datetime, verification: dict[str, str] | None = None, collected_by: str | None = None) -> None:
    """Self pickup at the gate: the resident (or a proxy) shows the item's code or the household card."""
    site.check_gate(gate)
    record = verification_record(session, parcel, verification)
    if record is None:
        raise InvalidTransition(states.SHOW_A_CODE)
    states.check_release(event_type=states.PICKED_UP, now=now, dwell_until=parcel.dwell_until,
                         category=parcel.category, verification=record, parcel=parcel.code,
                         timezone=site.timezone)
    details: dict[str, Any] = {"from": parcel.pickup_code}
    if record:
        details["verification"] = record
    if collected_by:
        details["collected_by"] = collected_by[:64]
    record_event(session, parcel, event_type=states.PICKED_UP, actor=actor, gate=gate, now=now,
                 details=details)
    parcel.slot = None


def report_problem(session: Session, parcel: Parcel, *, site: Site, note: str, actor: str,
                   gate: str | None, now: datetime) -> None:
    """Damaged, leaking, not ours: an item on a shelf moves to a slot of the problem zone.

    It leaves its shelf, so no runner takes it out with the others; the `problem` event says
    where it was and where it went, and its new label names the problem slot. An item away
    from the gate (with a runner) only gets the event.
    """
    site.check_gate(gate)
    if not note or not note.strip():
        raise InvalidInput(text.SAY_THE_PROBLEM, field="note")
    details: dict[str, Any] = {"note": _note(note.strip()[:500])}
    found = None
    if parcel.slot is not None and parcel.zone != site.problem_zone:
        target = site.zones[site.problem_zone]
        found = rules.first_free_slot(target, list(range(1, target.shelves + 1)),
                                      occupancy(session, [target.code]))
        if found is None:
            raise InvalidInput(text.PROBLEM_ZONE_FULL(zone=target.code), field="note")
    if found is not None:
        details |= {"from": parcel.pickup_code, "to": rules.pickup_code(site.problem_zone, *found)}
    record_event(session, parcel, event_type=states.PROBLEM, actor=actor, gate=gate, now=now, details=details)
    if found is not None:
        _take_slot(session, parcel, site.problem_zone, *found)


def resolve_problem(session: Session, parcel: Parcel, *, site: Site, note: str, actor: str,
                    gate: str | None, now: datetime) -> None:
    site.check_gate(gate)
    record_event(session, parcel, event_type=states.RESOLVED, actor=actor, gate=gate, now=now,
                 details={"note": (note or "").strip()[:500]})


def _assign_slot(session: Session, parcel: Parcel, site: Site) -> None:
    destination = (rules.Destination(parcel.building, parcel.unit, parcel.room)
                   if parcel.building is not None and parcel.unit is not None and parcel.room else None)
    placement = rules.place(site, category=parcel.category, destination=destination, care_flags=(),
                            occupied=occupancy(session, rules.zones_to_query(site, parcel.category, destination)),
                            unresolved_reason=parcel.unresolved_reason)
    _take_slot(session, parcel, placement.zone, placement.shelf, placement.slot)


def _take_slot(session: Session, parcel: Parcel, zone: str, shelf: int, slot: int) -> None:
    parcel.zone, parcel.shelf, parcel.slot = zone, shelf, slot
    parcel.pickup_code = rules.pickup_code(zone, shelf, slot)
    session.flush()


def void_intake(session: Session, parcel: Parcel, *, site: Site, note: str, actor: str,
                gate: str | None, now: datetime) -> None:
    """Undo an intake made by mistake: a `voided` event frees the slot; nothing is deleted.

    A later scan of the same barcode starts a new record (see intake_parcel).
    """
    site.check_gate(gate)
    record_event(session, parcel, event_type=states.VOIDED, actor=actor, gate=gate, now=now,
                 details={"from": parcel.pickup_code, "note": _note((note or "")[:200])})
    parcel.slot = None


def add_alias(session: Session, parcel: Parcel, *, site: Site, code: str, actor: str,
              gate: str | None, now: datetime) -> None:
    """Another barcode on the same item (merchant order code, QR): any scan of it finds the parcel."""
    from station.parcels.models import Alias
    from station.parcels.service import find_by_scan, normalise_scan

    site.check_gate(gate)
    code = normalise_scan(code)
    if not code:
        raise InvalidInput(text.NOTHING_SCANNED, field="code")
    owner = find_by_scan(session, code)
    if owner is not None:
        if owner.id == parcel.id:
            return
        raise InvalidInput(text.ALIAS_TAKEN(code=code, parcel=owner.code,
                                            destination=owner.destination or text.NO_DESTINATION()), field="code")
    session.add(Alias(code=code, parcel_id=parcel.id, kind="alias", created_at=now))
    record_event(session, parcel, event_type=states.NOTE, actor=actor, gate=gate, now=now,
                 details={"alias": code})


def batch_answer(done: list[str], refused: dict[str, Said]) -> dict[str, Any]:
    """A disinfection batch's answer as JSON, to remember under its Idempotency-Key."""
    return {"done": done, "refused": {key: said.to_json() for key, said in refused.items()}}


def batch_said(answer: dict[str, Any]) -> tuple[list[str], dict[str, Said]]:
    """The batch answer back, its refusals to be said in the asker's language (replays too)."""
    return answer["done"], {key: Said.from_json(said) for key, said in answer["refused"].items()}


def disinfect_batch(session: Session, keys: list[str], *, site: Site, method: str, actor: str,
                    gate: str | None, now: datetime,
                    shelve: bool = True) -> tuple[list[str], dict[str, Said]]:
    """Disinfect (and shelve) a batch; returns the parcel codes done and {key: why} for the rest.

    Each item gets its own savepoint, so one refused item (unknown code, already disinfected)
    spoils none of the others. A bad method or gate refuses the whole batch before anything
    is recorded.
    """
    from station.parcels.service import get_parcel

    if method not in site.disinfection:
        raise InvalidInput(text.NO_SUCH_METHOD(method=method, methods=Joined.of(site.disinfection)),
                           field="method")
    site.check_gate(gate)
    done: list[str] = []
    refused: dict[str, Said] = {}
    seen: set[int] = set()
    for key in dict.fromkeys(key.strip() for key in keys if key and key.strip()):
        try:
            with session.begin_nested():
                parcel = get_parcel(session, key)
                if parcel.id in seen:  # the same item scanned by two of its codes
                    continue
                _disinfect_one(session, parcel, site=site, method=method, actor=actor, gate=gate,
                               now=now, shelve_too=shelve)
        except StationError as exc:
            refused[key] = exc.said
            continue
        seen.add(parcel.id)
        done.append(parcel.code)
    return done, refused


def _disinfect_one(session: Session, parcel: Parcel, *, site: Site, method: str, actor: str,
                   gate: str | None, now: datetime, shelve_too: bool) -> None:
    disinfect(session, parcel, site=site, method=method, actor=actor, gate=gate, now=now)
    if shelve_too:
        shelve(session, parcel, site=site, actor=actor, gate=gate, now=now)


def set_destination(session: Session, parcel: Parcel, *, site: Site, destination: str, actor: str,
                    gate: str | None, now: datetime) -> None:
    """Give an item its destination (typically one waiting in UNRES) and re-sort it.

    The item moves to the first free slot of the zone its destination and category call for,
    and a `moved` event keeps where it came from. Everything is checked before anything changes.
    """
    target = resolve_destination(session, site, destination)
    site.check_gate(gate)
    if parcel.slot is None:
        raise InvalidTransition(text.NOT_ON_A_SHELF(label=parcel.tracking_number or parcel.code,
                                                    status=states.status_word(parcel.status)))
    if (parcel.destination == str(target) and parcel.unresolved_reason is None
            and parcel.zone != site.unresolved_zone):
        return  # already there: a retried request records nothing twice
    household = session.scalars(select(Household).where(
        Household.building == target.building, Household.unit == target.unit,
        Household.room == target.room)).first()
    occupied = occupancy(session, rules.zones_to_query(site, parcel.category, target))
    if (parcel.zone, parcel.shelf) in occupied:  # its own slot is free for it to keep
        occupied[(parcel.zone, parcel.shelf)].discard(parcel.slot)
    placement = rules.place(site, category=parcel.category, destination=target,
                            care_flags=household.care_flags if household else (), occupied=occupied)
    record_event(session, parcel, event_type=states.MOVED, actor=actor, gate=gate, now=now,
                 details={"from": parcel.pickup_code, "to": placement.pickup_code,
                          "destination": str(target)})
    parcel.building, parcel.unit, parcel.room = target.building, target.unit, target.room
    parcel.household_id = household.id if household else None
    parcel.unresolved_reason = None
    parcel.priority = placement.priority
    _take_slot(session, parcel, placement.zone, placement.shelf, placement.slot)


def _note(note: str) -> str | dict[str, Any]:
    """A note as recorded: a word of the gate's menus kept as its message, anything else as typed."""
    message = text.GATE_NOTES.get(note)
    return message().to_json() if message else note
