"""A whole run in Chromium: claim a building, print the list, scan hand-offs at the doors, close."""

from __future__ import annotations

import io
import shutil
import subprocess
from datetime import timedelta

from playwright.sync_api import expect
from pypdf import PdfReader
from sqlalchemy import select

from station.custody.service import events_of
from station.db import utcnow
from station.parcels.models import Parcel
from station.residents.models import Household
from station.runs import lists
from station.runs import service as runs
from station.runs.models import DeliveryRun, RunItem
from tests.browser.conftest import SCREENSHOTS, screenshot, sign_in
from tests.runs.helpers import site_of, stock


def scan(page, text):
    """Type like a USB scanner: fast keys, then Enter."""
    page.locator("#scan").focus()
    page.keyboard.type(text, delay=5)
    page.keyboard.press("Enter")


def walking_order(db, code):
    site = site_of(db)
    with db.read() as session:
        run = runs.get_run(session, code)
        return [ln.parcel.pickup_code for ln in lists.ordered_lines(lists.run_rounds(session, site=site, run=run))]


def test_a_runner_claims_prints_delivers_and_closes_a_run(page, live_server):
    db = live_server.db
    express_1, medicine, meal, express_2 = stock(
        db, [("10-1-101", "express"), ("10-1-502", "medicine"), ("10-2-301", "meal"), ("10-3-702", "express")],
        now=utcnow() - timedelta(minutes=30))
    stock(db, [("11-1-101", "express"), ("3-2-201", "fresh")], now=utcnow() - timedelta(minutes=90))
    stock(db, [("12-1-101", "express")], shelve=False)  # not ready: disinfected, not shelved

    sign_in(page, "runner1", next_path="/runs")
    page.wait_for_selector("form.claim-building[data-building='10']")
    screenshot(page, "runs-zh")
    page.goto("/runs?lang=en")
    assert "Ready to deliver" in page.locator("#ready").inner_text()
    screenshot(page, "runs-en")

    page.click("form.claim-building[data-building='10'] button")
    page.wait_for_url("**/runs/R*")
    code = page.url.rsplit("/", 1)[1].split("?")[0]
    order = walking_order(db, code)
    assert len(order) == 4

    with page.expect_download() as download:
        page.click("#list-pdf")
    pdf = download.value.path().read_bytes()
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    positions = [text.index(pickup) for pickup in order]
    assert positions == sorted(positions), (order, text)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    if shutil.which("pdftoppm"):
        (SCREENSHOTS / "floor-list.pdf").write_bytes(pdf)
        subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile",
                        str(SCREENSHOTS / "floor-list.pdf"), str(SCREENSHOTS / "floor-list")], check=True, timeout=60)
        (SCREENSHOTS / "floor-list.pdf").unlink()
    page.goto(f"/runs/{code}/list")
    screenshot(page, "floor-list-html")

    page.set_viewport_size({"width": 390, "height": 844})  # the runner's phone
    page.goto(f"/runs/{code}")
    for parcel in (express_1, meal):
        scan(page, parcel)
        page.wait_for_selector(f"li.item.outcome-delivered[data-code='{parcel}']")
    scan(page, medicine)  # medicine: the page asks for the verification first
    page.wait_for_selector("#verify:not([hidden])")
    with db.read() as session:
        med = session.scalars(select(Parcel).where(Parcel.code == medicine)).one()
        told = med.collection_code  # the resident tells it at the door
        household = session.get(Household, med.household_id) if med.household_id else None
        tail = household.phone[-4:] if household and household.phone else ""
    page.select_option("#verify-method", "collection_code")
    page.locator("#verify-value").focus()
    page.keyboard.type(told, delay=5)
    page.locator("#verify-tail").fill(tail)
    page.locator("#verify-tail").press("Enter")
    page.wait_for_selector(f"li.item.outcome-delivered[data-code='{medicine}']")
    page.click("#mode-returned")
    page.select_option("#reason", "nobody_home")
    scan(page, express_2)
    page.wait_for_selector(f"li.item.outcome-returned[data-code='{express_2}']")
    assert page.locator("#done").inner_text() == "4"
    screenshot(page, "run-phone")

    page.click("#close-run")
    page.wait_for_selector(".closed")
    assert express_2 in page.locator(".closed").inner_text()
    screenshot(page, "run-closed")

    with db.read() as session:
        run = session.scalars(select(DeliveryRun).where(DeliveryRun.code == code)).one()
        assert run.closed_by == "runner1" and run.closed_at is not None and run.scope_value == "10"
        outcomes = {session.get(Parcel, item.parcel_id).code: (item.outcome, item.reason, item.verified_by, item.run_open)
                    for item in session.scalars(select(RunItem).where(RunItem.run_id == run.id))}
        assert outcomes == {express_1: ("delivered", None, None, False), meal: ("delivered", None, None, False),
                            medicine: ("delivered", None, "collection_code", False),
                            express_2: ("returned", "nobody_home", None, False)}
        back = session.scalars(select(Parcel).where(Parcel.code == express_2)).one()
        assert back.status == "shelved" and back.slot is not None
        assert [e.type for e in events_of(session, back)][-3:] == ["out_for_delivery", "returned", "shelved"]
        med = session.scalars(select(Parcel).where(Parcel.code == medicine)).one()
        delivered = events_of(session, med)[-1]
        assert (delivered.type, delivered.actor, delivered.details) == (
            "delivered", "runner1", {"verification": {"method": "collection_code"} | (
                {"phone_tail": "checked"} if tail else {})})


def test_self_pickup_and_the_shift_stocktake_at_the_gate(page, live_server):
    from station.runs.models import Stocktake, StocktakeScan

    db = live_server.db
    collected, here, missing, other = stock(
        db, [("10-1-101", "express"), ("10-1-102", "medicine"), ("10-2-301", "express"), ("11-1-101", "express")],
        now=utcnow() - timedelta(minutes=30))
    with db.read() as session:
        parcels = {p.code: p for p in session.scalars(select(Parcel))}
    sign_in(page, "gate1", next_path="/gate")
    scan(page, parcels[collected].collection_code)  # the resident's QR, read by a USB scanner
    page.wait_for_selector("#step-pickup:not([hidden])")
    page.keyboard.press("Enter")
    page.wait_for_selector("#banner.ok")
    with db.read() as session:
        parcel = session.scalars(select(Parcel).where(Parcel.code == collected)).one()
        event = events_of(session, parcel)[-1]
        assert (parcel.status, parcel.slot) == ("picked_up", None)
        assert (event.actor, event.details["verification"], event.details["collected_by"]) == (
            "gate1", {"method": "collection_code"}, "本人")
    page.goto("/runs")
    screenshot(page, "runs-gate-zh")

    page.click("a[href='/runs/stocktake']")
    page.click("#start-stocktake")
    page.wait_for_url("**/runs/stocktake/*")
    assert parcels[here].zone == "MED"  # medicine sits in MED, not on the building's shelf
    for count, code in enumerate(("SH-B10-01", other, collected, "XYZ123"), start=1):
        scan(page, code)
        expect(page.locator("#scan-log li")).to_have_count(count)
    page.wait_for_selector(f".shelf-count[data-shelf='SH-B10-01'] ul.missing li[data-parcel='{missing}']")
    wrong = page.locator(".shelf-count[data-shelf='SH-B10-01'] ul.wrong li")
    expect(wrong).to_have_count(3)
    assert [wrong.nth(i).get_attribute("data-verdict") for i in range(3)] == ["elsewhere", "off_shelf", "unknown"]
    screenshot(page, "stocktake-zh")
    page.click("#close-stocktake")
    page.wait_for_selector("p.ok")
    with db.read() as session:
        stocktake = session.scalars(select(Stocktake)).one()
        assert stocktake.closed_by == "gate1" and stocktake.started_by == "gate1"
        scans = session.scalars(select(StocktakeScan).order_by(StocktakeScan.id)).all()
        assert [(s.kind, s.shelf) for s in scans] == [("shelf", "SH-B10-01")] + [("item", "SH-B10-01")] * 3
        assert [s.parcel_id is not None for s in scans[1:]] == [True, True, False]
