"""`station bench seed`: weeks of lockdown traffic on the 117-building demo, written in bulk.

Rows are generated in Python and inserted in large batches, with the same hash chains the
services write, so `station check` verifies them. Volume stays near `--max` items a day for
most of the weeks and falls to `--min` on the last day, as it did at Hongfuyuan (18,000 a day,
then a third of that): the defaults make about 470,000 parcels and 2.3 million events.
"""

from __future__ import annotations

import random
import time
from datetime import UTC, datetime, timedelta

import click
from sqlalchemy import func, insert, select, text

from station import codes
from station.custody.chain import GENESIS, event_hash
from station.custody.models import CustodyEvent
from station.db import Database
from station.parcels.models import Alias, Parcel
from station.residents.models import Household
from station.sorting import rules

MIX = [("express", 55), ("meal", 20), ("fresh", 12), ("medicine", 6), ("valuable", 2), ("bulky", 5)]
CARRIERS = ["SF", "JD", "YT", "JT", "ZTO", "STO", "YUNDA", "EMS"]
BATCH = 5000


def collection_code(parcel_id: int) -> str:
    """A seeded parcel's collection code: its id in the codes' alphabet, unique as the id is."""
    digits = []
    for _ in range(codes.COLLECTION_LENGTH):
        parcel_id, digit = divmod(parcel_id, len(codes.CROCKFORD))
        digits.append(codes.CROCKFORD[digit])
    return "".join(reversed(digits))


def _event(parcel_code: str, parcel_id: int, seq: int, prev: str, kind: str, at: datetime,
           actor: str, details: dict) -> dict:
    digest = event_hash(prev_hash=prev, parcel_code=parcel_code, seq=seq, event_type=kind, actor=actor,
                        gate="north", at=at, details=details)
    return {"parcel_id": parcel_id, "seq": seq, "type": kind, "actor": actor, "gate": "north",
            "at": at, "details": details, "prev_hash": prev, "hash": digest}


def generate_day(rng: random.Random, site, households: list[tuple[int, str, int, str]], day: datetime,
                 count: int, next_id: int, used_codes: set[str], occupied: dict, last_day: bool):
    """Parcels, events and aliases of one day; items of the last day's evening stay shelved."""
    parcels, events, aliases = [], [], []
    categories, weights = zip(*MIX)
    for n in range(count):
        parcel_id = next_id + n
        minute = min(int(abs(rng.gauss(0, 1)) * 240) if rng.random() < 0.5 else rng.randint(0, 18 * 60 - 1), 18 * 60 - 1)
        received = day + timedelta(minutes=minute)
        household_id, building, unit, room = rng.choice(households)
        category = rng.choices(categories, weights)[0]
        code = codes.new_code(codes.PARCEL_PREFIX)
        while code in used_codes:
            code = codes.new_code(codes.PARCEL_PREFIX)
        used_codes.add(code)
        tracking = None
        if category in ("express", "medicine", "valuable", "bulky"):
            tracking = f"{rng.choice(CARRIERS)}{day:%y%m%d}{parcel_id:09d}"
            aliases.append({"code": tracking, "parcel_id": parcel_id, "kind": "tracking", "created_at": received})
        zone, shelves = rules.home_zone(site, category, rules.Destination(building, unit, room))
        shelf = shelves[parcel_id % len(shelves)]
        stays = last_day and minute > 12 * 60
        slot = None
        if stays:
            found = rules.first_free_slot(zone, shelves, occupied)
            if found:
                shelf, slot = found
                occupied.setdefault((zone.code, shelf), set()).add(slot)
            else:
                stays = False
        pickup = rules.pickup_code(zone.code, shelf, slot or 1 + parcel_id % zone.slots)
        disinfected = received + timedelta(minutes=rng.randint(3, 30))
        dwell_until = disinfected + timedelta(minutes=5)
        chain = [("received", received, {"scan": tracking or "", "category": category,
                                         "destination": f"{building}-{unit}-{room}", "zone": zone.code,
                                         "shelf": shelf, "slot": slot, "pickup_code": pickup}),
                 ("disinfected", disinfected, {"method": "alcohol", "dwell_minutes": 5,
                                               "dwell_until": dwell_until.isoformat()}),
                 ("shelved", disinfected, {})]
        if not stays:
            out = disinfected + timedelta(minutes=rng.randint(20, 240))
            delivered = out + timedelta(minutes=rng.randint(5, 45))
            verification = {"verification": {"method": "collection_code", "phone_tail": "checked"}} if category in ("medicine", "valuable") else {}
            chain += [("out_for_delivery", out, {"from": pickup}), ("delivered", delivered, verification)]
        prev, seq = GENESIS, 0
        for seq, (kind, at, details) in enumerate(chain, start=1):
            event = _event(code, parcel_id, seq, prev, kind, at, f"volunteer{parcel_id % 40}", details)
            events.append(event)
            prev = event["hash"]
        parcels.append({
            "id": parcel_id, "code": code, "tracking_number": tracking, "carrier": tracking[:2] if tracking else None,
            "category": category, "building": building, "unit": unit, "room": room,
            "household_id": household_id, "zone": zone.code, "shelf": shelf, "slot": slot,
            "pickup_code": pickup, "collection_code": collection_code(parcel_id), "status": chain[-1][0], "priority": site.categories[category].priority,
            "unresolved_reason": None, "gate": "north", "received_at": received, "dwell_until": dwell_until,
            "updated_at": chain[-1][1], "last_seq": seq, "last_hash": prev,
        })
    return parcels, events, aliases


@click.command("seed")
@click.option("--db", "db_url", required=True)
@click.option("--days", default=30, show_default=True)
@click.option("--max", "most", default=18000, show_default=True, help="items on the first day")
@click.option("--min", "least", default=6000, show_default=True, help="items on the last day")
@click.option("--seed", default=1, show_default=True)
def seed(db_url: str, days: int, most: int, least: int, seed: int) -> None:
    """Fill a database with the large demo compound and `--days` of parcels and custody events."""
    from station.setup import demo_site_file, set_up

    rng = random.Random(seed)
    started = time.perf_counter()
    with Database(db_url) as db:
        setup = set_up(db, demo_site_file("large"), demo=True, if_empty=True, actor="bench")
        site = setup.site
        if setup.roster is not None:
            click.echo(f"{site.name}: demo roster {setup.roster.summary()}", err=True)
        with db.read() as session:
            households = [tuple(row) for row in session.execute(
                select(Household.id, Household.building, Household.unit, Household.room))]
            next_id = (session.scalar(select(func.max(Parcel.id))) or 0) + 1
            used_codes = set(session.scalars(select(Parcel.code)))
        occupied: dict = {}
        first_day = datetime.now(UTC).replace(hour=22, minute=0, second=0, microsecond=0) - timedelta(days=days)
        totals = [0, 0]
        for index in range(days):
            count = round(most - (most - least) * (index / max(days - 1, 1)) ** 4)
            day = first_day + timedelta(days=index)
            parcels, events, aliases = generate_day(rng, site, households, day, count, next_id, used_codes,
                                                    occupied, last_day=index == days - 1)
            with db.write_engine.begin() as connection:
                for table, rows in ((Parcel.__table__, parcels), (Alias.__table__, aliases),
                                    (CustodyEvent.__table__, events)):
                    for start in range(0, len(rows), BATCH):
                        connection.execute(insert(table), rows[start:start + BATCH])
            next_id += count
            totals[0] += len(parcels)
            totals[1] += len(events)
            click.echo(f"day {index + 1:>2}: {count} items ({totals[0]} parcels, {totals[1]} events, "
                       f"{time.perf_counter() - started:.0f} s)", err=True)
        if not db.is_sqlite:  # ids were given: move the sequence past them for the station's own inserts
            with db.write_engine.begin() as connection:
                connection.execute(text("SELECT setval(pg_get_serial_sequence('parcels', 'id'), :last)"),
                                   {"last": next_id - 1})
            # A month of rows written in minutes: give the planner its statistics now, as
            # autovacuum would have over that month, before anything is measured.
            with db.write_engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
                connection.execute(text("ANALYZE"))
    click.echo(f"seeded {totals[0]} parcels and {totals[1]} custody events in {time.perf_counter() - started:.0f} s")
