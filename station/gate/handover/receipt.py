"""The hand-over receipt as a PDF: count, courier, times and every tracking number."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from labels.fonts import reportlab_font


@dataclass(frozen=True)
class Receipt:
    number: int
    site: str
    gate: str
    courier: str
    carrier: str
    opened: str
    closed: str
    received_by: str
    items: Sequence[tuple[str, str]]  # (tracking number or code, note)


def receipt_pdf(receipt: Receipt) -> bytes:
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=A4, pageCompression=1)
    canvas.setTitle(f"Hand-over receipt {receipt.number}")
    font = reportlab_font()
    width, height = A4
    y = height - 20 * mm

    def line(text: str, size: float = 11, gap: float = 6 * mm) -> None:
        nonlocal y
        if y < 20 * mm:
            canvas.showPage()
            y = height - 20 * mm
        canvas.setFont(font, size)
        canvas.drawString(18 * mm, y, text)
        y -= gap

    line(f"快递交接回单 Hand-over receipt No. {receipt.number}", 16, 9 * mm)
    line(f"{receipt.site} · {receipt.gate}")
    line(f"快递员 Courier: {receipt.courier}   {receipt.carrier}")
    line(f"开始 Opened: {receipt.opened}    结束 Closed: {receipt.closed}")
    line(f"接收人 Received by: {receipt.received_by}")
    line(f"件数 Count: {len(receipt.items)}", 22, 11 * mm)
    for index, (code, note) in enumerate(receipt.items, start=1):
        line(f"{index:>3}. {code}   {note}", 10, 5 * mm)
    line("", 10, 8 * mm)
    line("快递员签字 Courier signature: ______________     志愿者签字 Volunteer: ______________")
    canvas.save()
    return out.getvalue()
