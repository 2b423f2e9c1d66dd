"""`station-scan image`: one JSON object per file, a failing exit code for unreadable files."""

from __future__ import annotations

import io
import json
import subprocess
import sys

import cv2

from scanner.cli import main
from scanner.synth import render_code128, render_qr
from tests.scanner.conftest import REPO


def write_images(tmp_path):
    label = tmp_path / "label.png"
    cv2.imwrite(str(label), render_code128("SF1234567890123", module_px=3))
    qr = tmp_path / "qr.jpg"
    qr_symbol = render_qr("B12-1-0402", module_px=6)
    cv2.imwrite(str(qr), cv2.copyMakeBorder(qr_symbol, 20, 20, 20, 20, cv2.BORDER_CONSTANT, value=255))
    blank = tmp_path / "blank.webp"
    cv2.imwrite(str(blank), render_qr("x", module_px=1)[:4, :4])
    notes = tmp_path / "notes.txt"
    notes.write_text("not an image\n")
    return label, qr, blank, notes


def test_image_command_in_a_subprocess(tmp_path):
    label, qr, blank, notes = write_images(tmp_path)
    missing = tmp_path / "missing.png"
    done = subprocess.run(
        [sys.executable, "-m", "scanner.cli", "image", str(label), str(qr), str(blank), str(notes), str(missing)],
        cwd=REPO, capture_output=True, text=True, timeout=120, check=False,
    )
    assert done.returncode == 1, done.stderr
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    assert [line["file"] for line in lines] == [str(p) for p in (label, qr, blank, notes, missing)]
    assert lines[0]["results"] == [{"format": "CODE128", "text": "SF1234567890123", "decoder": "zxing-cpp"}]
    assert lines[1]["results"] == [{"format": "QR", "text": "B12-1-0402", "decoder": "zxing-cpp"}]
    assert lines[2]["results"] == []
    assert "not a JPEG, PNG or WebP" in lines[3]["error"] and "results" not in lines[3]
    assert "cannot read" in lines[4]["error"]
    assert all(isinstance(line["ms"], float) for line in lines)


def test_image_command_as_a_function(tmp_path):
    label, qr, _blank, _notes = write_images(tmp_path)
    out = io.StringIO()
    assert main(["image", "--positions", "--formats", "qr", str(label), str(qr)], out=out) == 0
    first, second = (json.loads(line) for line in out.getvalue().splitlines())
    assert first["results"] == []  # Code 128 not asked for
    assert second["results"][0]["text"] == "B12-1-0402" and len(second["results"][0]["position"]) == 4


def test_queue_status_command(tmp_path, capsys):
    out = io.StringIO()
    assert main(["queue", "status", "--queue", str(tmp_path / "q.db")], out=out) == 0
    assert json.loads(out.getvalue()) == {"queue": str(tmp_path / "q.db"), "queued": 0, "sent": 0, "rejected": 0}
    assert main(["queue", "replay", "--queue", str(tmp_path / "q.db")]) == 2
    assert "--station is required" in capsys.readouterr().err
