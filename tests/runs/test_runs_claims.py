"""Claiming runs: what is taken, what is left, and two runners at once (SQLite and PostgreSQL)."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from station.custody.models import CustodyEvent
from station.errors import Conflict, InvalidInput, NotFound
from station.parcels import handling
from station.parcels.models import Parcel
from station.runs import service as runs
from station.runs.models import DeliveryRun, RunItem
from station.runs.service import AlreadyClaimed
from tests.runs.helpers import READY, claim, close, outcome, parcel_state, site_of, stock
from tests.parcels.helpers import snapshot
from tests.support import NOW


def test_claiming_a_building_takes_its_ready_items_out_with_the_runner(db):
    mine = stock(db, [("10-1-101", "express"), ("10-2-301", "meal"), ("10-3-702", "medicine")])
    other = stock(db, [("11-1-101", "express")])
    code, taken, left = claim(db, building="10")
    assert code.startswith("R") and len(code) == 9
    assert sorted(taken) == sorted(mine) and left == []
    for parcel in mine:
        status, slot, events = parcel_state(db, parcel)
        assert (status, slot, events[-1]) == ("out_for_delivery", None, "out_for_delivery")
    assert parcel_state(db, other[0])[0] == "shelved"
    with db.read() as session:
        run = session.scalars(select(DeliveryRun)).one()
        assert (run.runner, run.scope_kind, run.scope_value, run.gate, run.closed_at) == ("runner1", "building", "10", "main", None)
        assert session.scalar(select(func.count(RunItem.id)).where(RunItem.run_open)) == 3
        event = session.scalars(select(CustodyEvent).where(CustodyEvent.type == "out_for_delivery")).first()
        assert event.actor == "runner1" and event.details["run"] == code


def test_items_still_in_dwell_time_stay_on_the_shelf_and_are_named(db):
    ready = stock(db, [("10-1-101", "express")])
    late = stock(db, [("10-1-102", "express")], now=READY - timedelta(minutes=2))  # alcohol: 5 min
    _code, taken, left = claim(db, building="10")
    assert taken == ready and left == late
    assert parcel_state(db, late[0])[0] == "shelved"
    with pytest.raises(AlreadyClaimed, match=r"by runner1 since 09:40 .*; 1 more still in disinfection dwell "
                                             r"time \(the first may leave at 09:43\)"):
        claim(db, "runner2", building="10")
    stock(db, [("12-1-101", "meal")], now=READY - timedelta(minutes=2))
    with pytest.raises(Conflict, match=r"the 1 item\(s\) of building 12 are still in disinfection dwell time; "
                                       r"the first may leave at 09:43"):
        claim(db, "runner2", building="12")


def test_a_category_within_a_grid_and_a_whole_grid(db):
    meals = stock(db, [("9-1-101", "meal"), ("12-3-702", "meal")])
    express = stock(db, [("9-1-101", "express")])
    elsewhere = stock(db, [("1-1-101", "meal")])
    _code, taken, _ = claim(db, category="meal", grid="G3")
    assert sorted(taken) == sorted(meals)
    with db.read() as session:
        run = session.scalars(select(DeliveryRun)).one()
        assert (run.scope_kind, run.scope_value, run.categories) == ("grid", "G3", ["meal"])
        assert runs.run_scope(run).describe() == "meals in grid G3"
    _code, taken, _ = claim(db, "runner2", grid="G3")
    assert taken == express
    _code, taken, _ = claim(db, "runner3", category="meal")
    assert taken == elsewhere


def test_two_runners_claiming_the_same_building_at_once_one_gets_it(db, monkeypatch):
    codes = stock(db, [("10-1-101", "express"), ("10-2-301", "express"), ("10-3-502", "meal")])
    if not db.is_sqlite:
        # Make the race certain: both claims read the items as free before either writes.
        both_read = threading.Barrier(2, timeout=10)
        original, seen = handling.hand_out, threading.local()

        def hand_out(*args, **kwargs):
            if not getattr(seen, "waited", False):
                seen.waited = True
                try:
                    both_read.wait()
                except threading.BrokenBarrierError:
                    pass
            return original(*args, **kwargs)

        monkeypatch.setattr(handling, "hand_out", hand_out)
    start = threading.Barrier(2, timeout=10)
    results: dict[str, object] = {}

    def claim_as(runner):
        start.wait()
        try:
            results[runner] = claim(db, runner, building="10")
        except Exception as exc:  # noqa: BLE001  (the test looks at what each got)
            results[runner] = exc

    threads = [threading.Thread(target=claim_as, args=(name,)) for name in ("runner1", "runner2")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    winners = [name for name, result in results.items() if isinstance(result, tuple)]
    losers = [name for name, result in results.items() if isinstance(result, AlreadyClaimed)]
    assert len(winners) == 1 and len(losers) == 1, results
    run_code, taken, _ = results[winners[0]]
    assert sorted(taken) == sorted(codes)
    assert str(results[losers[0]]) == f"building 10 is already claimed by {winners[0]} since 09:40 (run {run_code})"
    with db.read() as session:
        assert session.scalar(select(func.count(DeliveryRun.id))) == 1
        assert session.scalar(select(func.count(RunItem.id))) == 3
        ids = select(Parcel.id).where(Parcel.code.in_(codes))
        handed = session.scalars(select(CustodyEvent).where(CustodyEvent.parcel_id.in_(ids),
                                                            CustodyEvent.type == "out_for_delivery")).all()
        assert sorted(e.parcel_id for e in handed) == sorted(session.scalars(ids))
        assert {e.actor for e in handed} == {winners[0]}


def test_the_database_refuses_a_parcel_in_two_open_runs(db):
    """The last line of defence, whatever the service does: the partial unique index."""
    from sqlalchemy.exc import IntegrityError

    stock(db, [("10-1-101", "express")])
    code, _, _ = claim(db, building="10")

    def second_item(session):
        run = runs.get_run(session, code)
        other = DeliveryRun(code="R00000000", runner="runner2", scope_kind="building", scope_value="10",
                            categories=[], gate=None, opened_at=READY)
        session.add(other)
        session.flush()
        session.add(RunItem(run_id=other.id, parcel_id=run.items[0].parcel_id, run_open=True))
        session.flush()

    with pytest.raises(IntegrityError):
        db.write(second_item, attempts=1)


def test_a_claim_of_something_already_out_says_who_has_it(db):
    stock(db, [("10-1-101", "express"), ("10-1-102", "meal")])
    code, _, _ = claim(db, building="10")
    with pytest.raises(AlreadyClaimed) as refused:
        claim(db, "runner2", grid="G3")
    assert str(refused.value) == f"grid G3 is already claimed by runner1 since 09:40 (run {code}, building 10)"
    assert refused.value.extra["claimed_by"][0]["runner"] == "runner1"
    with pytest.raises(AlreadyClaimed, match="meals in building 10 is already claimed by runner1"):
        claim(db, "runner2", building="10", categories=["meal"])


def test_nothing_to_claim_and_bad_scopes_change_nothing(db):
    stock(db, [("10-1-101", "express")])
    before = snapshot(db)
    with pytest.raises(NotFound, match="nothing to deliver for building 11"):
        claim(db, building="11")
    with pytest.raises(InvalidInput, match="there is no building 99"):
        claim(db, building="99")
    with pytest.raises(InvalidInput, match="there is no grid G9"):
        claim(db, grid="G9")
    with pytest.raises(InvalidInput, match="not both"):
        claim(db, building="10", grid="G3")
    with pytest.raises(InvalidInput, match="say what to claim"):
        claim(db)
    with pytest.raises(InvalidInput, match="there is no category 'pizza'"):
        claim(db, building="10", categories=["pizza"])
    assert snapshot(db) == before
    with db.read() as session:
        assert session.scalar(select(func.count(DeliveryRun.id))) == 0


def test_after_a_run_closes_its_returned_items_can_be_claimed_again(db):
    (parcel,) = stock(db, [("10-1-101", "express")])
    code, _, _ = claim(db, building="10")
    outcome(db, code, parcel, "returned", reason="nobody_home")
    with pytest.raises(AlreadyClaimed):  # still in the open run, on the runner's way back
        claim(db, "runner2", building="10")
    close(db, code)
    again, taken, _ = claim(db, "runner2", building="10", now=READY + timedelta(minutes=30))
    assert taken == [parcel] and again != code
    assert parcel_state(db, parcel)[2][-4:] == ["out_for_delivery", "returned", "shelved", "out_for_delivery"]


def test_the_board_counts_what_waits_and_what_is_not_ready(db):
    stock(db, [("10-1-101", "express"), ("10-1-102", "express"), ("10-2-301", "meal"), ("1-1-101", "fresh")],
          now=NOW - timedelta(minutes=40))
    stock(db, [("10-3-702", "express")], shelve=False)  # disinfected, not shelved
    stock(db, [("11-1-101", "medicine")], now=READY - timedelta(minutes=1))  # in dwell
    site = site_of(db)
    with db.read() as session:
        board = runs.board(session, site=site, now=READY)
    assert board.count == 4
    g3 = next(g for g in board.grids if g.grid == "G3")
    b10 = g3.buildings[0]
    assert (b10.building, b10.count, b10.oldest_minutes) == ("10", 3, 50)
    assert [(c.category, c.count) for c in b10.categories] == [("meal", 1), ("express", 2)]
    assert [(c.category, c.count) for c in board.categories] == [("meal", 1), ("fresh", 1), ("express", 2)]
    assert [(r.building, r.not_shelved, r.in_dwell) for r in board.not_ready] == [("10", 1, 0), ("11", 0, 1)]
    assert board.not_ready[1].ready_at == READY + timedelta(minutes=4)
