"""The runs pages and the JSON API through the app, signed in by session or device token."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from pypdf import PdfReader
from sqlalchemy import select

from station.app import create_app
from station.config import Settings
from station.db import utcnow
from station.parcels.models import Parcel
from station.residents.models import Household
from station.runs.models import DeliveryRun, RunItem, StocktakeScan
from tests.runs.helpers import parcel_state, stock
from tests.parcels.helpers import snapshot
from tests.support import ORIGIN, bearer, signed_in_client



@pytest.fixture
def app(db):
    return create_app(Settings(database_url=db.url), db=db)




@pytest.fixture
def runner(app):
    with signed_in_client(app, "runner1") as client:
        yield client


@pytest.fixture
def api(app):
    with TestClient(app, headers=bearer("runner1")) as client:
        yield client


def ready_stock(db, items):
    return stock(db, items, now=utcnow() - timedelta(minutes=30))


def test_the_board_claim_and_run_pages(db, runner):
    codes = ready_stock(db, [("10-1-101", "express"), ("10-2-301", "meal"), ("9-1-101", "express")])
    board = runner.get("/runs?lang=en")
    assert board.status_code == 200
    assert 'data-building="10"' in board.text and "Ready to deliver" in board.text
    claimed = runner.post("/runs/claim", data={"building": "10", "gate": "main"}, headers=ORIGIN)
    assert claimed.status_code == 303
    code = claimed.headers["location"].removeprefix("/runs/")
    page = runner.get(f"/runs/{code}?lang=en")
    assert page.status_code == 200 and codes[0] in page.text and codes[1] in page.text and codes[2] not in page.text
    again = runner.post("/runs/claim", data={"building": "10"}, headers=ORIGIN)  # a double click
    assert again.status_code == 303 and again.headers["location"] == f"/runs/{code}"
    with db.read() as session:
        assert session.scalar(select(DeliveryRun.code)) == code
    printable = runner.get(f"/runs/{code}/list?per_unit=1")
    assert printable.status_code == 200 and "<svg" in printable.text and "page-break" in printable.text
    pdf = runner.get(f"/runs/{code}/list.pdf")
    assert pdf.headers["content-type"] == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert code in text and codes[0] in text


def test_another_runner_is_told_who_has_the_building(db, app, runner):
    ready_stock(db, [("10-1-101", "express")])
    runner.post("/runs/claim", data={"building": "10"}, headers=ORIGIN)
    with signed_in_client(app, "lead") as lead:
        refused = lead.post("/runs/claim", data={"building": "10"}, headers=ORIGIN)
        assert refused.status_code == 409
        assert "10栋已被 runner1 于 " in refused.text and "认领" in refused.text  # zh-CN by default
        english = lead.post("/runs/claim?lang=en", data={"building": "10"}, headers=ORIGIN)
        assert "building 10 is already claimed by runner1 since" in english.text


def test_the_api_claim_outcomes_and_close(db, api):
    codes = ready_stock(db, [("10-1-101", "express"), ("10-2-301", "medicine"), ("10-3-702", "express")])
    claimed = api.post("/api/v1/runs", json={"building": "10", "gate": "main"})
    assert claimed.status_code == 201, claimed.text
    run = claimed.json()["run"]
    code = run["code"]
    assert sorted(i["parcel"] for r in run["rounds"] for i in r["items"]) == sorted(codes)
    assert api.get("/api/v1/runs?mine=true").json()["runs"][0]["code"] == code
    before = snapshot(db)
    refused = api.post(f"/api/v1/runs/{code}/items/{codes[1]}", json={"outcome": "delivered"})
    assert refused.status_code == 409 and refused.json()["needs_verification"] is True
    bad = api.post(f"/api/v1/runs/{code}/items/{codes[0]}", json={"outcome": "delivered", "extra": 1})
    assert bad.status_code == 422
    assert snapshot(db) == before
    with db.read() as session:
        parcel = session.scalars(select(Parcel).where(Parcel.code == codes[1])).one()
        told = parcel.collection_code
        household = session.get(Household, parcel.household_id)
        tail = household.phone[-4:] if household and household.phone else None
    ok = api.post(f"/api/v1/runs/{code}/items/{codes[1]}", json={
        "outcome": "delivered", "verification": {"method": "collection_code", "value": told, "phone_tail": tail}})
    assert ok.status_code == 200 and ok.json()["item"]["verified_by"] == "collection_code"
    api.post(f"/api/v1/runs/{code}/items/{codes[0]}", json={"outcome": "delivered"})
    not_yet = api.post(f"/api/v1/runs/{code}/close")
    assert not_yet.status_code == 409 and not_yet.json()["missing"] == [codes[2]]
    api.post(f"/api/v1/runs/{code}/items/{codes[2]}", json={"outcome": "returned", "reason": "refused"})
    closed = api.post(f"/api/v1/runs/{code}/close")
    assert closed.status_code == 200
    assert [s["parcel"] for s in closed.json()["shelved"]] == [codes[2]]
    assert parcel_state(db, codes[2])[0] == "shelved"
    with db.read() as session:
        assert not session.scalars(select(RunItem).where(RunItem.run_open)).all()


def test_a_disinfection_volunteer_may_not_claim(db, app):
    with TestClient(app, headers=bearer("disinfect1")) as client:
        assert client.post("/api/v1/runs", json={"building": "10"}).status_code == 403


def test_the_stocktake_pages_and_api(db, app):
    on_shelf = ready_stock(db, [("10-1-101", "express"), ("10-1-102", "express")])
    (elsewhere,) = ready_stock(db, [("11-1-101", "express")])
    with signed_in_client(app, "gate1") as gate:
        started = gate.post("/runs/stocktake", headers=ORIGIN)
        assert started.status_code == 303
        stocktake_id = int(started.headers["location"].rsplit("/", 1)[1])
        first = gate.post(f"/api/v1/stocktakes/{stocktake_id}/scans", json={"scan": on_shelf[0]}, headers=ORIGIN)
        assert first.status_code == 422 and "请先扫货架牌" in first.json()["detail"]
        counting = gate.post(f"/api/v1/stocktakes/{stocktake_id}/scans", json={"scan": "SH-B10-01"}, headers=ORIGIN)
        assert counting.json()["message"] == "正在盘点货架 SH-B10-01：请扫该货架上的每件物品"
        for scan in (on_shelf[0], elsewhere, "NOPE-123"):
            assert gate.post(f"/api/v1/stocktakes/{stocktake_id}/scans", json={"scan": scan}, headers=ORIGIN).status_code == 200
        result = gate.get(f"/api/v1/stocktakes/{stocktake_id}").json()
        shelf = result["shelves"][0]
        assert shelf["shelf"] == "SH-B10-01" and shelf["here"] == 1
        assert [m["parcel"] for m in shelf["missing"]] == [on_shelf[1]]
        assert [(w["scan"], w["verdict"]) for w in shelf["wrong"]] == [(elsewhere, "elsewhere"), ("NOPE-123", "unknown")]
        assert result["uncounted"] == {"SH-B11-01": 1} and not result["reconciled"]
        page = gate.get(f"/runs/stocktake/{stocktake_id}?lang=en")
        assert "Missing: should be here, not seen" in page.text and on_shelf[1] in page.text
        assert gate.post(f"/runs/stocktake/{stocktake_id}/close", headers=ORIGIN).status_code == 303
        late = gate.post(f"/api/v1/stocktakes/{stocktake_id}/scans", json={"scan": "SH-B10-01"}, headers=ORIGIN)
        assert late.status_code == 409
    with db.read() as session:
        assert len(session.scalars(select(StocktakeScan)).all()) == 4


def test_an_outcome_retried_under_its_key_is_answered_once_even_after_an_undo(db, api):
    codes = ready_stock(db, [("10-1-101", "express"), ("10-1-102", "express")])
    code = api.post("/api/v1/runs", json={"building": "10", "gate": "main"}).json()["run"]["code"]
    url = f"/api/v1/runs/{code}/items/{codes[0]}"
    first = api.post(url, json={"outcome": "delivered"}, headers={"Idempotency-Key": "o-1"})
    assert first.status_code == 200 and first.json()["replayed"] is False
    assert api.post(url + "/undo").status_code == 200
    before = snapshot(db)
    retry = api.post(url, json={"outcome": "delivered"}, headers={"Idempotency-Key": "o-1"})
    assert retry.status_code == 200 and retry.json() == first.json() | {"replayed": True}
    assert snapshot(db) == before  # the undo stands: the lost answer's retry records nothing
    with db.read() as session:
        assert session.scalars(select(RunItem.outcome).order_by(RunItem.id)).all() == [None, None]
    other = api.post(f"/api/v1/runs/{code}/items/{codes[1]}", json={"outcome": "delivered"},
                     headers={"Idempotency-Key": "o-1"})
    assert other.status_code == 422 and other.json()["code"] == "station.key_other_request"
