import re

import zxingcpp
from PIL import Image, ImageDraw

from station.residents.qr import qr_svg


def rasterise(svg: str, scale: int = 8) -> Image.Image:
    """Draw the SVG's runs back into pixels (our SVG has only M x y h n v1 h-n z runs)."""
    size = int(re.search(r'viewBox="0 0 (\d+) ', svg)[1])
    image = Image.new("L", (size * scale, size * scale), 255)
    draw = ImageDraw.Draw(image)
    for x, y, n in re.findall(r"M(\d+) (\d+)h(\d+)", svg):
        x, y, n = int(x), int(y), int(n)
        draw.rectangle([x * scale, y * scale, (x + n) * scale - 1, (y + 1) * scale - 1], fill=0)
    return image


def test_the_svg_reads_back_as_the_code():
    svg = qr_svg("VAL-01-003")
    assert svg.startswith("<svg") and "<script" not in svg and "style=" not in svg
    assert len(svg) < 3000
    results = zxingcpp.read_barcodes(rasterise(svg))
    assert [r.text for r in results] == ["VAL-01-003"]


def test_the_label_is_escaped():
    assert 'aria-label="&lt;b&gt;"' in qr_svg("H12345678", label="<b>")
