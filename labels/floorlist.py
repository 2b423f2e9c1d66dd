"""A runner's floor list: A4 pages grouped unit -> floor -> room, in the order given.

Pages are laid out first (pure arithmetic on row heights), so every header can say
"page 2/5", then each page becomes one plan painted like a label.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Literal

from labels.codes import place_code128
from labels.compose import (BLACK, WHITE, CodeOp, FieldPlan, Op, Plan, RectsOp, category_ops,
                            text_ops)
from labels.fonts import PilMetrics
from labels.layout import A4_MM, Align, Metrics
from labels.model import FloorList, FloorListLine, care_words, category_style
from labels.pdf import plans_pdf

DPI = 300
MARGIN = 10.0  # mm
WIDTH = A4_MM[0] - 2 * MARGIN
HEADER = 25.0  # title, run barcode, info line, column heads
BOTTOM = A4_MM[1] - MARGIN
UNIT_H, FLOOR_H, LINE_H = 9.0, 7.0, 14.0
# Columns: (left, right) in mm from the left margin.
ROOM, PICKUP, CATEGORY, CARE, CODE, CHECK = (0, 17), (18, 56), (57, 80), (82, 112), (113, 162), (164, 190)

Kind = Literal["unit", "floor", "line"]


@dataclass(frozen=True)
class Row:
    kind: Kind
    line: FloorListLine
    top: float  # mm from the page's top edge
    continued: bool = False


def paginate(lines: list[FloorListLine], *, page_per_unit: bool = False) -> list[list[Row]]:
    """Rows per page; a page that starts inside a unit or floor repeats its headings."""
    pages: list[list[Row]] = []
    rows: list[Row] = []
    top = MARGIN + HEADER
    unit: str | None = None
    floor: str | None = None
    for line in lines:
        new_unit = line.unit != unit
        new_floor = new_unit or line.floor != floor
        need = (UNIT_H if new_unit else 0) + (FLOOR_H if new_floor else 0) + LINE_H
        if rows and ((new_unit and page_per_unit) or top + need > BOTTOM):
            pages.append(rows)
            rows, top = [], MARGIN + HEADER
        page_start = not rows
        if page_start or new_unit:
            rows.append(Row("unit", line, top, continued=not new_unit))
            top += UNIT_H
        if page_start or new_floor:
            rows.append(Row("floor", line, top, continued=not new_floor))
            top += FLOOR_H
        rows.append(Row("line", line, top))
        top += LINE_H
        unit, floor = line.unit, line.floor
    pages.append(rows)
    return pages


class _Page:
    """Collects ops in dots for one A4 page."""

    def __init__(self, metrics: Metrics) -> None:
        self.metrics = metrics
        self.fields: list[FieldPlan] = []

    @staticmethod
    def box(left: float, top: float, width: float, height: float) -> tuple[int, int, int, int]:
        d = DPI / 25.4
        x, y = round((MARGIN + left) * d), round(top * d)
        return x, y, round((MARGIN + left + width) * d) - x, round((top + height) * d) - y

    def add(self, box: tuple[int, int, int, int], ops: tuple[Op, ...]) -> None:
        if ops:
            self.fields.append(FieldPlan(None, box, ops))

    def text(self, text: str, left: float, top: float, width: float, height: float, *,
             align: Align = "left", bold: bool = False, max_lines: int = 1, color: int = BLACK,
             max_mm: float | None = None) -> None:
        box = self.box(left, top, width, height)
        max_size = round(max_mm * DPI / 25.4) if max_mm else 1000
        self.add(box, text_ops(text, box, self.metrics, align=align, bold=bold, max_lines=max_lines,
                               color=color, min_size=round(1.6 * DPI / 25.4), max_size=max_size))

    def rect(self, left: float, top: float, width: float, height: float, *, outline: float = 0) -> None:
        box = self.box(left, top, width, height)
        x, y, w, h = box
        if outline:
            t = max(1, round(outline * DPI / 25.4))
            rects = ((x, y, w, t), (x, y + h - t, w, t), (x, y, t, h), (x + w - t, y, t, h))
        else:
            rects = (box,)
        self.add(box, (RectsOp(box, rects, BLACK),))

    def code128(self, data: str, left: float, top: float, width: float, height: float) -> None:
        box = self.box(left, top, width, height)
        placed = place_code128(data, *box, min_module=2)
        self.add(box, (CodeOp(box, "code128", data, placed.x, placed.y, placed.module, placed.height,
                              placed.rects),))

    def plan(self) -> Plan:
        w, h = round(A4_MM[0] * DPI / 25.4), round(A4_MM[1] * DPI / 25.4)
        return Plan(w, h, DPI, tuple(self.fields))


def _header(page: _Page, fl: FloorList, number: int, total: int) -> None:
    top = MARGIN
    page.text(f"{fl.building}栋 配送清单 Floor list", 0, top, 118, 11, bold=True)
    page.code128(fl.run_code, 124, top, 66, 9)
    page.text(fl.run_code, 124, top + 9.3, 66, 3.2, align="center")
    info = [f"跑腿 Runner: {fl.runner}", f"运单 Run: {fl.run_code}"]
    if fl.grid:
        info.append(f"网格 Grid: {fl.grid}")
    info += [f"打印 {fl.generated_at:%Y-%m-%d %H:%M}", f"共 {len(fl.lines)} 件"]
    page.text("  ·  ".join(info), 0, top + 13, 160, 4.5, max_mm=4.5)
    page.text(f"第 {number}/{total} 页", 160, top + 13, 30, 4.5, align="right", max_mm=4.5)
    page.rect(0, top + 18.6, WIDTH, 0.5)
    heads = ((ROOM, "房号 Room"), (PICKUP, "取件码 Pickup"), (CATEGORY, "类别 Type"),
             (CARE, "关怀 Care"), (CODE, "包裹条码 Parcel"), (CHECK, "核验/签收 Check"))
    for (left, right), label in heads:
        page.text(label, left, top + 19.8, right - left, 3.4, max_mm=3.4)


def _unit(page: _Page, row: Row, counts: Counter[str]) -> None:
    page.rect(0, row.top + 1, WIDTH, UNIT_H - 1.6)
    unit = row.line.unit
    text = f"{unit}单元 Unit {unit} · {counts[unit]} 件" + (" (续 cont.)" if row.continued else "")
    page.text(text, 2, row.top + 2, WIDTH - 4, UNIT_H - 3.6, color=WHITE, bold=True)


def _floor(page: _Page, row: Row) -> None:
    floor = row.line.floor
    text = f"{floor}层 Floor {floor}" if floor else "楼层未知 Floor ?"
    page.text(text + (" (续 cont.)" if row.continued else ""), 0, row.top + 1.2, 80, FLOOR_H - 2.4,
              bold=True)
    page.rect(0, row.top + FLOOR_H - 0.8, WIDTH, 0.3)


def _line(page: _Page, row: Row) -> None:
    line, top = row.line, row.top
    style = category_style(line.category)
    page.text(line.room, ROOM[0], top + 2, ROOM[1] - ROOM[0], 7, bold=True, max_mm=7)
    page.text(line.pickup_code, PICKUP[0], top + 1, PICKUP[1] - PICKUP[0], 6.5, bold=True, max_mm=6)
    page.text(line.recipient, PICKUP[0], top + 8.3, PICKUP[1] - PICKUP[0], 3.8, max_mm=3.8)
    badge = page.box(CATEGORY[0], top + 2.5, CATEGORY[1] - CATEGORY[0], 8.5)
    page.add(badge, category_ops(style.code, badge, page.metrics, min_size=12))
    care = care_words(line.care_marks)
    if care:
        page.text("★" + " ".join(care), CARE[0], top + 1.5, CARE[1] - CARE[0], 10, max_lines=2,
                  max_mm=4.5)
    page.code128(line.parcel_code, CODE[0], top + 0.8, CODE[1] - CODE[0], 8.6)
    page.text(line.parcel_code, CODE[0], top + 9.7, CODE[1] - CODE[0], 3, align="center")
    width = CHECK[1] - CHECK[0]
    if style.needs_verification:
        page.rect(CHECK[0], top + 1, width, 11.5, outline=0.4)
        page.text("核验 Verify", CHECK[0] + 1, top + 1.8, width - 2, 2.6)
    else:
        page.text("签收", CHECK[0], top + 4, width - 9, 5, align="right", max_mm=4)
        page.rect(CHECK[1] - 7, top + 3, 6, 6, outline=0.4)
    page.rect(0, top + LINE_H - 0.3, WIDTH, 0.15)


def floor_list_plans(floor_list: FloorList, *, page_per_unit: bool = False) -> list[Plan]:
    metrics = PilMetrics()
    lines = list(floor_list.lines)
    counts = Counter(line.unit for line in lines)
    pages = paginate(lines, page_per_unit=page_per_unit)
    plans = []
    for number, rows in enumerate(pages, start=1):
        page = _Page(metrics)
        _header(page, floor_list, number, len(pages))
        if not lines:
            page.text("无物品 No items", 0, MARGIN + HEADER + 4, WIDTH, 8)
        for row in rows:
            if row.kind == "unit":
                _unit(page, row, counts)
            elif row.kind == "floor":
                _floor(page, row)
            else:
                _line(page, row)
        plans.append(page.plan())
    return plans


def floor_list_pdf(floor_list: FloorList, *, page_per_unit: bool = False) -> bytes:
    plans = floor_list_plans(floor_list, page_per_unit=page_per_unit)
    title = f"floor list {floor_list.building} {floor_list.run_code}"
    return plans_pdf([[(plan, 0.0, 0.0)] for plan in plans], A4_MM, title)
