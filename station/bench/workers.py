"""`station bench workers`: look-ups and intake with `station serve --workers 1` and `--workers 2`
(or any counts), in one run, each beside /healthz; the throughput of each count over the first's,
and the memory of the largest worker."""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

import click

from station.bench.figures import machine
from station.bench.http import Server, bench_token, clear_shelves, intake_data, line, lookup_data

KINDS = ("healthz", "lookup", "room", "intake")


def _load_average() -> str:
    return " ".join(f"{n:.1f}" for n in os.getloadavg())


@click.command("workers")
@click.option("--db", "db_url", required=True, help="a station database (e.g. after `station bench seed`)")
@click.option("--workers", "counts", default="1,2", show_default=True, help="worker counts to compare")
@click.option("--concurrency", default="32", show_default=True)
@click.option("--requests", default=3000, show_default=True, help="requests per kind, count and level")
@click.option("--seed", default=None, type=int, help="varies the intakes' tracking numbers between runs")
def workers_bench(db_url: str, counts: str, concurrency: str, requests: int, seed: int | None) -> None:
    """Throughput of look-ups (by number, by room) and intake with each worker count."""
    token = bench_token(db_url)
    seed = seed if seed is not None else int(time.time()) % 1000
    worker_counts = [int(c) for c in counts.split(",")]
    levels = [int(c) for c in concurrency.split(",")]
    click.echo(f"machine: {machine()}")
    click.echo(f"database: {db_url}")
    rates: dict[tuple[int, int, str], float] = {}
    with tempfile.TemporaryDirectory() as folder:
        by_number, by_room = lookup_data(db_url, Path(folder))
        intakes = intake_data(db_url, Path(folder))
        for count in worker_counts:
            # one client address asks for everything here: the per-address budget would answer 429
            with Server(db_url, env={"STATION_TRACK_LOOKUPS": str(10**9)}, workers=count) as server:
                click.echo(f"--workers {count} (load average {_load_average()})")
                for level in levels:
                    health = server.load(token, "healthz", level, requests, seed)
                    healthz_rps = health["ok"] / health["seconds"]
                    rates[(count, level, "healthz")] = healthz_rps
                    click.echo(line(health))
                    for kind, data in (("lookup", by_number), ("room", by_room), ("intake", intakes)):
                        result = server.load(token, kind, level, requests, seed * 1000 + count * 100 + level, data)
                        rates[(count, level, kind)] = result["ok"] / result["seconds"]
                        click.echo(line(result, healthz_rps))
                    clear_shelves(db_url)
                click.echo(f"largest process's peak memory (RSS): {server.peak_rss_mb:.0f} MB")
    first = worker_counts[0]
    for count in worker_counts[1:]:
        for level in levels:
            click.echo(f"--workers {count} over --workers {first}, c={level}: " + ", ".join(
                f"{kind} {rates[(count, level, kind)] / rates[(first, level, kind)]:.2f} x" for kind in KINDS))
    click.echo(f"load average at the end: {_load_average()}")
