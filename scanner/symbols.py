"""What a decoder found: the symbol's format, text, position and which decoder read it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

CODE128 = "CODE128"
CODE39 = "CODE39"
ITF = "ITF"
EAN13 = "EAN13"
EAN8 = "EAN8"
UPCA = "UPCA"
QR = "QR"
DATAMATRIX = "DATAMATRIX"
PDF417 = "PDF417"

# The symbologies parcels carry. UPC-E, Codabar, Code 93, Aztec, ... are left out on purpose:
# on the real photo set zxing-cpp's only wrong EAN result was a UPC-E misread, and every extra
# format costs time on each camera frame.
PARCEL_FORMATS: frozenset[str] = frozenset(
    {CODE128, CODE39, ITF, EAN13, EAN8, UPCA, QR, DATAMATRIX, PDF417}
)
LINEAR_FORMATS: frozenset[str] = frozenset({CODE128, CODE39, ITF, EAN13, EAN8, UPCA})

Point = tuple[int, int]


@dataclass(frozen=True, slots=True)
class Symbol:
    """One decoded barcode.

    `position` holds the corners of the symbol in the pixel coordinates of the image that was
    passed in (top-left, top-right, bottom-right, bottom-left when the decoder knows them; a
    decoder that only knows a rectangle gives its four corners).
    """

    format: str
    text: str
    position: tuple[Point, ...]
    decoder: str

    @property
    def bbox(self) -> tuple[int, int, int, int]:
        """Bounding box as (x, y, width, height)."""
        if not self.position:
            return (0, 0, 0, 0)
        xs = [p[0] for p in self.position]
        ys = [p[1] for p in self.position]
        return (min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys))

    def to_dict(self, *, position: bool = False) -> dict[str, Any]:
        """JSON-ready form; the position only when asked for."""
        out: dict[str, Any] = {"format": self.format, "text": self.text, "decoder": self.decoder}
        if position:
            out["position"] = [list(p) for p in self.position]
        return out


def normalise_ean(fmt: str, text: str) -> tuple[str, str]:
    """Report a UPC-A the same way whichever decoder read it.

    zbar and zxing-cpp (when not told UPC-A apart) return a UPC-A as a 13-digit EAN-13 with a
    leading zero; OpenCV returns 12 digits. One spelling keeps de-duplication and comparisons
    simple: UPCA with 12 digits.
    """
    if fmt == EAN13 and len(text) == 13 and text.startswith("0"):
        return UPCA, text[1:]
    return fmt, text


def same_text(fmt_a: str, text_a: str, fmt_b: str, text_b: str) -> bool:
    """True when two (format, text) pairs name the same content (UPC-A == EAN-13 '0' + UPC-A)."""
    return normalise_ean(fmt_a, text_a)[1] == normalise_ean(fmt_b, text_b)[1]
