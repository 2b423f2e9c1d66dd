"""The gate page's outbox: items taken in while the station is unreachable are sent once it answers."""

from __future__ import annotations

from collections import Counter

from playwright.sync_api import expect
from sqlalchemy import func, select

from station.db import utcnow
from station.gate.handover.models import HandoverItem
from station.parcels.models import Parcel
from tests.browser.conftest import screenshot, sign_in
from tests.browser.keys import burst
from tests.parcels.helpers import intake

NUMBERS = [f"SF20000000000{n:02d}" for n in range(1, 6)]


def take_in_five(page):
    for number in NUMBERS:
        page.locator("#scan").focus()
        burst(page, number)
        page.wait_for_selector("#step-destination:not([hidden])")
        page.keyboard.type("10-2-301")
        page.keyboard.press("Enter")
        page.wait_for_selector("#step-category:not([hidden])")
        page.keyboard.press("3")
        page.wait_for_selector("#step-category", state="hidden")


def recorded(db):
    with db.read() as session:
        return Counter(session.scalars(select(Parcel.tracking_number)).all())


def test_items_taken_in_offline_are_recorded_once_back_online(page, live_server):
    sign_in(page)
    page.context.set_offline(True)
    take_in_five(page)
    expect(page.locator("#outbox-banner")).to_be_visible()
    assert "5" in page.locator("#outbox-banner").inner_text()
    screenshot(page, "gate-outbox")
    assert recorded(live_server.db) == Counter()

    page.context.set_offline(False)
    expect(page.locator("#outbox-banner")).to_be_hidden(timeout=30000)
    assert recorded(live_server.db) == Counter(NUMBERS)
    expect(page.locator("#recent tr")).to_have_count(5)


def test_the_outbox_is_kept_across_a_reload_while_the_station_is_unreachable(page, live_server):
    sign_in(page)
    page.context.set_offline(True)
    take_in_five(page)
    page.route("**/api/v1/**", lambda route: route.abort())  # the page loads, the station does not answer
    page.context.set_offline(False)
    page.reload()
    expect(page.locator("#outbox-banner")).to_be_visible()
    assert "5" in page.locator("#outbox-banner").inner_text()
    assert recorded(live_server.db) == Counter()

    page.unroute("**/api/v1/**")
    expect(page.locator("#outbox-banner")).to_be_hidden(timeout=30000)
    assert recorded(live_server.db) == Counter(NUMBERS)
    page.reload()
    page.wait_for_timeout(500)
    assert recorded(live_server.db) == Counter(NUMBERS)


def test_a_hand_over_scanned_offline_is_counted_once_back_online(page, live_server):
    sign_in(page, next_path="/gate/handover")
    page.fill("input[name=courier_name]", "王师傅")
    page.click("button.primary")
    page.wait_for_selector("#count")
    page.context.set_offline(True)
    for number in ("773012345678901", "773012345678902", "773012345678901"):
        page.locator("#scan").focus()
        burst(page, number)
    expect(page.locator("#outbox-banner")).to_contain_text("3")
    page.context.set_offline(False)
    expect(page.locator("#outbox-banner")).to_be_hidden(timeout=30000)
    expect(page.locator("#count")).to_have_text("2")
    with live_server.db.read() as session:
        assert session.scalar(select(func.count(HandoverItem.id))) == 2


def test_a_disinfection_batch_recorded_offline_is_kept_across_a_reload_and_recorded_once(page, live_server):
    db = live_server.db
    codes = [intake(db, number, "10-2-301", now=utcnow())[0] for number in ("SF3000000000001", "SF3000000000002")]
    sign_in(page, "disinfect1", next_path="/disinfect")
    for number in ("SF3000000000001", "SF3000000000002"):
        burst(page, number)
        page.wait_for_selector(f'#batch-list tr[data-key="{number}"].ready')
    page.context.set_offline(True)
    page.keyboard.press("Control+Enter")
    expect(page.locator("#outbox-banner")).to_contain_text("2")
    assert [status(db, code) for code in codes] == ["received", "received"]

    page.route("**/healthz", lambda route: route.abort())  # the page loads, the station seems down
    page.context.set_offline(False)
    page.reload()
    expect(page.locator("#batch-list tr")).to_have_count(2)
    expect(page.locator("#outbox-banner")).to_be_visible()
    page.unroute("**/healthz")
    page.wait_for_selector(".outcome", timeout=30000)
    assert "已消杀并上架：2" in page.locator(".outcome").inner_text()
    assert [status(db, code) for code in codes] == ["shelved", "shelved"]
    page.goto("/disinfect")  # answered: nothing is kept for a next batch
    expect(page.locator("#batch-list tr")).to_have_count(0)


def status(db, code):
    with db.read() as session:
        return session.scalars(select(Parcel.status).where(Parcel.code == code)).one()


def test_the_red_banner_turns_ok_once_every_kept_item_is_recorded(page, live_server):
    sign_in(page)
    page.context.set_offline(True)
    take_in_five(page)
    expect(page.locator("#banner")).to_have_class("banner error")
    page.context.set_offline(False)
    expect(page.locator("#outbox-banner")).to_be_hidden(timeout=30000)
    expect(page.locator("#banner")).to_have_class("banner ok")
    expect(page.locator("#banner")).to_contain_text("已登记")
