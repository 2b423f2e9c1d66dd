from __future__ import annotations

import pytest

from labels.codes import CODE128_QUIET, QR_QUIET, code128_modules, place_code128, place_qr, qr_matrix
from labels.model import LabelError


def test_code128_modules_come_from_python_barcode() -> None:
    modules = code128_modules("P7K3M9Q2X")
    assert set(modules) == {"0", "1"}
    assert modules.startswith("11010010000")  # start code B
    assert modules.endswith("1100011101011")  # stop pattern
    assert len(modules) == 11 * 11 + 13  # start, 9 data, check, stop


@pytest.mark.parametrize("width", [320, 479, 700])
def test_bars_are_whole_dots_and_stay_in_the_box(width: int) -> None:
    placed = place_code128("P7K3M9Q2X", 10, 20, width, 60)
    modules = code128_modules("P7K3M9Q2X")
    assert placed.module == width // (len(modules) + 2 * CODE128_QUIET)
    for x, y, w, h in placed.rects:
        assert isinstance(x, int) and isinstance(w, int)
        assert w % placed.module == 0
        assert 10 + CODE128_QUIET * placed.module <= x and x + w <= 10 + width - CODE128_QUIET * placed.module
        assert (y, h) == (20, 60)
    # The bars reproduce the module pattern exactly.
    row = ["0"] * (placed.width // placed.module)
    for x, _, w, _ in placed.rects:
        for i in range((x - placed.x) // placed.module, (x - placed.x + w) // placed.module):
            row[i] = "1"
    assert "".join(row) == modules


def test_a_box_too_narrow_for_one_dot_modules_is_an_error() -> None:
    with pytest.raises(LabelError, match="box is only 100 dots"):
        place_code128("P7K3M9Q2X", 0, 0, 100, 40)


def test_qr_is_square_whole_dots_and_inside_the_box() -> None:
    matrix = qr_matrix("P7K3M9Q2X")
    assert len(matrix) == 21 and all(len(row) == 21 for row in matrix)  # version 1
    placed = place_qr("P7K3M9Q2X", 5, 5, 120, 150)
    assert placed.module == 120 // (21 + 2 * QR_QUIET)
    for x, y, w, h in placed.rects:
        assert h == placed.module and w % placed.module == 0
        assert 5 <= x and x + w <= 125 and 5 <= y and y + h <= 155
    dark = sum(w // placed.module for _, _, w, _ in placed.rects)
    assert dark == sum(sum(row) for row in matrix)
