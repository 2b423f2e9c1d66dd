"""The day's report as files: CSV and XLSX for spreadsheets, a PDF to print and pin up.

Every table ends with a total row that is the sum of the rows above it; the XLSX holds
values, not formulas, so any reader (and the tests) sees the numbers without a recalculation.
The spreadsheets name categories in the reader's language as the pages do, and items without a
destination "unresolved" (the PDF, pinned up for everyone, says both); the CSV keeps the codes
(`express`, `UNRES`) for programs beside the words.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable

from station.dashboard.cells import safe_row
from station.dashboard.report import COLUMNS, DayReport, Line
from station.timefmt import local
from station.web.i18n import current_locale, gettext

TOTAL = "total"
UNRESOLVED = "UNRES"  # the building of an item without a destination, as its shelf zone is named
HEADINGS = {
    "building": ("楼栋", "Building"), "grid": ("网格", "Grid"), "category": ("类别", "Category"),
    "received": ("已接收", "Received"), "delivered": ("送达(含自提)", "Delivered (incl. picked up)"),
    "picked_up": ("其中自提", "of which picked up"), "on_shelf": ("仍在门口", "Still at the gate"),
    "with_runners": ("配送中", "With runners"), "problems": ("异常", "Problems"),
}
DEFINITIONS = (
    ("received", "items whose intake was on the day (undone intakes not counted)"),
    ("delivered", "items delivered to the door or picked up at the gate on the day"),
    ("picked_up", "of the delivered items, those collected at the gate"),
    ("on_shelf", "items still at the gate, on a shelf or before it, at the end of the day "
                 "(or now, while the day is not over)"),
    ("with_runners", "items out with a runner at the end of the day"),
    ("problems", "items held with an open problem at the end of the day"),
)


def filename(report: DayReport, extension: str) -> str:
    return f"station-day-{report.day}.{extension}"


def _category_name(report: DayReport, code: str) -> str:
    category = report.site.categories.get(code)
    return f"{category.name_zh} {category.name_en}" if category else code


def category_words(report: DayReport, code: str) -> str:
    """The category as the pages name it in the reader's language ("快递", "Express parcel")."""
    category = report.site.categories.get(code)
    if category is None:
        return code
    return category.name_zh if current_locale.get() == "zh_CN" else category.name_en


def _named_cells(report: DayReport, line: Line, keys: tuple[str, ...]) -> list[object]:
    """A line as people read it: category words, and "unresolved" for an item without a destination."""
    def cell(key: str) -> object:
        value = getattr(line, key)
        if key == "category":
            return category_words(report, value)
        if key in ("building", "grid") and not value:
            return gettext("unresolved")
        return value
    return safe_row(cell(key) for key in keys)


def _total_cells(keys: tuple[str, ...], lines: list[Line]) -> list[object]:
    total = Line()
    for line in lines:
        total.add(line)
    return [TOTAL] + [getattr(total, key) if key in COLUMNS else "" for key in keys[1:]]


CSV_COLUMNS = ("building", "grid", "category", "category_name") + COLUMNS


def to_csv(report: DayReport) -> bytes:
    """One row per building and category, then the total (UTF-8 with a BOM, for Excel).

    `category` is the code and `category_name` its words; an item without a destination is in
    building UNRES."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for line in report.lines:
        writer.writerow(safe_row([line.building or UNRESOLVED, line.grid, line.category,
                                  category_words(report, line.category), *line.values()]))
    writer.writerow(_total_cells(CSV_COLUMNS, report.lines))
    return buffer.getvalue().encode("utf-8-sig")


SHEETS: tuple[tuple[str, tuple[str, ...], Callable[[DayReport], list[Line]]], ...] = (
    ("Day", ("building", "grid", "category") + COLUMNS, lambda report: report.lines),
    ("Buildings", ("building", "grid") + COLUMNS, lambda report: report.by_building()),
    ("Grids", ("grid",) + COLUMNS, lambda report: report.by_grid()),
    ("Categories", ("category",) + COLUMNS, lambda report: report.by_category()),
)


def to_xlsx(report: DayReport) -> bytes:
    """Sheets Day (building x category), Buildings, Grids, Categories, each with a total row."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    workbook.remove(workbook.active)
    bold = Font(bold=True)
    for title, keys, lines_of in SHEETS:
        sheet = workbook.create_sheet(title)
        sheet.append([f"{HEADINGS[key][0]} {HEADINGS[key][1]}" for key in keys])
        lines = lines_of(report)
        for line in lines:
            sheet.append(_named_cells(report, line, keys))
        sheet.append(_total_cells(keys, lines))
        for cell in sheet[1] + sheet[sheet.max_row]:
            cell.font = bold
        sheet.freeze_panes = "A2"
        for index, key in enumerate(keys):
            sheet.column_dimensions[chr(ord("A") + index)].width = 12 if key in COLUMNS else 10
    about = workbook.create_sheet("About")
    about.append(safe_row(["site", report.site.name]))
    about.append(["day", str(report.day)])
    about.append(["as of", local(report.as_of, report.site.timezone).strftime("%Y-%m-%d %H:%M")
                  + f" ({report.site.timezone})"])
    for key, text in DEFINITIONS:
        about.append([key, text])
    about.append(["custody root", report.custody_root or "none sealed yet (station check seals the closed days)"])
    for code in report.site.categories:
        about.append(safe_row([code, _category_name(report, code)]))
    about.column_dimensions["A"].width = 14
    about.column_dimensions["B"].width = 80
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def to_pdf(report: DayReport) -> bytes:
    """An A4 summary: totals, then per category, grid and building (CJK font embedded)."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    from labels.fonts import reportlab_font

    font = reportlab_font()
    title = ParagraphStyle("title", fontName=font, fontSize=16, leading=22, spaceAfter=4)
    heading = ParagraphStyle("heading", fontName=font, fontSize=12, leading=16, spaceBefore=8,
                             spaceAfter=4)
    small = ParagraphStyle("small", fontName=font, fontSize=8, leading=11, textColor=colors.grey)
    as_of = local(report.as_of, report.site.timezone).strftime("%Y-%m-%d %H:%M")

    head_style = ParagraphStyle("head", fontName=font, fontSize=7, leading=8.5)

    def table(keys: tuple[str, ...], lines: list[Line], names: Callable[[Line], list[str]]) -> Table:
        head = [Paragraph(f"{HEADINGS[key][0]}<br/>{HEADINGS[key][1]}", head_style) for key in keys]
        body = [names(line) + [str(getattr(line, key)) for key in COLUMNS] for line in lines]
        total = Line()
        for line in lines:
            total.add(line)
        body.append(["合计 Total"] + [""] * (len(keys) - len(COLUMNS) - 1)
                    + [str(getattr(total, key)) for key in COLUMNS])
        widths = [(180 - 17 * len(COLUMNS)) / (len(keys) - len(COLUMNS)) * mm] * (len(keys) - len(COLUMNS))
        result = Table([head] + body, colWidths=widths + [17 * mm] * len(COLUMNS), repeatRows=1)
        result.setStyle(TableStyle([
            ("FONTNAME", (0, 0), (-1, -1), font), ("FONTSIZE", (0, 0), (-1, -1), 8),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#dde4ee")),
            ("BACKGROUND", (0, -1), (-1, -1), colors.HexColor("#f0f0f0")),
            ("ALIGN", (len(keys) - len(COLUMNS), 1), (-1, -1), "RIGHT"),
            ("GRID", (0, 0), (-1, -1), 0.3, colors.grey), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ]))
        return result

    def category(line: Line) -> list[str]:
        return [_category_name(report, line.category)]

    story = [
        Paragraph(f"{report.site.name} · 日报 Day report {report.day}", title),
        Paragraph(f"截至 As of {as_of} ({report.site.timezone})", small),
        Spacer(1, 4 * mm),
        Paragraph("按类别 By category", heading),
        table(("category",) + COLUMNS, report.by_category(), category),
        Paragraph("按网格 By grid", heading),
        table(("grid",) + COLUMNS, report.by_grid(), lambda line: [line.grid or "待确认 unresolved"]),
        Paragraph("按楼栋 By building", heading),
        table(("building", "grid") + COLUMNS, report.by_building(),
              lambda line: [line.building or "待确认 unresolved", line.grid or "-"]),
        Spacer(1, 4 * mm),
    ]
    story += [Paragraph(f"{HEADINGS[key][1]}: {text}", small) for key, text in DEFINITIONS]
    if report.custody_root:
        story.append(Paragraph(f"保管日志根 Custody root: {report.custody_root}", small))
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4, leftMargin=15 * mm, rightMargin=15 * mm,
                      topMargin=15 * mm, bottomMargin=15 * mm,
                      title=f"Day report {report.day}", author=report.site.name).build(story)
    return buffer.getvalue()
