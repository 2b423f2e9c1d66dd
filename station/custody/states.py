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
    """How the one who took an item showed it was theirs, kept in the hand-off's custody event."""

    pickup_code = "pickup_code"
    phone_tail = "phone_tail"
    name_check = "name_check"
    household_code = "household_code"


# What a runner or the gate checks against the record; a name check rests on the volunteer's word.
CHECKED_METHODS = (VerificationMethod.pickup_code, VerificationMethod.phone_tail,
                   VerificationMethod.household_code)


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


@dataclass(frozen=True)
class Folded:
    """The result of folding a parcel's events."""

    status: str
    before_problem: str | None = None


def next_status(state: Folded, event_type: str) -> Folded:
    """Apply one event to a folded state, or raise InvalidTransition."""
    if event_type == RECEIVED:
        raise InvalidTransition("this item was already received")
    if event_type == RESOLVED:
        if state.status != PROBLEM:
            raise InvalidTransition(f"there is no open problem: the item is {WORDS[state.status]}")
        return Folded(state.before_problem or RECEIVED)
    if event_type not in TRANSITIONS:
        raise InvalidTransition(f"unknown event type {event_type!r}")
    allowed, target = TRANSITIONS[event_type]
    if state.status not in allowed:
        advice = ADVICE.get((state.status, event_type))
        message = f"cannot record {event_type.replace('_', ' ')}: the item is {WORDS[state.status]}"
        raise InvalidTransition(message + (f"; {advice}" if advice else ""))
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
                raise InvalidTransition(f"the first event must be received, not {event_type}")
            state = Folded(RECEIVED)
        else:
            state = next_status(state, event_type)
    if state is None:
        raise InvalidTransition("no events")
    return state


def needs_verification(category: str) -> bool:
    """Medicine and valuables reach their household only against a recorded verification."""
    return category in VERIFIED_CATEGORIES


def check_release(*, event_type: str, now: datetime, dwell_until: datetime | None,
                  category: str, verification: dict | None, parcel: str | None = None) -> None:
    """Rules for an item leaving the shelf or reaching its household.

    Nothing leaves before its disinfection dwell time has passed; medicine and valuables
    need a recorded verification at hand-off. `parcel` (its code) is named in the refusal.
    """
    if event_type in (OUT_FOR_DELIVERY, PICKED_UP) and dwell_until is not None and now < dwell_until:
        minutes = int((dwell_until - now).total_seconds() // 60) + 1
        raise InvalidTransition(
            f"still in disinfection dwell time until {dwell_until:%H:%M} UTC "
            f"(about {minutes} min more); it may not leave the shelf yet"
        )
    if event_type in (DELIVERED, PICKED_UP) and needs_verification(category) and not verification:
        raise InvalidTransition(
            f"{category} needs a verified hand-off: pickup code, room + phone tail, or a name check",
            needs_verification=True, parcel=parcel)


def verify_handoff(*, method: str, presented: str, pickup_code: str | None,
                   phone: str | None, household_code: str | None) -> dict:
    """Check what the recipient presented; return the record to keep (never the full phone)."""
    presented = (presented or "").strip().upper()
    if method not in tuple(VerificationMethod):
        raise InvalidTransition("verification must be one of " + ", ".join(VerificationMethod))
    if method == VerificationMethod.pickup_code:
        ok = bool(pickup_code) and presented == pickup_code.upper()
    elif method == VerificationMethod.phone_tail:
        ok = bool(phone) and len(presented) == 4 and presented.isdigit() and phone.endswith(presented)
    elif method == VerificationMethod.household_code:
        ok = bool(household_code) and presented == household_code.upper()
    else:
        ok = len(presented) >= 1
    if not ok:
        raise InvalidTransition(f"verification by {method.replace('_', ' ')} failed: what was presented does not match")
    return {"method": method}
