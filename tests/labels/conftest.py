"""Fixtures for the labels tests: sample data, the font guard and barcode decoders."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image
from pyzbar import pyzbar

from labels import FloorList, FloorListLine, ParcelLabel
from labels.fonts import FontNotFound, FontFile, find_cjk_font

Decoded = set[tuple[str, str]]  # (symbology, text)


@pytest.fixture(scope="session")
def cjk_font() -> FontFile:
    """Skip rendering tests cleanly on a machine without a Chinese TrueType font."""
    try:
        return find_cjk_font()
    except FontNotFound as exc:
        pytest.skip(f"no CJK TrueType font installed (apt-get install fonts-wqy-microhei): {exc}")


@pytest.fixture
def label() -> ParcelLabel:
    return ParcelLabel(
        parcel_code="P7K3M9Q2X", building="10", unit="2", room="301", category="medicine",
        pickup_code="MED-01-004", received_at=datetime(2022, 11, 27, 9, 12),
        care_marks=("elderly_alone", "chronic_medicine"), destination="10栋2单元301", grid="3")


@pytest.fixture
def crowded_label() -> ParcelLabel:
    """Everything at its longest: the text that would overflow if anything could."""
    return ParcelLabel(
        parcel_code="PZZZZZZZZ", building="王牌路37号邮电宿舍后院", unit="12", room="1803",
        category="valuable", pickup_code="UNRESOLVED-12-0399",
        received_at=datetime(2022, 12, 31, 23, 59),
        care_marks=("elderly_alone", "pregnant", "chronic_medicine", "dialysis", "chemo",
                    "no_smartphone", "需轮椅 wheelchair"),
        destination="重庆市万州区静园巷13号1单元103室 王*明 ****1234 请放门口不要敲门 谢谢志愿者" * 2,
        grid="Grid-5 东区")


def floor_list(lines: int, *, units: int = 2) -> FloorList:
    categories = ("medicine", "express", "meal", "valuable", "fresh", "bulky")
    rows = []
    for i in range(lines):
        unit = i * units // max(lines, 1) + 1
        rows.append(FloorListLine(
            unit=str(unit), room=f"{i % 12 // 2 + 1}{i % 2 + 1:02d}",
            pickup_code=f"B10-{i % 9 + 1:02d}-{i:03d}",
            parcel_code=f"P{i:04d}K3MQ", category=categories[i % 6],
            care_marks=("elderly_alone",) if i % 5 == 0 else (), recipient="王*明 ****1234"))
    return FloorList("10", "R1127-03", "张志愿", datetime(2022, 11, 27, 9, 30), rows, grid="3")


@pytest.fixture
def make_floor_list() -> Callable[..., FloorList]:
    return floor_list


def _gray(image: Image.Image) -> Image.Image:
    # A white border as wide as a scanner would see around a label on a table.
    gray = image.convert("L")
    framed = Image.new("L", (gray.width + 40, gray.height + 40), 255)
    framed.paste(gray, (20, 20))
    return framed


def decode_zxing(image: Image.Image) -> Decoded:
    names = {zxingcpp.BarcodeFormat.Code128: "code128", zxingcpp.BarcodeFormat.QRCode: "qr"}
    return {(names.get(r.format, str(r.format)), r.text) for r in zxingcpp.read_barcodes(_gray(image))}


def decode_zbar(image: Image.Image) -> Decoded:
    names = {"CODE128": "code128", "QRCODE": "qr"}
    return {(names.get(d.type, d.type), d.data.decode()) for d in pyzbar.decode(_gray(image))}


@pytest.fixture
def decoders() -> dict[str, Callable[[Image.Image], Decoded]]:
    return {"zxing-cpp": decode_zxing, "zbar": decode_zbar}


@pytest.fixture
def pdf_pages(tmp_path: Path) -> Callable[[bytes, int], list[Image.Image]]:
    """Rasterise a PDF with poppler's pdftoppm, or skip when it is not installed."""
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        pytest.skip("pdftoppm not installed (apt-get install poppler-utils); PDF pixels unchecked")

    def render(pdf: bytes, dpi: int = 300) -> list[Image.Image]:
        source = tmp_path / "in.pdf"
        source.write_bytes(pdf)
        subprocess.run([pdftoppm, "-r", str(dpi), "-gray", "-png", str(source), str(tmp_path / "page")],
                       check=True, capture_output=True, timeout=120)
        pages = []
        for path in sorted(tmp_path.glob("page-*.png")):
            with Image.open(path) as page:
                pages.append(page.copy())
            path.unlink()
        return pages

    return render
