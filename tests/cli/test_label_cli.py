import io

import pytest
import zxingcpp
from click.testing import CliRunner
from PIL import Image
from pypdf import PdfReader

from station.cli import main
from tests.parcels.helpers import intake


@pytest.mark.parametrize("size, dpi", [("60x40", "203"), ("100x150", "300"), ("62", "203")])
def test_station_label_renders_a_parcels_label_that_scans_back(tmp_path, sqlite_db, size, dpi):
    code, _, _ = intake(sqlite_db, "SF1234567890123", "10-2-301", "medicine")
    out = tmp_path / "label.png"
    result = CliRunner().invoke(main, ["label", "--db", sqlite_db.url, "--parcel", "SF1234567890123",
                                       "--size", size, "--dpi", dpi, "--format", "png", "-o", str(out)])
    assert result.exit_code == 0, result.output
    texts = {r.text for r in zxingcpp.read_barcodes(Image.open(out).convert("L"))}
    assert code in texts


def test_station_label_pdf_and_zpl(tmp_path, sqlite_db):
    code, _, _ = intake(sqlite_db, "SF1234567890123")
    for fmt in ("pdf", "zpl"):
        out = tmp_path / f"label.{fmt}"
        result = CliRunner().invoke(main, ["label", "--db", sqlite_db.url, "--parcel", code, "--format", fmt, "-o", str(out)])
        assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(b"^XA") and code.encode() in out.read_bytes()
    page = PdfReader(tmp_path / "label.pdf").pages[0]
    assert round(float(page.mediabox.width) * 25.4 / 72) == 60


def test_an_unknown_parcel_is_a_clear_error(tmp_path, sqlite_db):
    result = CliRunner().invoke(main, ["label", "--db", sqlite_db.url, "--parcel", "NOPE", "-o", str(tmp_path / "x.png")])
    assert result.exit_code == 1
    assert "no parcel is known by 'NOPE'" in result.output


def test_station_signs_makes_one_sign_per_shelf(tmp_path, sqlite_db, small_site):
    out = tmp_path / "signs.pdf"
    result = CliRunner().invoke(main, ["signs", "--db", sqlite_db.url, "-o", str(out)])
    assert result.exit_code == 0, result.output
    shelves = sum(zone.shelves for zone in small_site.zones.values())
    assert f"{shelves} shelf signs" in result.output
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(out.read_bytes())).pages)
    assert "B10-01" in text and "MED-01" in text
