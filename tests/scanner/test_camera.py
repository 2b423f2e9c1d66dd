"""The capture loop without a camera: frame lists and a video file stand in for it."""

from __future__ import annotations

import io
import os
import stat

import cv2
import numpy as np
import pytest

from scanner import camera
from scanner.camera import Beeper, Debouncer, beep_wav, capture_frames, run_loop
from scanner.chain import default_chain
from scanner.cli import main
from scanner.scan_queue import SENT, ScanQueue
from scanner.symbols import CODE128, QR, Symbol
from scanner.synth import finish, photograph
from tests.scanner.conftest import GATE

BLANK = np.full((720, 1280), 180, np.uint8)


def frame(fmt: str, text: str, seed: int = 1) -> np.ndarray:
    return finish(photograph(fmt, text, seed=seed, module_px=3.0 if fmt == CODE128 else 5.0))


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_debouncer_counts_a_code_again_only_after_a_quiet_window():
    d = Debouncer(window=3.0)
    a = Symbol(CODE128, "A1234", (), "zx")
    assert d.is_new(a, 0.0)
    assert not d.is_new(a, 2.0)
    assert not d.is_new(a, 4.5)  # still in view: each sighting restarts the window
    assert d.is_new(a, 8.0)
    assert d.is_new(Symbol(QR, "A1234", (), "zx"), 8.0)  # another symbology is another code


def test_loop_reports_each_new_code_once():
    a, b = frame(CODE128, "SF1234567890123"), frame(QR, "B12-1-0402")
    clock = Clock()
    seen: list[str] = []

    def frames():
        for img in (a, a, BLANK, b, a, b):
            clock.now += 0.5
            yield img
        clock.now += 10
        yield a

    new = run_loop(frames(), chain=default_chain(), on_scan=lambda s: seen.append(s.text),
                   debouncer=Debouncer(3.0), clock=clock)
    assert seen == ["SF1234567890123", "B12-1-0402", "SF1234567890123"] and new == 3


def test_loop_takes_bgr_frames_as_cameras_give_them():
    bgr = cv2.cvtColor(frame(CODE128, "SF1234567890123"), cv2.COLOR_GRAY2BGR)
    seen: list[str] = []
    run_loop([bgr], chain=default_chain(), on_scan=lambda s: seen.append(s.text))
    assert seen == ["SF1234567890123"]


def write_video(path, frames) -> None:
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"MJPG"), 10, (1280, 720))
    assert writer.isOpened()
    for img in frames:
        writer.write(cv2.cvtColor(img, cv2.COLOR_GRAY2BGR))
    writer.release()


@pytest.fixture(scope="module")
def video(tmp_path_factory):
    path = tmp_path_factory.mktemp("video") / "gate.avi"
    a, b = frame(CODE128, "SF0000000000011", 2), frame(CODE128, "SF0000000000012", 3)
    write_video(path, [a, a, a, BLANK, b, b, BLANK, a])
    return path


def test_capture_frames_reads_a_video_file(video):
    frames = list(capture_frames(str(video)))
    assert len(frames) == 8 and frames[0].shape == (720, 1280, 3)
    assert len(list(capture_frames(str(video), max_frames=3))) == 3
    with pytest.raises(OSError, match="cannot open"):
        list(capture_frames(str(video.parent / "missing.avi")))


def test_camera_command_queues_each_code_once_without_a_station(video, tmp_path):
    out = io.StringIO()
    queue_path = tmp_path / "q.db"
    rc = main(["camera", "--device", str(video), "--queue", str(queue_path), "--gate", GATE, "--no-sound"], out=out)
    assert rc == 0
    lines = out.getvalue().splitlines()
    assert [line.split(" ", 1)[1] for line in lines[:2]] == [
        "CODE128 SF0000000000011 queued #1", "CODE128 SF0000000000012 queued #2"]
    assert "2 scan(s) waiting" in lines[2] and len(lines) == 3
    with ScanQueue(queue_path) as queue:
        assert [s.payload for s in queue.pending()] == [
            {"scan": "SF0000000000011", "gate": GATE}, {"scan": "SF0000000000012", "gate": GATE}]


def test_camera_command_posts_to_the_station(video, station, station_db, tmp_path):
    out = io.StringIO()
    queue_path = tmp_path / "q.db"
    rc = main(["camera", "--device", str(video), "--station", station.url, "--gate", GATE, "--token", station_db.token,
               "--category", "medicine", "--queue", str(queue_path), "--no-sound"], out=out)
    assert rc == 0, out.getvalue()
    with ScanQueue(queue_path) as queue:
        scans = queue.all()
        assert [s.state for s in scans] == [SENT, SENT]
        assert scans[0].response["parcel"]["tracking_number"] == "SF0000000000011"
        assert scans[0].response["parcel"]["category"] == "medicine"
    text = out.getvalue()
    assert "#1 SF0000000000011 sent -> zone" in text and "pickup" in text


def test_camera_command_needs_a_gate_with_a_station(video, capsys):
    assert main(["camera", "--device", str(video), "--station", "http://127.0.0.1:9"]) == 2
    assert "--gate is required" in capsys.readouterr().err


def test_beeper_rings_the_bell_when_there_is_no_aplay(monkeypatch):
    monkeypatch.setattr(camera.shutil, "which", lambda name: None)
    stream = io.StringIO()
    Beeper(stream=stream).beep()
    assert stream.getvalue() == "\a"


def test_beeper_survives_a_broken_player_and_a_closed_terminal(monkeypatch, tmp_path):
    broken = tmp_path / "aplay"
    broken.write_text("not a program")  # not executable: Popen raises PermissionError
    monkeypatch.setattr(camera.shutil, "which", lambda name: str(broken))
    stream = io.StringIO()
    beeper = Beeper(stream=stream)
    stream.close()
    beeper.beep()
    beeper.beep()
    beeper.close()


def test_beeper_plays_through_aplay_when_present(monkeypatch, tmp_path):
    received = tmp_path / "played.wav"
    player = tmp_path / "aplay"
    player.write_text(f"#!/bin/sh\ncat > {received}\n")
    player.chmod(player.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setattr(camera.shutil, "which", lambda name: str(player))
    beeper = Beeper(bell=False)
    beeper.beep()
    beeper.close()
    assert received.read_bytes() == beep_wav()
    assert os.path.getsize(received) > 1000
