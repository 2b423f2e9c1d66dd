"""Check-digit rules named in carriers.json. Each takes the serial digits and the check character."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

ALNUM36 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _value(char: str) -> int:
    # Letters in UPS-style serials count as (code point - 3) mod 10, as the carriers define it.
    return int(char) if char.isdigit() else (ord(char) - 3) % 10


def mod10(serial: str, check: str, *, evens_multiplier: int = 1, odds_multiplier: int = 1,
          reverse: bool = False, **_: Any) -> bool:
    """Weighted digit sum: positions counted from 0, even and odd places weighted apart."""
    chars = serial[::-1] if reverse else serial
    total = 0
    for index, char in enumerate(chars):
        total += _value(char) * (odds_multiplier if index % 2 else evens_multiplier)
    expected = (10 - total % 10) % 10
    return check == str(expected)


def mod7(serial: str, check: str, **_: Any) -> bool:
    return check.isdigit() and int(serial) % 7 == int(check)


def s10(serial: str, check: str, *, weights: tuple[int, ...] = (8, 6, 4, 2, 3, 5, 9, 7),
        **_: Any) -> bool:
    """UPU S10: weighted sum mod 11; a remainder of 0 gives 5 and of 1 gives 0."""
    remainder = sum(int(c) * w for c, w in zip(serial, weights, strict=True)) % 11
    expected = {0: 5, 1: 0}.get(remainder, 11 - remainder)
    return check == str(expected)


def weighted(serial: str, check: str, *, weights: tuple[int, ...], modulo1: int, modulo2: int,
             **_: Any) -> bool:
    """Sum of digit times weight, reduced by two moduli (FedEx)."""
    if len(serial) != len(weights):
        return False
    total = sum(int(c) * w for c, w in zip(serial, weights, strict=True))
    return check == str(total % modulo1 % modulo2)


def luhn(serial: str, check: str, **_: Any) -> bool:
    digits = [int(c) for c in serial + check]
    total = 0
    for index, digit in enumerate(reversed(digits)):
        if index % 2:
            digit *= 2
            digit -= 9 if digit > 9 else 0
        total += digit
    return total % 10 == 0


def mod37_36(serial: str, check: str, **_: Any) -> bool:
    """ISO 7064 MOD 37,36 over digits and letters (DPD)."""
    modulus = 36
    value = modulus
    for char in serial:
        value += ALNUM36.index(char)
        if value > modulus:
            value -= modulus
        value *= 2
        if value > modulus:
            value -= modulus + 1
    value = modulus + 1 - value
    if value == modulus:
        value = 0
    return check == ALNUM36[value]


RULES: Mapping[str, Callable[..., bool]] = {
    "mod10": mod10, "mod7": mod7, "s10": s10, "weighted": weighted, "luhn": luhn,
    "mod37_36": mod37_36,
}


def passes(rule: Mapping[str, Any], serial: str, check: str) -> bool:
    """Whether `check` is the check character of `serial` under `rule` ({"name": ..., params})."""
    params = {k: tuple(v) if isinstance(v, list) else v for k, v in rule.items() if k != "name"}
    try:
        return RULES[rule["name"]](serial, check, **params)
    except (ValueError, IndexError):
        return False
