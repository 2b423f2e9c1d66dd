"""Shelf signs: two per A4 sheet, large type, the shelf code as Code 128 and QR."""

from __future__ import annotations

from collections.abc import Iterable

from labels.compose import plan_layout
from labels.fonts import PilMetrics
from labels.layout import A4_MM, SIGN_LAYOUT
from labels.model import ShelfSign
from labels.pdf import plans_pdf

SIGN_DPI = 300  # office printers: the bars are snapped to a 300 dpi grid, which 600 dpi keeps


def sign_texts(sign: ShelfSign) -> dict[str, str]:
    caption = " · ".join(part for part in (
        sign.zone_name_en,
        f"网格 {sign.grid}" if sign.grid else "",
        f"货位 {sign.slots}" if sign.slots else "",
    ) if part)
    return {
        "zone_name": sign.zone_name,
        "category": sign.category,
        "short_code": sign.short_code,
        "caption": caption,
        "shelf_code": sign.shelf_code,
    }


def signs_pdf(signs: Iterable[ShelfSign], *, dpi: int = SIGN_DPI) -> bytes:
    metrics = PilMetrics()
    half = SIGN_LAYOUT.size.height_mm
    plans = [plan_layout(SIGN_LAYOUT, sign_texts(sign), dpi, metrics) for sign in signs]
    if not plans:
        raise ValueError("no shelf signs to print")
    pages = [[(plan, 0.0, i * half) for i, plan in enumerate(plans[start:start + 2])]
             for start in range(0, len(plans), 2)]
    return plans_pdf(pages, A4_MM, "shelf signs", cut_lines_mm=(half,))
