"""kill -9 the station while eight scanners send 1,000 intakes; nothing answered may be lost.

The station runs as `station serve` on a SQLite file, as at a real gate. Eight client processes
(intake_client.py) send their share of 1,000 distinct parcels, each with an Idempotency-Key,
and log every answer before sending the next. At a seeded moment the server is killed with
SIGKILL. Then: the file passes SQLite's integrity check and `station check`; every intake that
was answered 2xx is there exactly once; and when the clients send again what they got no answer
for (same Idempotency-Key), there are exactly 1,000 parcels.
"""

from __future__ import annotations

import json
import random
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.reliability.live_station import StationServer, environment, station_command

CLIENT = Path(__file__).with_name("intake_client.py")
CLIENTS = 8
INTAKES = 1000
SEEDS = (11, 23, 37)


@pytest.fixture(scope="module")
def demo_station(tmp_path_factory) -> tuple[Path, str]:
    """A demo station file made by `station init`, and a gate1 token made by `station token`."""
    workdir = tmp_path_factory.mktemp("station")
    path = workdir / "template.db"
    url = f"sqlite:///{path}"
    station_command("init", "--demo", "small", "--db", url, cwd=workdir)
    token = station_command("token", "create", "gate1", "--db", url, cwd=workdir).stdout.strip()
    assert token and "\n" not in token
    return path, token


def make_jobs(rng: random.Random, seed: int) -> list[dict[str, str]]:
    """1,000 distinct parcels to rooms that exist on the demo site (units 1-3 exist everywhere)."""
    jobs = []
    for n in range(INTAKES):
        building, unit = rng.randint(1, 20), rng.randint(1, 3)
        room = f"{rng.randint(1, 7)}{rng.randint(1, 2):02d}"
        jobs.append({
            "tracking": f"SF{seed:03d}{n:010d}", "key": f"crash-{seed}-{n}",
            "destination": f"{building}-{unit}-{room}",
            "category": rng.choices(["express", "meal", "medicine"], [90, 5, 5])[0],
        })
    return jobs


def run_clients(url: str, token: str, jobs: list[dict], workdir: Path, phase: str) -> tuple[list, Path]:
    """Start the clients on their shares of the jobs; return the processes and their logs' folder."""
    folder = workdir / phase
    folder.mkdir()
    processes = []
    for n in range(CLIENTS):
        share = folder / f"jobs-{n}.jsonl"
        share.write_text("".join(json.dumps(job) + "\n" for job in jobs[n::CLIENTS]), encoding="utf-8")
        with (folder / f"client-{n}.log").open("wb") as log:
            processes.append(subprocess.Popen(
                [sys.executable, str(CLIENT), url, token, str(share), str(folder / f"answers-{n}.jsonl")],
                stdout=subprocess.DEVNULL, stderr=log, env=environment()))
    return processes, folder


def answers_in(folder: Path) -> list[dict]:
    return [json.loads(line) for path in sorted(folder.glob("answers-*.jsonl"))
            for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def count_answers(folder: Path) -> int:
    return sum(path.read_bytes().count(b"\n") for path in folder.glob("answers-*.jsonl"))


def sqlite_rows(path: Path, sql: str) -> list[tuple]:
    connection = sqlite3.connect(path)
    try:
        return connection.execute(sql).fetchall()
    finally:
        connection.close()


def get_parcel(url: str, token: str, key: str) -> tuple[int, dict]:
    request = urllib.request.Request(f"{url}/api/v1/parcels/{key}",
                                     headers={"Authorization": f"Bearer {token}"})
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            return answer.status, json.loads(answer.read())
    except urllib.error.HTTPError as error:
        return error.code, {}


def verify_file(path: Path, workdir: Path) -> str:
    assert sqlite_rows(path, "PRAGMA integrity_check") == [("ok",)]
    result = station_command("check", "--db", f"sqlite:///{path}", cwd=workdir, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout.strip()


@pytest.mark.slow
@pytest.mark.parametrize("seed", SEEDS)
def test_kill_9_under_load_loses_no_answered_intake(seed, demo_station, tmp_path):
    template, token = demo_station
    path = tmp_path / "s.db"
    source, target = sqlite3.connect(template), sqlite3.connect(path)
    source.backup(target)
    source.close()
    target.close()
    rng = random.Random(seed)
    jobs = make_jobs(rng, seed)
    kill_after = rng.randint(50, 950)  # answers seen before the kill...
    kill_delay = rng.uniform(0, 0.05)  # ...then this long, so the kill also lands mid-request
    server = StationServer(f"sqlite:///{path}", tmp_path)
    server.start()
    try:
        started = time.monotonic()
        clients, first = run_clients(server.url, token, jobs, tmp_path, "first")
        while count_answers(first) < kill_after and any(c.poll() is None for c in clients):
            time.sleep(0.005)
        time.sleep(kill_delay)
        seen_at_kill = count_answers(first)
        server.kill()
        killed_at = time.monotonic() - started
        for client in clients:
            client.wait(timeout=60)
        wal = path.with_name(path.name + "-wal")
        wal_bytes = wal.stat().st_size if wal.exists() else 0

        answered = answers_in(first)
        not_2xx = [a for a in answered if not 200 <= a["status"] < 300]
        assert not_2xx == []
        answered_codes = {a["tracking"]: a["code"] for a in answered}
        assert len(answered_codes) == len(answered)

        # The station is down: the file as the crash left it.
        check_after_crash = verify_file(path, tmp_path)
        in_file = sqlite_rows(path, "SELECT count(*) FROM parcels")[0][0]
        assert in_file >= len(answered)  # committed-but-unanswered intakes may be there too

        server.start()
        for tracking, code in answered_codes.items():
            status, parcel = get_parcel(server.url, token, tracking)
            assert status == 200, (tracking, status)
            assert parcel["code"] == code and parcel["tracking_number"] == tracking
            assert [e["type"] for e in parcel["events"]] == ["received"]
        doubles = sqlite_rows(path, "SELECT tracking_number, count(*) FROM parcels "
                                    "GROUP BY tracking_number HAVING count(*) > 1")
        assert doubles == []

        unanswered = [job for job in jobs if job["tracking"] not in answered_codes]
        clients, second = run_clients(server.url, token, unanswered, tmp_path, "second")
        for client in clients:
            assert client.wait(timeout=300) == 0
        resent = answers_in(second)
        assert len(resent) == len(unanswered)
        assert all(a["status"] == 201 and not a["duplicate"] for a in resent), \
            [a for a in resent if a["status"] != 201][:5]
        replayed = [a for a in resent if a["replayed"]]
        assert len(replayed) == in_file - len(answered)  # exactly the ones committed unanswered
        server.stop()

        assert sqlite_rows(path, "SELECT count(*) FROM parcels")[0][0] == INTAKES
        assert sqlite_rows(path, "SELECT count(DISTINCT tracking_number) FROM parcels")[0][0] == INTAKES
        assert sqlite_rows(path, "SELECT count(*) FROM idempotency_keys")[0][0] == INTAKES
        assert sqlite_rows(path, "SELECT count(*) FROM custody_events")[0][0] == INTAKES
        check_at_end = verify_file(path, tmp_path)
    finally:
        server.stop()
    print(f"\n[crash seed {seed}] kill -9 after {seen_at_kill} answers (target {kill_after} "
          f"+ {kill_delay * 1000:.0f} ms) at {killed_at:.2f} s; WAL left {wal_bytes} bytes; "
          f"answered 2xx: {len(answered)}, in the file after the crash: {in_file} "
          f"({in_file - len(answered)} committed but unanswered); check after crash: {check_after_crash}; "
          f"re-sent {len(unanswered)}, of which {len(replayed)} replayed by Idempotency-Key; "
          f"end: {INTAKES} parcels, {check_at_end}")
