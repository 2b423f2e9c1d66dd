"""Turn a layout and a label into drawing operations in whole printer dots.

Every output (PNG, PDF, ZPL) paints the same plan, so they agree to the dot. Pure apart from
the font measurements it is handed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from labels.codes import Rect, place_code128, place_qr
from labels.layout import SYMBOLS, Align, Box, Field, Fitted, Layout, Metrics, fit_text
from labels.model import ParcelLabel, care_words, category_style

BLACK, WHITE = 0, 1  # Pillow mode "1" values


@dataclass(frozen=True)
class TextLine:
    x: int
    baseline: int
    text: str
    advance: float  # dots, as measured when planning; PDF squeezes text to keep it


@dataclass(frozen=True)
class TextOp:
    box: Rect
    lines: tuple[TextLine, ...]
    size: int  # pixels per em at the plan's dpi
    stroke: int
    color: int


@dataclass(frozen=True)
class RectsOp:
    box: Rect
    rects: tuple[Rect, ...]
    color: int


@dataclass(frozen=True)
class PolygonOp:
    box: Rect
    points: tuple[tuple[float, float], ...]
    color: int


@dataclass(frozen=True)
class CodeOp:
    """A barcode; `rects` are its dark modules, the rest says how a printer would draw it."""

    box: Rect
    symbology: Literal["code128", "qr"]
    data: str
    x: int
    y: int
    module: int
    height: int
    rects: tuple[Rect, ...]


Op = TextOp | RectsOp | PolygonOp | CodeOp


@dataclass(frozen=True)
class FieldPlan:
    field: Field | None  # None for pieces a document lays out in code (floor list rows)
    box: Rect
    ops: tuple[Op, ...]


@dataclass(frozen=True)
class Plan:
    width: int
    height: int
    dpi: int
    fields: tuple[FieldPlan, ...]

    @property
    def ops(self) -> list[Op]:
        return [op for field in self.fields for op in field.ops]


def label_texts(label: ParcelLabel) -> dict[str, str]:
    """Every text a layout may ask for, by source name."""
    building = label.building.strip()
    if re.fullmatch(r"[0-9A-Za-z-]{1,6}", building):
        building += "栋"
    unit, room = label.unit.strip(), label.room.strip()
    at = label.received_at
    ready = f" 可取 {label.ready_at:%H:%M}" if label.ready_at else ""
    care = care_words(label.care_marks)
    return {
        "building": building,
        "unit_room": "-".join(p for p in (unit, room) if p) if room else (f"{unit}单元" if unit else ""),
        "unit_room_long": " ".join(p for p in (f"{unit}单元" if unit else "", room) if p),
        "pickup_code": label.pickup_code,
        "parcel_code": label.parcel_code,
        "destination": label.destination,
        "received": f"收 {at:%m-%d %H:%M}{ready}",
        "received_short": f"{at:%m-%d %H:%M}{ready}",
        "grid": f"网格 {label.grid}" if label.grid else "",
        "care": ("★优先 " + " ".join(care)) if care else "",
        "category": label.category,
    }


def field_box(layout: Layout, box: Box, width: int, height: int, dpi: int) -> Rect:
    margin = round(layout.margin_mm * dpi / 25.4)
    sx = (width - 2 * margin) / layout.grid[0]
    sy = (height - 2 * margin) / layout.grid[1]
    x0, y0 = margin + int(box.x * sx), margin + int(box.y * sy)
    x1, y1 = margin + int((box.x + box.w) * sx), margin + int((box.y + box.h) * sy)
    return x0, y0, x1 - x0, y1 - y0


def place_text(fitted: Fitted, box: Rect, align: Align, color: int, metrics: Metrics) -> TextOp:
    """Put fitted text in the box: centred vertically, each line aligned on its own."""
    x, y, w, h = box
    first_baseline = y + int((h - fitted.height) // 2 - fitted.bbox[1])
    lines = []
    for i, (text, lb) in enumerate(zip(fitted.lines, fitted.line_boxes, strict=True)):
        if align == "left":
            left = x - lb[0]
        elif align == "right":
            left = x + w - lb[2]
        else:
            left = x + (w - (lb[2] - lb[0])) // 2 - lb[0]
        lines.append(TextLine(int(left), first_baseline + i * fitted.pitch, text,
                              metrics.advance(text, fitted.size)))
    return TextOp(box, tuple(lines), fitted.size, fitted.stroke, color)


def text_ops(text: str, box: Rect, metrics: Metrics, *, align: Align = "left", bold: bool = False,
             max_lines: int = 1, color: int = BLACK, min_size: int = 6,
             max_size: int = 1000) -> tuple[Op, ...]:
    if not text.strip() or box[2] <= 0 or box[3] <= 0:
        return ()
    fitted = fit_text(text, box[2], box[3], metrics, max_lines=max_lines, bold=bold,
                      min_size=min_size, max_size=max_size)
    return (place_text(fitted, box, align, color, metrics),)


def symbol_ops(name: str, box: Rect, ink: int) -> tuple[Op, ...]:
    x, y, w, h = box
    return tuple(PolygonOp(box, tuple((x + px * (w - 1), y + py * (h - 1)) for px, py in polygon),
                           ink if is_ink else 1 - ink)
                 for polygon, is_ink in SYMBOLS[name])


def category_ops(category: str, box: Rect, metrics: Metrics, min_size: int = 6) -> tuple[Op, ...]:
    """A badge: symbol, the word and the tag; medicine and valuables inverted to stand out."""
    style = category_style(category)
    x, y, w, h = box
    ops: list[Op] = []
    if style.needs_verification:
        ops.append(RectsOp(box, (box,), BLACK))
        ink = WHITE
    else:
        t = max(2, h // 20)
        ops.append(RectsOp(box, ((x, y, w, t), (x, y + h - t, w, t), (x, y, t, h), (x + w - t, y, t, h)),
                           BLACK))
        ink = BLACK
    pad = max(2, h // 8)
    side = min(h - 2 * pad, w * 3 // 10)
    ops += symbol_ops(style.symbol, (x + pad, y + (h - side) // 2, side, side), ink)
    tx = x + 2 * pad + side
    tw = x + w - pad - tx
    word_h = (h - 2 * pad) * 11 // 20
    gap = max(1, pad // 2)
    ops += text_ops(style.name_zh, (tx, y + pad, tw, word_h - gap), metrics, align="center",
                    color=ink, min_size=min_size)
    ops += text_ops(style.tag, (tx, y + pad + word_h, tw, h - 2 * pad - word_h), metrics,
                    align="center", bold=True, color=ink, min_size=min_size)
    return tuple(ops)


def care_ops(text: str, box: Rect, metrics: Metrics, min_size: int = 6) -> tuple[Op, ...]:
    if not text:
        return ()
    x, y, w, h = box
    pad = max(1, h // 10)
    return (RectsOp(box, (box,), BLACK),
            *text_ops(text, (x + 2 * pad, y + pad, w - 4 * pad, h - 2 * pad), metrics,
                      color=WHITE, min_size=min_size))


def plan_label(label: ParcelLabel, layout: Layout, dpi: int, metrics: Metrics) -> Plan:
    return plan_layout(layout, label_texts(label), dpi, metrics)


def plan_layout(layout: Layout, texts: dict[str, str], dpi: int, metrics: Metrics) -> Plan:
    """Interpret a layout: each field's text (by source) drawn as its kind says, in its box."""
    width, height = layout.size.dots(dpi)
    # Below about 1.8 mm a character is a smudge on a thermal label: cut text with "…" instead.
    min_size = round(1.8 * dpi / 25.4)
    fields = []
    for field in layout.fields:
        box = field_box(layout, field.box, width, height, dpi)
        text = texts[field.source]
        ops: tuple[Op, ...]
        if not text:
            ops = ()
        elif field.kind == "code128" or field.kind == "qr":
            place = place_code128 if field.kind == "code128" else place_qr
            placed = place(text, *box)
            ops = (CodeOp(box, field.kind, text, placed.x, placed.y, placed.module, placed.height,
                          placed.rects),)
        elif field.kind == "category":
            ops = category_ops(text, box, metrics, min_size)
        elif field.kind == "care":
            ops = care_ops(text, box, metrics, min_size)
        else:
            ops = text_ops(text, box, metrics, align=field.align, bold=field.bold,
                           max_lines=field.max_lines, min_size=min_size)
        fields.append(FieldPlan(field, box, ops))
    return Plan(width, height, dpi, tuple(fields))
