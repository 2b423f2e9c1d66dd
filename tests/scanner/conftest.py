"""Fixtures for the scanner: the shared reference photos and a real station process."""

from __future__ import annotations

import csv
import os
import signal
import socket
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx2
import pytest

REPO = Path(__file__).resolve().parents[2]
BARCODES = REPO / ".." / "shared" / "data" / "barcodes"
BIN = Path(sys.executable).parent
GATE = "main"  # the gate of the small demo site


@pytest.fixture(scope="session")
def barcode_rows() -> dict[Path, list[dict[str, str]]]:
    """manifest.csv of the shared reference photos, grouped per image; skips when absent."""
    manifest = BARCODES / "manifest.csv"
    if not manifest.is_file():
        pytest.skip(f"reference photos not found at {BARCODES.resolve()}")
    rows: dict[Path, list[dict[str, str]]] = defaultdict(list)
    with open(manifest, newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            rows[BARCODES / row["file"]].append(row)
    return dict(rows)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _run(*args: str) -> str:
    done = subprocess.run(args, capture_output=True, text=True, timeout=120, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    return done.stdout


@dataclass
class StationDb:
    """A demo station database and a device token of a gate volunteer."""

    url: str
    token: str
    log_dir: Path


@dataclass
class StationProcess:
    url: str
    process: subprocess.Popen[bytes]


@pytest.fixture(scope="session")
def station_db(tmp_path_factory: pytest.TempPathFactory) -> StationDb:
    """`station init --demo small` plus a gate account and its device token."""
    station = BIN / "station"
    if not station.exists():
        pytest.skip(f"the station command is not installed in {BIN}")
    folder = tmp_path_factory.mktemp("station")
    url = f"sqlite:///{folder / 's.db'}"
    _run(str(station), "init", "--demo", "small", "--db", url)
    _run(str(station), "users", "add", "gate-scanner", "--role", "gate",
         "--password", "scanner-tests-2026", "--db", url)
    out = _run(str(station), "token", "create", "gate-scanner", "--label", "station-scan tests", "--db", url)
    token = next(line.strip() for line in out.splitlines() if line.strip().startswith("st_"))
    return StationDb(url, token, folder)


def start_station(db: StationDb, port: int) -> StationProcess:
    """`station serve` as a subprocess, returned once /healthz answers 200."""
    log = open(db.log_dir / f"serve-{port}.log", "ab")  # noqa: SIM115 - closed with the process
    process = subprocess.Popen(
        [str(BIN / "station"), "serve", "--db", db.url, "--port", str(port)],
        stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )
    log.close()
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"station serve exited with {process.returncode}; see {db.log_dir}")
        try:
            if httpx2.get(f"{url}/healthz", timeout=1).status_code == 200:
                return StationProcess(url, process)
        except httpx2.HTTPError:
            pass
        time.sleep(0.2)
    stop_station(StationProcess(url, process))
    raise RuntimeError("station serve did not answer /healthz within 60 s")


def stop_station(station: StationProcess) -> None:
    if station.process.poll() is None:
        os.killpg(station.process.pid, signal.SIGTERM)
        try:
            station.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(station.process.pid, signal.SIGKILL)
            station.process.wait()


@pytest.fixture(scope="session")
def station(station_db: StationDb) -> Iterator[StationProcess]:
    running = start_station(station_db, free_port())
    try:
        yield running
    finally:
        stop_station(running)
