"""Waybill OCR: offline, the label found first, and the committed photos read to their rooms."""

from __future__ import annotations

import csv
import socket
from pathlib import Path

import cv2
import pytest

from scanner import ocr
from station.recognize.match import Directory, RosterEntry
from station.recognize.waybill import compound_name, read_waybill
from tests.waybill_photos import demo_households, waybill_photo

WAYBILLS = Path(__file__).resolve().parents[1] / "data" / "waybills"


def committed() -> list[dict[str, str]]:
    with (WAYBILLS / "expected.csv").open(encoding="utf-8") as rows:
        return list(csv.DictReader(rows))


@pytest.fixture(scope="module")
def demo_directory() -> tuple[Directory, str | None]:
    from station.demo.roster import demo_roster
    from station.site import load_site
    from tests.support import DEMO

    site = load_site(DEMO / "small.toml")
    roster = [RosterEntry(n, r.building, r.unit, r.room, r.name, r.phone)
              for n, r in enumerate(demo_roster(site, seed=7))]
    return Directory(site, roster), compound_name(site.name)


def test_the_engine_reads_with_the_network_refused(monkeypatch):
    def refuse(*args, **kwargs):
        raise OSError("network disabled in this test")
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    image = cv2.imread(str(WAYBILLS / "01-sf-haolou.jpg"), cv2.IMREAD_GRAYSCALE)
    lines = ocr.read_lines(image, reader=ocr.RapidEngine())
    assert any("16号楼3单元301室" in line.text for line in lines)


def test_the_label_is_found_in_the_frame():
    photo = waybill_photo(demo_households()[0], seed=11, layout="sf", level=0)
    x, y, w, h = ocr.find_label(photo.image)
    assert 300 < w < 700 and h > 550  # the paper, not the frame (1280x720)
    assert ocr.find_label(photo.image[:, :200] * 0 + 128) is None


def _read(photo, demo_directory):
    from station.recognize.waybill import recipient_focus

    directory, compound = demo_directory
    return read_waybill(ocr.read_lines(photo.image, focus=recipient_focus), directory, compound=compound)


def test_a_label_a_quarter_of_the_frame_is_cut_out_and_detected_small(demo_directory, monkeypatch):
    photo = waybill_photo(demo_households()[3], seed=31, layout="sf", level=0, label_height=590)
    x, y, w, h = ocr.find_label(photo.image)
    assert w * h < 0.35 * photo.image.size
    engine = ocr.RapidEngine()
    seen = []
    detect = engine._ocr.auto_text_det
    monkeypatch.setattr(engine._ocr, "auto_text_det", lambda image: seen.append(image.shape) or detect(image))
    monkeypatch.setattr(ocr, "_engine", engine)
    assert _read(photo, demo_directory).destination == photo.expected
    assert max(seen[0][:2]) <= ocr.DETECT_SIDE


@pytest.mark.parametrize("angle", [20, -25])
def test_a_turned_label_is_read_upright(angle, demo_directory):
    photo = waybill_photo(demo_households()[5], seed=32, layout="jd", level=0, angle=angle)
    label = ocr.locate_label(photo.image)
    assert abs(label.angle - angle) < 3
    assert _read(photo, demo_directory).destination == photo.expected


def test_an_upside_down_label_is_read(demo_directory):
    photo = waybill_photo(demo_households()[7], seed=33, layout="zto", level=0, angle=178)
    assert _read(photo, demo_directory).destination == photo.expected


@pytest.mark.parametrize("row", committed(), ids=lambda row: row["file"])
def test_the_committed_waybills_read_to_their_rooms(row, demo_directory):
    directory, compound = demo_directory
    image = cv2.imread(str(WAYBILLS / row["file"]))
    reading = read_waybill(ocr.read_lines(image), directory, compound=compound)
    assert reading.destination == row["expected"], reading
