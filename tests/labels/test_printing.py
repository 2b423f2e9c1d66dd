"""Printing goes through `lp`; every failure is a PrintError a volunteer can read."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest

from labels.printing import PrintError, media_for, print_file


class FakeRun:
    def __init__(self, returncode: int = 0, stdout: bytes = b"request id is zebra-7 (0 file(s))",
                 stderr: bytes = b"") -> None:
        self.result = (returncode, stdout, stderr)
        self.calls: list[tuple[list[str], dict[str, Any]]] = []

    def __call__(self, command: list[str], **kwargs: Any) -> subprocess.CompletedProcess[bytes]:
        self.calls.append((command, kwargs))
        code, out, err = self.result
        return subprocess.CompletedProcess(command, code, out, err)


def test_bytes_go_to_lp_on_stdin_with_the_label_media() -> None:
    run = FakeRun()
    said = print_file(b"%PDF-1.4", printer="gate-zebra", size="60x40", copies=2, lp="true", run=run)
    assert said == "request id is zebra-7 (0 file(s))"
    (command, kwargs), = run.calls
    assert command[1:] == ["-d", "gate-zebra", "-n", "2", "-o", "media=Custom.60x40mm", "-"]
    assert kwargs["input"] == b"%PDF-1.4"


def test_a_file_path_and_raw_zpl(tmp_path: Path) -> None:
    path = tmp_path / "label.zpl"
    path.write_bytes(b"^XA^XZ")
    run = FakeRun()
    print_file(path, printer="zebra", size="62", raw=True, lp="true", run=run)
    (command, kwargs), = run.calls
    assert command[-3:] == ["-o", "raw", str(path)] and "media=Custom.62x80mm" in command
    assert kwargs["input"] is None


def test_media_names() -> None:
    assert media_for("100x150") == "Custom.100x150mm"
    assert media_for("4x6") == "Custom.100x150mm"
    assert media_for("A4") == "A4"


def test_missing_lp_is_a_clear_error() -> None:
    with pytest.raises(PrintError, match="`no-such-lp-here` command is missing"):
        print_file(b"x", printer="zebra", lp="no-such-lp-here", run=FakeRun())


def test_a_refused_job_reports_what_lp_said() -> None:
    run = FakeRun(returncode=1, stdout=b"", stderr=b"lp: The printer or class does not exist.\n")
    with pytest.raises(PrintError, match="printer ghost refused the job: lp: The printer or class"):
        print_file(b"x", printer="ghost", lp="true", run=run)


def test_unknown_size_is_a_print_error() -> None:
    with pytest.raises(PrintError, match="unknown label size"):
        print_file(b"x", printer="p", size="A7", lp="true", run=FakeRun())


def test_no_printer_configured() -> None:
    with pytest.raises(PrintError, match="no printer is configured"):
        print_file(b"x", printer=None, lp="true", run=FakeRun())


def test_missing_file_and_bad_copies(tmp_path: Path) -> None:
    with pytest.raises(PrintError, match="no such file"):
        print_file(tmp_path / "gone.pdf", printer="p", lp="true", run=FakeRun())
    with pytest.raises(PrintError, match="copies"):
        print_file(b"x", printer="p", copies=0, lp="true", run=FakeRun())


def test_a_hung_printer_times_out() -> None:
    def hang(command: list[str], **kwargs: Any) -> subprocess.CompletedProcess[bytes]:
        raise subprocess.TimeoutExpired(command, 30)

    with pytest.raises(PrintError, match="did not accept the job within 30 s"):
        print_file(b"x", printer="p", lp="true", run=hang)
