"""`python -m station.bench.floor_list` (also `station bench floor-list`): a 400-item building run, timed.

A throw-away SQLite database with the small demo site gets 400 items for one building,
through the intake service, then disinfected and shelved, and claimed as one run. Timed,
each over `--repeat` rounds: building the ordered list from the database (the items in
walking order and the labels package's FloorList), and rendering its PDF.
"""

from __future__ import annotations

import random
import tempfile
import time
from datetime import timedelta
from pathlib import Path

import click

from station.bench.figures import machine, summary

# A mix that fits the small site's zones for one building: B<n> 60 + overflow 240 express,
# MEAL 200, MED 80, the grid's FRESH shelf 40, VAL 20, the grid's BULK shelf 12.
MIX = (("express", 240), ("meal", 60), ("medicine", 40), ("fresh", 30), ("valuable", 20), ("bulky", 10))


def _stock(db, site, building: str, rng: random.Random) -> None:
    from station.db import utcnow
    from station.parcels import handling
    from station.parcels.service import intake_parcel

    then = utcnow() - timedelta(hours=1)
    spec = site.buildings[building]
    kinds = [code for code, count in MIX for _ in range(count)]
    rng.shuffle(kinds)

    def run(session) -> None:
        for n, category in enumerate(kinds):
            room = spec.room_number(rng.randint(1, spec.floors), rng.randint(1, spec.rooms_per_floor))
            parcel = intake_parcel(session, site=site, scan=f"SF{n:013d}", category=category, gate="main",
                                   destination=f"{building}-{rng.randint(1, spec.units)}-{room}",
                                   actor="bench", now=then).parcel
            handling.disinfect(session, parcel, site=site, method="alcohol", actor="bench", gate="main", now=then)
            handling.shelve(session, parcel, site=site, actor="bench", gate="main", now=then)

    db.write(run)


@click.command("floor-list")
@click.option("--building", default="1", show_default=True, help="a building of the small demo site")
@click.option("--repeat", default=10, show_default=True, help="timed rounds of each step")
@click.option("--seed", default=7, show_default=True)
def main(building: str, repeat: int, seed: int) -> None:
    """Time the ordered floor list and its PDF for a 400-item building run."""
    from labels import find_cjk_font
    from station.db import Database, utcnow
    from station.runs import lists, service
    from station.runs.scope import make_scope
    from station.setup import demo_site_file, set_up

    find_cjk_font()  # fail before the minute of set-up, not after
    with tempfile.TemporaryDirectory() as folder, Database(f"sqlite:///{Path(folder) / 'bench.db'}") as db:
        site = set_up(db, demo_site_file("small"), demo=True, actor="bench").site
        started = time.perf_counter()
        _stock(db, site, building, random.Random(seed))
        stocked = time.perf_counter() - started
        started = time.perf_counter()
        code = db.write(lambda s: service.claim_run(s, site=site, scope=make_scope(site, building=building),
                                                    runner="bench", gate="main", now=utcnow()).run.code)
        claimed = time.perf_counter() - started
        build_ms, pdf_ms, pdf_size, count = [], [], 0, 0
        for _ in range(repeat):
            started = time.perf_counter()
            with db.read() as session:
                run = service.get_run(session, code)
                floor_list = lists.floor_list(site, run, lists.run_rounds(session, site=site, run=run), at=utcnow())
            build_ms.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            pdf = lists.floor_list_pdf(floor_list, per_unit=False)
            pdf_ms.append((time.perf_counter() - started) * 1000)
            pdf_size, count = len(pdf), len(floor_list.lines)
    click.echo(f"machine: {machine()}")
    click.echo(f"building {building}, run {code}: {count} items; set-up: intake+disinfect+shelve {stocked:.1f} s, "
               f"claim (hand-out of every item) {claimed * 1000:.0f} ms")
    click.echo(f"  ordered list (query + walking order + FloorList): {summary(build_ms)}")
    click.echo(f"  PDF ({pdf_size // 1024} KiB, A4): {summary(pdf_ms)}")


if __name__ == "__main__":
    main()
