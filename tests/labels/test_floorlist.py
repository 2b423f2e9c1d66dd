"""Runner floor lists: A4, unit -> floor -> room in the order given."""

from __future__ import annotations

import io
from datetime import datetime

import pytest
import zxingcpp
from pypdf import PdfReader

from labels import FloorList, render_floor_list_pdf
from labels.floorlist import paginate
from labels.layout import mm_to_points

pytestmark = pytest.mark.usefixtures("cjk_font")
A4 = (mm_to_points(210), mm_to_points(297))


def pages(pdf: bytes):
    return PdfReader(io.BytesIO(pdf)).pages


def test_floor_list_pages_and_header(make_floor_list) -> None:
    floor_list = make_floor_list(40)
    sheets = pages(render_floor_list_pdf(floor_list))
    assert len(sheets) == len(paginate(list(floor_list.lines))) >= 2
    assert all((float(p.mediabox.width), float(p.mediabox.height)) == pytest.approx(A4, abs=0.01)
               for p in sheets)
    text = sheets[0].extract_text().replace("\n", " ")
    for word in ("10栋", "R1127-03", "张志愿", "2022-11-27 09:30", "第 1/", "1单元", "1层"):
        assert word in text, (word, text)


def test_floor_list_keeps_the_given_order_and_groups(make_floor_list) -> None:
    lines = list(make_floor_list(30).lines)
    rows = [row for page in paginate(lines) for row in page]
    assert [row.line for row in rows if row.kind == "line"] == lines
    seen_units = [row.line.unit for row in rows if row.kind == "unit" and not row.continued]
    assert seen_units == ["1", "2"]
    for page in paginate(lines):  # every page opens with its unit and floor
        assert [row.kind for row in page[:2]] == ["unit", "floor"]


def test_page_per_unit_starts_each_unit_on_a_new_page(make_floor_list) -> None:
    lines = list(make_floor_list(12, units=3).lines)
    grouped = paginate(lines, page_per_unit=True)
    assert len(grouped) == 3
    assert [{row.line.unit for row in page} for page in grouped] == [{"1"}, {"2"}, {"3"}]
    assert len(pages(render_floor_list_pdf(make_floor_list(12, units=3), page_per_unit=True))) == 3
    assert len(paginate(lines)) == 1


def test_verification_box_only_for_medicine_and_valuables(make_floor_list) -> None:
    floor_list = make_floor_list(12)
    text = "".join(p.extract_text() for p in pages(render_floor_list_pdf(floor_list)))
    needing = sum(line.category in ("medicine", "valuable") for line in floor_list.lines)
    assert text.count("Verify") == needing
    assert text.count("签收") - text.count("核验/签收") == len(floor_list.lines) - needing


def test_floor_list_barcodes_decode(make_floor_list, pdf_pages) -> None:
    floor_list = make_floor_list(8)
    page, = pdf_pages(render_floor_list_pdf(floor_list), 300)
    found = {r.text for r in zxingcpp.read_barcodes(page.convert("L"))
             if r.format == zxingcpp.BarcodeFormat.Code128}
    assert {line.parcel_code for line in floor_list.lines} | {"R1127-03"} <= found


def test_long_floor_list_renders(make_floor_list) -> None:
    floor_list = make_floor_list(400, units=4)
    sheets = pages(render_floor_list_pdf(floor_list, page_per_unit=True))
    assert len(sheets) == len(paginate(list(floor_list.lines), page_per_unit=True))
    assert "共 400 件" in sheets[-1].extract_text()


def test_empty_floor_list_is_one_page() -> None:
    empty = FloorList("10", "R1", "张志愿", datetime(2022, 11, 27, 9, 30), ())
    sheets = pages(render_floor_list_pdf(empty))
    assert len(sheets) == 1 and "No items" in sheets[0].extract_text()
