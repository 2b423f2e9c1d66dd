"""PDF labels: exact page size, codes that decode once printed, A4 sheets."""

from __future__ import annotations

import io
import math
import re

import pytest
from pypdf import PdfReader

from labels import SIZES, ParcelLabel, render_label, render_labels_pdf
from labels.compose import TextOp, plan_label
from labels.fonts import PilMetrics
from labels.layout import layout_for, mm_to_points
from labels.pdf import sheet_for, sheet_slots

pytestmark = pytest.mark.usefixtures("cjk_font")
A4 = (mm_to_points(210), mm_to_points(297))


def page_sizes(pdf: bytes) -> list[tuple[float, float]]:
    return [(float(p.mediabox.width), float(p.mediabox.height)) for p in PdfReader(io.BytesIO(pdf)).pages]


@pytest.mark.parametrize("size", SIZES)
def test_one_label_page_is_exactly_the_label_size(label: ParcelLabel, size: str) -> None:
    label_size = SIZES[size]
    (width, height), = page_sizes(render_label(label, size=size, fmt="pdf"))
    assert width == pytest.approx(label_size.width_mm * 72 / 25.4, abs=0.01)
    assert height == pytest.approx(label_size.height_mm * 72 / 25.4, abs=0.01)


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("dpi", [203, 300])
def test_pdf_codes_decode_after_rasterising(label: ParcelLabel, decoders, pdf_pages, size: str,
                                            dpi: int) -> None:
    pdf = render_labels_pdf([label], size=size, dpi=dpi)
    page, = pdf_pages(pdf, 300)
    for name, decode in decoders.items():
        found = decode(page)
        assert {("code128", "P7K3M9Q2X"), ("qr", "P7K3M9Q2X")} <= found, (name, found)


def test_pdf_text_is_real_chinese_text(label: ParcelLabel) -> None:
    text = PdfReader(io.BytesIO(render_label(label, fmt="pdf"))).pages[0].extract_text()
    for word in ("10栋", "药品", "MED-01-004", "独居老人", "P7K3M9Q2X"):
        assert word in text.replace("\n", ""), text


def test_many_labels_one_page_each(label: ParcelLabel) -> None:
    sizes = page_sizes(render_labels_pdf([label] * 5, size="62"))
    assert len(sizes) == 5
    assert sizes[0] == pytest.approx(SIZES["62"].points, abs=0.01)


@pytest.mark.parametrize("size", SIZES)
def test_a4_sheets_hold_as_many_labels_as_fit(label: ParcelLabel, size: str) -> None:
    sheet, slots = sheet_for((SIZES[size].width_mm, SIZES[size].height_mm))
    count = len(slots) + 1
    sizes = page_sizes(render_labels_pdf([label] * count, size=size, sheet="a4"))
    assert len(sizes) == math.ceil(count / len(slots)) == 2
    expected = (mm_to_points(sheet[0]), mm_to_points(sheet[1]))
    assert sorted(expected) == pytest.approx(sorted(A4), abs=0.01)
    assert all(s == pytest.approx(expected, abs=0.01) for s in sizes)


def test_sheet_slots_stay_on_the_sheet_and_apart() -> None:
    slots = sheet_slots((60, 40))
    assert len(slots) == 3 * 6
    for x, y in slots:
        assert 0 <= x and x + 60 <= 210 and 0 <= y and y + 40 <= 297
    assert len(sheet_slots((100, 150))) == 1
    assert sheet_for((100, 150)) == ((297, 210), sheet_slots((100, 150), (297, 210)))
    assert len(sheet_for((100, 150))[1]) == 2  # landscape holds two 4x6 labels
    assert sheet_for((60, 40))[0] == (210, 297)
    with pytest.raises(ValueError, match="does not fit"):
        sheet_for((300, 40))


def test_a4_sheet_codes_decode(label: ParcelLabel, decoders, pdf_pages) -> None:
    page, _ = pdf_pages(render_labels_pdf([label] * 19, size="60x40", sheet="a4"), 300)
    found = decoders["zxing-cpp"](page)
    assert ("code128", "P7K3M9Q2X") in found and ("qr", "P7K3M9Q2X") in found


def test_unknown_sheet_is_refused(label: ParcelLabel) -> None:
    with pytest.raises(ValueError, match="unknown sheet"):
        render_labels_pdf([label], sheet="letter")  # type: ignore[arg-type]


def effective_render_modes(content: str) -> list[int]:
    """The text render mode in force at each Tj, following q/Q like a PDF viewer does."""
    content = re.sub(r"\((?:\\.|[^\\)])*\)", "()", content)
    stack, mode, modes = [], 0, []
    for token in re.finditer(r"\bq\b|\bQ\b|(\d) Tr|\bTj\b", content):
        if token.group(0) == "q":
            stack.append(mode)
        elif token.group(0) == "Q":
            mode = stack.pop()
        elif token.group(1) is not None:
            mode = int(token.group(1))
        else:
            modes.append(mode)
    return modes


@pytest.mark.parametrize("size", SIZES)
def test_bold_does_not_leak_into_the_next_text(label: ParcelLabel, size: str) -> None:
    plan = plan_label(label, layout_for(size), 203, PilMetrics())
    expected = [2 if op.stroke else 0 for op in plan.ops if isinstance(op, TextOp) for _ in op.lines]
    page = PdfReader(io.BytesIO(render_label(label, size=size, fmt="pdf"))).pages[0]
    assert effective_render_modes(page.get_contents().get_data().decode("latin-1")) == expected
    assert 0 < sum(expected) < 2 * len(expected)
