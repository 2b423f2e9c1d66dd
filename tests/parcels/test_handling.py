from datetime import timedelta

import pytest
from sqlalchemy import select

from station.custody.service import events_of
from station.errors import InvalidInput, InvalidTransition
from station.parcels import handling, service
from station.residents.models import Household
from station.siteconfig.service import current_site
from tests.support import NOW
from tests.parcels.helpers import intake, snapshot


def act(db, key, fn, **kwargs):
    def run(session):
        parcel = service.get_parcel(session, key)
        fn(session, parcel, **kwargs)
        return parcel.status, parcel.slot, parcel.pickup_code
    return db.write(run)


def site_of(db):
    with db.read() as session:
        return current_site(session)


def disinfect_and_shelve(db, key, now=NOW):
    site = site_of(db)
    act(db, key, handling.disinfect, site=site, method="alcohol", actor="li", gate="main", now=now)
    return act(db, key, handling.shelve, site=site, actor="li", gate="main", now=now)


def test_the_whole_way_to_the_door(db):
    intake(db, "SF1234567890123")
    disinfect_and_shelve(db, "SF1234567890123")
    later = NOW + timedelta(minutes=6)
    status, slot, _ = act(db, "SF1234567890123", handling.hand_out, actor="runner1", gate="main", now=later)
    assert (status, slot) == ("out_for_delivery", None)
    status, _, _ = act(db, "SF1234567890123", handling.deliver, actor="runner1", now=later)
    assert status == "delivered"
    with db.read() as session:
        parcel = service.get_parcel(session, "SF1234567890123")
        assert [e.type for e in events_of(session, parcel)] == [
            "received", "disinfected", "shelved", "out_for_delivery", "delivered"]


def test_nothing_leaves_before_the_dwell_time_and_nothing_is_written(db):
    intake(db, "SF1234567890123")
    disinfect_and_shelve(db, "SF1234567890123")  # alcohol: 5 minutes
    before = snapshot(db)
    with pytest.raises(InvalidTransition, match="dwell time"):
        act(db, "SF1234567890123", handling.hand_out, actor="r", gate="main", now=NOW + timedelta(minutes=2))
    assert snapshot(db) == before


def test_an_item_cannot_skip_disinfection(db):
    intake(db, "SF1234567890123")
    with pytest.raises(InvalidTransition, match="disinfect it first"):
        act(db, "SF1234567890123", handling.hand_out, actor="r", gate="main", now=NOW)
    with pytest.raises(InvalidTransition, match="not been disinfected"):
        act(db, "SF1234567890123", handling.shelve, site=site_of(db), actor="r", gate="main", now=NOW)


def test_medicine_needs_a_verified_hand_off(db):
    with db.read() as session:
        household = session.scalars(select(Household).where(Household.phone.is_not(None))).first()
        destination, tail = household.destination, household.phone[-4:]
    intake(db, "SF3333333333333", destination, "medicine")
    disinfect_and_shelve(db, "SF3333333333333")
    later = NOW + timedelta(minutes=10)
    act(db, "SF3333333333333", handling.hand_out, actor="r", gate="main", now=later)
    with pytest.raises(InvalidTransition, match="verified hand-off"):
        act(db, "SF3333333333333", handling.deliver, actor="r", now=later)
    with db.read() as session:
        code = service.get_parcel(session, "SF3333333333333").collection_code
    wrong = "0000" if tail != "0000" else "1111"
    for verification in ({"method": "phone_tail", "value": tail},  # a tail alone no longer does
                         {"method": "collection_code", "value": code, "phone_tail": wrong},
                         {"method": "collection_code", "value": code}):
        with pytest.raises(InvalidTransition):
            act(db, "SF3333333333333", handling.deliver, actor="r", now=later, verification=verification)
    status, _, _ = act(db, "SF3333333333333", handling.deliver, actor="r", now=later,
                       verification={"method": "collection_code", "value": code, "phone_tail": tail})
    assert status == "delivered"
    with db.read() as session:
        parcel = service.get_parcel(session, "SF3333333333333")
        last = events_of(session, parcel)[-1]
        assert last.details == {"verification": {"method": "collection_code", "phone_tail": "checked"}}


def test_a_returned_item_goes_back_on_a_shelf(db):
    intake(db, "SF1234567890123")
    disinfect_and_shelve(db, "SF1234567890123")
    later = NOW + timedelta(minutes=10)
    act(db, "SF1234567890123", handling.hand_out, actor="r", gate="main", now=later)
    intake(db, "SF9999999999999")  # takes the freed slot 1
    status, slot, _ = act(db, "SF1234567890123", handling.return_to_gate, reason="nobody_home", actor="r", now=later)
    assert (status, slot) == ("returned", None)
    status, slot, code = act(db, "SF1234567890123", handling.shelve, site=site_of(db), actor="li", gate="main", now=later)
    assert (status, slot, code) == ("shelved", 2, "B10-01-002")


def test_self_pickup_with_the_collection_code_not_the_shelf_position(db):
    intake(db, "SF1234567890123", category="express")
    disinfect_and_shelve(db, "SF1234567890123")
    later = NOW + timedelta(minutes=10)
    with db.read() as session:
        parcel = service.get_parcel(session, "SF1234567890123")
        shelf_position, code = parcel.pickup_code, parcel.collection_code
    for shown in ({"method": "pickup_code", "value": shelf_position},
                  {"method": "collection_code", "value": shelf_position}, None):
        with pytest.raises(InvalidTransition):
            act(db, "SF1234567890123", handling.pick_up, site=site_of(db), actor="li", gate="main", now=later,
                verification=shown)
    status, slot, _ = act(db, "SF1234567890123", handling.pick_up, site=site_of(db), actor="li", gate="main", now=later,
                          verification={"method": "collection_code", "value": code})
    assert (status, slot) == ("picked_up", None)


def test_a_problem_is_reported_and_resolved(db):
    intake(db, "SF1234567890123")
    site = site_of(db)
    act(db, "SF1234567890123", handling.report_problem, site=site, note="box torn", actor="li", gate="main",
        now=NOW)
    with pytest.raises(InvalidTransition):
        act(db, "SF1234567890123", handling.report_problem, site=site, note="again", actor="li", gate="main",
            now=NOW)
    status, _, _ = act(db, "SF1234567890123", handling.resolve_problem, site=site, note="taped", actor="lead",
                       gate="main", now=NOW)
    assert status == "received"


def test_a_reported_item_leaves_its_shelf_for_a_slot_of_the_problem_zone(db):
    intake(db, "SF1234567890123")
    intake(db, "SF1234567890124")
    site = site_of(db)
    _, _, shelf_position = disinfect_and_shelve(db, "SF1234567890123")
    status, slot, code = act(db, "SF1234567890123", handling.report_problem, site=site, note="leaking",
                             actor="li", gate="main", now=NOW)
    assert (status, code) == ("problem", "PROB-01-001") and slot == 1
    _, _, second = act(db, "SF1234567890124", handling.report_problem, site=site, note="damaged",
                       actor="li", gate="main", now=NOW)
    assert second == "PROB-01-002"
    with db.read() as session:
        events = events_of(session, service.get_parcel(session, "SF1234567890123"))
    assert (events[-1].type, events[-1].details) == ("problem", {"note": {"code": "parcel.note.leaking", "params": {}},
                                                                 "from": shelf_position,
                                                                 "to": "PROB-01-001"})
    status, _, code = act(db, "SF1234567890123", handling.resolve_problem, site=site, note="dried",
                          actor="lead", gate="main", now=NOW)
    assert (status, code) == ("shelved", "PROB-01-001")  # it stays there until someone moves it
    _, _, code = act(db, "SF1234567890123", handling.move, site=site, zone="B10", actor="lead", gate="main",
                     now=NOW)
    assert code.startswith("B10-")


def test_a_full_problem_zone_refuses_the_report_and_changes_nothing(db):
    site = site_of(db)
    slots = site.zones[site.problem_zone].slots * site.zones[site.problem_zone].shelves
    for n in range(slots + 1):
        intake(db, f"SF{1000000000000 + n}")
    for n in range(slots):
        act(db, f"SF{1000000000000 + n}", handling.report_problem, site=site, note="damaged", actor="li",
            gate="main", now=NOW)
    before = snapshot(db)
    with pytest.raises(InvalidInput, match="the problem zone PROB is full"):
        act(db, f"SF{1000000000000 + slots}", handling.report_problem, site=site, note="damaged", actor="li",
            gate="main", now=NOW)
    assert snapshot(db) == before


def test_moving_out_of_unresolved(db):
    intake(db, "SF1234567890123", destination=None)
    status, slot, code = act(db, "SF1234567890123", handling.move, site=site_of(db), zone="B3",
                             actor="lead", gate="main", now=NOW)
    assert code == "B3-01-001"
