"""ZPL: printer-drawn barcodes and Chinese text as ^GFA bitmaps."""

from __future__ import annotations

import re

import pytest
from PIL import Image

from labels import SIZES, ParcelLabel, render_label, render_labels_zpl
from labels.compose import CodeOp, plan_label
from labels.fonts import PilMetrics
from labels.layout import layout_for
from labels.zpl import field_data, graphic_field

pytestmark = pytest.mark.usefixtures("cjk_font")
GFA = re.compile(r"\^FO(\d+),(\d+)\^GFA,(\d+),(\d+),(\d+),([0-9A-F]*)\^FS")


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("dpi", [203, 300])
def test_zpl_structure(label: ParcelLabel, size: str, dpi: int) -> None:
    zpl = render_label(label, size=size, dpi=dpi, fmt="zpl").decode("ascii")
    assert zpl.startswith("^XA\n") and zpl.rstrip().endswith("^XZ")
    assert zpl.count("^XA") == zpl.count("^XZ") == 1
    width, height = SIZES[size].dots(dpi)
    assert f"^PW{width}\n" in zpl and f"^LL{height}\n" in zpl
    assert ("^MNN" in zpl) == SIZES[size].continuous

    plan = plan_label(label, layout_for(size), dpi, PilMetrics())
    bar = next(op for op in plan.ops if isinstance(op, CodeOp) and op.symbology == "code128")
    assert f"^FO{bar.x},{bar.y}^BY{bar.module},3,{bar.height}^BCN,{bar.height},N,N,N,A^FDP7K3M9Q2X^FS" in zpl
    assert re.search(r"\^BQN,2,\d+\^FDMA,P7K3M9Q2X\^FS", zpl)

    graphics = GFA.findall(zpl)
    assert len(graphics) >= 5  # building, unit-room, category, pickup code, care, ...
    for x, y, total, again, per_row, data in graphics:
        total, per_row = int(total), int(per_row)
        assert total == int(again) and total % per_row == 0
        rows = total // per_row
        assert len(data) == 2 * total
        assert int(x) + per_row * 8 <= width + 7 and int(y) + rows <= height
        assert int(data, 16) != 0  # some ink


def test_graphic_field_packs_black_dots_as_ones() -> None:
    image = Image.new("1", (10, 2), 1)
    image.putpixel((0, 0), 0)
    image.putpixel((9, 1), 0)
    assert graphic_field(image) == "^GFA,4,4,2,80000040"  # row padding stays white


def test_field_data_escapes_zpl_control_characters() -> None:
    assert field_data("P7K3M9Q2X") == "^FDP7K3M9Q2X"
    assert field_data("A^B~C_") == "^FH_^FDA_5EB_7EC_5F"


def test_many_labels_are_many_formats(label: ParcelLabel) -> None:
    zpl = render_labels_zpl([label] * 3, size="62").decode("ascii")
    assert zpl.count("^XA") == zpl.count("^XZ") == 3
