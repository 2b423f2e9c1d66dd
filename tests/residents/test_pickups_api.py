"""POST /api/v1/pickups: self and proxy pickup at the gate, with who collected recorded."""

from __future__ import annotations

from datetime import timedelta

from station.custody.service import events_of
from station.db import utcnow
from station.parcels import service
from tests.residents.flows import households, receive
from tests.parcels.helpers import snapshot
from tests.support import bearer


def shelved_valuable(db, household, scan="SF3333333333333"):
    return receive(db, scan, household.destination, category="valuable", disinfect=True, shelve=True,
                   at=utcnow() - timedelta(hours=1))


def pickup(client, **body):
    return client.post("/api/v1/pickups", json={"gate": "main", **body})


def last_event(db, key):
    with db.read() as session:
        parcel = service.get_parcel(session, key)
        return parcel.status, events_of(session, parcel)[-1]


def test_a_neighbour_collects_with_the_household_code(client, db):
    household, _ = households(db)
    shelved_valuable(db, household)
    answer = pickup(client, parcel="SF3333333333333", collected_by="邻居 王阿姨 (502)",
                    verification={"method": "household_code", "value": household.code.lower()})
    assert answer.status_code == 200, answer.text
    assert answer.json()["parcel"]["status"] == "picked_up"
    assert answer.json()["collected_by"] == "邻居 王阿姨 (502)"
    status, event = last_event(db, "SF3333333333333")
    assert status == "picked_up"
    assert event.type == "picked_up" and event.actor == "gate1" and event.gate == "main"
    assert event.details["collected_by"] == "邻居 王阿姨 (502)"
    assert event.details["verification"] == {"method": "household_code"}


def test_the_pickup_code_and_phone_tail_work_too(client, db):
    household, _ = households(db)
    shelved_valuable(db, household, "SF1000000000001")
    shelved_valuable(db, household, "SF1000000000002")
    assert pickup(client, parcel="VAL-01-001", collected_by="本人",
                  verification={"method": "pickup_code", "value": "VAL-01-001"}).status_code == 200
    assert pickup(client, parcel="SF1000000000002", collected_by="本人",
                  verification={"method": "phone_tail", "value": household.phone[-4:]}).status_code == 200


def test_a_wrong_code_is_refused_and_changes_nothing(client, db):
    household, other = households(db)
    shelved_valuable(db, household)
    before = snapshot(db)
    refused = pickup(client, parcel="SF3333333333333", collected_by="someone",
                     verification={"method": "household_code", "value": other.code})
    assert refused.status_code == 409
    assert "verification by household code failed" in refused.json()["detail"]
    assert snapshot(db) == before


def test_bad_requests_are_named(client, db):
    household, _ = households(db)
    shelved_valuable(db, household)
    before = snapshot(db)
    good = {"parcel": "SF3333333333333", "collected_by": "邻居",
            "verification": {"method": "household_code", "value": household.code}}
    assert pickup(client, **(good | {"collected_by": "  "})).status_code == 422
    assert pickup(client, **(good | {"gate": "back"})).json()["detail"].startswith("there is no gate 'back'")
    assert pickup(client, **(good | {"verification": {"method": "name_check", "value": "x"}})).status_code == 422
    assert pickup(client, **(good | {"extra": 1})).status_code == 422
    assert pickup(client, **(good | {"parcel": "NOPE"})).status_code == 404
    assert snapshot(db) == before


def test_not_before_it_is_disinfected_and_shelved(client, db):
    household, _ = households(db)
    receive(db, "SF3333333333333", household.destination, category="valuable")
    refused = pickup(client, parcel="SF3333333333333", collected_by="本人",
                     verification={"method": "household_code", "value": household.code})
    assert refused.status_code == 409 and "disinfect it first" in refused.json()["detail"]


def test_only_gate_volunteers_hand_over(client, db):
    household, _ = households(db)
    shelved_valuable(db, household)
    answer = client.post("/api/v1/pickups", headers=bearer("runner1"), json={
        "parcel": "SF3333333333333", "collected_by": "x",
        "verification": {"method": "household_code", "value": household.code}})
    assert answer.status_code == 403
