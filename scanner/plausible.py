"""Is a decoded text one the symbology could carry? Screens results of decoders that misread.

zbar returns wrong texts on blurred or partly hidden linear codes; OpenCV reads a Code 128 as an
EAN. A check digit, a character set and a minimum length catch part of these; the chain's
second-sighting rule catches more.
"""

from __future__ import annotations

from scanner.symbols import CODE39, CODE128, EAN8, EAN13, ITF, PDF417, QR, UPCA

_CODE39_CHARS = frozenset("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-. $/+%")
# Printable ASCII plus the GS1 group separator (FNC1 as it comes out of the decoders).
_CODE128_CHARS = frozenset(chr(c) for c in range(0x20, 0x7F)) | {"\x1d"}
_MIN_LENGTH = {CODE128: 4, CODE39: 3, ITF: 6}


def gtin_check_ok(digits: str) -> bool:
    """The GS1 mod-10 check digit of EAN-8, UPC-A, EAN-13 and ITF-14."""
    if not digits.isascii() or not digits.isdigit() or len(digits) < 2:
        return False
    body, check = digits[:-1], int(digits[-1])
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    return (10 - total % 10) % 10 == check


def plausible(fmt: str, text: str) -> bool:
    """True when `text` is something a `fmt` symbol could encode."""
    if not text or "\ufffd" in text:
        return False
    if len(text) < _MIN_LENGTH.get(fmt, 1):
        return False
    if fmt in (EAN13, EAN8, UPCA):
        return len(text) == {EAN13: 13, EAN8: 8, UPCA: 12}[fmt] and gtin_check_ok(text)
    if fmt == ITF:
        return text.isascii() and text.isdigit() and len(text) % 2 == 0
    if fmt == CODE128:
        return all(c in _CODE128_CHARS for c in text)
    if fmt == CODE39:
        return all(c in _CODE39_CHARS for c in text)
    if fmt in (QR, PDF417):
        return True
    return True
