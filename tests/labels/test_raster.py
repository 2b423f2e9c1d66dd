"""PNG labels: exact size, whole-dot bars, Chinese glyphs, and both codes decode."""

from __future__ import annotations

import io
from dataclasses import replace

import pytest
from PIL import Image, ImageChops

from labels import DPIS, SIZES, LabelError, ParcelLabel, render_label, render_label_image
from labels.codes import code128_modules
from labels.compose import BLACK, CodeOp, FieldPlan, Plan, RectsOp, TextOp, plan_label
from labels.fonts import PilMetrics, covers_cjk, has_truetype_outlines, pil_font
from labels.layout import fit_text, layout_for
from labels.raster import paint, png_bytes

pytestmark = pytest.mark.usefixtures("cjk_font")
CASES = [(size, dpi) for size in SIZES for dpi in DPIS]


def ink_box(image: Image.Image) -> tuple[int, int, int, int] | None:
    return ImageChops.logical_xor(image, Image.new("1", image.size, 1)).getbbox()


@pytest.mark.parametrize(("size", "dpi"), CASES)
def test_png_is_one_bit_at_the_label_size(label: ParcelLabel, size: str, dpi: int) -> None:
    image = Image.open(io.BytesIO(render_label(label, size=size, dpi=dpi)))
    assert image.format == "PNG" and image.mode == "1"
    assert image.size == SIZES[size].dots(dpi)
    assert round(image.info["dpi"][0]) == dpi


@pytest.mark.parametrize(("size", "dpi"), CASES)
def test_both_codes_decode_with_both_decoders(label: ParcelLabel, decoders, size: str, dpi: int) -> None:
    image = Image.open(io.BytesIO(render_label(label, size=size, dpi=dpi)))
    for name, decode in decoders.items():
        found = decode(image)
        assert ("code128", "P7K3M9Q2X") in found, (name, found)
        assert ("qr", "P7K3M9Q2X") in found, (name, found)
        assert {text for _, text in found} == {"P7K3M9Q2X"}, (name, found)


@pytest.mark.parametrize("code", ["P00000000", "P12345678", "PABCDEFGH", "PZZZZZZZZ", "P7K3M9Q2X",
                                  "P0A1B2C3D"])
@pytest.mark.parametrize("dpi", DPIS)
def test_all_kinds_of_parcel_codes_decode_on_the_smallest_label(label: ParcelLabel, decoders,
                                                                code: str, dpi: int) -> None:
    image = render_label_image(replace(label, parcel_code=code), size="60x40", dpi=dpi)
    for name, decode in decoders.items():
        assert decode(image) == {("code128", code), ("qr", code)}, name


@pytest.mark.parametrize(("size", "dpi"), CASES)
def test_crowded_label_codes_still_decode(crowded_label: ParcelLabel, decoders, size: str, dpi: int) -> None:
    image = render_label_image(crowded_label, size=size, dpi=dpi)
    for name, decode in decoders.items():
        found = decode(image)
        assert {("code128", "PZZZZZZZZ"), ("qr", "PZZZZZZZZ")} <= found, (name, found)


@pytest.mark.parametrize(("size", "dpi"), CASES)
def test_printed_bars_are_whole_module_widths(label: ParcelLabel, size: str, dpi: int) -> None:
    plan = plan_label(label, layout_for(size), dpi, PilMetrics())
    code = next(op for op in plan.ops if isinstance(op, CodeOp) and op.symbology == "code128")
    assert code.module >= 2, "a 1-dot module does not survive a thermal head"
    image = paint(plan)
    row = [image.getpixel((x, code.y + code.height // 2)) for x in range(image.width)]
    runs, start = [], code.x
    for x in range(code.x + 1, code.x + code.module * len(code128_modules(code.data)) + 1):
        if row[x] != row[x - 1]:
            runs.append(x - start)
            start = x
    assert runs and all(run % code.module == 0 for run in runs)


def text_ink(plan: Plan, op: TextOp) -> tuple[int, int, int, int] | None:
    """Where `op` alone puts ink; white text is drawn on a black page to be seen."""
    page = (0, 0, plan.width, plan.height)
    ops = (op,) if op.color == BLACK else (RectsOp(page, (page,), BLACK), op)
    image = paint(Plan(plan.width, plan.height, plan.dpi, (FieldPlan(None, page, ops),)))
    return ink_box(image) if op.color == BLACK else image.getbbox()


@pytest.mark.parametrize(("size", "dpi"), CASES)
def test_nothing_is_drawn_outside_its_box(crowded_label: ParcelLabel, size: str, dpi: int) -> None:
    layout = layout_for(size)
    plan = plan_label(crowded_label, layout, dpi, PilMetrics())
    margin = round(layout.margin_mm * dpi / 25.4)
    for field in plan.fields:
        x, y, w, h = field.box
        assert margin <= x and x + w <= plan.width - margin + 1, field.field
        assert margin <= y and y + h <= plan.height - margin + 1, field.field
        for op in field.ops:
            if isinstance(op, TextOp):
                ink = text_ink(plan, op)
                assert ink is not None, op
                ox, oy, ow, oh = op.box
                assert ox <= ink[0] and oy <= ink[1] and ink[2] <= ox + ow and ink[3] <= oy + oh, \
                    (field.field, op.lines, ink, op.box)
                assert x <= ox and y <= oy and ox + ow <= x + w and oy + oh <= y + h
    # And on the whole label, ink stays inside the margins.
    ink = ink_box(paint(plan))
    assert ink is not None
    assert ink[0] >= margin and ink[1] >= margin
    assert ink[2] <= plan.width - margin + 1 and ink[3] <= plan.height - margin + 1


def test_long_texts_are_shrunk_or_cut_not_spilled(crowded_label: ParcelLabel) -> None:
    plan = plan_label(crowded_label, layout_for("60x40"), 203, PilMetrics())
    texts = [line.text for op in plan.ops if isinstance(op, TextOp) for line in op.lines]
    assert any(text.endswith("…") for text in texts), texts  # the destination is cut
    assert any("独居老人" in text for text in texts)


def test_fit_with_the_real_font_stays_in_the_box(cjk_font) -> None:
    metrics = PilMetrics()
    fitted = fit_text("10栋2单元301 王牌路37号邮电宿舍 ****1234" * 3, 320, 24, metrics, min_size=14)
    assert fitted.width <= 320 and fitted.height <= 24
    font = pil_font(fitted.size)
    for line in fitted.lines:
        left, top, right, bottom = font.getbbox(line, mode="1", anchor="ls", stroke_width=fitted.stroke)
        assert right - left <= 320


def test_the_font_draws_chinese_not_boxes(cjk_font) -> None:
    assert has_truetype_outlines(cjk_font.path, cjk_font.index)
    assert covers_cjk(cjk_font.path, cjk_font.index)
    font = pil_font(40)
    drawn = {ch: font.getmask(ch).getbbox() for ch in "药品独居老人"}
    missing = font.getmask("\uffff").getbbox()
    assert all(box != missing for box in drawn.values()), drawn


def test_category_badge_shows_word_and_tag(label: ParcelLabel) -> None:
    plan = plan_label(label, layout_for("60x40"), 203, PilMetrics())
    texts = {line.text for op in plan.ops if isinstance(op, TextOp) for line in op.lines}
    assert {"10栋", "2-301", "药品", "MED", "MED-01-004", "P7K3M9Q2X"} <= texts
    assert any(text.startswith("★优先 独居老人 慢病") for text in texts)


def test_unknown_format_size_and_dpi_are_refused(label: ParcelLabel) -> None:
    with pytest.raises(LabelError, match="format"):
        render_label(label, fmt="bmp")  # type: ignore[arg-type]
    with pytest.raises(LabelError, match="dpi 600"):
        render_label(label, dpi=600)
    with pytest.raises(LabelError, match="unknown label size 'A6'"):
        render_label(label, size="A6")


@pytest.mark.parametrize(("size", "dpi"), CASES)
def test_png_holds_exactly_the_painted_dots(label: ParcelLabel, size: str, dpi: int) -> None:
    painted = render_label_image(label, size=size, dpi=dpi)
    decoded = Image.open(io.BytesIO(png_bytes(painted, dpi)))
    decoded.load()
    assert decoded.mode == "1" and decoded.size == painted.size
    assert ImageChops.logical_xor(decoded, painted).getbbox() is None


def test_png_refuses_other_modes() -> None:
    with pytest.raises(ValueError, match="1-bit"):
        png_bytes(Image.new("L", (4, 4)), 203)
