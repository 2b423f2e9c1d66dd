"""A hand-over scan or a disinfection batch sent again after a lost answer is recorded once."""

from sqlalchemy import func, select

from station.custody.models import CustodyEvent
from station.gate.handover.models import HandoverItem
from station.parcels.models import Parcel

REUSED = "this Idempotency-Key was sent before with another request; send this one with a new key"


def open_handover(client) -> int:
    return client.post("/api/v1/handovers", json={"courier_name": "王师傅", "gate": "main"}).json()["id"]


def count(db, column) -> int:
    with db.read() as session:
        return session.scalar(select(func.count(column)))


def test_a_retried_hand_over_scan_gets_the_first_answer_and_counts_once(client, db):
    handover = open_handover(client)
    url = f"/api/v1/handovers/{handover}/scans"
    first = client.post(url, json={"scan": "773012345678901"}, headers={"Idempotency-Key": "h-1"})
    retry = client.post(url, json={"scan": "773012345678901"}, headers={"Idempotency-Key": "h-1"})
    assert first.status_code == retry.status_code == 200
    assert retry.json() == first.json() | {"replayed": True}
    assert retry.json()["duplicate_in_batch"] is False and retry.json()["count"] == 1
    assert count(db, HandoverItem.id) == 1 and count(db, Parcel.id) == 1


def test_a_hand_over_key_sent_again_with_another_scan_is_refused(client, db):
    handover = open_handover(client)
    url = f"/api/v1/handovers/{handover}/scans"
    client.post(url, json={"scan": "773012345678901"}, headers={"Idempotency-Key": "h-2"})
    reused = client.post(url, json={"scan": "773012345678902"}, headers={"Idempotency-Key": "h-2"})
    assert reused.status_code == 422 and reused.json()["detail"] == REUSED
    assert count(db, Parcel.id) == 1


def test_the_same_key_in_another_hand_over_is_another_request(client):
    first, second = open_handover(client), open_handover(client)
    client.post(f"/api/v1/handovers/{first}/scans", json={"scan": "773012345678901"},
                headers={"Idempotency-Key": "h-3"})
    reused = client.post(f"/api/v1/handovers/{second}/scans", json={"scan": "773012345678901"},
                         headers={"Idempotency-Key": "h-3"})
    assert reused.status_code == 422


def test_a_retried_disinfection_batch_gets_the_first_answer_and_records_once(client, db):
    code = client.post("/api/v1/intake", json={"scan": "SF1234567890123", "destination": "10-2-301"}).json()["parcel"]["code"]
    body = {"parcels": [code, "NOPE"], "method": "alcohol", "gate": "main"}
    first = client.post("/api/v1/disinfect", json=body, headers={"Idempotency-Key": "d-1"})
    events = count(db, CustodyEvent.id)
    retry = client.post("/api/v1/disinfect", json=body, headers={"Idempotency-Key": "d-1"})
    assert first.status_code == retry.status_code == 200
    assert first.json()["done"] == [code] and "NOPE" in first.json()["refused"]
    assert retry.json() == first.json() | {"replayed": True}
    assert count(db, CustodyEvent.id) == events
    reused = client.post("/api/v1/disinfect", json=body | {"method": "chlorine"}, headers={"Idempotency-Key": "d-1"})
    assert reused.status_code == 422 and reused.json()["detail"] == REUSED


def test_the_disinfection_page_sends_its_batch_once_under_its_key(client, db):
    code = client.post("/api/v1/intake", json={"scan": "SF1234567890123", "destination": "10-2-301"}).json()["parcel"]["code"]
    form = {"codes": code, "method": "alcohol", "gate": "main", "key": "batch-1"}
    origin = {"Origin": "http://testserver"}
    first = client.post("/disinfect", data=form, headers=origin)
    events = count(db, CustodyEvent.id)
    retry = client.post("/disinfect", data=form, headers=origin)
    assert first.status_code == retry.status_code == 200
    assert count(db, CustodyEvent.id) == events
    for page in (first, retry):
        assert "Not recorded" not in page.text and "未登记" not in page.text
