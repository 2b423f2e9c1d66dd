"""HTTP benchmarks against a real `station serve` subprocess, measured from another process.

Every figure is printed with the throughput of /healthz on the same server in the same run,
because absolute numbers drift on a shared machine.
"""

from __future__ import annotations

import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import click
import httpx2

from station.bench.figures import machine, percentile


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """`station serve --workers N` (or another `program` taking --db and --port) as a subprocess,
    with the memory of each of its processes sampled while it runs."""

    def __init__(self, db_url: str, env: dict[str, str] | None = None,
                 program: tuple[str, ...] = ("station.cli", "serve"), workers: int = 1) -> None:
        self.port = free_port()
        self.url, self.db_url = f"http://127.0.0.1:{self.port}", db_url
        self.workers = workers
        # One worker unless asked: `station serve` alone starts one per core.
        extra = ["--workers", str(workers)] if program == ("station.cli", "serve") else []
        self.process = subprocess.Popen(
            [sys.executable, "-m", *program, "--db", db_url, "--port", str(self.port), *extra],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            # The figures of 2026-11-27 were measured without an access log: keep them comparable.
            env={**os.environ, "STATION_LOG_LEVEL": "warning", **(env or {})})
        self.peak_rss_mb = 0.0  # the largest of one process's
        self._stop = threading.Event()

    def __enter__(self) -> "Server":
        deadline = time.monotonic() + 60
        while True:
            try:
                if (httpx2.get(self.url + "/healthz", timeout=1).status_code == 200
                        and len(self.pids()) > (self.workers if self.workers > 1 else 0)):
                    break
            except httpx2.HTTPError:
                pass
            if time.monotonic() > deadline or self.process.poll() is not None:
                self.process.kill()
                raise click.ClickException("the station did not start")
            time.sleep(0.1)
        threading.Thread(target=self._sample, daemon=True).start()
        return self

    def pids(self) -> list[int]:
        """The server's process and its workers."""
        try:
            children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children").read_text().split()
        except OSError:
            children = []
        return [self.process.pid, *map(int, children)]

    def _sample(self) -> None:
        while not self._stop.is_set():
            for pid in self.pids():
                try:
                    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                        if line.startswith("VmRSS:"):
                            self.peak_rss_mb = max(self.peak_rss_mb, int(line.split()[1]) / 1024)
                except OSError:
                    continue
            time.sleep(0.2)

    def cpu_seconds(self) -> float:
        """CPU time the server has used so far, all its processes and threads, user and system."""
        return sum(process_cpu_seconds(pid) for pid in self.pids())

    def load(self, token: str, mode: str, concurrency: int, requests: int, seed: int,
             data_file: Path | None = None) -> dict:
        """Run the load client against this server; the result also says the server's CPU per
        request, and on PostgreSQL the database server's (its processes serving this database)."""
        before = self.cpu_seconds()
        database_before = database_cpu(self.db_url)
        result = load(self.url, token, mode, concurrency, requests, seed, data_file)
        result["server_cpu_ms"] = (self.cpu_seconds() - before) * 1000 / requests
        if database_before is not None:
            after = database_cpu(self.db_url) or {}
            used = sum(cpu - database_before.get(pid, 0.0) for pid, cpu in after.items())
            result["database_cpu_ms"] = used * 1000 / requests
        return result

    def __exit__(self, *_exc) -> None:
        self._stop.set()
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()


def process_cpu_seconds(pid: int) -> float:
    """CPU time a process has used so far, all its threads, user and system (0 once it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def database_cpu(db_url: str) -> dict[int, float] | None:
    """On a PostgreSQL server on this machine, the CPU seconds used so far by each server process
    (backend) connected to this database; None on SQLite or when they cannot be read."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    from station.db import normalise_url

    url = make_url(normalise_url(db_url))
    if url.get_backend_name() != "postgresql" or url.host not in (None, "", "localhost", "127.0.0.1", "::1"):
        return None
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            pids = connection.execute(text("SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
                                           "AND pid <> pg_backend_pid()")).scalars().all()
    finally:
        engine.dispose()
    cpu = {pid: process_cpu_seconds(pid) for pid in pids}
    return cpu if any(cpu.values()) or not pids else None


def load(url: str, token: str, mode: str, concurrency: int, requests: int, seed: int,
         data_file: Path | None = None) -> dict:
    command = [sys.executable, "-m", "station.bench.load", url, token, mode, str(concurrency),
               str(requests), str(seed)] + ([str(data_file)] if data_file else [])
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        raise click.ClickException(f"the load client failed: {done.stderr.strip().splitlines()[-1:]}")
    return json.loads(done.stdout)


def line(result: dict, healthz_rps: float | None = None) -> str:
    latencies = result["latencies_ms"]
    rps = result["ok"] / result["seconds"]
    text = (f"{result['mode']:>7} c={result['concurrency']:<3} n={len(latencies):<6} "
            f"median={statistics.median(latencies):6.1f} ms p95={percentile(latencies, 95):6.1f} ms "
            f"p99={percentile(latencies, 99):6.1f} ms  {rps:7.1f}/s  errors={result['errors']}")
    if "server_cpu_ms" in result:
        text += f"  server CPU {result['server_cpu_ms']:.2f} ms/request"
    if "database_cpu_ms" in result:
        text += f" (PostgreSQL's {result['database_cpu_ms']:.2f} ms)"
    if healthz_rps:
        text += f"  = {rps / healthz_rps:.2f} x /healthz"
    if result.get("first_error"):
        text += f"\n          first error: {result['first_error']}"
    return text


def intake_data(db_url: str, folder: Path) -> Path:
    """The roster's rooms by building and the site's first gate, for the client process."""
    from sqlalchemy import select

    from station.db import Database
    from station.residents.models import Household
    from station.siteconfig.service import current_site

    with Database(db_url) as db, db.read() as session:
        gate = current_site(session).gates[0].code
        rooms: dict[str, list[str]] = {}
        for b, u, r in session.execute(select(Household.building, Household.unit, Household.room)):
            rooms.setdefault(b, []).append(f"{b}-{u}-{r}")
    path = folder / "intake.json"
    path.write_text(json.dumps({"gate": gate, "rooms_by_building": list(rooms.values())}), encoding="utf-8")
    return path


def clear_shelves(db_url: str) -> int:
    """Void what the benchmark took in and still holds a slot, so the next level finds room.

    The demo's shelves hold a few thousand items, as a real gate's do; between levels the
    benchmark's own intakes are undone through the service (a `voided` event each).
    """
    from sqlalchemy import select

    from station.custody.models import CustodyEvent
    from station.db import Database, utcnow
    from station.parcels.handling import void_intake
    from station.parcels.models import Parcel
    from station.siteconfig.service import current_site

    taken_in = select(CustodyEvent.parcel_id).where(CustodyEvent.actor == "bench", CustodyEvent.type == "received")
    with Database(db_url) as db:
        def run(session) -> int:
            site = current_site(session)
            held = list(session.scalars(select(Parcel).where(Parcel.slot.is_not(None), Parcel.id.in_(taken_in))))
            for parcel in held:
                void_intake(session, parcel, site=site, note="benchmark", actor="bench", gate=None, now=utcnow())
            return len(held)
        return db.write(run)


def durable_commit_ms(db_url: str, commits: int = 200) -> float | None:
    """Median time of a one-row commit with the station's pragmas, in a scratch file beside a
    SQLite database: what durability alone costs each write on this disk."""
    from sqlalchemy import text
    from sqlalchemy.engine import make_url

    from station.db import Database, normalise_url

    url = make_url(normalise_url(db_url))
    if url.get_backend_name() != "sqlite" or not url.database:
        return None
    folder = Path(url.database).resolve().parent
    with tempfile.TemporaryDirectory(dir=folder) as scratch, Database(f"sqlite:///{scratch}/probe.db") as db:

        db.write(lambda s: s.execute(text("CREATE TABLE t (n INTEGER)")))
        times = []
        for n in range(commits):
            started = time.perf_counter()
            db.write(lambda s, n=n: s.execute(text("INSERT INTO t VALUES (:n)"), {"n": n}))
            times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def intake_costs(db_url: str, data_file: Path, token: str, seed: int, count: int = 300) -> dict[str, float]:
    """CPU milliseconds of the parts of one intake, measured in this process without HTTP:
    the token check (a lookup; the server remembers a token for a second), the route's intake
    transaction (commit included), and an empty write transaction (the transaction machinery
    alone). The server's CPU per intake minus these is the web framework's.
    `seed` must differ from the HTTP runs' (other barcodes)."""
    from sqlalchemy import text

    from station.accounts.service import live_token
    from station.bench.load import intake_body
    from station.db import Database
    from station.parcels.routes import intake_answer
    from station.parcels.schemas import IntakeIn
    from station.siteconfig.service import current_site

    data = json.loads(data_file.read_text(encoding="utf-8"))
    rng = random.Random(seed)
    with Database(db_url) as db:
        with db.read() as session:
            site = current_site(session)

        def token_check(_n: int) -> None:
            with db.read() as session:
                live_token(session, secret=token)

        def take_in(n: int) -> None:
            body = IntakeIn(**intake_body(rng, n, seed, data["gate"], data["rooms_by_building"]))
            db.write(lambda s: intake_answer(s, body, site=site, actor="bench", idempotency_key=f"c{seed}-{n}"))

        def empty_write(_n: int) -> None:
            db.write(lambda s: s.execute(text("SELECT 1")))

        costs = {name: _cpu_ms(fn, count) for name, fn in (
            ("token lookup", token_check), ("intake transaction with its commit", take_in),
            ("an empty write transaction", empty_write))}
    clear_shelves(db_url)
    return costs


def floors(db_url: str, token: str, levels: list[int], requests: int, seed: int, data_file: Path) -> None:
    """Intake's request without its work, on the station's app with the bench routes
    (station.bench.floor): answered at once, and with one durable row written."""
    from station.bench.floor import forget_rows

    click.echo("floors: intake's request on the same app, without intake's work")
    try:
        with Server(db_url, program=("station.bench.floor",)) as server:
            for level in levels:
                health = server.load(token, "healthz", level, requests, seed)
                click.echo(line(health))
                for mode in ("no-write", "one-row"):
                    click.echo(line(server.load(token, mode, level, requests, seed * 100 + level, data_file),
                                    health["ok"] / health["seconds"]))
    finally:
        forget_rows(db_url)


def _cpu_ms(fn, count: int) -> float:
    started = time.thread_time()
    for n in range(count):
        fn(n)
    return (time.thread_time() - started) * 1000 / count


def bench_token(db_url: str) -> str:
    from station.accounts.service import add_user, create_token, get_user
    from station.db import Database, utcnow
    from station.errors import NotFound

    with Database(db_url) as db:
        def ensure(session):
            try:
                get_user(session, "bench")
            except NotFound:
                add_user(session, name="bench", role="coordinator", password=None, now=utcnow())
            return create_token(session, name="bench", label="bench", now=utcnow())[1]
        return db.write(ensure)


@click.command("intake")
@click.option("--db", "db_url", required=True, help="a station database (e.g. after `station bench seed`)")
@click.option("--concurrency", default="1,8,32", show_default=True)
@click.option("--requests", default=2000, show_default=True, help="intakes per concurrency level")
@click.option("--seed", default=None, type=int, help="varies the tracking numbers between runs")
def intake(db_url: str, concurrency: str, requests: int, seed: int | None) -> None:
    """Intake through the HTTP API from a separate client process, beside /healthz."""
    token = bench_token(db_url)
    seed = seed if seed is not None else int(time.time()) % 1000
    levels = [int(c) for c in concurrency.split(",")]
    click.echo(f"machine: {machine()}")
    click.echo(f"database: {db_url}")
    with tempfile.TemporaryDirectory() as folder, Server(db_url) as server:
        data = intake_data(db_url, Path(folder))
        for level in levels:
            health = server.load(token, "healthz", level, requests, seed)
            click.echo(line(health))
            click.echo(line(server.load(token, "intake", level, requests, seed * 100 + level, data),
                            health["ok"] / health["seconds"]))
            clear_shelves(db_url)
        click.echo(f"server peak memory (RSS): {server.peak_rss_mb:.0f} MB")
        costs = intake_costs(db_url, data, token, seed * 100 + 99)  # the levels use seed * 100 + level
        floors(db_url, token, levels, requests, seed, data)
    click.echo("where an intake's server CPU goes, measured in-process: " + ", ".join(
        f"{name} {ms:.2f} ms" for name, ms in costs.items()))
    if (commit_ms := durable_commit_ms(db_url)) is not None:
        click.echo(f"one durable SQLite commit beside the database, wall time (mostly waiting for fsync): {commit_ms:.2f} ms")


def lookup_data(db_url: str, folder: Path, count: int = 2000) -> tuple[Path, Path]:
    """Tracking numbers spread over the whole database, and rooms with their phone tails."""
    from sqlalchemy import func, select

    from station.db import Database
    from station.parcels.models import Alias
    from station.residents.models import Household

    with Database(db_url) as db, db.read() as session:
        highest = session.scalar(select(func.max(Alias.id))) or 0
        step = max(highest // count, 1)
        numbers = list(session.scalars(
            select(Alias.code).where(Alias.kind == "tracking", Alias.id % step == 0).limit(count)))
        rooms = [[f"{b}-{u}-{r}", phone[-4:]] for b, u, r, phone in session.execute(
            select(Household.building, Household.unit, Household.room, Household.phone)
            .where(Household.phone.is_not(None)).limit(count))]
    if not numbers or not rooms:
        raise click.ClickException("no parcels or no households with phones: run `station bench seed` first")
    by_number, by_room = folder / "numbers.json", folder / "rooms.json"
    by_number.write_text(json.dumps({"keys": numbers}), encoding="utf-8")
    by_room.write_text(json.dumps({"keys": rooms}), encoding="utf-8")
    return by_number, by_room


@click.command("lookup")
@click.option("--db", "db_url", required=True, help="a station database (e.g. after `station bench seed`)")
@click.option("--concurrency", default="1,8,32", show_default=True)
@click.option("--requests", default=2000, show_default=True, help="lookups per kind and concurrency level")
def lookup(db_url: str, concurrency: str, requests: int) -> None:
    """The residents' /track page by tracking number and by room + phone tail, beside /healthz."""
    click.echo(f"machine: {machine()}")
    click.echo(f"database: {db_url}")
    # One client address asks for everything here; the per-address limit would answer 429.
    with tempfile.TemporaryDirectory() as folder, \
            Server(db_url, env={"STATION_TRACK_LOOKUPS": str(10**9)}) as server:
        by_number, by_room = lookup_data(db_url, Path(folder))
        for level in (int(c) for c in concurrency.split(",")):
            health = server.load("", "healthz", level, requests, 0)
            click.echo(line(health))
            for mode, keys in (("lookup", by_number), ("room", by_room)):
                click.echo(line(server.load("", mode, level, requests, 0, keys), health["ok"] / health["seconds"]))
        click.echo(f"server peak memory (RSS): {server.peak_rss_mb:.0f} MB")
