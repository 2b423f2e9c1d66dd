"""Label layouts as data, and the text-fitting rule every renderer shares. Pure: no I/O.

A layout places fields in boxes on a grid laid over the printable area of one label size.
Boxes are in grid units, so they are relative to the label: the same layout serves 203 and
300 dpi, and a new size is a new table here, not new drawing code.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal, Protocol

from labels.model import LabelError

MM_PER_INCH = 25.4
POINTS_PER_INCH = 72


@dataclass(frozen=True)
class LabelSize:
    key: str
    width_mm: float
    height_mm: float  # for continuous media: the length this layout cuts
    continuous: bool = False

    @property
    def media(self) -> str:
        """The CUPS media name for `lp -o media=...`."""
        return f"Custom.{self.width_mm:g}x{self.height_mm:g}mm"

    @property
    def points(self) -> tuple[float, float]:
        return mm_to_points(self.width_mm), mm_to_points(self.height_mm)

    def dots(self, dpi: int) -> tuple[int, int]:
        # Round down: a dot past the edge of the label is not printed.
        return mm_to_dots(self.width_mm, dpi), mm_to_dots(self.height_mm, dpi)


def mm_to_points(mm: float) -> float:
    return mm * POINTS_PER_INCH / MM_PER_INCH


def mm_to_dots(mm: float, dpi: int) -> int:
    return math.floor(mm * dpi / MM_PER_INCH + 1e-9)


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    w: float
    h: float


FieldKind = Literal["text", "category", "care", "code128", "qr"]
Align = Literal["left", "center", "right"]


@dataclass(frozen=True)
class Field:
    """`source` names the text a field shows (see compose.label_texts) or the code it encodes."""

    source: str
    box: Box
    kind: FieldKind = "text"
    align: Align = "left"
    bold: bool = False
    max_lines: int = 1


@dataclass(frozen=True)
class Layout:
    size: LabelSize
    grid: tuple[float, float]  # grid units across and down the printable area
    margin_mm: float
    fields: tuple[Field, ...]


def _f(source: str, x: float, y: float, w: float, h: float, kind: FieldKind = "text",
       **options: object) -> Field:
    return Field(source, Box(x, y, w, h), kind, **options)  # type: ignore[arg-type]


# Grid units are millimetres of the printable area, which keeps the tables easy to check
# against a ruler; renderers only ever see them as fractions of the grid.
LAYOUTS: dict[str, Layout] = {
    "60x40": Layout(LabelSize("60x40", 60, 40), grid=(56, 36), margin_mm=2, fields=(
        _f("building", 0, 0, 21, 12, bold=True, max_lines=2),
        _f("unit_room", 21.5, 0, 17, 12, align="center", bold=True),
        _f("category", 39, 0, 17, 12, "category"),
        _f("pickup_code", 0, 12.5, 40, 6, bold=True),
        _f("care", 0, 19, 40, 4.5, "care"),
        _f("destination", 0, 24, 40, 3),
        _f("parcel_code", 0, 27.5, 40, 6, "code128"),
        _f("parcel_code", 0, 33.6, 40, 2.4, align="center"),
        _f("parcel_code", 41, 12.5, 15, 15, "qr"),
        _f("received_short", 41, 28.5, 15, 7.5, align="center", max_lines=2),
    )),
    "100x150": Layout(LabelSize("100x150", 100, 150), grid=(94, 144), margin_mm=3, fields=(
        _f("building", 0, 0, 58, 38, bold=True, max_lines=2),
        _f("unit_room_long", 60, 0, 34, 20, align="center", bold=True, max_lines=2),
        _f("category", 60, 21, 34, 17, "category"),
        _f("pickup_code", 0, 40, 94, 18, bold=True),
        _f("care", 0, 60, 94, 11, "care"),
        _f("destination", 0, 73, 94, 14, max_lines=2),
        _f("parcel_code", 0, 89, 94, 23, "code128"),
        _f("parcel_code", 0, 113, 94, 5.5, align="center"),
        _f("parcel_code", 0, 120, 24, 24, "qr"),
        _f("received", 27, 121, 67, 9),
        _f("grid", 27, 133, 67, 9),
    )),
    "62": Layout(LabelSize("62", 62, 80, continuous=True), grid=(58, 76), margin_mm=2, fields=(
        _f("building", 0, 0, 34, 22, bold=True, max_lines=2),
        _f("unit_room", 35, 0, 23, 11, align="center", bold=True),
        _f("category", 35, 12, 23, 10, "category"),
        _f("pickup_code", 0, 23, 58, 10, bold=True),
        _f("care", 0, 34, 58, 6.5, "care"),
        _f("destination", 0, 41.5, 58, 6, max_lines=2),
        _f("parcel_code", 0, 48.5, 58, 10, "code128"),
        _f("parcel_code", 0, 58.8, 58, 3.2, align="center"),
        _f("parcel_code", 0, 62.5, 14, 13.5, "qr"),
        _f("received", 16, 63, 42, 6),
        _f("grid", 16, 70, 42, 6),
    )),
}

# Shelf signs: two per A4 sheet (each an A5 landscape half), read from across the gate area.
SIGN_LAYOUT = Layout(LabelSize("sign", 210, 148.5), grid=(190, 128.5), margin_mm=10, fields=(
    _f("zone_name", 0, 0, 120, 30, bold=True),
    _f("category", 126, 0, 64, 30, "category"),
    _f("short_code", 0, 33, 190, 52, align="center", bold=True),
    _f("caption", 0, 87, 190, 9, align="center"),
    _f("shelf_code", 0, 99, 136, 23, "code128"),
    _f("shelf_code", 0, 122.5, 136, 6, align="center"),
    _f("shelf_code", 142, 99, 48, 29.5, "qr"),
))

SIZES: dict[str, LabelSize] = {key: layout.size for key, layout in LAYOUTS.items()}
_ALIASES = {"4x6": "100x150", "62mm": "62", "62x80": "62", "60x40mm": "60x40", "100x150mm": "100x150"}

A4_MM = (210.0, 297.0)


def layout_for(size: str) -> Layout:
    key = _ALIASES.get(size.strip().lower(), size.strip().lower())
    if key not in LAYOUTS:
        raise LabelError(f"unknown label size {size!r}; known sizes: {', '.join(LAYOUTS)}")
    return LAYOUTS[key]


# Category symbols: polygons in a unit square (y down), each drawn in ink (True) or in the
# background (False), in order. Shapes, not font glyphs, so they print the same everywhere.
Polygon = tuple[tuple[float, float], ...]


def _circle(n: int = 32, r: float = 0.5) -> Polygon:
    return tuple((0.5 + r * math.cos(2 * math.pi * i / n), 0.5 + r * math.sin(2 * math.pi * i / n))
                 for i in range(n))


SYMBOLS: dict[str, tuple[tuple[Polygon, bool], ...]] = {
    "cross": ((((0.32, 0), (0.68, 0), (0.68, 0.32), (1, 0.32), (1, 0.68), (0.68, 0.68), (0.68, 1),
                (0.32, 1), (0.32, 0.68), (0, 0.68), (0, 0.32), (0.32, 0.32)), True),),
    "diamond": ((((0.5, 0), (1, 0.5), (0.5, 1), (0, 0.5)), True),
                (((0.5, 0.3), (0.7, 0.5), (0.5, 0.7), (0.3, 0.5)), False)),
    "disc": ((_circle(), True),),
    "triangle": ((((0.5, 0.04), (1, 0.96), (0, 0.96)), True),),
    "block": ((((0.04, 0.04), (0.96, 0.04), (0.96, 0.96), (0.04, 0.96)), True),),
    "frame": ((((0, 0.1), (1, 0.1), (1, 0.9), (0, 0.9)), True),
              (((0.2, 0.3), (0.8, 0.3), (0.8, 0.7), (0.2, 0.7)), False)),
}


# ---- fitting text into a box ------------------------------------------------------------

class Metrics(Protocol):
    """Font measurements in the renderer's units (dots or points)."""

    def bbox(self, text: str, size: int, stroke: int) -> tuple[float, float, float, float]:
        """Box of `text` drawn with its left end on the baseline at (0, 0), y down."""

    def advance(self, text: str, size: int) -> float:
        """How far the pen moves drawing `text`."""


@dataclass(frozen=True)
class Fitted:
    lines: tuple[str, ...]
    size: int
    stroke: int
    pitch: int  # baseline to baseline
    bbox: tuple[float, float, float, float]  # all lines, first baseline at y=0
    line_boxes: tuple[tuple[float, float, float, float], ...]

    @property
    def width(self) -> float:
        return self.bbox[2] - self.bbox[0]

    @property
    def height(self) -> float:
        return self.bbox[3] - self.bbox[1]


ELLIPSIS = "…"
_TOKENS = re.compile(r"[!-~]+ ?| |.", re.S)  # ASCII words stay whole; CJK breaks anywhere


def bold_stroke(size: int, text: str = "") -> int:
    """Outline width that makes text bold; small Chinese text stays plain, or it clogs."""
    smallest = 40 if any(ord(ch) >= 0x2E80 for ch in text) else 22
    return max(1, round(size * 0.022)) if size >= smallest else 0


def _measure(lines: list[str], size: int, bold: bool, metrics: Metrics) -> Fitted:
    stroke = bold_stroke(size, "".join(lines)) if bold else 0
    pitch = round(size * 1.2)
    boxes = tuple(metrics.bbox(line, size, stroke) for line in lines)
    union = (min(b[0] for b in boxes), min(b[1] + i * pitch for i, b in enumerate(boxes)),
             max(b[2] for b in boxes), max(b[3] + i * pitch for i, b in enumerate(boxes)))
    return Fitted(tuple(lines), size, stroke, pitch, union, boxes)


def wrap(text: str, width: float, size: int, advance: Callable[[str, int], float]) -> list[str]:
    """Greedy wrap at word (ASCII) or character (CJK) boundaries; a too-long word is split."""
    lines: list[str] = []
    line = ""
    for token in _TOKENS.findall(text):
        pieces = [token] if advance(token.rstrip(), size) <= width else list(token)
        for piece in pieces:
            if not line and piece.isspace():
                continue
            if advance((line + piece).rstrip(), size) <= width or not line:
                line += piece
            else:
                lines.append(line.rstrip())
                line = piece.lstrip()
    if line.strip():
        lines.append(line.rstrip())
    return lines


def fit_text(text: str, width: float, height: float, metrics: Metrics, *, max_size: int = 400,
             min_size: int = 8, max_lines: int = 1, bold: bool = False) -> Fitted:
    """The largest text that fits the box, wrapped to at most `max_lines`.

    Below `min_size` the text is cut with an ellipsis rather than shrunk further; only when
    the box is too short even for that does the size go below `min_size`. The result never
    extends past the box.
    """
    text = " ".join(text.split())

    def whole(size: int) -> Fitted | None:
        lines = [text] if max_lines == 1 else wrap(text, width, size, metrics.advance)
        if len(lines) > max_lines:
            return None
        fitted = _measure(lines, size, bold, metrics)
        return fitted if fitted.width <= width and fitted.height <= height else None

    # Text scales almost linearly with size: measure, rescale by how far off it was, and
    # step up while it still fits. Two or three measurements, not a binary search's eight.
    best = None
    too_big = max_size + 1
    size = min(max_size, max(min_size, int(height * 1.5)))
    while min_size <= size < too_big:
        fitted = _measure([text], size, bold, metrics)
        if fitted.width <= width and fitted.height <= height:
            best, size = fitted, size + 1
        elif best:
            break
        else:
            too_big = size
            ratio = min(width / max(fitted.width, 1), height / max(fitted.height, 1))
            size = min(size - 1, int(size * ratio))
    if max_lines > 1:
        # More lines can only help when one line left height unused: search above it.
        low = best.size + 1 if best else min_size
        high = min(max_size, int(height * 1.5))
        while low <= high:
            mid = (low + high) // 2
            fitted = whole(mid)
            if fitted:
                best, low = fitted, mid + 1
            else:
                high = mid - 1
    if best:
        return best
    for size in range(min_size, 0, -1):
        fitted = _truncated(text, width, height, size, max_lines, bold, metrics)
        if fitted:
            return fitted
    raise ValueError(f"a box of {width:g}x{height:g} is too small for any text")


def _truncated(text: str, width: float, height: float, size: int, max_lines: int, bold: bool,
               metrics: Metrics) -> Fitted | None:
    lines = wrap(text, width, size, metrics.advance)[:max_lines]
    last = lines[-1] if lines else ""
    while True:
        candidate = [*lines[:-1], last.rstrip() + ELLIPSIS]
        fitted = _measure(candidate, size, bold, metrics)
        if fitted.height > height:
            return None
        if fitted.width <= width:
            return fitted
        if not last:
            return None
        last = last[:-1]
