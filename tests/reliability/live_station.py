"""The `station` command and a live `station serve` as subprocesses, for crash and load tests."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

BIN = Path(sys.executable).parent
ROOT = Path(__file__).resolve().parents[2]


def environment(**extra: str) -> dict[str, str]:
    """The test run's environment, with this work tree first on the import path."""
    path = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p)
    return {**os.environ, "PYTHONPATH": path, **extra}


def station_command(*args: object, cwd: Path, check: bool = True) -> subprocess.CompletedProcess:
    """Run `station ARGS...` as an operator would; output is captured as text."""
    executable = BIN / "station"
    command = [str(executable)] if executable.exists() else [sys.executable, "-c",
                                                             "from station.cli import main; main()"]
    result = subprocess.run([*command, *map(str, args)], cwd=cwd, capture_output=True, text=True,
                            timeout=300, env=environment())
    if check and result.returncode != 0:
        raise AssertionError(f"station {' '.join(map(str, args))} failed ({result.returncode}):\n"
                             f"{result.stdout}\n{result.stderr}")
    return result


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class StationServer:
    """`station serve` on a loopback port; `kill()` is kill -9, nothing is flushed or closed."""

    def __init__(self, db_url: str, workdir: Path, **env: str) -> None:
        self.db_url, self.workdir, self.env = db_url, workdir, env
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen | None = None
        self.starts = 0

    def start(self, timeout: float = 60) -> None:
        self.starts += 1
        log = open(self.workdir / f"server-{self.starts}.log", "wb")
        executable = BIN / "station"
        command = [str(executable)] if executable.exists() else [
            sys.executable, "-c", "from station.cli import main; main()"]
        self.process = subprocess.Popen(
            [*command, "serve", "--db", self.db_url, "--port", str(self.port)],
            cwd=self.workdir, stdout=log, stderr=subprocess.STDOUT,
            env=environment(**self.env))
        log.close()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"the station exited with {self.process.returncode}:\n{self.log()}")
            try:
                with urllib.request.urlopen(self.url + "/healthz", timeout=2) as answer:
                    if answer.status == 200:
                        return
            except OSError:
                time.sleep(0.1)
        raise AssertionError(f"the station did not answer within {timeout} s:\n{self.log()}")

    def kill(self) -> None:
        """kill -9: the process gets no chance to finish a transaction or close the database."""
        if self.process is not None and self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()

    def log(self) -> str:
        return "\n".join(path.read_text(errors="replace")[-4000:]
                         for path in sorted(self.workdir.glob("server-*.log")))
