"""The hash chain over a parcel's events (pure): each event's hash covers the one before it."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

GENESIS = "0" * 64


def canonical_time(at: datetime) -> str:
    return at.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def event_hash(*, prev_hash: str, parcel_code: str, seq: int, event_type: str, actor: str,
               gate: str | None, at: datetime, details: Mapping[str, Any]) -> str:
    body = json.dumps(
        [prev_hash, parcel_code, seq, event_type, actor, gate or "", canonical_time(at), details],
        ensure_ascii=False, sort_keys=True, separators=(",", ":"),
    )
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def first_broken(parcel_code: str, events: Iterable[Mapping[str, Any]]) -> tuple[int, str] | None:
    """(seq, reason) of the first event that breaks the chain, or None when it verifies."""
    prev = GENESIS
    expected_seq = 1
    for event in events:
        if event["seq"] != expected_seq:
            return event["seq"], f"sequence jumps from {expected_seq - 1} to {event['seq']}"
        if event["prev_hash"] != prev:
            return event["seq"], "does not point to the event before it"
        digest = event_hash(
            prev_hash=prev, parcel_code=parcel_code, seq=event["seq"], event_type=event["type"],
            actor=event["actor"], gate=event["gate"], at=event["at"], details=event["details"],
        )
        if digest != event["hash"]:
            return event["seq"], "its content does not match its hash (edited after it was written)"
        prev = digest
        expected_seq += 1
    return None
