"""`python -m station.residents.bench`: how heavy and how fast /track is on this machine.

Prints the bytes a phone downloads for a lookup (HTML and the one stylesheet, raw and gzipped,
as a slow mobile link would carry them) and the server time of lookups by tracking number and
by room + phone tail, against a demo site with PARCELS items taken in through the real intake.
"""

from __future__ import annotations

import argparse
import gzip
import statistics
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from sqlalchemy import select

from station.db import Database, utcnow

CATEGORIES = ("express", "express", "express", "meal", "fresh", "express", "meal", "bulky")


def prepare(path: Path, parcels: int) -> tuple[Database, list[tuple[str, str, str]]]:
    from station.migrations import upgrade
    from station.parcels import handling, service
    from station.residents.demo import demo_roster
    from station.residents.models import Household
    from station.residents.service import import_roster
    from station.site import load_site
    from station.siteconfig.service import store_site

    demo = Path(__file__).resolve().parents[1] / "site" / "demo" / "small.toml"
    db = Database(f"sqlite:///{path}")
    upgrade(db)
    now = utcnow()
    db.write(lambda s: store_site(s, toml=demo.read_text(encoding="utf-8"), source="small.toml",
                                  actor="bench", now=now))
    site = load_site(demo)
    rows = list(enumerate(demo_roster(site), start=2))
    db.write(lambda s: import_roster(s, rows, now=now))
    with db.read() as session:
        homes = [(h.destination, h.phone) for h in session.scalars(select(Household).where(Household.phone.is_not(None)))]

    def take_in(session, n: int) -> None:
        """Three in four items are already delivered, as most of a day's are by evening."""
        destination, _phone = homes[n * 7 % len(homes)]
        at = now - timedelta(minutes=(parcels - n) / 10 + 30)
        category = "valuable" if n % 97 == 0 else "medicine" if n % 89 == 0 else CATEGORIES[n % len(CATEGORIES)]
        parcel = service.intake_parcel(session, site=site, scan=f"SF{n:013d}", destination=destination,
                                       category=category, gate="main", actor="bench", now=at).parcel
        if n % 4 == 0:
            return
        handling.disinfect(session, parcel, site=site, method="alcohol", actor="bench", gate="main", now=at)
        handling.shelve(session, parcel, site=site, actor="bench", gate="main", now=at)
        if category not in ("valuable", "medicine"):
            handling.hand_out(session, parcel, actor="bench", gate="main", now=at + timedelta(minutes=6))
            handling.deliver(session, parcel, actor="bench", now=at + timedelta(minutes=20))

    for start in range(0, parcels, 500):
        db.write(lambda s, start=start: [take_in(s, n) for n in range(start, min(start + 500, parcels))])
    asked = [(f"SF{n:013d}", *homes[n * 7 % len(homes)]) for n in range(0, parcels, max(parcels // 200, 1))]
    return db, asked


def timed(client, urls: list[str]) -> list[float]:
    times = []
    for url in urls:
        start = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - start)
        assert response.status_code == 200, (url, response.status_code)
    return times


def line(label: str, times: list[float]) -> str:
    ms = sorted(t * 1000 for t in times)
    return (f"{label:<28} n={len(ms):<4} median {statistics.median(ms):6.1f} ms   "
            f"p95 {ms[int(len(ms) * 0.95) - 1]:6.1f} ms   max {ms[-1]:6.1f} ms")


def group_buy(db: Database, rooms: list[str]) -> str:
    """A 2,000-row group-buy list: read, checked and pre-registered in one transaction."""
    from station.residents.groupbuy import parse_group_list, read_table
    from station.residents.prereg import preregister_group
    from station.siteconfig.service import current_site

    with db.read() as session:
        site = current_site(session)
    text = "room,items\n" + "".join(f"{room},蔬菜包 x{n % 3 + 1}\n" for n, room in enumerate(rooms[:2000]))
    start = time.perf_counter()
    rows = parse_group_list(read_table(text.encode()), site=site, group_code="GB1127")
    report = db.write(lambda s: preregister_group(s, site=site, group_code="GB1127", group_name=None,
                                                  rows=rows, category="fresh", now=utcnow()))
    return (f"group-buy list of {len(rows)} rows      {time.perf_counter() - start:6.2f} s "
            f"({len(report.routed)} pre-registered, {len(report.bad)} refused)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--parcels", type=int, default=3000, help="items taken in before measuring")
    args = parser.parse_args()

    from fastapi.testclient import TestClient

    from station.app import create_app
    from station.config import Settings
    from station.web.ratelimit import RateLimiter

    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        db, asked = prepare(Path(tmp) / "bench.db", args.parcels)
        print(f"prepared {args.parcels} parcels in {time.perf_counter() - started:.1f} s")
        app = create_app(Settings(database_url=db.url), db=db)
        app.state.track_limiter = RateLimiter(limit=10**9, window_seconds=1)  # measure, do not limit
        with TestClient(app) as client:
            number, room, phone = asked[0]
            page = client.get(f"/track?room={room}&phone={phone[-4:]}")
            css = client.get("/static/residents.css").content
            empty = client.get("/track").content
            print(f"/track empty form           {len(empty):6d} B html   {len(gzip.compress(empty)):6d} B gzipped")
            print(f"/track room answer          {len(page.content):6d} B html   "
                  f"{len(gzip.compress(page.content)):6d} B gzipped  ({page.text.count('<article')} parcels)")
            print(f"/static/residents.css       {len(css):6d} B        {len(gzip.compress(css)):6d} B gzipped")
            print("scripts on /track           0 (the register page loads residents.js, "
                  f"{len(client.get('/static/residents.js').content)} B, deferred)")
            print(line("lookup by tracking number", timed(client, [f"/track?q={n}" for n, _, _ in asked])))
            print(line("lookup by room + tail", timed(client, [f"/track?room={r}&phone={p[-4:]}" for _, r, p in asked])))
            print(line("room + wrong tail", timed(client, [f"/track?room={r}&phone=0000" for _, r, _ in asked])))
            print(group_buy(db, [room for _, room, _ in asked] * 10))
        db.dispose()


if __name__ == "__main__":
    main()
