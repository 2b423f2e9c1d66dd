from sqlalchemy import update

from station.parcels.models import IdempotencyKey


def post(client, body, **headers):
    return client.post("/api/v1/intake", json=body, headers=headers)


def test_healthz(client):
    assert client.get("/healthz").json() == {"status": "ok"}


def test_intake_answers_zone_shelf_slot_and_pickup_code(client):
    response = post(client, {"scan": "SF1234567890123", "destination": "10-2-301",
                             "category": "medicine", "gate": "main"})
    assert response.status_code == 201
    body = response.json()
    assert body["duplicate"] is False
    parcel = body["parcel"]
    assert {k: parcel[k] for k in ("zone", "shelf", "slot", "pickup_code", "status", "destination",
                                   "tracking_number")} == {
        "zone": "MED", "shelf": 1, "slot": 1, "pickup_code": "MED-01-001", "status": "received",
        "destination": "10-2-301", "tracking_number": "SF1234567890123"}
    assert set(parcel) >= {"code", "pickup_code", "tracking_number", "carrier", "zone", "shelf",
                           "slot", "status", "destination"}


def test_a_double_scan_answers_duplicate_with_where_it_is(client):
    first = post(client, {"scan": "SF1234567890123", "destination": "10-2-301"}).json()
    again = post(client, {"scan": "SF1234567890123", "destination": "10-2-301"})
    assert again.status_code == 200
    assert again.json()["duplicate"] is True
    assert again.json()["parcel"]["code"] == first["parcel"]["code"]
    assert "already on shelf B10-01" in again.json()["message"]


def test_a_retry_with_the_same_idempotency_key_gets_the_same_answer(client):
    body = {"scan": "", "destination": "3-1-101", "category": "meal"}
    first = post(client, body, **{"Idempotency-Key": "scan-1"})
    retry = post(client, body, **{"Idempotency-Key": "scan-1"})
    other = post(client, body, **{"Idempotency-Key": "scan-2"})
    assert first.status_code == retry.status_code == 201
    assert retry.json()["parcel"]["code"] == first.json()["parcel"]["code"]
    assert retry.json()["replayed"] is True
    assert other.json()["parcel"]["code"] != first.json()["parcel"]["code"]


def test_why_an_item_is_unresolved_is_said_in_the_askers_language_a_replay_too(client):
    body = {"scan": "SF1234567890123"}
    chinese = post(client, body, **{"Idempotency-Key": "scan-1", "Accept-Language": "zh-CN"}).json()
    assert chinese["parcel"]["unresolved_reason"] == "未填写去向"
    assert chinese["message"].endswith("未填写去向")
    replayed = post(client, body, **{"Idempotency-Key": "scan-1"}).json()
    assert replayed["replayed"] is True and replayed["parcel"]["unresolved_reason"] == "no destination given"
    assert "said" not in replayed


def test_a_key_sent_again_with_another_item_is_refused_and_that_item_is_not_lost(client):
    """A client that reuses a key by mistake must not be told its second item was recorded."""
    key = {"Idempotency-Key": "scan-7"}
    first = post(client, {"scan": "SF1234567890123", "destination": "10-2-301"}, **key)
    reused = post(client, {"scan": "YT9876543210987", "destination": "3-1-101"}, **key)
    assert first.status_code == 201
    assert reused.status_code == 422
    assert reused.json()["detail"] == ("this Idempotency-Key was sent before with another request; "
                                       "send this one with a new key")
    assert client.get("/api/v1/parcels/YT9876543210987").status_code == 404
    retried = post(client, {"scan": "YT9876543210987", "destination": "3-1-101"}, **{"Idempotency-Key": "scan-8"})
    assert retried.status_code == 201 and retried.json()["parcel"]["tracking_number"] == "YT9876543210987"
    same = post(client, {"destination": "10-2-301", "scan": "SF1234567890123"}, **key)
    assert same.json()["replayed"] is True  # the same request, its fields in another order


def test_a_key_remembered_before_requests_were_fingerprinted_replays_as_before(client, db):
    key = {"Idempotency-Key": "scan-9"}
    first = post(client, {"scan": "SF1234567890123", "destination": "10-2-301"}, **key)
    db.write(lambda session: session.execute(update(IdempotencyKey).values(request_digest=None)))
    again = post(client, {"scan": "SF1234567890123", "destination": "10-2-302"}, **key)
    assert again.status_code == 201 and again.json()["replayed"] is True
    assert again.json()["parcel"]["code"] == first.json()["parcel"]["code"]


def test_bad_input_gets_a_clear_error(client):
    unknown_room = post(client, {"scan": "SF1234567890123", "destination": "12-5-301"})
    assert unknown_room.status_code == 422
    assert unknown_room.json()["detail"] == "destination 12-5-301: building 12 has no unit 5 (units 1-3)"
    assert post(client, {"scan": "SF1234567890123", "category": "sofa"}).status_code == 422
    garbage = post(client, {"scan": "¿¿ ?", "destination": "10-2-301"})
    assert garbage.status_code == 422 and "not a barcode we can keep" in garbage.json()["detail"]
    shelf = post(client, {"scan": "SH-B10-01", "destination": "10-2-301"})
    assert shelf.status_code == 422 and "shelf code" in shelf.json()["detail"]
    assert post(client, {"scan": "SF1234567890123", "unexpected": 1}).status_code == 422
    assert client.get("/api/v1/parcels/SF1234567890123").status_code == 404


def test_a_parcel_is_found_with_its_history(client):
    code = post(client, {"scan": "SF1234567890123", "destination": "10-2-301"}).json()["parcel"]["code"]
    done = client.post("/api/v1/disinfect", json={"parcels": [code, "NOPE"], "method": "alcohol"}).json()
    assert done == {"done": [code], "refused": {"NOPE": "no parcel is known by 'NOPE'"}, "replayed": False}
    detail = client.get("/api/v1/parcels/SF1234567890123").json()
    assert detail["code"] == code
    assert detail["status"] == "shelved"
    assert [e["type"] for e in detail["events"]] == ["received", "disinfected", "shelved"]
    assert detail["events"][1]["details"]["method"] == "alcohol"
    assert detail["aliases"] == ["SF1234567890123"]


def test_openapi_lists_the_contract(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert "/api/v1/intake" in paths
    assert "/api/v1/parcels/{key}" in paths


def test_the_scan_is_recognised_before_the_write_so_writers_do_not_take_turns_at_it(client, db, monkeypatch):
    from station.parcels import service

    writing, recognised_while_writing = [], []
    write, recognise = db.write, service.recognise_scan

    def write_marked(fn, **kwargs):
        writing.append(True)
        try:
            return write(fn, **kwargs)
        finally:
            writing.pop()

    def recognise_noted(text, **kwargs):
        recognised_while_writing.append(bool(writing))
        return recognise(text, **kwargs)

    monkeypatch.setattr(db, "write", write_marked)
    monkeypatch.setattr(service, "recognise_scan", recognise_noted)
    response = post(client, {"scan": "SF1234567890123", "destination": "10-2-301", "category": "express"})
    assert response.status_code == 201
    assert response.json()["parcel"]["carrier"] == "SF"
    assert recognised_while_writing == [False]
