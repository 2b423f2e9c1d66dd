"""Barcode symbols as module patterns, and their placement in whole printer dots.

python-barcode and zxing-cpp only encode here; we draw the modules ourselves because a module
that is 2.37 dots wide prints as bars of 2 and 3 dots, which scanners misread at 203 dpi.
"""

from __future__ import annotations

from dataclasses import dataclass

import barcode
import numpy
import zxingcpp

from labels.model import LabelError

CODE128_QUIET = 10  # modules of white each side, as the standard asks
QR_QUIET = 4

Rect = tuple[int, int, int, int]  # x, y, w, h in dots


def code128_modules(data: str) -> str:
    """The Code 128 pattern of `data` ("1" = bar), start, check and stop included."""
    try:
        return "".join(barcode.get("code128", data).build())
    except Exception as exc:  # python-barcode raises its own types and ValueError
        raise LabelError(f"cannot encode {data!r} as Code 128: {exc}") from None


def qr_matrix(data: str) -> tuple[tuple[bool, ...], ...]:
    """The QR modules of `data` (True = dark) without the quiet zone, error correction M.

    zxing-cpp's encoder rather than the qrcode package: it picks the same kind of symbol
    (smallest version, best mask) about 50 times faster, which a 1,000-label sheet notices.
    """
    symbol = zxingcpp.create_barcode(data, zxingcpp.BarcodeFormat.QRCode, ec_level="M")
    pixels = numpy.asarray(symbol.to_image(scale=1, add_quiet_zones=False))
    return tuple(tuple(bool(v == 0) for v in row) for row in pixels)


@dataclass(frozen=True)
class Placed:
    """A symbol placed in a box: where its first module starts and how big a module is."""

    x: int
    y: int
    module: int  # dots
    width: int  # dots, quiet zones excluded
    height: int
    rects: tuple[Rect, ...]


def place_code128(data: str, x: int, y: int, w: int, h: int, *, min_module: int = 1) -> Placed:
    """Bars centred in the box, every bar a whole number of dots, quiet zones inside the box."""
    modules = code128_modules(data)
    module = w // (len(modules) + 2 * CODE128_QUIET)
    if module < min_module:
        raise LabelError(f"code {data!r} needs {len(modules) + 2 * CODE128_QUIET} modules of at "
                         f"least {min_module} dot(s); the box is only {w} dots wide")
    width = module * len(modules)
    left = x + (w - width) // 2
    rects = []
    start = None
    for i, bit in enumerate(modules + "0"):
        if bit == "1" and start is None:
            start = i
        elif bit == "0" and start is not None:
            rects.append((left + start * module, y, (i - start) * module, h))
            start = None
    return Placed(left, y, module, width, h, tuple(rects))


def place_qr(data: str, x: int, y: int, w: int, h: int, *, min_module: int = 1) -> Placed:
    """The QR centred in the box with whole-dot modules; dark runs of a row merged."""
    matrix = qr_matrix(data)
    n = len(matrix)
    module = min(w, h) // (n + 2 * QR_QUIET)
    if module < min_module:
        raise LabelError(f"QR of {data!r} needs {n + 2 * QR_QUIET} modules of at least "
                         f"{min_module} dot(s); the box is only {min(w, h)} dots")
    side = module * n
    left, top = x + (w - side) // 2, y + (h - side) // 2
    rects = []
    for r, row in enumerate(matrix):
        start = None
        for c, dark in enumerate((*row, False)):
            if dark and start is None:
                start = c
            elif not dark and start is not None:
                rects.append((left + start * module, top + r * module, (c - start) * module, module))
                start = None
    return Placed(left, top, module, side, side, tuple(rects))
