"""A database with two played demo days, shared by the tests that only read it.

Day D (2026-11-20) is played to midnight; the next morning a runner delivers five of D's
leftovers; day D+1 is played until 20:00. So the dashboard at D+1 20:00 has yesterday's
tail (stayed overnight), today's items in every state, runs still out, and a past day
whose end-of-day figures differ from its items' statuses now.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest
from sqlalchemy import select

from station.custody import states
from station.dashboard.days import Day
from station.demo.day import DemoResult, play_day
from station.db import Database
from station.parcels import handling
from station.parcels.models import Parcel
from tests.conftest import _copy_sqlite, _prepare, reset_postgres
from tests.support import PG_URL

TZ = "Asia/Shanghai"
D = Day(date(2026, 11, 20), TZ)
NEXT = Day(date(2026, 11, 21), TZ)
AT_20 = NEXT.at(20)
ITEMS = 700


@dataclass
class Played:
    db: Database
    first: DemoResult
    second: DemoResult
    morning: list[str]  # codes of D's leftovers delivered on D+1 morning


def backends() -> list:
    return ["sqlite", pytest.param("postgresql", marks=[
        pytest.mark.postgres,
        pytest.mark.skipif(not PG_URL, reason="STATION_TEST_DATABASE_URL is not set"),
    ])]


def deliver_leftovers(db: Database, *, count: int) -> list[str]:
    def run(session):
        parcels = session.scalars(
            select(Parcel).where(Parcel.status == states.SHELVED, Parcel.category == "express",
                                 Parcel.received_at >= D.start, Parcel.received_at < D.end)
            .order_by(Parcel.id).limit(count)).all()
        for parcel in parcels:
            handling.hand_out(session, parcel, actor="runner1", gate="main", now=NEXT.at(8, 30))
            handling.deliver(session, parcel, actor="runner1", now=NEXT.at(8, 50))
        return [parcel.code for parcel in parcels]
    return db.write(run)


def make_played(request, tmp_path_factory, sqlite_template) -> Played:
    if request.param == "sqlite":
        path = tmp_path_factory.mktemp("played") / "station.db"
        _copy_sqlite(sqlite_template, path)
        db = Database(f"sqlite:///{path}")
    else:
        reset_postgres(PG_URL)
        db = Database(PG_URL)
        _prepare(db)
    first = play_day(db, day=D, items=ITEMS, seed=5)
    morning = deliver_leftovers(db, count=5)
    second = play_day(db, day=NEXT, items=ITEMS, seed=6, until=AT_20)
    assert len(morning) == 5 and first.received == ITEMS
    return Played(db, first, second, morning)


