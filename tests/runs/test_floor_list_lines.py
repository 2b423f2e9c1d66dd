"""Helpers of the printed list: building labels and the HTML barcode."""

from __future__ import annotations

import re

import pytest

from station.runs.lists import buildings_label, code128_svg


def test_building_labels():
    assert buildings_label(["10", "10"]) == "10"
    assert buildings_label(["9", "10", "12", "11"]) == "9-12"
    assert buildings_label(["3", "9", "7"]) == "3,9,7"
    assert buildings_label([]) == "?"


def test_the_html_barcode_is_code128_of_the_parcel_code():
    svg = code128_svg("P7K3M9Q2X")
    assert svg.startswith("<svg") and 'aria-label="P7K3M9Q2X"' in svg
    assert "<script" not in svg and "style=" not in svg  # the page's CSP allows neither inline
    zxingcpp = pytest.importorskip("zxingcpp")
    from PIL import Image, ImageDraw

    width = int(re.search(r'viewBox="0 0 (\d+) ', svg)[1])
    image = Image.new("L", (width * 3, 120), 255)
    draw = ImageDraw.Draw(image)
    for x, w in re.findall(r"M(\d+) 0h(\d+)", svg):
        draw.rectangle([int(x) * 3, 10, (int(x) + int(w)) * 3 - 1, 110], fill=0)
    found = {r.text for r in zxingcpp.read_barcodes(image)}
    assert found == {"P7K3M9Q2X"}
