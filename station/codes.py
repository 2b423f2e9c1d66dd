"""Our own printed codes: short, unambiguous when read aloud, scannable as Code128."""

from __future__ import annotations

import hmac
import secrets

CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
PARCEL_PREFIX, RUN_PREFIX, HOUSEHOLD_PREFIX = "P", "R", "H"


def _random(length: int) -> str:
    """`length` characters drawn uniformly from CROCKFORD (32 divides 256): one call to the
    system's random source, where secrets.choice made one per character (drawn at every intake)."""
    return "".join(CROCKFORD[byte % 32] for byte in secrets.token_bytes(length))


def new_code(prefix: str, length: int = 8) -> str:
    return prefix + _random(length)


def is_code(text: str, prefix: str, length: int = 8) -> bool:
    return (len(text) == length + len(prefix) and text.startswith(prefix)
            and all(c in CROCKFORD for c in text[len(prefix):]))


# A resident's collection code: read aloud and typed at the gate, so short, with no letter that
# reads as a digit; what a person types for one of those (O, I, L) is read as the digit.
COLLECTION_LENGTH = 6
_READ_AS = str.maketrans({"O": "0", "I": "1", "L": "1"})


def new_collection_code() -> str:
    return _random(COLLECTION_LENGTH)


def collection_code_of(text: str | None) -> str | None:
    """The collection code a person typed (any case, spaces or a hyphen), or None if it is not one."""
    compact = "".join((text or "").split()).replace("-", "").upper().translate(_READ_AS)
    if len(compact) == COLLECTION_LENGTH and all(c in CROCKFORD for c in compact):
        return compact
    return None


def same_secret(given: str, expected: str) -> bool:
    """Compared in constant time, whatever characters were typed (hmac refuses non-ASCII text)."""
    return hmac.compare_digest(given.encode(), expected.encode())
