"""`station bench notify`: what notifications cost on a big compound, and how fast the outbox drains.

A throw-away SQLite database with the large demo site (117 buildings), one group channel per
building and a coordinator channel, all pointing at a local HTTP receiver, is filled with a
day's items. Then: queueing the 117 digests of a digest time, a worker turn when nothing is
due, the digest queued by one run claim, the evening reminder, and sending the outbox.
"""

from __future__ import annotations

import random
import tempfile
import threading
import time
from datetime import datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import click

from station.bench.figures import machine, summary

CATEGORIES = (("express", 93), ("meal", 3), ("fresh", 2), ("medicine", 1), ("bulky", 1))


class _Receiver(BaseHTTPRequestHandler):
    def do_POST(self) -> None:  # noqa: N802
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        answer = b'{"errcode": 0, "errmsg": "ok"}'
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, *_args) -> None:
        pass


def _channels(site, url: str) -> str:
    lines = ['[notifications]\ndigest_times = ["10:00", "16:00"]\n']
    for code in site.buildings:
        lines.append(f'[[channels]]\ncode = "b{code.lower()}"\nkind = "wecom"\nurl = "{url}/b{code}"\n'
                     f'buildings = ["{code}"]\n')
    lines.append(f'[[channels]]\ncode = "lead"\nkind = "webhook"\nrole = "coordinator"\nurl = "{url}/lead"\n')
    return "\n".join(lines)


def _local(day: datetime, hh: int, mm: int = 0) -> datetime:
    """`hh:mm` in the compound (UTC+8) on `day`'s date, as UTC."""
    return day.replace(hour=0, minute=0, second=0, microsecond=0) + timedelta(hours=hh - 8, minutes=mm)


def _ms(started: float) -> float:
    return (time.perf_counter() - started) * 1000


@click.command("notify")
@click.option("--items", default=6000, show_default=True, help="items at the station")
@click.option("--seed", default=7, show_default=True)
def notify_bench(items: int, seed: int) -> None:
    """Time digests, reminders and sending on the large demo site."""
    from station.db import Database
    from station.notify import triggers, worker
    from station.parcels.models import Parcel
    from station.parcels.service import intake_parcel
    from station.setup import demo_site_file, set_up
    from station.site import load_site

    server = ThreadingHTTPServer(("127.0.0.1", 0), _Receiver)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}"
    rng = random.Random(seed)
    with tempfile.TemporaryDirectory() as tmp, Database(f"sqlite:///{Path(tmp) / 'bench.db'}") as db:
        demo = demo_site_file("large")
        text = demo.read_text(encoding="utf-8") + "\n" + _channels(load_site(demo), url)
        day = datetime.fromisoformat("2026-11-27T00:00:00+00:00")
        site = set_up(db, demo, toml=text, actor="bench", now=day).site
        buildings = list(site.buildings.values())
        kinds = [code for code, weight in CATEGORIES for _ in range(weight)]
        started = time.perf_counter()
        for start in range(0, items, 500):
            def fill(session, start=start):
                for n in range(start, min(start + 500, items)):
                    building = rng.choice(buildings)
                    room = building.room_number(rng.randint(1, building.floors), rng.randint(1, building.rooms_per_floor))
                    intake_parcel(session, site=site, scan=f"SF{9_000_000_000_000 + n}", category=rng.choice(kinds),
                                  destination=f"{building.code}-{rng.randint(1, building.units)}-{room}",
                                  gate=site.gates[0].code, actor="bench",
                                  now=_local(day, 7) + timedelta(seconds=rng.randint(0, 3 * 3600)))
            db.write(fill)
        click.echo(f"{items} items in {len(buildings)} buildings, {len(site.channels)} channels "
                   f"(filled in {_ms(started) / 1000:.1f} s)")

        digest_ms = []
        for hh in (10, 16):
            started = time.perf_counter()
            queued = db.write(lambda s, hh=hh: triggers.enqueue_due_digests(s, site=site, now=_local(day, hh, 1)))
            digest_ms.append(_ms(started))
        click.echo(f"queue the digests of a digest time ({queued} messages): "
                   + ", ".join(f"{ms:.0f} ms" for ms in digest_ms))

        idle = []
        for minute in range(20):
            started = time.perf_counter()
            db.write(lambda s, minute=minute: triggers.enqueue_due(s, site=site, now=_local(day, 12, minute)))
            idle.append(_ms(started))
        click.echo(f"a worker turn with nothing new to queue: {summary(idle)}")

        with db.read() as session:
            by_building = {}
            for parcel in session.query(Parcel).filter(Parcel.building.in_([b.code for b in buildings[:30]])):
                by_building.setdefault(parcel.building, []).append(parcel)
        claims = []
        for n, (building, parcels) in enumerate(by_building.items()):
            started = time.perf_counter()
            db.write(lambda s, parcels=parcels, n=n: triggers.run_claimed(s, site=site, run_code=f"R{n}",
                                                                          parcels=parcels, now=_local(day, 11)))
            claims.append(_ms(started))
        click.echo(f"the digest queued by one run claim (inside the claim's transaction): {summary(claims)}")

        started = time.perf_counter()
        reminders = db.write(lambda s: triggers.enqueue_reminders(s, site=site, now=_local(day, 20, 5)))
        click.echo(f"the evening reminder ({reminders} message, up to 50 items named): {_ms(started):.0f} ms")
        started = time.perf_counter()
        db.write(lambda s: triggers.enqueue_reminders(s, site=site, now=_local(day, 20, 6)))
        click.echo(f"a worker turn later in the same quarter hour: {_ms(started):.0f} ms")

        started = time.perf_counter()
        report = worker.deliver_due(db, site, _local(day, 20, 6))
        elapsed = _ms(started)
        click.echo(f"one worker turn sending to a local receiver: {report.sent} messages in {elapsed:.0f} ms "
                   f"({elapsed / max(report.sent, 1):.1f} ms each: claim, POST, settle), failed {report.failed}")
    server.shutdown()
    server.server_close()
    click.echo(f"machine: {machine()}")
