"""Corrections at the gate over JSON: another destination, a label printed again, an undone item taken in again."""

import pytest

from station.app import create_app
from station.config import Settings
from station.custody.service import events_of
from station.db import utcnow
from station.parcels import service
from tests.parcels.helpers import intake
from tests.support import ORIGIN, signed_in_client


@pytest.fixture
def app(db):
    return create_app(Settings(database_url=db.url), db=db)


@pytest.fixture
def gate_volunteer(app):
    with signed_in_client(app, "gate1") as client:
        yield client


def test_a_gate_volunteer_changes_a_destination_as_a_moved_event(db, gate_volunteer):
    code = intake(db, "SF5555555555555", "10-2-301", now=utcnow())[0]
    answer = gate_volunteer.post(f"/api/v1/gate/parcels/{code}/destination",
                                 json={"destination": "5-1-201", "gate": "main"}, headers=ORIGIN)
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert (body["parcel"]["destination"], body["parcel"]["pickup_code"]) == ("5-1-201", "B5-01-001")
    assert body["label"]["printed"] is False and body["label"]["pdf"] == f"/gate/labels/{code}.pdf"
    with db.read() as session:
        parcel = service.get_parcel(session, code)
        assert [e.type for e in events_of(session, parcel)] == ["received", "moved"]


def test_an_unknown_room_is_refused_and_nothing_moves(db, gate_volunteer):
    code = intake(db, "SF5555555555556", "10-2-301", now=utcnow())[0]
    answer = gate_volunteer.post(f"/api/v1/gate/parcels/{code}/destination",
                                 json={"destination": "12-5-301"}, headers=ORIGIN)
    assert answer.status_code == 422 and "12 栋没有 5 单元" in answer.json()["detail"]
    assert answer.json()["code"] == "gate.destination_problem"
    with db.read() as session:
        assert service.get_parcel(session, code).destination == "10-2-301"


def test_a_label_is_printed_again_or_its_pdf_opened_inline(db, gate_volunteer):
    code = intake(db, "SF5555555555557", "10-2-301", now=utcnow())[0]
    answer = gate_volunteer.post(f"/api/v1/gate/parcels/{code}/print", json={}, headers=ORIGIN)
    assert answer.status_code == 200 and answer.json()["label"]["printed"] is False  # no printer here
    pdf = gate_volunteer.get(f"/gate/labels/{code}.pdf?inline=1")
    assert pdf.headers["content-disposition"] == "inline"
    assert gate_volunteer.get(f"/gate/labels/{code}.pdf").headers["content-disposition"].startswith("attachment")


def test_an_undone_item_scans_as_new(db, gate_volunteer):
    code = intake(db, "SF5555555555558", "10-2-301", now=utcnow())[0]
    assert gate_volunteer.post(f"/api/v1/parcels/{code}/void", json={"note": "typo"}, headers=ORIGIN).status_code == 200
    assert gate_volunteer.post("/api/v1/scan", json={"scan": "SF5555555555558"}, headers=ORIGIN).json()["kind"] == "new"
    assert gate_volunteer.post("/api/v1/scan", json={"scan": code}, headers=ORIGIN).json()["kind"] == "parcel"


def test_a_destination_is_checked_against_the_site_and_the_roster(db, gate_volunteer):
    def check(q):
        answer = gate_volunteer.get("/api/v1/gate/destination", params={"q": q})
        assert answer.status_code == 200
        return answer.json()

    assert check("10-2")["understood"] is False
    assert "12 栋没有 5 单元" in check("12-5-301")["problem"]
    assert "没有 99 栋" in check("99-1-101")["problem"]
    known = check("10-2-301")
    assert (known["destination"], known["problem"]) == ("10-2-301", None)
    assert all("*" in h["name"] for h in known["households"] if h["name"])
    anywhere = check("10栋301")
    assert anywhere["destination"] is None and {c["destination"] for c in anywhere["candidates"]} <= {
        "10-1-301", "10-2-301", "10-3-301", "10-4-301"}


def test_an_item_resolved_by_a_coordinator_links_to_its_new_label(db, app):
    code = intake(db, "SF5555555555559", None, now=utcnow())[0]
    with signed_in_client(app, "lead") as coordinator:
        moved = coordinator.post(f"/gate/unresolved/{code}", headers=ORIGIN, data={"destination": "10-2-301"})
        page = coordinator.get(moved.headers["location"])
    assert f'href="/gate/labels/{code}.pdf?inline=1"' in page.text and "打印新标签" in page.text


@pytest.mark.parametrize(("lang", "problem", "undone"), [("zh_CN", "不是本小区的", "在门口撤销"),
                                                         ("en", "not for this compound", "undo at the gate")])
def test_the_gates_problem_and_undo_notes_read_in_the_readers_language(db, gate_volunteer, lang, problem, undone):
    said = {}
    for scan, action, note in (("SF5555555555559", "problem", "not ours"), ("SF5555555555551", "void", "undo at the gate")):
        code = intake(db, scan, "10-2-301", now=utcnow())[0]
        answer = gate_volunteer.post(f"/api/v1/parcels/{code}/{action}", json={"note": note, "gate": "main"},
                                     headers=ORIGIN)
        assert answer.status_code == 200, answer.text
        event = gate_volunteer.get(f"/api/v1/parcels/{code}", params={"lang": lang}).json()["events"][-1]
        said[action] = event["details"]["note"]
    assert said == {"problem": problem, "void": undone}


def test_a_typed_note_is_kept_as_typed(db, gate_volunteer):
    code = intake(db, "SF5555555555550", "10-2-301", now=utcnow())[0]
    gate_volunteer.post(f"/api/v1/parcels/{code}/problem", json={"note": "box crushed", "gate": "main"}, headers=ORIGIN)
    events = gate_volunteer.get(f"/api/v1/parcels/{code}").json()["events"]
    assert events[-1]["details"]["note"] == "box crushed"
