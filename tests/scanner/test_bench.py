"""The benchmark runs end to end (a smoke run on a few images; no timing is asserted)."""

from __future__ import annotations

from scanner import bench


def test_bench_smoke_run(capsys, tmp_path):
    assert bench.main(["--limit", "3", "--repeat", "2", "--no-variants"]) == 0
    out = capsys.readouterr().out
    assert "machine:" in out and "logical CPUs" in out
    assert "generated labels" in out and "default chain" in out
    assert "1280x720 frame with one Code 128" in out


def test_bench_skips_missing_photos_with_a_message(capsys, tmp_path):
    assert bench.main(["--data", str(tmp_path), "--no-synthetic", "--repeat", "1"]) == 0
    assert "reference photos skipped" in capsys.readouterr().out
