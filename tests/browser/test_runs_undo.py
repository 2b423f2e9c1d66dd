"""A runner takes back a mis-tapped "delivered" for a few minutes: an event, never a deletion."""

from __future__ import annotations

from datetime import timedelta

from playwright.sync_api import expect
from sqlalchemy import select

from station.custody.service import events_of
from station.db import utcnow
from station.parcels.models import Parcel
from tests.browser.conftest import screenshot, sign_in
from tests.browser.keys import burst
from tests.runs.helpers import stock


def state(db, code):
    with db.read() as session:
        parcel = session.scalars(select(Parcel).where(Parcel.code == code)).one()
        return parcel.status, [e.type for e in events_of(session, parcel)][-3:]


def test_a_mis_tapped_delivery_is_undone_and_delivered_again(page, live_server):
    first, second = stock(live_server.db, [("10-1-101", "express"), ("10-1-102", "express")],
                          now=utcnow() - timedelta(minutes=30))
    sign_in(page, "runner1", next_path="/runs")
    page.click("form.claim-building[data-building='10'] button")
    page.wait_for_url("**/runs/R*")
    page.click(f"li.item[data-code='{second}'] button.act-delivered")  # the wrong door
    page.wait_for_selector(f"li.item.outcome-delivered[data-code='{second}']")
    expect(page.locator("#undo-last")).to_be_visible()
    screenshot(page, "run-undo")
    page.click("#undo-last")
    page.wait_for_selector(f"li.item.outcome-pending[data-code='{second}'] button.act-delivered")
    assert page.locator("#done").inner_text() == "0"
    assert state(live_server.db, second) == ("out_for_delivery", ["out_for_delivery", "delivered", "outcome_undone"])

    page.locator("#scan").focus()
    burst(page, first)
    page.wait_for_selector(f"li.item.outcome-delivered[data-code='{first}']")
    page.click(f"li.item[data-code='{second}'] button.act-returned")
    page.wait_for_selector(f"li.item.outcome-returned[data-code='{second}']")
    assert state(live_server.db, second) == ("returned", ["delivered", "outcome_undone", "returned"])
