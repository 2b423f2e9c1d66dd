"""The layout tables and the text-fitting rule, without fonts (a fake monospace metric)."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from labels.model import LabelError
from labels.layout import (ELLIPSIS, LAYOUTS, SIGN_LAYOUT, SIZES, SYMBOLS, Layout, fit_text,
                           layout_for, mm_to_points, wrap)


class Mono:
    """Every character 0.6 em wide; ink from 0.8 em above the baseline to 0.2 em below."""

    def bbox(self, text: str, size: int, stroke: int) -> tuple[float, float, float, float]:
        return (-stroke, -0.8 * size - stroke, 0.6 * size * len(text) + stroke, 0.2 * size + stroke)

    def advance(self, text: str, size: int) -> float:
        return 0.6 * size * len(text)


def fits(fitted, width: float, height: float) -> bool:
    return fitted.width <= width and fitted.height <= height


ALL_LAYOUTS = [*LAYOUTS.values(), SIGN_LAYOUT]


@pytest.mark.parametrize("layout", ALL_LAYOUTS, ids=lambda layout: layout.size.key)
def test_boxes_lie_inside_the_grid(layout: Layout) -> None:
    cols, rows = layout.grid
    for field in layout.fields:
        box = field.box
        assert 0 <= box.x and box.x + box.w <= cols, field
        assert 0 <= box.y and box.y + box.h <= rows, field
    # The grid is the printable area: label minus margins.
    assert cols == pytest.approx(layout.size.width_mm - 2 * layout.margin_mm)
    assert rows == pytest.approx(layout.size.height_mm - 2 * layout.margin_mm)


@pytest.mark.parametrize("layout", ALL_LAYOUTS, ids=lambda layout: layout.size.key)
def test_boxes_do_not_overlap(layout: Layout) -> None:
    for a, b in itertools.combinations(layout.fields, 2):
        overlap_w = min(a.box.x + a.box.w, b.box.x + b.box.w) - max(a.box.x, b.box.x)
        overlap_h = min(a.box.y + a.box.h, b.box.y + b.box.h) - max(a.box.y, b.box.y)
        assert overlap_w <= 0 or overlap_h <= 0, (a, b)


@pytest.mark.parametrize("layout", LAYOUTS.values(), ids=lambda layout: layout.size.key)
def test_every_label_has_both_codes_and_the_essentials(layout: Layout) -> None:
    kinds = {(f.kind, f.source) for f in layout.fields}
    assert {("code128", "parcel_code"), ("qr", "parcel_code"), ("category", "category"),
            ("care", "care")} <= kinds
    sources = {f.source for f in layout.fields}
    assert {"building", "pickup_code", "destination"} <= sources
    assert any(s.startswith("unit_room") for s in sources)
    assert any(s.startswith("received") for s in sources)


def test_sizes_and_media() -> None:
    assert set(SIZES) == {"60x40", "100x150", "62"}
    assert SIZES["60x40"].media == "Custom.60x40mm"
    assert SIZES["62"].continuous and SIZES["62"].width_mm == 62
    assert SIZES["60x40"].dots(203) == (479, 319)
    assert SIZES["60x40"].dots(300) == (708, 472)
    assert SIZES["100x150"].points == pytest.approx((283.4646, 425.1969), abs=1e-3)
    assert layout_for("4x6") is LAYOUTS["100x150"]
    assert mm_to_points(25.4) == pytest.approx(72)
    with pytest.raises(LabelError, match="known sizes"):
        layout_for("A7")


def test_symbols_stay_in_the_unit_square() -> None:
    for name, shapes in SYMBOLS.items():
        assert shapes[0][1] is True, name  # the first shape is ink
        for polygon, _ in shapes:
            assert all(0 <= x <= 1 and 0 <= y <= 1 for x, y in polygon), name


def test_fit_picks_the_largest_size_that_fits() -> None:
    m = Mono()
    fitted = fit_text("MED-01-004", 300, 100, m)
    assert fitted.lines == ("MED-01-004",)
    assert fits(fitted, 300, 100)
    assert fitted.size == 50  # 10 chars * 0.6 * 50 = 300
    assert fit_text("10", 300, 100, m).size == 100  # height-bound: 1.0 em of ink


def test_fit_respects_max_size() -> None:
    assert fit_text("A", 1000, 1000, Mono(), max_size=40).size == 40


def test_fit_cuts_with_an_ellipsis_below_min_size() -> None:
    text = "重庆市万州区静园巷13号1单元103室" * 4
    fitted = fit_text(text, 200, 30, Mono(), min_size=12)
    assert fitted.size == 12
    assert fitted.lines[0].endswith(ELLIPSIS)
    assert fits(fitted, 200, 30)


def test_fit_goes_below_min_size_only_when_the_box_is_too_short() -> None:
    fitted = fit_text("long text here", 500, 6, Mono(), min_size=12)
    assert fitted.size < 12 and fits(fitted, 500, 6)


def test_fit_wraps_to_more_lines_when_allowed() -> None:
    fitted = fit_text("独居老人 孕妇 慢病 透析 化疗", 200, 120, Mono(), max_lines=2)
    assert len(fitted.lines) == 2
    assert fits(fitted, 200, 120)
    assert fitted.size > fit_text("独居老人 孕妇 慢病 透析 化疗", 200, 120, Mono()).size


def test_wrap_keeps_ascii_words_whole_and_breaks_chinese_anywhere() -> None:
    lines = wrap("room 1803 王牌路37号邮电宿舍", 0.6 * 10 * 9, 10, Mono().advance)
    assert lines[0] == "room 1803"
    assert "".join(lines[1:]) == "王牌路37号邮电宿舍"
    assert all(len(line) <= 9 for line in lines)


def test_bold_counts_its_stroke() -> None:
    plain = fit_text("10栋", 300, 100, Mono())
    bold = fit_text("10栋", 300, 100, Mono(), bold=True)
    assert bold.stroke >= 1 and fits(bold, 300, 100) and bold.size <= plain.size


@settings(max_examples=200, deadline=None)
@given(text=st.text(alphabet=st.sampled_from("药品贵重 MED-0123456789独居老人孕妇慢病abc"), min_size=1,
                    max_size=80).filter(str.strip),
       width=st.integers(20, 800), height=st.integers(8, 300), max_lines=st.integers(1, 3),
       bold=st.booleans())
def test_fitted_text_never_leaves_its_box(text: str, width: int, height: int, max_lines: int,
                                          bold: bool) -> None:
    fitted = fit_text(text, width, height, Mono(), max_lines=max_lines, bold=bold, min_size=8)
    assert fits(fitted, width, height)
    assert 1 <= len(fitted.lines) <= max_lines
