"""The custody state machine (pure): which event may follow which status, the fold, and the codes
its hand-off and return events keep (verification methods, return reasons).

received -> disinfected -> shelved -> out_for_delivery -> delivered
                                  \\-> picked_up (self pickup at the gate)
out_for_delivery -> returned (nobody home) -> shelved again; any -> problem -> resolved.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from station import codes
from station.catalogue import Word, at
from station.catalogue import custody as text
from station.errors import InvalidTransition
from station.site.model import CategoryCode

RECEIVED = "received"
DISINFECTED = "disinfected"
SHELVED = "shelved"
MOVED = "moved"
OUT_FOR_DELIVERY = "out_for_delivery"
DELIVERED = "delivered"
RETURNED = "returned"
PICKED_UP = "picked_up"
PROBLEM = "problem"
RESOLVED = "resolved"
NOTE = "note"  # an annotation (alias attached, correction): never changes status
VOIDED = "voided"  # an intake undone at the gate: recorded, never deleted
OUTCOME_UNDONE = "outcome_undone"  # a runner's mis-tapped outcome taken back: out with them again

EVENT_TYPES = (RECEIVED, DISINFECTED, SHELVED, MOVED, OUT_FOR_DELIVERY, DELIVERED,
               RETURNED, PICKED_UP, PROBLEM, RESOLVED, NOTE, VOIDED, OUTCOME_UNDONE)
STATUSES = (RECEIVED, DISINFECTED, SHELVED, OUT_FOR_DELIVERY, DELIVERED, RETURNED,
            PICKED_UP, PROBLEM, VOIDED)
FINAL = frozenset({DELIVERED, PICKED_UP, VOIDED})
ON_SHELF = frozenset({RECEIVED, DISINFECTED, SHELVED, RETURNED, PROBLEM})
VERIFIED_CATEGORIES = frozenset({CategoryCode.medicine, CategoryCode.valuable})


class VerificationMethod(StrEnum):
    """How the one who took an item showed it was theirs, kept in the hand-off's custody event.

    Only the collection code and the household card release an item today; the other three
    name how earlier hand-offs were verified, when the shelf position, a phone tail alone or a
    name check was taken as proof, and stay so those events still read.
    """

    collection_code = "collection_code"
    household_code = "household_code"
    pickup_code = "pickup_code"
    phone_tail = "phone_tail"
    name_check = "name_check"


# What the gate or a runner accepts: a code only the household was shown, or its card.
CHECKED_METHODS = (VerificationMethod.collection_code, VerificationMethod.household_code)

SHOW_A_CODE = text.SHOW_A_CODE
CODE_MISMATCH = text.CODE_MISMATCH
TAIL_NEEDED = text.TAIL_NEEDED
TAIL_MISMATCH = text.TAIL_MISMATCH


class ReturnReason(StrEnum):
    """Why an item came back to the gate from the door, kept in the return's custody event."""

    nobody_home = "nobody_home"
    refused = "refused"
    wrong_address = "wrong_address"
    other = "other"


def one_of(codes: Iterable[str]) -> str:
    """'a, b or c': the codes an input may take, for a message that names them."""
    *first, last = codes
    return f"{', '.join(first)} or {last}" if first else last


# event type -> (statuses it may follow, status it leads to; None keeps the status)
TRANSITIONS: dict[str, tuple[frozenset[str], str | None]] = {
    DISINFECTED: (frozenset({RECEIVED}), DISINFECTED),
    SHELVED: (frozenset({DISINFECTED, RETURNED}), SHELVED),
    MOVED: (frozenset({RECEIVED, DISINFECTED, SHELVED, RETURNED}), None),
    OUT_FOR_DELIVERY: (frozenset({SHELVED}), OUT_FOR_DELIVERY),
    DELIVERED: (frozenset({OUT_FOR_DELIVERY}), DELIVERED),
    RETURNED: (frozenset({OUT_FOR_DELIVERY}), RETURNED),
    PICKED_UP: (frozenset({SHELVED}), PICKED_UP),
    PROBLEM: (frozenset(set(STATUSES) - {PROBLEM, VOIDED}), PROBLEM),
    NOTE: (frozenset(STATUSES), None),
    VOIDED: (frozenset({RECEIVED, DISINFECTED, SHELVED}), VOIDED),
    OUTCOME_UNDONE: (frozenset({DELIVERED, RETURNED}), OUT_FOR_DELIVERY),
}

WORDS = {
    RECEIVED: "received at the gate",
    DISINFECTED: "disinfected",
    SHELVED: "on its shelf",
    OUT_FOR_DELIVERY: "out with a runner",
    DELIVERED: "delivered",
    RETURNED: "returned to the gate",
    PICKED_UP: "picked up",
    PROBLEM: "marked as a problem",
    VOIDED: "undone at the gate",
}

ADVICE = {
    (RECEIVED, OUT_FOR_DELIVERY): "disinfect it first, then shelve it",
    (RECEIVED, PICKED_UP): "disinfect it first, then shelve it",
    (DISINFECTED, OUT_FOR_DELIVERY): "shelve it first",
    (DISINFECTED, PICKED_UP): "shelve it first",
    (RECEIVED, SHELVED): "it has not been disinfected yet",
    (RETURNED, OUT_FOR_DELIVERY): "shelve it again first",
}


def status_word(status: str) -> Word:
    """A status as a parameter of a message: its words, translated where shown."""
    return Word(WORDS.get(status, status))


@dataclass(frozen=True)
class Folded:
    """The result of folding a parcel's events."""

    status: str
    before_problem: str | None = None


def next_status(state: Folded, event_type: str) -> Folded:
    """Apply one event to a folded state, or raise InvalidTransition."""
    if event_type == RECEIVED:
        raise InvalidTransition(text.ALREADY_RECEIVED)
    if event_type == RESOLVED:
        if state.status != PROBLEM:
            raise InvalidTransition(text.NO_OPEN_PROBLEM(status=status_word(state.status)))
        return Folded(state.before_problem or RECEIVED)
    if event_type not in TRANSITIONS:
        raise InvalidTransition(text.UNKNOWN_EVENT(event=event_type))
    allowed, target = TRANSITIONS[event_type]
    if state.status not in allowed:
        advice = ADVICE.get((state.status, event_type))
        event = Word(event_type.replace("_", " "))
        if advice:
            raise InvalidTransition(text.NOT_NOW_ADVICE(event=event, status=status_word(state.status),
                                                        advice=Word(advice)))
        raise InvalidTransition(text.NOT_NOW(event=event, status=status_word(state.status)))
    if target is None:
        return state
    if target == PROBLEM:
        return Folded(PROBLEM, state.status)
    return Folded(target)


def fold(event_types: Iterable[str]) -> Folded:
    """Rebuild a status from the event types in order; the first must be `received`."""
    state: Folded | None = None
    for event_type in event_types:
        if state is None:
            if event_type != RECEIVED:
                raise InvalidTransition(text.FIRST_EVENT(event=event_type))
            state = Folded(RECEIVED)
        else:
            state = next_status(state, event_type)
    if state is None:
        raise InvalidTransition(text.NO_EVENTS)
    return state


def needs_verification(category: str) -> bool:
    """Medicine and valuables reach their household only against a recorded verification."""
    return category in VERIFIED_CATEGORIES


def check_release(*, event_type: str, now: datetime, dwell_until: datetime | None,
                  category: str, verification: dict | None, parcel: str | None = None,
                  timezone: str = "UTC") -> None:
    """Rules for an item leaving the shelf or reaching its household.

    Nothing leaves before its disinfection dwell time has passed; medicine and valuables
    need a recorded verification at hand-off. `parcel` (its code) is named in the refusal, and the
    dwell's end is said in the site's `timezone`.
    """
    if event_type in (OUT_FOR_DELIVERY, PICKED_UP) and dwell_until is not None and now < dwell_until:
        minutes = int((dwell_until - now).total_seconds() // 60) + 1
        raise InvalidTransition(text.IN_DWELL(time=at(dwell_until, timezone), minutes=minutes))
    if event_type in (DELIVERED, PICKED_UP) and needs_verification(category) and not verification:
        raise InvalidTransition(text.NEEDS_VERIFICATION(category=Word(category)),
                                needs_verification=True, parcel=parcel)


def verify_handoff(*, method: str, presented: str, category: str, collection_code: str | None,
                   household_code: str | None, phone: str | None, phone_tail: str | None = None) -> dict:
    """What releases an item, at the gate or at the door: the item's collection code or its
    household's card, and for medicine and valuables also the last four digits of the household's
    phone (when the roster has one). The shelf position (`pickup_code`) proves nothing: it is
    printed on the label and reused by the next item on the slot.

    Returns the record the hand-off event keeps: how it was verified, never a code or a phone.
    """
    if method == VerificationMethod.collection_code:
        expected, given = collection_code, codes.collection_code_of(presented)
    elif method == VerificationMethod.household_code:
        expected, given = (household_code or "").upper(), (presented or "").strip().upper()
    else:
        raise InvalidTransition(SHOW_A_CODE)
    if not (expected and given and codes.same_secret(given, expected)):
        raise InvalidTransition(CODE_MISMATCH)
    record = {"method": method}
    if needs_verification(category) and phone and len(phone) >= 4:
        tail = (phone_tail or "").strip()
        if not tail:
            raise InvalidTransition(TAIL_NEEDED, needs_phone_tail=True)
        if not (len(tail) == 4 and tail.isdigit() and codes.same_secret(tail, phone[-4:])):
            raise InvalidTransition(TAIL_MISMATCH, needs_phone_tail=True)
        record["phone_tail"] = "checked"
    return record
