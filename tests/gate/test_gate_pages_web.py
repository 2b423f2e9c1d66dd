"""The pages signed in through a browser session (cookies), and their JSON twins."""

from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from station.app import create_app
from station.config import Settings
from station.custody.service import events_of
from station.db import utcnow
from station.parcels import service
from station.parcels.models import Parcel
from tests.parcels.helpers import intake, snapshot
from tests.support import EN, ORIGIN, bearer, earlier_today, signed_in_client



@pytest.fixture
def app(db):
    return create_app(Settings(database_url=db.url), db=db)




@pytest.fixture
def disinfector(app):
    with signed_in_client(app, "disinfect1") as client:
        yield client


@pytest.fixture
def coordinator(app):
    with signed_in_client(app, "lead") as client:
        yield client


@pytest.fixture
def gate_volunteer(app):
    with signed_in_client(app, "gate1") as client:
        yield client


def take_in(db, scan, destination="10-2-301", category="express", at=None):
    return intake(db, scan, destination, category, now=at or utcnow())[0]


def state(db, key):
    with db.read() as session:
        parcel = service.get_parcel(session, key)
        return parcel.status, [e.type for e in events_of(session, parcel)], parcel


# -- /disinfect ---------------------------------------------------------------------------------

def test_the_disinfection_page_records_a_batch(db, disinfector):
    page = disinfector.get("/disinfect")
    assert page.status_code == 200
    assert 'name="codes"' in page.text and "酒精喷洒" in page.text and "静置 5 分钟" in page.text
    take_in(db, "SF1000000000001")
    take_in(db, "SF1000000000002", "3-1-101")
    done = disinfector.post("/disinfect", headers=ORIGIN, data={
        "codes": "SF1000000000001\r\nsf1000000000002\r\nNOPE\r\n", "method": "chlorine", "gate": "main"})
    assert done.status_code == 200
    assert "已消杀并上架：2" in done.text
    assert "NOPE" in done.text and "未登记：1" in done.text
    for key in ("SF1000000000001", "SF1000000000002"):
        status, events, parcel = state(db, key)
        assert (status, events) == ("shelved", ["received", "disinfected", "shelved"])
        assert parcel.dwell_until > utcnow() + timedelta(minutes=14)
    assert done.text.count("B10-01-001") == 1  # listed as in dwell time
    assert "15 分钟" in done.text or "14 分钟" in done.text


def test_a_bad_batch_is_refused_and_nothing_changes(db, disinfector):
    take_in(db, "SF1000000000001")
    before = snapshot(db)
    empty = disinfector.post("/disinfect", headers=ORIGIN, data={"codes": "\n \n", "method": "alcohol"})
    assert empty.status_code == 422 and "请先扫描至少一件物品" in empty.text
    bad_method = disinfector.post("/disinfect", headers=ORIGIN, data={"codes": "SF1000000000001", "method": "steam"})
    assert bad_method.status_code == 422
    assert "未知的消杀方式“steam”" in bad_method.text
    assert 'data-key="SF1000000000001"' in bad_method.text  # the batch is kept for another try
    too_many = disinfector.post("/disinfect", headers=ORIGIN, data={
        "codes": "\n".join(f"SF{i:013d}" for i in range(501)), "method": "alcohol"})
    assert too_many.status_code == 422 and "一批最多 500 件" in too_many.text
    cross_site = disinfector.post("/disinfect", headers={"Origin": "http://evil.example"},
                                  data={"codes": "SF1000000000001", "method": "alcohol"})
    assert cross_site.status_code == 403
    assert snapshot(db) == before


def test_a_typed_code_is_shown_escaped(db, disinfector):
    answer = disinfector.post("/disinfect", headers=ORIGIN, data={"codes": "<b>X</b>", "method": "alcohol"})
    assert answer.status_code == 200
    assert "<b>X</b>" not in answer.text and "&lt;b&gt;X&lt;/b&gt;" in answer.text


def test_items_received_since_a_time_fill_the_batch(db, disinfector):
    first = take_in(db, "SF1000000000001", at=earlier_today(30))
    page = disinfector.get("/disinfect", params={"gate": "main", "since": "00:00"})
    assert page.status_code == 200
    assert f'data-key="{first}"' in page.text and "10-2-301" in page.text
    listed = disinfector.get("/api/v1/disinfect/since", params={"gate": "main", "since": "00:00"}).json()
    assert [line["code"] for line in listed["items"]] == [first]
    bad = disinfector.get("/disinfect", params={"gate": "main", "since": "25:00"})
    assert bad.status_code == 422 and "时间“25:00”不是 时:分 格式" in bad.text
    assert disinfector.get("/api/v1/disinfect/since", params={"gate": "back", "since": "09:00"}).status_code == 422


def test_the_scanner_check_and_dwell_json(db, disinfector):
    code = take_in(db, "SF1000000000001")
    check = disinfector.get("/api/v1/disinfect/check", params={"code": "sf1000000000001"}).json()
    assert (check["code"], check["destination"], check["category"], check["ready"]) == (code, "10-2-301", "express", True)
    unknown = disinfector.get("/api/v1/disinfect/check", params={"code": "NOPE"}, headers=EN).json()
    assert (unknown["known"], unknown["problem"]) == (False, "no parcel is known by 'NOPE'")
    unknown = disinfector.get("/api/v1/disinfect/check", params={"code": "NOPE"}).json()
    assert unknown["problem"] == "找不到“NOPE”对应的物品"
    disinfector.post("/disinfect", headers=ORIGIN, data={"codes": code, "method": "alcohol", "gate": "main"})
    dwell = disinfector.get("/api/v1/dwell").json()
    assert [(d["code"], d["minutes_left"]) for d in dwell["items"]] == [(code, 5)]


def test_the_api_batch_uses_the_same_service(db, client):
    code = take_in(db, "SF1000000000001")
    answer = client.post("/api/v1/disinfect", json={"parcels": [code, "NOPE"], "method": "alcohol"})
    assert answer.json() == {"done": [code], "refused": {"NOPE": "no parcel is known by 'NOPE'"}, "replayed": False}
    before = snapshot(db)
    refused = client.post("/api/v1/disinfect", json={"parcels": [code], "method": "steam"})
    assert refused.status_code == 422 and "unknown disinfection method" in refused.json()["detail"]
    assert snapshot(db) == before


def test_only_gate_and_disinfection_volunteers_disinfect(app):
    with signed_in_client(app, "runner1") as runner:
        assert runner.get("/disinfect").status_code == 403
        assert runner.post("/disinfect", headers=ORIGIN, data={"codes": "X", "method": "alcohol"}).status_code == 403
    with TestClient(app, follow_redirects=False) as stranger:
        assert stranger.get("/disinfect").headers["location"] == "/login?next=/disinfect"


# -- /shelves -----------------------------------------------------------------------------------

def test_the_shelf_map_shows_occupancy_and_overdue(db, app):
    take_in(db, "SF1000000000001", at=utcnow() - timedelta(hours=26))  # yesterday: stayed overnight
    take_in(db, "SF1000000000002", "10-2-302")
    take_in(db, "SF1000000000003", "10-2-302", "medicine")
    with signed_in_client(app, "runner1") as runner:  # anyone signed in
        page = runner.get("/shelves")
        assert page.status_code == 200
        assert 'href="/shelves/SH-B10-01"' in page.text and 'value="2"' in page.text
        assert "shelf level-ok has-overdue" in page.text
        shelf = runner.get("/shelves/SH-B10-01")
        assert shelf.status_code == 200
        assert "B10-01-001" in shelf.text and "SF1000000000001" in shelf.text and 'class="overdue' in shelf.text
        assert runner.get("/shelves", params={"shelf": "sh-b10-01"}).headers["location"] == "/shelves/SH-B10-01"
        assert runner.get("/shelves/SH-B99-01").status_code == 404
        assert runner.get("/shelves/nonsense").status_code == 422
        english = runner.get("/shelves", params={"lang": "en"})
        assert "Shelf map" in english.text and "Building 10" in english.text


def test_the_shelf_json_for_the_gate_page(db, client):
    code = take_in(db, "SF1000000000001")
    body = client.get("/api/v1/shelves/SH-B10-01").json()
    assert (body["shelf"], body["used"], body["slots"]) == ("SH-B10-01", 1, 30)
    assert [(i["code"], i["pickup_code"], i["destination"], i["status"]) for i in body["items"]] == [
        (code, "B10-01-001", "10-2-301", "received")]
    assert client.get("/api/v1/shelves/SH-B99-01").json() == {"detail": "there is no shelf SH-B99-01 on this site",
                                                              "code": "gate.no_shelf"}
    assert client.get("/api/v1/shelves").json()["used"] == 1
    with TestClient(client.app) as anonymous:
        assert anonymous.get("/api/v1/shelves/SH-B10-01").status_code == 401


# -- /gate/unresolved ---------------------------------------------------------------------------

def test_a_coordinator_resolves_an_item_and_it_moves_to_its_building(db, coordinator):
    code = take_in(db, "SF1000000000001", destination=None, at=utcnow() - timedelta(minutes=50))
    page = coordinator.get("/gate/unresolved")
    assert page.status_code == 200
    assert "UNRES-01-001" in page.text and 'action="/gate/unresolved/' + code + '"' in page.text
    moved = coordinator.post(f"/gate/unresolved/{code}", headers=ORIGIN, data={"destination": "10-2-301"})
    assert moved.status_code == 303 and moved.headers["location"] == f"/gate/unresolved?moved={code}"
    status, events, parcel = state(db, code)
    assert (parcel.zone, parcel.pickup_code, parcel.destination, parcel.unresolved_reason) == ("B10", "B10-01-001", "10-2-301", None)
    assert events == ["received", "moved"]
    after = coordinator.get(moved.headers["location"])
    assert "B10-01-001" in after.text and "UNRES-01-001" not in after.text


def test_an_unknown_room_is_refused_with_candidates_and_nothing_changes(db, coordinator):
    code = take_in(db, "SF1000000000001", destination=None)
    before = snapshot(db)
    refused = coordinator.post(f"/gate/unresolved/{code}", headers=ORIGIN, data={"destination": "10-301"})
    assert refused.status_code == 422
    assert "去向“10-301”对应多个房间" in refused.text
    assert 'value="10-1-301"' in refused.text or 'value="10-2-301"' in refused.text  # roster rooms to pick
    assert "****" in refused.text  # masked phones only
    wrong_unit = coordinator.post(f"/gate/unresolved/{code}", headers=ORIGIN, data={"destination": "12-5-301"})
    assert wrong_unit.status_code == 422 and "12 栋没有 5 单元" in wrong_unit.text
    assert snapshot(db) == before


def test_gate_volunteers_see_the_queue_but_only_coordinators_resolve(db, gate_volunteer):
    code = take_in(db, "SF1000000000001", destination=None)
    page = gate_volunteer.get("/gate/unresolved")
    assert page.status_code == 200 and "UNRES-01-001" in page.text
    assert "/gate/unresolved/" + code not in page.text
    before = snapshot(db)
    assert gate_volunteer.post(f"/gate/unresolved/{code}", headers=ORIGIN, data={"destination": "10-2-301"}).status_code == 403
    assert gate_volunteer.get("/api/v1/unresolved/candidates", params={"q": "10-301"}).status_code == 403
    assert snapshot(db) == before


def test_the_destination_api(db, client, app):
    code = take_in(db, "SF1000000000001", destination=None)
    assert client.get("/api/v1/unresolved").json()[0]["code"] == code
    assert client.post(f"/api/v1/parcels/{code}/destination", json={"destination": "10-2-301"}).status_code == 403
    with TestClient(app, headers=bearer("lead")) as lead:
        before = snapshot(db)
        bad = lead.post(f"/api/v1/parcels/{code}/destination", json={"destination": "12-5-301"})
        assert bad.status_code == 422
        assert bad.json()["detail"] == "去向 12-5-301：12 栋没有 5 单元（只有 1-3 单元）"
        assert bad.json()["code"] == "gate.destination_problem"
        assert lead.post(f"/api/v1/parcels/{code}/destination", json={"destination": "1-1-101", "x": 1}).status_code == 422
        assert snapshot(db) == before
        done = lead.post("/api/v1/parcels/SF1000000000001/destination", json={"destination": "1-1-101", "gate": "main"})
        assert done.status_code == 200
        assert (done.json()["pickup_code"], done.json()["destination"]) == ("B1-01-001", "1-1-101")
        candidates = lead.get("/api/v1/unresolved/candidates", params={"q": "10栋301"}).json()
        assert candidates["items"] and all("****" in c["phone"] for c in candidates["items"])
    with db.read() as session:
        parcel = session.scalars(select(Parcel).where(Parcel.code == code)).one()
        last = events_of(session, parcel)[-1]
        assert (last.type, last.actor, last.gate, last.details) == (
            "moved", "lead", "main", {"from": "UNRES-01-001", "to": "B1-01-001", "destination": "1-1-101"})


def test_openapi_lists_the_new_calls(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path in ("/api/v1/shelves", "/api/v1/shelves/{shelf_code}", "/api/v1/dwell", "/api/v1/disinfect/check",
                 "/api/v1/disinfect/since", "/api/v1/unresolved", "/api/v1/unresolved/candidates",
                 "/api/v1/parcels/{key}/destination"):
        assert path in paths
    assert not any(path.startswith(("/shelves", "/disinfect", "/gate/unresolved")) for path in paths)


def test_an_unresolved_items_reason_reads_in_the_readers_language_on_the_page_and_its_label(db, coordinator):
    from station.labelling import parcel_label
    from station.residents.models import Household, PreRegistration
    from station.siteconfig.service import current_site
    from station.web.i18n import current_locale

    def told(session):  # a resident told the number; the gate scanned it without confirming the room
        household = session.scalars(select(Household).where(
            Household.building == "10", Household.unit == 2, Household.room == "301")).one()
        session.add(PreRegistration(tracking_number="SF1000000000001", building="10", unit=2, room="301",
                                    household_id=household.id, created_at=utcnow()))
    db.write(told)
    code = take_in(db, "SF1000000000001", destination=None)
    chinese, english = "已预登记为 10-2-301，但未对照面单确认", "pre-registered for 10-2-301, not confirmed against the waybill"
    assert chinese in coordinator.get("/gate/unresolved").text
    assert english in coordinator.get("/gate/unresolved?lang=en").text
    with db.read() as session:
        parcel, site = service.get_parcel(session, code), current_site(session)
        assert parcel_label(parcel, site, None).destination == chinese  # the station's default language
        token = current_locale.set("en")
        try:
            assert parcel_label(parcel, site, None).destination == english
        finally:
            current_locale.reset(token)
