"""What the API says back after a claim, an outcome or a close (pure)."""

from __future__ import annotations

from station.runs.outcomes import DELIVERED, REASON_WORDS, CloseResult, OutcomeResult
from station.runs.scope import Scope
from station.runs.service import ClaimResult
from station.timefmt import hhmm


def claim_message(result: ClaimResult, scope: Scope, timezone: str) -> str:
    message = f"{len(result.parcels)} item(s) of {scope.describe()} are out with you: run {result.run.code}"
    if result.in_dwell:
        ready = f" (the first may leave at {hhmm(result.ready_at, timezone)})" if result.ready_at else ""
        message += (f"; {len(result.in_dwell)} still in disinfection dwell time stay on the shelf{ready}")
    return message


def outcome_message(result: OutcomeResult) -> str:
    parcel, item = result.parcel, result.item
    where = parcel.destination or parcel.code
    if item.outcome == DELIVERED:
        verified = f", verified by {item.verified_by.replace('_', ' ')}" if item.verified_by else ""
        text = f"delivered: {where} {parcel.code}{verified}"
    else:
        text = f"returned ({REASON_WORDS.get(item.reason or '', item.reason)}): {where} {parcel.code}"
    return text + (" (already recorded)" if result.replayed else "")


def close_message(result: CloseResult) -> str:
    if not result.shelved:
        return f"run {result.run.code} is closed: every item was delivered"
    codes = ", ".join(f"{p.code} -> {p.pickup_code}" for p in result.shelved)
    return f"run {result.run.code} is closed; put the returned items on their shelves: {codes}"
