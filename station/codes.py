"""Our own printed codes: short, unambiguous when read aloud, scannable as Code128."""

from __future__ import annotations

import secrets

CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
PARCEL_PREFIX, RUN_PREFIX, HOUSEHOLD_PREFIX = "P", "R", "H"


def new_code(prefix: str, length: int = 8) -> str:
    return prefix + "".join(secrets.choice(CROCKFORD) for _ in range(length))


def is_code(text: str, prefix: str, length: int = 8) -> bool:
    return (len(text) == length + len(prefix) and text.startswith(prefix)
            and all(c in CROCKFORD for c in text[len(prefix):]))
