"""Printer names, and ZPL sent to a label printer's raw port (a local socket here)."""

from __future__ import annotations

import socket
import threading
import time

import pytest

from labels.printers import Printer, parse_printer, send_raw
from labels.printing import PrintError


class RawPrinter:
    """A label printer's port 9100 on 127.0.0.1: keeps every job it receives."""

    def __init__(self) -> None:
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.jobs: list[bytes] = []
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while True:
            try:
                connection, _ = self.listener.accept()
            except OSError:
                return
            with connection:
                chunks = []
                while chunk := connection.recv(65536):
                    chunks.append(chunk)
                self.jobs.append(b"".join(chunks))

    def wait(self, jobs: int = 1, timeout: float = 5.0) -> list[bytes]:
        deadline = time.monotonic() + timeout
        while len(self.jobs) < jobs and time.monotonic() < deadline:
            time.sleep(0.01)
        return self.jobs

    def close(self) -> None:
        self.listener.close()


@pytest.fixture
def raw_printer():
    printer = RawPrinter()
    yield printer
    printer.close()


@pytest.mark.parametrize(("spec", "expected"), [
    ("Zebra_GX420", Printer("cups", "Zebra_GX420")),
    ("cups:gate-1", Printer("cups", "gate-1")),
    ("zpl://192.168.1.50", Printer("zpl", "192.168.1.50", 9100)),
    ("zpl://printer.lan:6101", Printer("zpl", "printer.lan", 6101)),
])
def test_printer_names(spec, expected):
    assert parse_printer(spec) == expected


@pytest.mark.parametrize("spec", ["", "zpl://", "zpl://host:99999", "two words", "zpl://host/path"])
def test_bad_printer_names_are_refused_with_the_forms(spec):
    with pytest.raises(ValueError, match="zpl://HOST"):
        parse_printer(spec)


def test_zpl_reaches_the_printers_port_whole(raw_printer):
    job = b"^XA^FO20,20^A0N,40,40^FDB10-07^FS^XZ" * 200
    said = send_raw(job, Printer("zpl", "127.0.0.1", raw_printer.port))
    assert raw_printer.wait() == [job] and said == f"sent {len(job)} bytes to 127.0.0.1:{raw_printer.port}"


def test_an_unreachable_printer_is_a_print_error_a_volunteer_can_read():
    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))
        port = unused.getsockname()[1]
    with pytest.raises(PrintError, match=f"cannot reach label printer 127.0.0.1:{port}"):
        send_raw(b"^XA^XZ", Printer("zpl", "127.0.0.1", port), timeout=2)
