"""`station bench gate-pages`: the shelf map, one shelf, dwell list and a disinfection batch, timed.

A throw-away SQLite database with the large demo site (117 buildings) is filled with a day's
items (Hongfuyuan still took 6,000+ a day), then the pages and their JSON are requested
in-process, as a browser or the gate page would.
"""

from __future__ import annotations

import random
import tempfile
import time
from datetime import timedelta

import click

from station.bench.figures import machine, summary

# A mix that fits the large site's category zones (MEAL holds 200, MED 80).
CATEGORIES = (("express", 93), ("meal", 3), ("fresh", 2), ("medicine", 1), ("bulky", 1))


def _fill(db, site, items: int, rng: random.Random) -> list[str]:
    """Take in `items` parcels over the last ten hours, in writes of 500; returns their codes."""
    from station.db import utcnow
    from station.parcels.service import intake_parcel

    now = utcnow()
    buildings = list(site.buildings.values())
    kinds = [code for code, weight in CATEGORIES for _ in range(weight)]
    codes: list[str] = []
    for start in range(0, items, 500):
        def run(session, start=start):
            done = []
            for n in range(start, min(start + 500, items)):
                building = rng.choice(buildings)
                room = building.room_number(rng.randint(1, building.floors),
                                            rng.randint(1, building.rooms_per_floor))
                destination = f"{building.code}-{rng.randint(1, building.units)}-{room}"
                result = intake_parcel(
                    session, site=site, scan=f"SF{9_000_000_000_000 + n}", destination=destination,
                    category=rng.choice(kinds), gate=site.gates[0].code, actor="bench",
                    now=now - timedelta(minutes=rng.randint(0, 600)))
                done.append(result.parcel.code)
            return done
        codes += db.write(run)
    return codes


def _time(client, method: str, url: str, repeat: int, **kwargs) -> list[float]:
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        answer = client.request(method, url, **kwargs)
        timings.append((time.perf_counter() - started) * 1000)
        if answer.status_code >= 400:
            raise click.ClickException(f"{method} {url}: {answer.status_code} {answer.text[:200]}")
    return timings


@click.command("gate-pages")
@click.option("--items", default=6000, show_default=True, help="items on the shelves")
@click.option("--repeat", default=20, show_default=True, help="requests per figure")
@click.option("--batch", default=100, show_default=True, help="items per disinfection batch")
def gate_pages(items: int, repeat: int, batch: int) -> None:
    """The /shelves map, a shelf, the dwell list and disinfection batches on a full large site."""
    from fastapi.testclient import TestClient

    from station.app import create_app
    from station.config import Settings
    from station.db import Database
    from station.setup import demo_site_file, device_token, set_up

    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as tmp, Database(f"sqlite:///{tmp}/bench.db") as db:
        setup = set_up(db, demo_site_file("large"), demo=True, actor="bench")
        site = setup.site
        secret = device_token(db, name="bench", role="coordinator")
        started = time.perf_counter()
        codes = _fill(db, site, items, rng)
        click.echo(f"{site.name}: {items} items taken in, {time.perf_counter() - started:.1f} s "
                   f"({setup.roster.added} households)")
        app = create_app(Settings(database_url=db.url), db=db)
        with TestClient(app, headers={"Authorization": f"Bearer {secret}"}) as client:
            figures = {
                "GET /shelves (page)": _time(client, "GET", "/shelves", repeat),
                "GET /api/v1/shelves": _time(client, "GET", "/api/v1/shelves", repeat),
                "GET /shelves/SH-B75-01 (page)": _time(client, "GET", "/shelves/SH-B75-01", repeat),
                "GET /api/v1/shelves/SH-B75-01": _time(client, "GET", "/api/v1/shelves/SH-B75-01", repeat),
                "GET /gate/unresolved (page)": _time(client, "GET", "/gate/unresolved", repeat),
            }
            batches = []
            for start in range(0, min(len(codes), batch * repeat), batch):
                body = {"parcels": codes[start:start + batch], "method": "alcohol"}
                batches += _time(client, "POST", "/api/v1/disinfect", 1, json=body)
            figures[f"POST /api/v1/disinfect ({batch} items)"] = batches
            figures["GET /disinfect (page)"] = _time(client, "GET", "/disinfect", repeat)
            figures["GET /api/v1/dwell"] = _time(client, "GET", "/api/v1/dwell", repeat)
        for name, timings in figures.items():
            click.echo(f"{name:<36} {summary(timings)}")
        click.echo(f"machine: {machine()}; SQLite, in-process requests (no network)")
