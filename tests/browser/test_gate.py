from sqlalchemy import select

from station.custody.models import CustodyEvent
from station.parcels.models import Parcel
from tests.browser.conftest import screenshot, sign_in


def scan(page, text, delay=5):
    """Type like a USB scanner: fast keys, then Enter."""
    page.locator("#scan").focus()
    page.keyboard.type(text, delay=delay)
    page.keyboard.press("Enter")


def take_in(page, text, destination, key="Enter"):
    """Scan, type the destination, choose the category by its key (Enter: express)."""
    scan(page, text)
    page.wait_for_selector("#step-destination:not([hidden])")
    page.keyboard.type(destination)
    page.keyboard.press("Enter")
    page.keyboard.press(key)


def parcel(db, tracking):
    with db.read() as session:
        return session.scalars(select(Parcel).where(Parcel.tracking_number == tracking)).first()


def test_a_usb_scan_sorts_an_express_parcel_and_shows_its_label(page, live_server):
    sign_in(page)
    scan(page, "sf1234567890123")
    page.wait_for_selector("#step-destination:not([hidden])")
    page.keyboard.type("10-2-301")
    page.keyboard.press("Enter")
    page.wait_for_selector("#step-category:not([hidden])")
    page.keyboard.press("Enter")  # express
    page.wait_for_selector("#result:not([hidden])")
    assert page.locator("#pickup-code").inner_text() == "B10-01-001"
    image = page.locator("#label-img")
    for _ in range(50):
        if image.evaluate("(img) => img.complete && img.naturalWidth"):
            break
        page.wait_for_timeout(100)
    assert image.evaluate("(img) => img.naturalWidth") > 300
    screenshot(page, "gate-zh")
    row = parcel(live_server.db, "SF1234567890123")
    assert (row.zone, row.slot, row.destination, row.category, row.status) == ("B10", 1, "10-2-301", "express", "received")
    with live_server.db.read() as session:
        event = session.scalars(select(CustodyEvent).where(CustodyEvent.parcel_id == row.id)).one()
    assert event.actor == "gate1" and event.gate == "main"
    assert page.locator("#recent tr").count() == 1


def test_a_double_scan_is_flagged_and_recorded_once(page, live_server):
    sign_in(page)
    for _ in range(2):
        scan(page, "JT1234567890123")
        page.wait_for_selector("#step-destination:not([hidden]), .banner.duplicate")
        if page.locator("#step-destination:not([hidden])").count():
            page.keyboard.type("3-1-101")
            page.keyboard.press("Enter")
            page.keyboard.press("3")  # express
            page.wait_for_selector("#result:not([hidden])")
    page.wait_for_selector(".banner.duplicate", timeout=5000)
    assert "B3-01-001" in page.locator("#detail-title").inner_text()
    with live_server.db.read() as session:
        assert len(session.scalars(select(Parcel)).all()) == 1


def test_an_unknown_room_is_refused_and_nothing_is_recorded(page, live_server):
    sign_in(page)
    take_in(page, "YT1234567890123", "12-5-301")
    page.wait_for_selector(".banner.error")
    banner = page.locator("#banner").inner_text()
    assert banner.startswith("未登记：") and "12 栋没有 5 单元" in banner
    assert page.locator("#step-destination").is_visible()  # back to fix the room
    assert parcel(live_server.db, "YT1234567890123") is None


def test_an_address_the_recogniser_cannot_place_is_refused_in_chinese(page, live_server):
    sign_in(page)
    scan(page, "YT1234567890124")
    page.wait_for_selector("#step-destination:not([hidden])")
    page.keyboard.type("10栋2单元31", delay=30)
    page.keyboard.press("Enter")
    page.wait_for_selector("#step-category:not([hidden])")
    page.keyboard.press("Enter")  # express
    page.wait_for_selector(".banner.error")
    assert page.locator("#banner").inner_text() == "未登记：去向 10栋2单元31：房号“31”不是“楼层+门牌”的写法，例如 301"
    assert parcel(live_server.db, "YT1234567890124") is None


def test_medicine_goes_to_med_with_one_key(page, live_server):
    sign_in(page)
    take_in(page, "SF9876543210987", "7-3-502", "4")  # medicine
    page.wait_for_selector("#result:not([hidden])")
    assert page.locator("#pickup-code").inner_text() == "MED-01-001"
    assert parcel(live_server.db, "SF9876543210987").zone == "MED"


def test_a_second_code_on_the_same_item_becomes_an_alias_and_undo_is_an_event(page, live_server):
    sign_in(page)
    take_in(page, "SF1111111111111", "10-2-301")
    page.wait_for_selector("#result:not([hidden])")
    scan(page, "ORDER-778899")
    page.wait_for_selector("#attach-hint:not([hidden])")
    page.keyboard.press("a")
    page.wait_for_selector(".banner.ok")
    scan(page, "ORDER-778899")
    page.wait_for_selector(".banner.duplicate")
    assert "SF1111111111111" in page.locator("#detail-title").inner_text()
    page.click("#recent button.undo")
    page.wait_for_selector("#recent tr.status-voided")
    row = parcel(live_server.db, "SF1111111111111")
    assert (row.status, row.slot) == ("voided", None)
    with live_server.db.read() as session:
        types = [e.type for e in session.scalars(select(CustodyEvent).where(CustodyEvent.parcel_id == row.id)
                                                 .order_by(CustodyEvent.seq))]
    assert types == ["received", "note", "voided"]


def test_the_gate_in_english(page, live_server):
    sign_in(page)
    page.goto("/gate?lang=en")
    assert page.locator(".scanlabel").inner_text() == "Scan or type a code, then Enter"
    take_in(page, "SF2222222222222", "5-1-201", "2")
    page.wait_for_selector("#result:not([hidden])")
    screenshot(page, "gate-en")


def test_an_address_that_fits_several_rooms_offers_them(page, live_server):
    sign_in(page)
    take_in(page, "SF3456789012345", "10栋301")
    page.wait_for_selector(".candidate")
    assert page.locator(".candidate").all_inner_texts() == ["F1 10-1-301", "F2 10-2-301", "F3 10-3-301"]
    page.keyboard.press("F2")
    page.wait_for_selector("#step-category:not([hidden])")
    page.keyboard.press("Enter")
    page.wait_for_selector("#result:not([hidden])")
    assert parcel(live_server.db, "SF3456789012345").destination == "10-2-301"
