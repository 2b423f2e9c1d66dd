"""Hand-offs at the door and closing a run back at the gate."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from station.custody.service import check_parcels

from station.errors import Conflict, Forbidden, InvalidInput, InvalidTransition, NotFound
from station.parcels.models import Parcel
from station.residents.models import Household
from station.runs import outcomes
from station.runs import service as runs
from station.runs.models import DeliveryRun, RunItem
from station.siteconfig.service import current_site
from tests.runs.helpers import READY, claim, close, outcome, parcel_state, stock
from tests.parcels.helpers import snapshot


def household_of(db, code):
    with db.read() as session:
        parcel = session.scalars(select(Parcel).where(Parcel.code == code)).one()
        return session.get(Household, parcel.household_id), parcel.pickup_code


def a_run(db, items):
    codes = stock(db, items)
    run_code, _, _ = claim(db, building="10")
    return run_code, codes


def test_medicine_without_the_verification_is_refused_and_nothing_is_written(db):
    run_code, (medicine,) = a_run(db, [("10-2-301", "medicine")])
    before = snapshot(db)
    with pytest.raises(InvalidTransition, match="medicine needs a verified hand-off") as refused:
        outcome(db, run_code, medicine, "delivered")
    assert refused.value.extra == {"needs_verification": True, "parcel": medicine}
    with pytest.raises(InvalidTransition, match="verification by pickup code failed"):
        outcome(db, run_code, medicine, "delivered", verification={"method": "pickup_code", "value": "B10-01-999"})
    with pytest.raises(InvalidTransition, match="verification by phone tail failed"):
        outcome(db, run_code, medicine, "delivered", verification={"method": "phone_tail", "value": "12"})
    assert snapshot(db) == before
    with db.read() as session:
        assert session.scalars(select(RunItem)).one().outcome is None


def test_medicine_with_the_pickup_code_or_the_phone_tail_is_delivered(db):
    run_code, (first, second) = a_run(db, [("10-2-301", "medicine"), ("10-1-101", "valuable")])
    _household, pickup = household_of(db, first)
    assert outcome(db, run_code, first, "delivered",
                   verification={"method": "pickup_code", "value": pickup.lower()}) == ("delivered", False)
    household, _ = household_of(db, second)
    assert household is not None and household.phone
    outcome(db, run_code, second, "delivered", verification={"method": "phone_tail", "value": household.phone[-4:]})
    with db.read() as session:
        items = {item.parcel_id: item for item in session.scalars(select(RunItem))}
        assert sorted(i.verified_by for i in items.values()) == ["phone_tail", "pickup_code"]
    assert parcel_state(db, first)[0] == "delivered"


def test_a_retry_records_nothing_twice_and_a_change_of_mind_is_refused(db):
    run_code, (parcel,) = a_run(db, [("10-1-101", "express")])
    assert outcome(db, run_code, parcel, "delivered") == ("delivered", False)
    before = snapshot(db)
    assert outcome(db, run_code, parcel, "delivered") == ("delivered", True)
    with pytest.raises(Conflict, match=f"parcel {parcel} was already recorded as delivered at 09:40 by runner1"):
        outcome(db, run_code, parcel, "returned", reason="refused")
    assert snapshot(db) == before


def test_bad_outcomes_change_nothing(db):
    run_code, (parcel,) = a_run(db, [("10-1-101", "express")])
    (outside,) = stock(db, [("11-1-101", "express")])
    before = snapshot(db)
    with pytest.raises(InvalidInput, match="say why it came back"):
        outcome(db, run_code, parcel, "returned")
    with pytest.raises(InvalidInput, match="has no return reason"):
        outcome(db, run_code, parcel, "delivered", reason="refused")
    with pytest.raises(InvalidInput, match="outcome must be"):
        outcome(db, run_code, parcel, "lost")
    with pytest.raises(Conflict, match=f"is not in run {run_code}: it is on its shelf"):
        outcome(db, run_code, outside, "delivered")
    with pytest.raises(NotFound, match="no parcel is known by 'NOPE'"):
        outcome(db, run_code, "nope", "delivered")
    with pytest.raises(Forbidden, match=f"run {run_code} is runner1's"):
        outcome(db, run_code, parcel, "delivered", actor="runner2")
    with pytest.raises(NotFound, match="there is no run"):
        outcome(db, "R12345678", parcel, "delivered")
    assert snapshot(db) == before


def test_the_gate_may_finish_a_runners_run_and_a_pickup_code_finds_the_item(db):
    run_code, (parcel,) = a_run(db, [("10-1-101", "express")])
    _household, pickup = household_of(db, parcel)
    assert outcome(db, run_code, pickup, "delivered", actor="gate1", role="gate") == ("delivered", False)


def test_a_run_closes_only_when_every_item_has_an_outcome(db):
    run_code, codes = a_run(db, [("10-1-101", "express"), ("10-2-301", "meal"), ("10-3-702", "express")])
    outcome(db, run_code, codes[0], "delivered")
    before = snapshot(db)
    with pytest.raises(Conflict, match=rf"run {run_code} cannot close: 2 item\(s\) have no outcome yet: "
                                       rf"10-2-301 {codes[1]}, 10-3-702 {codes[2]}") as refused:
        close(db, run_code)
    assert refused.value.extra["missing"] == [codes[1], codes[2]]
    assert snapshot(db) == before
    with db.read() as session:
        assert session.scalars(select(DeliveryRun)).one().closed_at is None
    outcome(db, run_code, codes[1], "delivered")
    outcome(db, run_code, codes[2], "delivered")
    assert close(db, run_code) == []
    with db.read() as session:
        run = session.scalars(select(DeliveryRun)).one()
        assert run.closed_at is not None and run.closed_by == "runner1"
        assert not any(item.run_open for item in run.items)
    with pytest.raises(Conflict, match="was closed at 09:40"):
        outcome(db, run_code, codes[0], "delivered")
    assert close(db, run_code) == []  # a retried close answers as the first did


def test_returned_items_are_back_on_a_shelf_after_the_close(db):
    run_code, (away, home) = a_run(db, [("10-1-101", "express"), ("10-2-301", "express")])
    outcome(db, run_code, away, "returned", reason="nobody_home")
    outcome(db, run_code, home, "delivered")
    assert parcel_state(db, away)[:2] == ("returned", None)  # on the stairs: no slot yet
    shelved = close(db, run_code)
    status, slot, events = parcel_state(db, away)
    assert (status, events[-3:]) == ("shelved", ["out_for_delivery", "returned", "shelved"])
    assert slot is not None and shelved == [(away, f"B10-01-{slot:03d}")]
    with db.read() as session:
        item = session.scalars(select(RunItem).join(Parcel).where(Parcel.code == away)).one()
        assert (item.outcome, item.reason, item.run_open) == ("returned", "nobody_home", False)


def undo(db, code, key, *, actor="runner1", role="runner", now=READY):
    def run(session):
        site = current_site(session)
        result = outcomes.undo_outcome(session, site=site, run=runs.get_run(session, code), key=key,
                                       actor=actor, role=role, now=now)
        return result.item.outcome, result.replayed
    return db.write(run)


def test_a_mis_tapped_delivery_is_undone_as_an_event_and_delivered_again(db):
    run_code, (parcel,) = a_run(db, [("10-1-101", "express")])
    outcome(db, run_code, parcel, "delivered")
    assert undo(db, run_code, parcel, now=READY + timedelta(minutes=1)) == (None, False)
    assert undo(db, run_code, parcel, now=READY + timedelta(minutes=1)) == (None, True)  # a retry
    status, _slot, events = parcel_state(db, parcel)
    assert (status, events[-2:]) == ("out_for_delivery", ["delivered", "outcome_undone"])
    with pytest.raises(Conflict, match="cannot close"):
        close(db, run_code)
    outcome(db, run_code, parcel, "returned", reason="nobody_home", now=READY + timedelta(minutes=2))
    assert parcel_state(db, parcel)[2][-3:] == ["delivered", "outcome_undone", "returned"]
    with db.read() as session:
        item = session.scalars(select(RunItem)).one()
        assert (item.outcome, item.reason) == ("returned", "nobody_home")
        assert list(check_parcels(session)) == []  # the chain holds and the status is the fold


def test_an_outcome_is_undone_only_for_a_few_minutes_and_by_its_runner(db):
    run_code, (parcel,) = a_run(db, [("10-1-101", "express")])
    outcome(db, run_code, parcel, "delivered")
    with pytest.raises(Forbidden):
        undo(db, run_code, parcel, actor="runner2")
    before = snapshot(db)
    with pytest.raises(Conflict, match="can be undone for 5 minutes"):
        undo(db, run_code, parcel, now=READY + timedelta(minutes=6))
    assert snapshot(db) == before
    assert parcel_state(db, parcel)[0] == "delivered"
