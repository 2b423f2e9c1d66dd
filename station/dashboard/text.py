"""Names of event types, risk levels and event details, and times, as the pages show them."""

from __future__ import annotations

from datetime import datetime

from station.custody.states import VerificationMethod
from station.custody.text import RETURN_REASONS
from station.timefmt import local
from station.web.i18n import gettext

EVENTS = {
    "received": "received at the gate", "disinfected": "disinfected", "shelved": "put on its shelf",
    "moved": "moved", "out_for_delivery": "handed to a runner", "delivered": "delivered to the door",
    "returned": "brought back to the gate", "picked_up": "picked up at the gate",
    "problem": "problem reported", "resolved": "problem resolved", "note": "note added",
    "voided": "intake undone",
    "outcome_undone": "outcome at the door undone",
}
LEVELS = {
    "overnight": "stayed overnight", "missed": "missed its last window",
    "closing": "last window closes soon",
}
DETAILS = {
    "scan": "scan", "category": "type", "destination": "destination", "zone": "zone",
    "shelf": "shelf", "slot": "slot", "pickup_code": "pickup code", "method": "method",
    "dwell_minutes": "dwell minutes", "dwell_until": "dwell until", "from": "from", "to": "to",
    "run": "run", "verification": "verification", "reason": "reason", "note": "note",
    "collected_by": "collected by", "alias": "barcode", "overflow": "overflow",
    "unresolved_reason": "why unresolved", "preregistered": "pre-registered", "carrier": "carrier",
    "carrier_candidates": "possible carriers", "recognition": "recognised as", "seen_on": "seen on",
    "undoes": "undoes",
}
VERIFICATIONS = {
    VerificationMethod.pickup_code: "pickup code shown",
    VerificationMethod.phone_tail: "room and phone tail",
    VerificationMethod.name_check: "name checked",
    VerificationMethod.household_code: "household card",
}
REASONS = RETURN_REASONS
# Details whose values are codes with names of their own; the rest are shown as recorded.
NAMED_VALUES = {"verification": VERIFICATIONS, "reason": REASONS}


def event(code: str) -> str:
    return gettext(EVENTS.get(code, code))


def level(code: str) -> str:
    return gettext(LEVELS.get(code, code))


def detail(key: str) -> str:
    return gettext(DETAILS.get(key, key))


def value(key: str, text: str) -> str:
    """A detail's value in words where it is a known code (nobody_home, phone_tail), else as is."""
    names = NAMED_VALUES.get(key, {})
    return gettext(names[text]) if text in names else text


def stamp(at: datetime | None, timezone: str) -> str:
    """2026-11-27 09:12:05 on the site's clock: the audit trail needs the date and seconds."""
    return local(at, timezone).strftime("%Y-%m-%d %H:%M:%S") if at else ""
