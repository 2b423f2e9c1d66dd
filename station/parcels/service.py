"""Intake and lookup of parcels: one use case per function, the caller owns the transaction."""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from station import codes
from station.custody import states
from station.custody.service import first_event
from station.db import as_loaded
from station.catalogue import Joined, Said, Word, said
from station.catalogue import parcels as text_
from station.errors import InvalidInput, NotFound
from station.parcels import statements
from station.parcels.destination import resolve_destination
from station.recognize_roster import tracking_recogniser
from station.parcels.models import Alias, Parcel
from station.residents.models import CARE_FLAGS
from station.residents.privacy import mask_phone
from station.site import CategoryCode, Site
from station.sorting import rules
from station.timefmt import hhmm

MAX_SCAN = 200
INSERT_ATTEMPTS = 5
CONTROL = re.compile(r"[\x00-\x1f\x7f]")


@dataclass(frozen=True)
class Recognised:
    """What intake needs to know of a scan."""

    text: str
    tracking_number: str | None
    carrier: str | None
    kind: str  # tracking | parcel | none | code (one of our other codes) | address
    candidates: tuple[str, ...] = ()
    note: Said | None = None  # what the recogniser said of it, kept in the custody log
    refusal: Said | None = None  # why it is not a parcel (kind "code")


# Built once and run as plain rows (intake's own statements are in station.parcels.statements).
PARCEL_OF_ALIAS = select(Alias.parcel_id).where(Alias.code == bindparam("code"))

PLAIN_CODE = re.compile(r"^[A-Z0-9-]{6,}$")
OTHER_CODES = {"shelf": "a shelf code", "pickup": "a pickup code", "run": "a run code",
               "household": "a household code"}


def normalise_scan(raw: str) -> str:
    """What a scanner or a gloved hand sent, as we store it: NFKC, no controls, upper case."""
    text = CONTROL.sub("", unicodedata.normalize("NFKC", raw or "")).strip().upper()
    if len(text) > MAX_SCAN:
        raise InvalidInput(text_.SCAN_TOO_LONG(length=len(text), limit=MAX_SCAN), field="scan")
    return text


def recognise_scan(text: str, *, expected_carrier: str | None = None) -> Recognised:
    """Carrier and number of a scan; a barcode of an unknown format is kept if it looks like one."""
    if not text:
        return Recognised(text, None, None, "none")
    if codes.is_code(text, codes.PARCEL_PREFIX):
        return Recognised(text, None, None, "parcel")
    seen = tracking_recogniser()(text, expected_carrier=expected_carrier)
    if seen.kind in OTHER_CODES:
        refusal = text_.NOT_A_PARCEL_CODE(text=text, kind=Word(OTHER_CODES[seen.kind]))
        return Recognised(text, None, None, "code", note=refusal, refusal=refusal)
    if seen.kind == "tracking" and seen.valid and seen.number:
        return Recognised(text, seen.number.upper(), seen.carrier, "tracking", tuple(seen.candidates),
                          said(seen.reason) if seen.reason and not seen.carrier else None)
    compact = re.sub(r"[\s]", "", text)
    if PLAIN_CODE.match(compact):  # merchant codes and carriers we do not know yet
        return Recognised(text, compact, None, "tracking", note=text_.UNKNOWN_FORMAT_WHY(why=said(seen.reason))
                          if seen.reason else text_.UNKNOWN_FORMAT())
    if seen.kind == "address":
        raise InvalidInput(text_.LOOKS_LIKE_ADDRESS(text=text[:60]), field="scan")
    if seen.reason:
        raise InvalidInput(text_.NOT_A_BARCODE(text=text[:60], why=seen.reason), field="scan")
    raise InvalidInput(text_.UNREADABLE(text=text[:60]), field="scan")


def find_by_scan(session: Session, text: str) -> Parcel | None:
    """The parcel a scan refers to: our label code, or any barcode seen on it."""
    if codes.is_code(text, codes.PARCEL_PREFIX):
        parcel = session.scalars(select(Parcel).where(Parcel.code == text)).first()
        if parcel:
            return parcel
    parcel_id = _parcel_of_alias(session, text)
    if parcel_id is None and (compact := re.sub(r"[\s-]", "", text)) != text:
        parcel_id = _parcel_of_alias(session, compact)
    return session.get(Parcel, parcel_id) if parcel_id is not None else None


def _parcel_of_alias(session: Session, code: str) -> int | None:
    session.flush()  # an alias added in this transaction counts (a no-op when nothing is pending)
    return session.connection().execute(PARCEL_OF_ALIAS, {"code": code}).scalar()


def get_parcel(session: Session, key: str) -> Parcel:
    """By parcel code, any alias (tracking number), or the pickup code of an item on a shelf."""
    text = normalise_scan(key)
    parcel = find_by_scan(session, text)
    if parcel is None:
        parcel = session.scalars(
            select(Parcel).where(Parcel.pickup_code == text, Parcel.slot.is_not(None))
        ).first()
    if parcel is None:
        raise NotFound(text_.NOT_KNOWN(key=text))
    return parcel


def check_may_read(session: Session, parcel: Parcel, *, actor: str, role: str) -> None:
    """A role that may not read any parcel reads those of its work (permissions.WORK); any other
    is answered as if it did not exist, so a guessed key tells nothing."""
    from station.accounts.permissions import Action, WORK, may
    from station.runs.models import DeliveryRun, RunItem

    if may(role, Action.PARCEL_READ_ANY):
        return
    work = WORK.get(role)
    if work == "disinfection" and parcel.status in (states.RECEIVED, states.DISINFECTED, states.RETURNED):
        return
    if work == "runs" and session.scalars(
            select(RunItem.id).join(DeliveryRun, DeliveryRun.id == RunItem.run_id)
            .where(RunItem.parcel_id == parcel.id, DeliveryRun.runner == actor).limit(1)).first():
        return
    raise NotFound(text_.NOT_KNOWN(key=parcel.tracking_number or parcel.code))


def where_it_is(site: Site, parcel: Parcel) -> Said:
    """'on shelf B10-07 since 09:12' in the words of its status."""
    since = hhmm(parcel.updated_at, site.timezone)
    if parcel.slot is not None:
        return text_.ON_SHELF_SINCE(shelf=f"{parcel.zone}-{parcel.shelf:02d}", pickup_code=parcel.pickup_code,
                                    time=since)
    return text_.STATUS_SINCE(status=states.status_word(parcel.status), time=since)


@dataclass(frozen=True)
class IntakeResult:
    parcel: Parcel
    duplicate: bool
    message: Said
    preregistered: Prereg | None = None


@dataclass(frozen=True)
class Prereg:
    """A pre-registration met at intake: the room it names, and whether the gate used it."""

    destination: str
    confirmed: bool  # the volunteer typed (or confirmed) this room from the waybill
    problem: Said | None = None  # why it cannot be used as it stands
    phone: str = ""  # the household's, masked, to check against the waybill


def prereg_problem(prereg) -> Said | None:
    """Why a pre-registration may not route an item even when confirmed; None when it may."""
    if prereg.contested:
        return text_.PREREG_CONTESTED()
    if prereg.household_id is None:
        return text_.PREREG_UNCHECKED()
    return None


def prereg_outcome(prereg, target: rules.Destination | None) -> tuple[Prereg | None, Said | None]:
    """What a pre-registration did at intake, and the unresolved reason it leaves when nobody typed a room.

    A pre-registration never routes an item by itself (anyone with a room and its phone tail can
    make one): the gate shows its room for the volunteer to check against the waybill, and only a
    room typed or confirmed there is used.
    """
    if prereg is None:
        return None, None
    place = f"{prereg.building}-{prereg.unit}-{prereg.room}"
    problem = prereg_problem(prereg)
    if target is not None:
        return Prereg(place, str(target) == place and problem is None, problem), None
    return Prereg(place, False, problem), problem or text_.PREREG_UNCONFIRMED_FOR(destination=place)


@dataclass(frozen=True)
class Read:
    """A scan normalised and recognised, or why it cannot be: no database needed."""

    text: str
    recognised: Recognised | None
    refusal: InvalidInput | None  # raised only once the scan is known to name no parcel


@dataclass(frozen=True)
class Scanned(Read):
    """A scan read for intake, and what the database already knows of it, read in one statement."""

    found: statements.Found
    cursor: Any
    sql: statements.Statements


def read_text(scan: str, *, expected_carrier: str | None = None) -> Read:
    """What intake makes of a scan before it reads the database: done before the write, so the
    writers of several processes do not take turns at it."""
    text = normalise_scan(scan)
    recognised, refusal = None, None
    if text and not codes.is_code(text, codes.PARCEL_PREFIX):
        try:
            recognised = recognise_scan(text, expected_carrier=expected_carrier)
        except InvalidInput as exc:
            refusal = exc
    return Read(text, recognised, refusal)


def read_scan(session: Session, scan: str, *, key: str | None = None,
              expected_carrier: str | None = None, read: Read | None = None) -> Scanned:
    """Everything intake reads before it sorts, with whether Idempotency-Key `key` was seen
    (`read`: `read_text`'s answer for this scan, when the caller has it)."""
    read = read or read_text(scan, expected_carrier=expected_carrier)
    text, recognised = read.text, read.recognised
    number = recognised.tracking_number if recognised and recognised.kind == "tracking" else None
    cursor, sql = statements.cursor_of(session)
    found = sql.find(cursor, text=text or None, compact=re.sub(r"[\s-]", "", text) or None,
                     code=text if codes.is_code(text, codes.PARCEL_PREFIX) else None,
                     number=number if number != text else None,
                     number_compact=re.sub(r"[\s-]", "", number) if number and number != text else None,
                     prereg_number=number, key=key)
    return Scanned(text, recognised, read.refusal, found, cursor, sql)


def intake_parcel(session: Session, *, site: Site, scan: str, destination: str | None,
                  category: str | None, gate: str | None, actor: str, now: datetime,
                  note: Said | str | None = None, expected_carrier: str | None = None,
                  scanned: Scanned | None = None) -> IntakeResult:
    """Record an item crossing the gate, or return the one already recorded for this scan.

    `scanned` is `read_scan`'s answer when the caller read it already (the API route does,
    with its Idempotency-Key)."""
    scanned = scanned or read_scan(session, scan, expected_carrier=expected_carrier)
    text, found, cursor, sql = scanned.text, scanned.found, scanned.cursor, scanned.sql
    existing = session.get(Parcel, found.parcel_id) if found.parcel_id is not None else None
    if existing is not None and (existing.status != states.VOIDED or existing.code == text):
        return _already(site, existing)
    if codes.is_code(text, codes.PARCEL_PREFIX):
        raise NotFound(text_.OUR_LABEL_UNKNOWN(text=text))
    if scanned.refusal is not None:
        raise scanned.refusal
    recognised = scanned.recognised or Recognised(text, None, None, "none")
    if recognised.kind == "code":
        raise InvalidInput(recognised.refusal or text_.NOT_A_PARCEL, field="scan")
    if existing is None and found.by_number is not None:
        existing = session.get(Parcel, found.by_number)
        if existing.status != states.VOIDED:
            return _already(site, existing)
    codes_seen = [c for c in dict.fromkeys((recognised.tracking_number, recognised.text)) if c]
    site.check_gate(gate)

    prereg = found.prereg
    target = resolve_destination(session, site, destination) if destination and destination.strip() else None
    met, prereg_reason = prereg_outcome(prereg, target)
    if met is not None and met.problem is None:
        met = replace(met, phone=mask_phone(found.prereg_phone))
    category = category or (prereg.category if met and met.problem is None else None) or CategoryCode.express.value
    if category not in site.categories:
        raise InvalidInput(text_.NO_SUCH_CATEGORY(categories=Joined.of(site.categories), category=category),
                           field="category")

    zones = rules.zones_to_query(site, category, target)
    lock = None
    if sql.postgres and session.info.get("zone_locked_in") is not session.get_transaction():
        lock = zones[0]  # one zone per transaction, as station.sorting.service.occupancy does
        session.info["zone_locked_in"] = session.get_transaction()
    household = None
    if target is not None:
        household = sql.household(cursor, building=target.building, unit=target.unit, room=target.room,
                                  lock_zone=lock)
    elif lock is not None:
        sql.lock_zone(cursor, lock)
    occupied: dict[tuple[str, int], set[int]] = defaultdict(set)
    for zone, shelf, slot in sql.occupancy(cursor, zones):
        occupied[(zone, shelf)].add(slot)
    placement = rules.place(
        site, category=category, destination=target,
        care_flags=[flag for flag, on in zip(CARE_FLAGS, household[1:]) if on] if household else [],
        occupied=occupied, unresolved_reason=prereg_reason,
    )
    values = dict(
        tracking_number=recognised.tracking_number,
        carrier=recognised.carrier, category=category,
        building=target.building if target else None, unit=target.unit if target else None,
        room=target.room if target else None, household_id=household[0] if household else None,
        zone=placement.zone, shelf=placement.shelf, slot=placement.slot,
        pickup_code=placement.pickup_code, priority=placement.priority,
        unresolved_reason=placement.unresolved_reason, gate=gate, received_at=now, dwell_until=None,
    )
    details: dict[str, Any] = {
        "scan": recognised.text, "category": category,
        "destination": str(target) if target else None,
        "zone": placement.zone, "shelf": placement.shelf, "slot": placement.slot,
        "pickup_code": placement.pickup_code,
    }
    if placement.overflowed:
        details["overflow"] = True
    if placement.unresolved_reason:
        details["unresolved_reason"] = placement.unresolved_reason.to_json()
    if met is not None:
        details["preregistered"] = {"destination": met.destination, "confirmed": met.confirmed}
    if recognised.carrier:
        details["carrier"] = recognised.carrier
    elif recognised.candidates:
        details["carrier_candidates"] = list(recognised.candidates[:6])
    if recognised.note:
        details["recognition"] = recognised.note.to_json()
    if isinstance(note, Said):  # the station's own note (a courier hand-over), said to whoever reads the log
        details["note"] = note.to_json()
    elif note:
        details["note"] = note[:200]  # as the volunteer typed it
    moved = {}
    if existing is not None:  # an undone intake: its barcodes move over to the new parcel
        moved = {a.code: a for a in session.scalars(select(Alias).where(Alias.parcel_id == existing.id,
                                                                        Alias.code.in_(codes_seen)))}
    new_aliases = [(code, "tracking" if index == 0 else "scan") for index, code in enumerate(codes_seen)
                   if code not in moved]
    parcel = _insert(session, cursor, sql, values, new_aliases, actor=actor, gate=gate, now=now, details=details)
    for alias in moved.values():
        alias.parcel_id = parcel.id
    put = text_.PUT_IT_ON_OVERFLOW if placement.overflowed else text_.PUT_IT_ON
    message = put(zone=placement.zone, shelf=f"{placement.shelf:02d}", slot=f"{placement.slot:03d}")
    if placement.unresolved_reason:
        message = text_.UNRESOLVED_TOO(placed=message, reason=placement.unresolved_reason)
    return IntakeResult(parcel, False, message, met)


def _insert(session: Session, cursor, sql: statements.Statements, values: dict[str, Any],
            aliases: list[tuple[str, str]], *, actor: str, gate: str | None, now: datetime,
            details: dict[str, Any]) -> Parcel:
    """The parcel with its `received` event and barcodes, under a parcel code and a collection
    code no parcel ever had: drawn at random, and drawn again when the insert finds one taken
    (parcels are never deleted, so a code is never issued twice). The last attempt inserts
    without giving way, so a race the database settles (another gate taking the same slot in a
    shared overflow zone) ends in the error that retries the whole write."""
    for attempt in range(1, INSERT_ATTEMPTS + 1):
        row, event = first_event({**values, "code": codes.new_code(codes.PARCEL_PREFIX),
                                  "collection_code": codes.new_collection_code()},
                                 actor=actor, gate=gate, now=now, details=details)
        parcel_id = sql.insert(cursor, row, event, aliases, give_way=attempt < INSERT_ATTEMPTS)
        if parcel_id is not None:
            return as_loaded(session, Parcel, {**row, "id": parcel_id})
    raise AssertionError("unreachable: the last insert raises instead of giving way")


def _already(site: Site, parcel: Parcel) -> IntakeResult:
    label = parcel.tracking_number or parcel.code
    return IntakeResult(parcel, True, text_.ALREADY_HERE(label=label, where=where_it_is(site, parcel)))
