"""`station bench check`: `station check` over a whole database, timed as a coordinator runs it."""

from __future__ import annotations

import resource
import subprocess
import sys
import time

import click
from sqlalchemy import func, select

from station.bench.figures import machine


@click.command("check")
@click.option("--db", "db_url", required=True, help="a station database (e.g. after `station bench seed`)")
def check(db_url: str) -> None:
    """Time `station check` (integrity check, every chain, every status) over the whole database."""
    from station.custody.models import CustodyEvent
    from station.db import Database
    from station.parcels.models import Parcel

    with Database(db_url) as db, db.read() as session:
        parcels = session.scalar(select(func.count(Parcel.id))) or 0
        events = session.scalar(select(func.count(CustodyEvent.id))) or 0
    click.echo(f"machine: {machine()}")
    click.echo(f"database: {db_url}: {parcels} parcels, {events} custody events")
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "station.cli", "check", "--db", db_url],
                          capture_output=True, text=True)
    seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    if done.returncode != 0:
        raise click.ClickException(f"station check failed: {(done.stdout + done.stderr).strip()[-500:]}")
    click.echo(f"station check: {seconds:.1f} s, {parcels / seconds:,.0f} parcels/s, "
               f"{events / seconds:,.0f} events/s, peak memory (RSS) {peak_mb:.0f} MB")
