"""A runner's outcomes tapped without signal are kept on the phone and recorded once back online."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

from playwright.sync_api import expect
from sqlalchemy import select

from station.custody.models import CustodyEvent
from station.db import utcnow
from station.parcels.models import Parcel
from station.runs.models import RunItem
from tests.browser.conftest import screenshot, sign_in
from tests.browser.keys import burst
from tests.runs.helpers import stock


def outcomes(db):
    with db.read() as session:
        items = {code: outcome for code, outcome in session.execute(
            select(Parcel.code, RunItem.outcome).join(RunItem, RunItem.parcel_id == Parcel.id))}
        events = Counter(session.scalars(select(CustodyEvent.type)).all())
    return items, events


def test_outcomes_tapped_offline_are_kept_over_a_reload_and_recorded_once(page, live_server):
    first, second, third = stock(live_server.db, [("10-1-101", "express"), ("10-1-102", "express"),
                                                  ("10-2-301", "meal")], now=utcnow() - timedelta(minutes=30))
    sign_in(page, "runner1", next_path="/runs")
    page.click("form.claim-building[data-building='10'] button")
    page.wait_for_url("**/runs/R*")
    page.context.set_offline(True)
    page.click(f"li.item[data-code='{first}'] button.act-delivered")
    page.wait_for_selector(f"li.item.outcome-kept[data-code='{first}']")
    page.click(f"li.item[data-code='{second}'] button.act-returned")
    page.wait_for_selector(f"li.item.outcome-kept[data-code='{second}']")
    page.click("#mode-delivered")
    page.locator("#scan").focus()
    burst(page, third)
    page.wait_for_selector(f"li.item.outcome-kept[data-code='{third}']")
    expect(page.locator("#outbox-banner")).to_contain_text("3")
    screenshot(page, "run-outbox")
    assert outcomes(live_server.db)[0] == {first: None, second: None, third: None}

    page.route("**/api/v1/**", lambda route: route.abort())  # the page loads, the station does not answer
    page.context.set_offline(False)
    page.reload()
    expect(page.locator("#outbox-banner")).to_contain_text("3")
    expect(page.locator("li.item.outcome-kept")).to_have_count(3)
    page.unroute("**/api/v1/**")
    expect(page.locator("#outbox-banner")).to_be_hidden(timeout=30000)
    expect(page.locator("#banner")).not_to_have_class("banner error")
    expect(page.locator("#done")).to_have_text("3")
    items, events = outcomes(live_server.db)
    assert items == {first: "delivered", second: "returned", third: "delivered"}
    assert (events["delivered"], events["returned"]) == (2, 1)
    page.reload()
    page.wait_for_timeout(500)
    assert outcomes(live_server.db)[1] == events


def test_an_outcome_kept_on_the_phone_is_undone_before_it_is_sent(page, live_server):
    first, second = stock(live_server.db, [("10-1-101", "express"), ("10-1-102", "express")],
                          now=utcnow() - timedelta(minutes=30))
    sign_in(page, "runner1", next_path="/runs")
    page.click("form.claim-building[data-building='10'] button")
    page.wait_for_url("**/runs/R*")
    page.context.set_offline(True)
    page.click(f"li.item[data-code='{second}'] button.act-delivered")  # the wrong door
    page.wait_for_selector(f"li.item.outcome-kept[data-code='{second}']")
    page.click("#undo-last")
    page.wait_for_selector(f"li.item.outcome-pending[data-code='{second}'] button.act-delivered")
    expect(page.locator("#outbox-banner")).to_be_hidden()
    page.click(f"li.item[data-code='{first}'] button.act-delivered")
    page.wait_for_selector(f"li.item.outcome-kept[data-code='{first}']")
    page.context.set_offline(False)
    page.wait_for_selector(f"li.item.outcome-delivered[data-code='{first}']", timeout=30000)
    expect(page.locator("#outbox-banner")).to_be_hidden()
    assert outcomes(live_server.db)[0] == {first: "delivered", second: None}
