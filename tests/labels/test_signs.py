"""Shelf signs: A4 sheets of two, large type, scannable shelf codes."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from labels import ShelfSign, render_signs_pdf
from labels.layout import mm_to_points

pytestmark = pytest.mark.usefixtures("cjk_font")
A4 = (mm_to_points(210), mm_to_points(297))
SIGNS = [ShelfSign("SH-B10-07", "10栋", "Building 10", slots="001-040", grid="3"),
         ShelfSign("SH-MED-01", "药品专区", "Medicine", category="MED", slots="001-040"),
         ShelfSign("SH-MEAL-02", "盒饭区（门口）", "Meals", category="meal")]


def pages(pdf: bytes):
    return PdfReader(io.BytesIO(pdf)).pages


def test_signs_two_per_a4_sheet() -> None:
    sheets = pages(render_signs_pdf(SIGNS))
    assert len(sheets) == 2
    assert all((float(p.mediabox.width), float(p.mediabox.height)) == pytest.approx(A4, abs=0.01)
               for p in sheets)
    text = sheets[0].extract_text().replace("\n", "")
    assert "B10-07" in text and "药品专区" in text and "MED-01" in text


def test_sign_codes_decode(decoders, pdf_pages) -> None:
    first, second = pdf_pages(render_signs_pdf(SIGNS), 150)
    for decode in decoders.values():
        found = decode(first)
        assert {("code128", "SH-B10-07"), ("qr", "SH-B10-07"), ("code128", "SH-MED-01"),
                ("qr", "SH-MED-01")} <= found, found
    assert ("code128", "SH-MEAL-02") in decoders["zxing-cpp"](second)


def test_no_signs_is_an_error() -> None:
    with pytest.raises(ValueError, match="no shelf signs"):
        render_signs_pdf([])
