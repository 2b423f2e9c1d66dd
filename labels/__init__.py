"""Parcel labels, shelf signs and runner floor lists as PNG, PDF and ZPL; printing apart.

Knows nothing of the station: callers pass plain dataclasses and get bytes back.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

from PIL import Image

from labels.compose import plan_label
from labels.floorlist import floor_list_pdf
from labels.fonts import FontNotFound, PilMetrics, find_cjk_font
from labels.layout import LAYOUTS, SIZES, LabelSize, layout_for
from labels.model import (CARE_MARKS, CATEGORIES, FloorList, FloorListLine, LabelError, ParcelLabel,
                          ShelfSign)
from labels.pdf import labels_pdf
from labels.printers import Printer, parse_printer, send_raw
from labels.printing import PrintError, media_for, print_file
from labels.raster import paint, png_bytes
from labels.signs import signs_pdf
from labels.zpl import label_zpl

__all__ = [
    "CARE_MARKS", "CATEGORIES", "DPIS", "LAYOUTS", "SIZES", "FloorList", "FloorListLine",
    "FontNotFound", "LabelError", "LabelSize", "ParcelLabel", "PrintError", "ShelfSign",
    "Printer", "find_cjk_font", "media_for", "parse_printer", "print_file", "send_raw",
    "render_floor_list_pdf", "render_label",
    "render_label_image", "render_labels_pdf", "render_labels_zpl", "render_signs_pdf",
]

DPIS = (203, 300)
Format = Literal["png", "pdf", "zpl"]


def _check_dpi(dpi: int) -> None:
    if dpi not in DPIS:
        raise LabelError(f"dpi {dpi} is not supported; use one of {DPIS}")


def render_label_image(label: ParcelLabel, *, size: str = "60x40", dpi: int = 203) -> Image.Image:
    """The label as a mode "1" image, one pixel per printer dot."""
    _check_dpi(dpi)
    return paint(plan_label(label, layout_for(size), dpi, PilMetrics()))


def render_label(label: ParcelLabel, *, size: str = "60x40", dpi: int = 203,
                 fmt: Format = "png") -> bytes:
    """One label as PNG, a one-page PDF at the exact label size, or ZPL."""
    _check_dpi(dpi)
    layout = layout_for(size)
    plan = plan_label(label, layout, dpi, PilMetrics())
    if fmt == "png":
        return png_bytes(paint(plan), dpi)
    if fmt == "pdf":
        return labels_pdf([plan], layout.size)
    if fmt == "zpl":
        return label_zpl(plan, layout.size).encode("utf-8")
    raise LabelError(f"unknown label format {fmt!r}; use png, pdf or zpl")


def render_labels_pdf(labels: Iterable[ParcelLabel], *, size: str = "60x40",
                      sheet: Literal["a4"] | None = None, dpi: int = 203) -> bytes:
    """Many labels: one per page at the label size, or packed on A4 sheets with cut lines.

    `dpi` is the printer the geometry is snapped to (bars are whole dots at that dpi).
    """
    _check_dpi(dpi)
    layout = layout_for(size)
    metrics = PilMetrics()
    plans = (plan_label(label, layout, dpi, metrics) for label in labels)
    return labels_pdf(plans, layout.size, sheet=sheet)


def render_labels_zpl(labels: Iterable[ParcelLabel], *, size: str = "60x40", dpi: int = 203) -> bytes:
    """One ^XA...^XZ block per label, ready for a raw Zebra queue."""
    _check_dpi(dpi)
    layout = layout_for(size)
    metrics = PilMetrics()
    return "".join(label_zpl(plan_label(label, layout, dpi, metrics), layout.size)
                   for label in labels).encode("utf-8")


def render_signs_pdf(signs: Iterable[ShelfSign]) -> bytes:
    """Shelf signs, two per A4 sheet, with the shelf code as Code 128 and QR."""
    return signs_pdf(signs)


def render_floor_list_pdf(floor_list: FloorList, *, page_per_unit: bool = False) -> bytes:
    """A runner's A4 list; `page_per_unit` starts each unit (stairwell) on a new page."""
    return floor_list_pdf(floor_list, page_per_unit=page_per_unit)
