"""`station serve --workers 2` on one database: what one worker changes, the other acts on.

Each test talks to both worker processes on purpose: a keep-alive connection stays with the
worker that accepted it, and which one that is is read from /proc (the worker holding the
server end of the connection), so "through one, then the other" is what really happens.
"""

from __future__ import annotations

import http.client
import json
import os
import random
import re
import subprocess
import threading
import time
from html import unescape
from pathlib import Path
from urllib.parse import urlencode

import pytest
from sqlalchemy import func, select

from station.parcels.models import Parcel
from tests.reliability.live_station import BIN, environment, free_port
from station.web.security import SESSION_COOKIE
from tests.support import DEMO, PASSWORD, TOKENS

SMALL = (DEMO / "small.toml").read_text(encoding="utf-8")
SAME_ORIGIN = {"Sec-Fetch-Site": "same-origin"}


class TwoWorkers:
    """`station serve --workers 2` as a subprocess on a free loopback port."""

    def __init__(self, db_url: str, workdir: Path, **env: str) -> None:
        self.port = free_port()
        self.opened: list[http.client.HTTPConnection] = []
        command = [str(BIN / "station")] if (BIN / "station").exists() else [
            str(BIN / "python"), "-c", "from station.cli import main; main()"]
        self.log_path = workdir / "serve.log"
        with self.log_path.open("wb") as log:
            self.process = subprocess.Popen(
                [*command, "serve", "--db", db_url, "--port", str(self.port), "--workers", "2"],
                cwd=workdir, stdout=log, stderr=subprocess.STDOUT, env=environment(**env))
        deadline = time.monotonic() + 60
        while len(self.workers()) < 2 or not self._answers():
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise AssertionError(f"the station did not start:\n{self.log_path.read_text()}")
            time.sleep(0.1)

    def _answers(self) -> bool:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
        try:
            connection.request("GET", "/healthz")
            return connection.getresponse().status == 200
        except OSError:
            return False
        finally:
            connection.close()

    def workers(self) -> list[int]:
        try:
            children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children").read_text()
        except OSError:
            return []
        return [int(pid) for pid in children.split()]

    def owner(self, connection: http.client.HTTPConnection) -> int | None:
        """The worker holding the server end of this (connected) client connection."""
        client_port = connection.sock.getsockname()[1]
        inodes = set()
        for table in ("/proc/net/tcp", "/proc/net/tcp6"):
            for line in Path(table).read_text().splitlines()[1:]:
                fields = line.split()
                local, remote = int(fields[1].rsplit(":", 1)[1], 16), int(fields[2].rsplit(":", 1)[1], 16)
                if local == self.port and remote == client_port:
                    inodes.add(fields[9])
        for pid in self.workers():
            for fd in os.listdir(f"/proc/{pid}/fd"):
                try:
                    link = os.readlink(f"/proc/{pid}/fd/{fd}")
                except OSError:
                    continue
                if link.startswith("socket:[") and link[8:-1] in inodes:
                    return pid
        return None

    def connect(self, pid: int) -> http.client.HTTPConnection:
        """A keep-alive connection accepted by the worker `pid`."""
        for _ in range(200):
            connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
            self.opened.append(connection)
            connection.request("GET", "/healthz")
            connection.getresponse().read()
            if self.owner(connection) == pid:
                return connection
            connection.close()
        raise AssertionError(f"no connection reached worker {pid}")

    def stop(self) -> None:
        for connection in self.opened:
            connection.close()
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


class Worker:
    """Requests sent to one worker process only (connections that drop are opened again to it)."""

    def __init__(self, station: TwoWorkers, pid: int) -> None:
        self.station, self.pid = station, pid
        self.connection = station.connect(pid)
        self.cookie: str | None = None

    def request(self, method: str, path: str, *, form: dict | None = None, body: dict | None = None,
                headers: dict | None = None) -> tuple[int, dict[str, str], str]:
        headers = dict(headers or {})
        data = None
        if form is not None:
            data, headers["Content-Type"] = urlencode(form), "application/x-www-form-urlencoded"
            headers.update(SAME_ORIGIN)
        elif body is not None:
            data, headers["Content-Type"] = json.dumps(body), "application/json"
        if self.cookie:
            headers["Cookie"] = self.cookie
        for attempt in (1, 2):
            try:
                self.connection.request(method, path, body=data, headers=headers)
                response = self.connection.getresponse()
                text = response.read().decode("utf-8", "replace")
                break
            except (http.client.RemoteDisconnected, ConnectionError):  # idle keep-alive closed by the server
                if attempt == 2:
                    raise
                self.connection.close()
                self.connection = self.station.connect(self.pid)
        assert self.station.owner(self.connection) == self.pid
        return response.status, dict(response.getheaders()), text

    def sign_in(self, name: str) -> None:
        status, headers, _ = self.request("POST", "/login", form={"name": name, "password": PASSWORD, "next": "/gate"})
        assert status == 303, status
        self.cookie = re.search(rf"({SESSION_COOKIE}=[^;]+)", headers["set-cookie"])[1]


@pytest.fixture
def station(db, tmp_path, request):
    env = getattr(request, "param", {})
    started = TwoWorkers(db.url, tmp_path, **env)
    yield started
    started.stop()


def both(station: TwoWorkers) -> tuple[Worker, Worker]:
    first, second = station.workers()
    return Worker(station, first), Worker(station, second)


def test_a_token_revoked_through_one_worker_is_refused_by_the_other_within_a_second(station):
    one, other = both(station)
    device = {"Authorization": f"Bearer {TOKENS['gate1']}"}
    assert other.request("GET", "/api/v1/parcels/SF0000000000001", headers=device)[0] == 404  # known there
    gate_page = Worker(station, other.pid)
    gate_page.sign_in("gate1")
    assert gate_page.request("GET", "/gate")[0] == 200
    one.sign_in("lead")
    assert one.request("POST", "/admin/users/gate1/disable", form={})[0] == 303
    assert gate_page.request("GET", "/gate")[0] == 303  # the session ended: back to the sign-in page
    time.sleep(1.0)
    status, _, text = other.request("GET", "/api/v1/parcels/SF0000000000001", headers=device)
    assert status == 401 and json.loads(text)["code"] == "accounts.token_unknown"


def test_a_site_change_through_one_worker_is_used_by_the_other(station):
    one, other = both(station)
    device = {"Authorization": f"Bearer {TOKENS['gate1']}"}
    scan = {"scan": "YT9000000000001", "destination": "3-1-101", "category": "express", "gate": "east"}
    assert other.request("POST", "/api/v1/intake", body=scan, headers=device)[0] == 422  # no east gate yet
    east = '\n\n[[gates]]\ncode = "east"\nname = "东门 East gate"'
    new = SMALL.replace('name = "大门 Main gate"', 'name = "大门 Main gate"' + east, 1)
    one.sign_in("lead")
    status, _, page = one.request("POST", "/admin/site/check", form={"toml": new})
    assert status == 200
    fields = {key: unescape(value) for key, value in
              re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', page)}
    fields["toml"] = unescape(re.search(r'<textarea name="toml" hidden readonly>(.*?)</textarea>', page, re.S)[1])
    assert one.request("POST", "/admin/site/apply", form=fields)[0] == 303
    time.sleep(1.0)
    status, _, answer = other.request("POST", "/api/v1/intake", body=scan, headers=device)
    assert status == 201, answer


@pytest.mark.parametrize("station", [{"STATION_TRACK_LOOKUPS": "6"}], indirect=True)
def test_the_lookup_budget_counts_the_lookups_of_both_workers(station):
    one, other = both(station)
    for n in range(4):
        assert one.request("GET", f"/track?q=SF12345678901{n:02d}")[0] == 200
    time.sleep(1.0)
    assert other.request("GET", "/track?q=SF1234567890190")[0] == 200
    assert other.request("GET", "/track?q=SF1234567890191")[0] == 200
    assert other.request("GET", "/track?q=SF1234567890192")[0] == 429  # 4 + 2 of 6: spent, in both
    time.sleep(1.0)
    assert one.request("GET", "/track?q=SF1234567890193")[0] == 429


SCANS, REPEATED, CONNECTIONS = 200, 60, 8


@pytest.mark.slow
def test_the_same_200_scans_through_both_workers_make_200_parcels_once_each(station, db):
    rng = random.Random(22)
    jobs = [{"scan": f"YT22{n:011d}", "destination": f"{rng.randint(1, 20)}-{rng.randint(1, 3)}-"
                                                      f"{rng.randint(1, 7)}0{rng.randint(1, 2)}",
             "category": "express", "gate": "main", "key": f"workers-{n}"} for n in range(SCANS)]
    sends = [(job, n % 2) for n, job in enumerate(jobs)]
    sends += [(job, (n + 1) % 2) for n, job in enumerate(jobs[:REPEATED])]  # the same key, the other worker
    rng.shuffle(sends)
    pids = station.workers()
    answers: list[tuple[str, int, dict]] = []
    errors: list[str] = []
    barrier = threading.Barrier(CONNECTIONS)

    def send(share: list[tuple[dict, int]], worker: int) -> None:
        try:
            pinned = Worker(station, pids[worker])
            barrier.wait(timeout=120)
            for job, _ in share:
                headers = {"Authorization": f"Bearer {TOKENS['gate1']}", "Idempotency-Key": job["key"]}
                body = {k: v for k, v in job.items() if k != "key"}
                status, _, text = pinned.request("POST", "/api/v1/intake", body=body, headers=headers)
                answers.append((job["scan"], status, json.loads(text)))
        except Exception as exc:  # reported with the others below
            errors.append(repr(exc))

    threads = []
    for c in range(CONNECTIONS):
        worker = c % 2
        mine = [s for s in sends if s[1] == worker][c // 2::CONNECTIONS // 2]
        threads.append(threading.Thread(target=send, args=(mine, worker)))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert not errors, errors
    assert len(answers) == SCANS + REPEATED
    refused = [(scan, status, answer) for scan, status, answer in answers if status not in (200, 201)]
    assert not refused, refused[:5]
    codes: dict[str, set[str]] = {}
    for scan, _, answer in answers:
        codes.setdefault(scan, set()).add(answer["parcel"]["code"])
    assert len(codes) == SCANS and all(len(found) == 1 for found in codes.values())  # a repeat: the same parcel
    assert sum(bool(answer.get("replayed")) for _, _, answer in answers) == REPEATED
    with db.read() as session:
        stored = session.execute(select(Parcel.tracking_number, func.count()).where(
            Parcel.tracking_number.startswith("YT22")).group_by(Parcel.tracking_number)).all()
    assert len(stored) == SCANS and all(count == 1 for _, count in stored)


def test_a_worker_that_dies_is_started_again_and_none_outlives_the_station(sqlite_db, tmp_path):
    import signal

    station = TwoWorkers(sqlite_db.url, tmp_path)
    try:
        first, second = station.workers()
        os.kill(first, signal.SIGKILL)
        deadline = time.monotonic() + 60
        while (len(station.workers()) < 2 or first in station.workers()) and time.monotonic() < deadline:
            time.sleep(0.1)
        again = [pid for pid in station.workers() if pid != second]
        assert len(again) == 1 and again[0] != first
        assert Worker(station, again[0]).request("GET", "/readyz")[0] == 200
        os.kill(station.process.pid, signal.SIGKILL)  # nothing is flushed or closed
        station.process.wait(30)
        deadline = time.monotonic() + 30
        while any(Path(f"/proc/{pid}").exists() and "Z" not in _state(pid) for pid in (second, *again)):
            assert time.monotonic() < deadline, "a worker outlived the station"
            time.sleep(0.1)
    finally:
        station.stop()


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return "Z"
