"""What one scan at the gate is, before any lookup (pure): our codes first, then the rest."""

from __future__ import annotations

import re
from dataclasses import dataclass

from station import codes

SHELF = re.compile(r"^SH-([A-Z][A-Z0-9]{0,5})-(\d{2})$")
PICKUP = re.compile(r"^([A-Z][A-Z0-9]{0,5})-(\d{2})-(\d{3})$")
FAST_DESTINATION = re.compile(r"^\d{1,4}[A-Z]?-\d{1,2}-\d{3,4}$")


@dataclass(frozen=True)
class ScanKind:
    kind: str  # parcel | shelf | pickup | run | household | destination | other
    text: str


def classify(text: str) -> ScanKind:
    if codes.is_code(text, codes.PARCEL_PREFIX):
        return ScanKind("parcel", text)
    if codes.is_code(text, codes.RUN_PREFIX):
        return ScanKind("run", text)
    if codes.is_code(text, codes.HOUSEHOLD_PREFIX):
        return ScanKind("household", text)
    if SHELF.match(text):
        return ScanKind("shelf", text)
    if PICKUP.match(text):
        return ScanKind("pickup", text)
    if FAST_DESTINATION.match(text):
        return ScanKind("destination", text)
    return ScanKind("other", text)
