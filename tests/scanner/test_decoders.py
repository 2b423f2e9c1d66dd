"""Each decoder on generated symbols: exact text, normalised format, position, several symbols."""

from __future__ import annotations

import io
from pathlib import Path

import cv2
import numpy as np
import pytest
import zxingcpp
from PIL import Image

from scanner import preprocess as pp
from scanner.chain import default_chain
from scanner.decoders import OpenCVDecoder, PyzbarDecoder, ZXingDecoder
from scanner.symbols import CODE128, DATAMATRIX, EAN13, PARCEL_FORMATS, QR, UPCA
from scanner.synth import render_code128, render_qr

F = zxingcpp.BarcodeFormat


def zx_symbol(text: str, fmt: zxingcpp.BarcodeFormat, scale: int = 4) -> np.ndarray:
    """A clean symbol drawn by zxing-cpp's writer, on a white margin."""
    img = np.asarray(zxingcpp.create_barcode(text, fmt).to_image(scale=scale))
    return cv2.copyMakeBorder(img, 40, 40, 40, 40, cv2.BORDER_CONSTANT, value=255)


def texts(symbols) -> set[tuple[str, str]]:
    return {(s.format, s.text) for s in symbols}


# Code 128 and QR come from python-barcode / qrcode, independent of the decoders under test.
GENERATED = [
    pytest.param(lambda: render_code128("SF1234567890123", module_px=3), CODE128, "SF1234567890123", id="code128"),
    pytest.param(lambda: render_qr("https://t.example/p/YT2301234567890", module_px=5), QR,
                 "https://t.example/p/YT2301234567890", id="qr"),
    pytest.param(lambda: zx_symbol("DM 0001-B12", F.DataMatrix, 6), DATAMATRIX, "DM 0001-B12", id="datamatrix"),
    pytest.param(lambda: zx_symbol("9780306406157", F.EAN13, 3), EAN13, "9780306406157", id="ean13"),
]


@pytest.mark.parametrize(("make", "fmt", "text"), GENERATED)
def test_zxing_reads_generated_symbols(make, fmt, text):
    assert texts(ZXingDecoder()(make())) == {(fmt, text)}


@pytest.mark.parametrize(("make", "fmt", "text"), [p for p in GENERATED if p.id != "datamatrix"])
def test_pyzbar_reads_generated_symbols(make, fmt, text):
    assert texts(PyzbarDecoder()(make())) == {(fmt, text)}


@pytest.mark.parametrize(("make", "fmt", "text"), GENERATED)
def test_default_chain_reads_generated_symbols(make, fmt, text):
    result = default_chain().decode(make())
    assert texts(result) == {(fmt, text)}
    assert result[0].decoder == "zxing-cpp"


def test_opencv_reads_qr_and_a_photographed_ean():
    qr = render_qr("PARCEL 7Q4K-93", module_px=6)
    assert texts(OpenCVDecoder()(qr)) == {(QR, "PARCEL 7Q4K-93")}
    # OpenCV's barcode detector wants soft edges, as in a photo, not a rendered symbol.
    ean = cv2.GaussianBlur(zx_symbol("9780306406157", F.EAN13, 2), (3, 3), 0)
    assert (EAN13, "9780306406157") in texts(OpenCVDecoder()(ean))


def test_upca_is_reported_alike_by_every_decoder():
    img = cv2.GaussianBlur(zx_symbol("012345678905", F.UPCA, 2), (3, 3), 0)
    for decoder in (ZXingDecoder(), PyzbarDecoder(), OpenCVDecoder()):
        assert texts(decoder(img)) == {(UPCA, "012345678905")}, decoder.name


def test_zxing_keeps_control_characters_as_bytes():
    payload = "[)>\x1e01\x1d02100\x1d840\x1e\x04"
    found = ZXingDecoder()(zx_symbol(payload, F.PDF417, 3))
    assert [s.text for s in found] == [payload]


def page_with_symbols() -> tuple[np.ndarray, dict[tuple[str, str], tuple[int, int]]]:
    """A white page with four symbols; returns where each one's top-left corner is."""
    page = np.full((900, 1400), 255, np.uint8)
    placed = {}
    items = [
        ((CODE128, "YT2301234567890"), render_code128("YT2301234567890", module_px=3), (60, 60)),
        ((CODE128, "JT3012345678901"), render_code128("JT3012345678901", module_px=3), (60, 400)),
        ((QR, "B12-1-0402"), render_qr("B12-1-0402", module_px=6), (900, 80)),
        ((DATAMATRIX, "DM-77"), zx_symbol("DM-77", F.DataMatrix, 8), (950, 550)),
    ]
    for key, img, (x, y) in items:
        h, w = img.shape
        page[y : y + h, x : x + w] = img
        placed[key] = (x, y)
    return page, placed


def test_several_symbols_in_one_image_all_come_back_with_positions():
    page, placed = page_with_symbols()
    found = default_chain(all_symbols=True).decode(page)
    assert texts(found) == set(placed)
    for s in found:
        x, y, w, h = s.bbox
        px, py = placed[(s.format, s.text)]
        assert px - 5 <= x <= px + 150 and py - 5 <= y <= py + 150, (s, placed[(s.format, s.text)])
        assert w > 20 and h > 20
        assert len(s.position) == 4


def test_default_chain_reads_linear_and_qr_first_and_matrix_codes_when_alone():
    page, placed = page_with_symbols()
    assert texts(default_chain().decode(page)) == {k for k in placed if k[0] != DATAMATRIX}
    only_dm = page.copy()
    only_dm[:, :900] = 255
    only_dm[:500, :] = 255
    assert texts(default_chain().decode(only_dm)) == {(DATAMATRIX, "DM-77")}


@pytest.mark.parametrize("prep", [pp.scale(2.0), pp.rotate(30), pp.pad(), pp.then(pp.scale(0.5), pp.rotate(-45))],
                         ids=lambda p: p.name)
def test_positions_found_after_preprocessing_map_back_to_the_input(prep):
    page, placed = page_with_symbols()
    image, matrix = prep(page)
    zx = ZXingDecoder([QR])
    direct = zx(page)[0]
    mapped = pp.map_points(zx(image)[0].position, matrix)
    for ax, ay in direct.position:
        assert min(abs(ax - bx) + abs(ay - by) for bx, by in mapped) <= 8, (direct.position, mapped)


def test_every_kind_of_input_is_accepted(tmp_path: Path):
    gray = render_code128("SF1234567890123", module_px=3)
    bgr = cv2.cvtColor(gray, cv2.COLOR_GRAY2BGR)
    bgra = cv2.cvtColor(gray, cv2.COLOR_GRAY2BGRA)
    pil = Image.fromarray(gray).convert("RGB")
    buf = io.BytesIO()
    pil.save(buf, "PNG")
    path = tmp_path / "label.png"
    path.write_bytes(buf.getvalue())
    chain = default_chain()
    for source in (gray, bgr, bgra, gray[:, :, None], pil, buf.getvalue(), bytearray(buf.getvalue()), path, str(path)):
        assert texts(chain.decode(source)) == {(CODE128, "SF1234567890123")}, type(source)


def test_transparent_png_is_read_on_white():
    gray = render_qr("B12-1-0402", module_px=6)
    rgba = np.zeros((*gray.shape, 4), np.uint8)
    rgba[..., 3] = 255 - gray  # black modules opaque, the rest transparent black
    buf = io.BytesIO()
    Image.fromarray(rgba, "RGBA").save(buf, "PNG")
    assert texts(default_chain().decode(buf.getvalue())) == {(QR, "B12-1-0402")}


def test_restricted_formats_ignore_the_others():
    page, _placed = page_with_symbols()
    assert {s.format for s in ZXingDecoder([QR])(page)} == {QR}
    assert {s.format for s in default_chain([CODE128]).decode(page)} == {CODE128}
    with pytest.raises(ValueError, match="unknown formats"):
        ZXingDecoder(["AZTEC"])


def test_nothing_to_read_gives_an_empty_list():
    blank = np.full((720, 1280), 200, np.uint8)
    tiny = np.zeros((3, 3), np.uint8)
    for decoder in (ZXingDecoder(), ZXingDecoder(None), PyzbarDecoder(), OpenCVDecoder()):
        assert decoder(blank) == []
        assert decoder(tiny) == []
    assert default_chain().decode(blank) == []
    assert PARCEL_FORMATS >= {CODE128, QR, DATAMATRIX, EAN13}
