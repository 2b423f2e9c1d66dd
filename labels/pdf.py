"""Paint plans into PDF pages with reportlab: labels one per page or on A4 sheets."""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator, Sequence

from reportlab.lib.colors import black, white
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from labels.compose import BLACK, CodeOp, Plan, PolygonOp, RectsOp, TextOp
from labels.fonts import reportlab_font
from labels.layout import A4_MM, LabelSize, mm_to_points

SHEET_MARGIN_MM = 8.0
SHEET_GAP_MM = 4.0


def new_canvas(out: io.BytesIO, pagesize: tuple[float, float], title: str) -> Canvas:
    # invariant=1: no creation date or random id, so the same input gives the same bytes.
    # No page compression: without reportlab's optional C accelerator its ASCII85 step
    # (always paired with it) costs more than the rest of a label sheet; files stay small.
    canvas = Canvas(out, pagesize=pagesize, invariant=1, pageCompression=0)
    canvas.setTitle(title)
    canvas.setCreator("receiving station labels")
    return canvas


def _shapes(plan: Plan) -> str:
    """PDF path operators for every shape, in dots with y down (see the transform below)."""
    out = []
    for op in plan.ops:
        if isinstance(op, (RectsOp, CodeOp)):
            color = op.color if isinstance(op, RectsOp) else BLACK
            out.append(f"{color} g")
            out.extend(f"{x} {y} {w} {h} re" for x, y, w, h in op.rects)
            out.append("f")
        elif isinstance(op, PolygonOp):
            (x0, y0), *rest = op.points
            out.append(f"{op.color} g {x0:.2f} {y0:.2f} m")
            out.extend(f"{x:.2f} {y:.2f} l" for x, y in rest)
            out.append("h f")
    return "\n".join(out)


def paint_plan(canvas: Canvas, plan: Plan, left: float, top: float) -> None:
    """Draw `plan` with its top-left corner at (left, top) in points; one dot = 72/dpi pt."""
    s = 72 / plan.dpi
    # Shapes go in as integer dot coordinates under one transform: reportlab's own path
    # objects format every number in Python and made a 1,000-label sheet take 20 s.
    canvas.saveState()
    canvas.transform(s, 0, 0, -s, left, top)
    canvas.addLiteral(_shapes(plan))
    canvas.restoreState()
    font = reportlab_font()
    for op in plan.ops:
        if not isinstance(op, TextOp):
            continue
        # Render mode and horizontal scale outlive BT/ET, and reportlab only writes them when
        # it thinks they change: q/Q around each text keeps bold and squeeze to this text.
        canvas.saveState()
        size = op.size * s
        color = black if op.color == BLACK else white
        canvas.setFillColor(color)
        if op.stroke:
            canvas.setStrokeColor(color)
            canvas.setLineWidth(2 * op.stroke * s)
            canvas.setLineJoin(1)
        for line in op.lines:
            text = canvas.beginText(left + line.x * s, top - line.baseline * s)
            text.setFont(font, size)
            if op.stroke:
                text.setTextRenderMode(2)
            # Pillow's hinted widths planned the line; never let the PDF run wider.
            drawn = stringWidth(line.text, font, size)
            if drawn > line.advance * s:
                text.setHorizScale(100 * line.advance * s / drawn)
            text.textOut(line.text)
            canvas.drawText(text)
        canvas.restoreState()


def sheet_slots(label: tuple[float, float], sheet: tuple[float, float] = A4_MM,
                margin: float = SHEET_MARGIN_MM, gap: float = SHEET_GAP_MM) -> list[tuple[float, float]]:
    """Top-left corners (mm from the sheet's top-left) of the labels that fit on one sheet."""
    w, h = label
    cols = int((sheet[0] - 2 * margin + gap) // (w + gap))
    rows = int((sheet[1] - 2 * margin + gap) // (h + gap))
    if cols < 1 or rows < 1:
        raise ValueError(f"a {w:g}x{h:g} mm label does not fit on a {sheet[0]:g}x{sheet[1]:g} mm sheet")
    # Centre the block so a guillotine cut needs no measuring.
    x0 = (sheet[0] - cols * w - (cols - 1) * gap) / 2
    y0 = (sheet[1] - rows * h - (rows - 1) * gap) / 2
    return [(x0 + c * (w + gap), y0 + r * (h + gap)) for r in range(rows) for c in range(cols)]


def sheet_for(label: tuple[float, float]) -> tuple[tuple[float, float], list[tuple[float, float]]]:
    """A4 portrait or landscape, whichever holds more labels, and where they go."""
    portrait = A4_MM
    landscape = (A4_MM[1], A4_MM[0])
    options = []
    for sheet in (portrait, landscape):
        try:
            options.append((sheet, sheet_slots(label, sheet)))
        except ValueError:
            continue
    if not options:
        raise ValueError(f"a {label[0]:g}x{label[1]:g} mm label does not fit on A4")
    return max(options, key=lambda option: len(option[1]))  # ties keep portrait


def _chunks(plans: Iterable[Plan], n: int) -> Iterator[list[Plan]]:
    chunk: list[Plan] = []
    for plan in plans:
        chunk.append(plan)
        if len(chunk) == n:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def labels_pdf(plans: Iterable[Plan], size: LabelSize, *, sheet: str | None = None) -> bytes:
    """One label per page at the exact label size, or as many as fit on A4 sheets."""
    out = io.BytesIO()
    if sheet is None:
        page = size.points
        canvas = new_canvas(out, page, f"labels {size.key}")
        for plan in plans:
            paint_plan(canvas, plan, 0, page[1])
            canvas.showPage()
    elif sheet.lower() == "a4":
        sheet_mm, slots = sheet_for((size.width_mm, size.height_mm))
        page = mm_to_points(sheet_mm[0]), mm_to_points(sheet_mm[1])
        canvas = new_canvas(out, page, f"labels {size.key} on A4")
        for chunk in _chunks(plans, len(slots)):
            for plan, (x, y) in zip(chunk, slots, strict=False):
                left, top = mm_to_points(x), page[1] - mm_to_points(y)
                w, h = size.points
                canvas.saveState()
                canvas.setStrokeColorRGB(0.6, 0.6, 0.6)
                canvas.setLineWidth(0.3)
                canvas.setDash(2, 2)
                canvas.rect(left, top - h, w, h, stroke=1, fill=0)  # cut line
                canvas.restoreState()
                paint_plan(canvas, plan, left, top)
            canvas.showPage()
    else:
        raise ValueError(f"unknown sheet {sheet!r}; use 'a4' or None for one label per page")
    canvas.save()
    return out.getvalue()


def plans_pdf(pages: Sequence[Sequence[tuple[Plan, float, float]]], pagesize_mm: tuple[float, float],
              title: str, *, cut_lines_mm: Sequence[float] = ()) -> bytes:
    """Pages of plans placed at (left, top) mm from each page's top-left corner, with dashed
    horizontal cut lines at the given distances from the top."""
    out = io.BytesIO()
    page = mm_to_points(pagesize_mm[0]), mm_to_points(pagesize_mm[1])
    canvas = new_canvas(out, page, title)
    for placed in pages:
        canvas.saveState()
        canvas.setStrokeColorRGB(0.6, 0.6, 0.6)
        canvas.setLineWidth(0.3)
        canvas.setDash(3, 3)
        for y in cut_lines_mm:
            canvas.line(0, page[1] - mm_to_points(y), page[0], page[1] - mm_to_points(y))
        canvas.restoreState()
        for plan, x, y in placed:
            paint_plan(canvas, plan, mm_to_points(x), page[1] - mm_to_points(y))
        canvas.showPage()
    canvas.save()
    return out.getvalue()
