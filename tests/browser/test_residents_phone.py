"""A resident on a phone: looks a parcel up, reads its timeline, tells the station about the next one."""

from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from station.db import utcnow
from station.parcels.models import Parcel
from station.residents.models import PreRegistration
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, screenshot, sign_in
from tests.residents.flows import households, receive

PHONE = dict(viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True, has_touch=True)


@pytest.fixture
def phone(browser_instance, live_server):
    context = browser_instance.new_context(base_url=live_server.url, locale="zh-CN", **PHONE)
    yield context.new_page()
    context.close()


@pytest.fixture
def resident(live_server):
    """A household with a parcel on its shelf and a valuable ready to collect."""
    household, _ = households(live_server.db)
    an_hour_ago = utcnow() - timedelta(hours=1)
    receive(live_server.db, "SF1234567890123", household.destination, category="express", disinfect=True,
            shelve=True, at=an_hour_ago)
    receive(live_server.db, "JD0098765432101", household.destination, category="valuable", disinfect=True,
            shelve=True, at=an_hour_ago + timedelta(minutes=5))
    return household


def look_up_room(page, household):
    page.fill("#room", household.destination)
    page.fill("#phone", household.phone[-4:])
    page.locator("form", has=page.locator("#room")).locator("button[type=submit]").tap()
    page.wait_for_selector(".results")


def test_a_resident_looks_up_sees_the_timeline_and_preregisters(phone, live_server, resident):
    page = phone
    page.goto("/track")
    assert page.locator("h1").inner_text() == "我的快递到哪了？"
    screenshot(page, "track-form-zh")
    look_up_room(page, resident)
    cards = page.locator("article.parcel")
    assert cards.count() == 2
    express = cards.filter(has_text="SF1234567890123")
    assert express.locator(".state").inner_text() == "已上架，在门口货架"
    assert express.locator(".timeline li").count() == 3
    assert "大门 Main gate 收件" in express.locator(".timeline").inner_text()
    valuable = cards.filter(has_text="JD0098765432101")
    with live_server.db.read() as session:
        told = session.scalars(select(Parcel.collection_code).where(Parcel.tracking_number == "JD0098765432101")).one()
    assert valuable.locator(".pickup .code").inner_text() == told  # the household's own code, not the shelf slot
    assert valuable.locator("svg.qr").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # nothing wider than the phone
    screenshot(page, "track-zh")

    page.click("a.lang[hreflang=en]")
    page.wait_for_selector("text=Where is my parcel?")
    assert page.locator("article.parcel").count() == 2
    assert "Received at 大门 Main gate" in page.locator("article.parcel").first.inner_text()
    screenshot(page, "track-en")

    page.click("text=Expecting a parcel? Tell the station in advance")
    page.wait_for_url("**/track/register")
    page.fill("#tracking", "YT 1234-5678-901")
    page.fill("#room", resident.destination)
    page.fill("#phone", resident.phone[-4:])
    page.select_option("#category", "medicine")
    page.locator("button[type=submit]").tap()
    page.wait_for_selector(".s-done")
    assert "YT12345678901" in page.locator(".s-done").inner_text()
    screenshot(page, "register-en")
    with live_server.db.read() as session:
        rows = [(p.tracking_number, p.building, p.unit, p.room, p.category, p.household_id)
                for p in session.scalars(select(PreRegistration))]
    assert rows == [("YT12345678901", resident.building, resident.unit, resident.room, "medicine", resident.id)]

    page.click("text=Look it up later")
    page.wait_for_selector(".s-announced")
    assert "not at the gate yet" in page.locator(".s-announced").inner_text()


def test_the_register_page_in_chinese_and_a_wrong_tail(phone, live_server, resident):
    """A wrong tail is answered as a right one is (the form tells nobody whose phone ends how), and kept nowhere."""
    page = phone
    page.goto("/track/register")
    page.fill("#tracking", "YT12345678901")
    page.fill("#room", resident.destination)
    page.fill("#phone", "0000" if resident.phone[-4:] != "0000" else "1111")
    page.locator("button[type=submit]").tap()
    page.wait_for_selector(".s-done")
    wrong = page.locator(".s-done").inner_text()
    with live_server.db.read() as session:
        assert session.scalars(select(PreRegistration.tracking_number)).all() == []
    page.fill("#tracking", "YT12345678901")
    page.fill("#room", resident.destination)
    page.fill("#phone", resident.phone[-4:])
    page.locator("button[type=submit]").tap()
    page.wait_for_selector(".s-done")
    assert page.locator(".s-done").inner_text() == wrong
    screenshot(page, "register-zh")
    with live_server.db.read() as session:
        assert session.scalars(select(PreRegistration.tracking_number)).all() == ["YT12345678901"]


def test_the_lookup_works_with_javascript_off(browser_instance, live_server, resident):
    context = browser_instance.new_context(base_url=live_server.url, locale="zh-CN",
                                           java_script_enabled=False, **PHONE)
    page = context.new_page()
    page.goto("/track")
    page.fill("#q", "SF1234567890123")
    page.locator("form", has=page.locator("#q")).locator("button[type=submit]").tap()
    page.wait_for_selector(".results")
    assert page.locator("article.parcel .timeline li").count() == 3
    assert page.locator("#scan").count() == 0  # no camera button on the lookup page
    screenshot(page, "track-number-zh")
    context.close()


def test_the_camera_button_fills_in_the_number_where_the_browser_reads_barcodes(browser_instance, live_server):
    """BarcodeDetector is stubbed (Linux Chromium lacks it); the camera is Chromium's fake device."""
    browser = browser_instance.browser_type.launch(
        executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS + ["--use-fake-device-for-media-stream"])
    try:
        context = browser.new_context(base_url=live_server.url, locale="zh-CN", **PHONE)
        context.add_init_script("""
            window.BarcodeDetector = class {
              detect() { return Promise.resolve([{ rawValue: 'SF7777777777777' }]); }
            };""")
        page = context.new_page()
        page.goto("/track/register")
        page.locator("#scan").tap()
        expect(page.locator("#tracking")).to_have_value("SF7777777777777")
        expect(page.locator("#camera")).to_be_hidden()  # the camera stops once a code is read
    finally:
        browser.close()


def test_without_barcode_support_there_is_no_scan_button(phone, live_server):
    phone.goto("/track/register")
    assert phone.evaluate("'BarcodeDetector' in window") is False
    assert phone.locator("#scan").is_hidden()


def test_coordinator_pages_group_buy_report_and_household_card(page, live_server):
    household, _ = households(live_server.db)
    sign_in(page, "lead", next_path="/residents/group-buys")
    page.fill("input[name=group_code]", "GB1127")
    page.fill("textarea[name=text]", "房号,物品\n10-2-301,蔬菜包 x2\n12-5-301,水果\nabc,米\n3栋1单元101室,鸡蛋\n")
    page.click("button[type=submit].primary")
    page.wait_for_selector(".report")
    assert page.locator("table.bad tbody tr").count() == 2
    assert page.locator("table.routed tbody tr").count() == 2
    screenshot(page, "group-buy-zh")
    with live_server.db.read() as session:
        assert sorted(session.scalars(select(PreRegistration.tracking_number))) == ["GB1127-2", "GB1127-5"]
    page.goto(f"/residents/households?room={household.destination}")
    page.click(f"a[href='/residents/households/{household.id}/card']")
    page.wait_for_selector(".hhcard")
    assert page.locator(".hhcard .code").inner_text() == household.code
    screenshot(page, "household-card-zh")


def test_a_delivered_parcel_a_problem_and_nothing_found(phone, live_server):
    from station.parcels import handling
    from tests.residents.flows import act, site_of

    db = live_server.db
    household, _ = households(db)
    start = utcnow() - timedelta(hours=2)
    receive(db, "SF1010101010101", household.destination, disinfect=True, shelve=True, at=start)
    act(db, "SF1010101010101", handling.hand_out, actor="runner1", gate=None, now=start + timedelta(minutes=50))
    act(db, "SF1010101010101", handling.deliver, actor="runner1", now=start + timedelta(minutes=65))
    receive(db, "YT2020202020202", household.destination, category="meal", at=start + timedelta(minutes=70))
    act(db, "YT2020202020202", handling.report_problem, site=site_of(db), note="box torn", actor="gate1", gate="main",
        now=start + timedelta(minutes=75))
    page = phone
    page.goto(f"/track?room={household.destination}&phone={household.phone[-4:]}")
    delivered = page.locator("article.s-delivered")
    assert delivered.locator(".timeline li").count() == 5
    assert "志愿者出发配送" in delivered.inner_text() and "已送达" in delivered.inner_text()
    problem = page.locator("article.s-problem")
    assert "请致电门口或楼栋志愿者" in problem.locator(".alert").inner_text()
    assert "box torn" not in page.content() and "runner1" not in page.content()
    screenshot(page, "track-history-zh")
    page.goto("/track?room=12-5-301&phone=1234&lang=en")
    assert "Nothing found for this room and phone number." in page.locator(".results").inner_text()
    screenshot(page, "track-nothing-en")
