"""`station bench burst`: a building's digest reaches its group chat and the phones arrive.

Each simulated phone opens /track (the digest's link) at a random moment within the window, on a
connection of its own, and looks up its room with its phone tail. Printed beside /healthz at
concurrency 32 on the same server in the same run.
"""

from __future__ import annotations

import json
import os
import tempfile
import time
from pathlib import Path

import click

from station.bench.figures import machine, percentile
from station.bench.http import Server, line, lookup_data


@click.command("burst")
@click.option("--db", "db_url", required=True, help="a station database (e.g. after `station bench seed`)")
@click.option("--phones", default=600, show_default=True, help="households opening the link")
@click.option("--within", default=60.0, show_default=True, help="seconds over which they arrive")
@click.option("--seed", default=None, type=int, help="varies the arrival times and rooms")
def burst(db_url: str, phones: int, within: float, seed: int | None) -> None:
    """Phones open the digest's link and look up their room within a minute, beside /healthz."""
    seed = seed if seed is not None else int(time.time()) % 1000
    click.echo(f"machine: {machine()}")
    click.echo(f"database: {db_url}")
    # Every phone comes from this machine's one address here: the per-address budget would refuse them.
    with tempfile.TemporaryDirectory() as folder, \
            Server(db_url, env={"STATION_TRACK_LOOKUPS": str(10**9)}) as server:
        _numbers, rooms = lookup_data(db_url, Path(folder), count=max(phones, 100))
        data = json.loads(rooms.read_text(encoding="utf-8"))
        keys = data["keys"]
        data["keys"] = [keys[(n * 7919 + seed) % len(keys)] for n in range(phones)]  # rooms spread over the roster
        rooms.write_text(json.dumps({**data, "within": within}), encoding="utf-8")
        click.echo(line(server.load("", "healthz", 32, 2000, seed)))
        load_before = os.getloadavg()[0]
        result = server.load("", "burst", 0, phones, seed, rooms)
        opened, looked_up = result["open_ms"], result["latencies_ms"]
        click.echo(f"  burst: {phones} phones within {within:.0f} s, at most {result['concurrency']} at once, "
                   f"{result['seconds']:.1f} s in all, errors={result['errors']}")
        for name, values in (("open the link", opened), ("room lookup", looked_up)):
            if values:
                click.echo(f"         {name:<13} p50={percentile(values, 50):6.1f} ms "
                           f"p99={percentile(values, 99):6.1f} ms max={max(values):6.1f} ms")
        click.echo(f"         server CPU {result['server_cpu_ms']:.2f} ms per phone (both requests); "
                   f"load average {load_before:.1f} before, {os.getloadavg()[0]:.1f} after")
        if result.get("first_error"):
            click.echo(f"         first error: {result['first_error']}")
        click.echo(f"server peak memory (RSS): {server.peak_rss_mb:.0f} MB")
