"""One scan input on every scan page: a scanner's burst is a scan wherever the focus is."""

from __future__ import annotations

from datetime import timedelta

from playwright.sync_api import expect
from sqlalchemy import func, select

from station.db import utcnow
from station.gate.handover.models import HandoverItem
from station.parcels.models import Parcel
from tests.browser.conftest import screenshot, sign_in
from tests.browser.keys import burst, ime_burst
from tests.runs.helpers import stock


def parcels(db):
    with db.read() as session:
        return session.scalars(select(Parcel)).all()


def test_a_scan_at_the_destination_step_keeps_the_first_item_waiting(page, live_server):
    sign_in(page)
    page.locator("#scan").focus()
    burst(page, "SF1234567890123")
    page.wait_for_selector("#step-destination:not([hidden])")
    burst(page, "YT9876543210987")  # the focus is in the destination field
    page.wait_for_selector("#waiting-list button[data-scan='SF1234567890123']")
    expect(page.locator("#pending-what")).to_contain_text("YT9876543210987")
    assert page.locator("#destination").input_value() == ""
    assert parcels(live_server.db) == []
    page.reload()  # the waiting list is kept in the browser
    page.wait_for_selector("#waiting-list button[data-scan='SF1234567890123']")
    page.locator("#scan").focus()
    burst(page, "YT9876543210987")
    page.wait_for_selector("#step-destination:not([hidden])")

    page.keyboard.type("10-2-301")
    page.keyboard.press("Enter")
    page.keyboard.press("3")
    page.wait_for_selector("#result:not([hidden])")
    page.click("#waiting-list button[data-scan='SF1234567890123']")
    page.wait_for_selector("#step-destination:not([hidden])")
    page.keyboard.type("5-1-201")
    page.keyboard.press("Enter")
    page.keyboard.press("3")
    expect(page.locator("#recent tr")).to_have_count(2)
    assert page.locator("#waiting").is_hidden()
    rooms = {p.tracking_number: (p.destination, p.category) for p in parcels(live_server.db)}
    assert rooms == {"YT9876543210987": ("10-2-301", "express"), "SF1234567890123": ("5-1-201", "express")}


def test_a_label_read_twice_by_the_scanner_is_one_item_not_a_waiting_copy(page, live_server):
    sign_in(page)
    page.locator("#scan").focus()
    burst(page, "SF2223334445556")
    page.wait_for_selector("#step-destination:not([hidden])")
    burst(page, "SF2223334445556")  # the scanner read the same label again
    expect(page.locator("#banner")).to_contain_text("重复扫描")
    assert page.locator("#waiting").is_hidden()
    page.keyboard.type("3-1-101")
    page.keyboard.press("Enter")
    page.keyboard.press("6")
    page.wait_for_selector("#result:not([hidden])")
    assert page.locator("#waiting").is_hidden()
    assert [p.tracking_number for p in parcels(live_server.db)] == ["SF2223334445556"]


def test_a_scan_while_the_category_keys_wait_is_not_read_as_keys(page, live_server):
    sign_in(page)
    page.locator("#scan").focus()
    burst(page, "SF1234567890123")
    page.wait_for_selector("#step-destination:not([hidden])")
    page.keyboard.type("10-2-301")
    page.keyboard.press("Enter")
    page.wait_for_selector("#step-category:not([hidden])")
    burst(page, "40000000000017")  # its first digit is the medicine key
    page.wait_for_selector("#waiting-list button[data-scan='SF1234567890123']")
    expect(page.locator("#pending-what")).to_contain_text("40000000000017")
    page.wait_for_timeout(300)
    assert parcels(live_server.db) == []
    assert "10-2-301" in page.locator("#waiting-list").inner_text()
    screenshot(page, "gate-waiting")

    page.click("#waiting-list button[data-scan='SF1234567890123']")
    assert page.locator("#destination").input_value() == "10-2-301"
    page.keyboard.press("Enter")
    page.keyboard.press("1")  # meal
    page.wait_for_selector("#result:not([hidden])")
    (only,) = parcels(live_server.db)
    assert (only.tracking_number, only.destination, only.category) == ("SF1234567890123", "10-2-301", "meal")
    assert page.locator("#waiting-list button[data-scan='40000000000017']").count() == 1


def test_the_hand_over_reads_a_scanner_under_an_input_method(page, live_server):
    sign_in(page, next_path="/gate/handover")
    page.fill("input[name=courier_name]", "王师傅")
    page.click("button.primary")
    page.wait_for_selector("#count")
    page.locator("#scan").focus()
    ime_burst(page, "773012345678901")
    page.wait_for_selector(".banner.ok")
    assert page.locator("#count").inner_text() == "1"
    assert "773012345678901" in page.locator("#items").inner_text()
    with live_server.db.read() as session:
        assert session.scalar(select(func.count(HandoverItem.id))) == 1


def test_a_run_reads_a_scanner_under_an_input_method(page, live_server):
    (code,) = stock(live_server.db, [("10-1-101", "express")], now=utcnow() - timedelta(minutes=30))
    sign_in(page, "runner1", next_path="/runs")
    page.click("form.claim-building[data-building='10'] button")
    page.wait_for_url("**/runs/R*")
    page.locator("#scan").focus()
    ime_burst(page, code)
    page.wait_for_selector(f"li.item.outcome-delivered[data-code='{code}']")
    assert page.locator("#done").inner_text() == "1"


def test_a_stall_after_a_scans_first_key_in_the_destination_field_keeps_the_code_whole(page, live_server):
    sign_in(page)
    page.locator("#scan").focus()
    burst(page, "SF1234567890123")
    page.wait_for_selector("#step-destination:not([hidden])")
    page.keyboard.type("Y", delay=5)
    page.wait_for_timeout(200)  # the browser is busy for a moment after the first key
    burst(page, "T9876543210987")
    page.wait_for_selector("#waiting-list button[data-scan='SF1234567890123']")
    expect(page.locator("#pending-what")).to_contain_text("YT9876543210987")
    assert page.locator("#destination").input_value() == ""
    assert "· Y" not in page.locator("#waiting-list").inner_text()  # nothing typed for the waiting item
    assert parcels(live_server.db) == []
