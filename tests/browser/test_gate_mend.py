"""The gate page beyond the barcode: items with none, and mistakes mended as custody events."""

from __future__ import annotations

import io

from playwright.sync_api import expect
from pypdf import PdfReader
from sqlalchemy import select

from station.catalogue.kept import kept_detail
from station.custody.service import events_of
from station.parcels.models import Parcel
from station.residents.models import Household
from station.residents.privacy import mask_name
from tests.browser.conftest import screenshot, sign_in


def parcels(db):
    with db.read() as session:
        return session.scalars(select(Parcel).order_by(Parcel.id)).all()


def pdf_text(pdf: bytes) -> str:
    return "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)


def label_loaded(page):
    image = page.locator("#label-img")
    for _ in range(50):
        if image.evaluate("(img) => img.complete && img.naturalWidth"):
            break
        page.wait_for_timeout(100)
    return image.evaluate("(img) => img.naturalWidth") > 300


def test_a_meal_box_without_a_barcode_is_taken_in_and_labelled(page, live_server):
    sign_in(page)
    page.keyboard.press("F2")
    page.wait_for_selector("#step-destination:not([hidden])")
    page.keyboard.type("10-2-301")
    page.keyboard.press("Enter")
    page.wait_for_selector("#step-category:not([hidden])")
    page.keyboard.press("1")  # meal
    page.wait_for_selector("#result:not([hidden])")
    assert label_loaded(page)
    screenshot(page, "gate-no-barcode")
    (meal,) = parcels(live_server.db)
    assert meal.tracking_number is None and meal.code.startswith("P")
    assert (meal.destination, meal.category) == ("10-2-301", "meal")
    assert page.locator("#pickup-code").inner_text() == meal.pickup_code
    label = page.request.get(page.locator("#label-img").get_attribute("src"))
    assert label.ok and label.headers["content-type"] == "image/png"


def test_an_address_typed_in_the_scan_box_starts_an_item_without_a_barcode(page, live_server):
    sign_in(page)
    page.locator("#scan").fill("美团外卖 10-2-301")
    page.locator("#scan").press("Enter")
    page.wait_for_selector("#step-destination:not([hidden])")
    assert page.locator("#destination").input_value() == "美团外卖 10-2-301"
    page.locator("#destination").press("Enter")
    page.wait_for_selector("#step-category:not([hidden])")
    page.keyboard.press("1")
    page.wait_for_selector("#result:not([hidden])")
    (meal,) = parcels(live_server.db)
    assert (meal.tracking_number, meal.destination, meal.category) == (None, "10-2-301", "meal")


def take_in(page, number, room, key="3"):
    page.locator("#scan").focus()
    page.keyboard.type(number, delay=5)
    page.keyboard.press("Enter")
    page.wait_for_selector("#step-destination:not([hidden])")
    page.keyboard.type(room)
    page.keyboard.press("Enter")
    page.wait_for_selector("#step-category:not([hidden])")
    page.keyboard.press(key)
    page.wait_for_selector("#result:not([hidden])")


def test_an_undone_item_is_taken_in_again(page, live_server):
    sign_in(page)
    take_in(page, "SF1111111111111", "10-2-301")
    page.click("#recent button.undo")
    page.wait_for_selector("#recent tr.status-voided")
    take_in(page, "SF1111111111111", "5-1-201")
    assert page.locator("#pickup-code").inner_text().startswith("B5-")
    first, again = parcels(live_server.db)
    assert (first.status, again.status) == ("voided", "received")
    assert (again.tracking_number, again.destination) == ("SF1111111111111", "5-1-201")
    page.locator("#scan").focus()
    page.keyboard.type("SF1111111111111", delay=5)
    page.keyboard.press("Enter")
    page.wait_for_selector(".banner.duplicate")
    assert again.pickup_code in page.locator("#detail-title").inner_text()


def test_a_changed_destination_gets_a_new_slot_and_a_label_naming_it(page, live_server):
    sign_in(page)
    take_in(page, "SF3333333333333", "10-2-301")
    old_slot = page.locator("#pickup-code").inner_text()
    old_src = page.locator("#label-img").get_attribute("src")
    page.click("#change-destination")
    page.locator("#new-destination").fill("5-1-201")
    page.locator("#new-destination").press("Enter")
    page.wait_for_selector(".banner.ok >> text=B5-")
    (item,) = parcels(live_server.db)
    assert item.destination == "5-1-201" and item.pickup_code.startswith("B5-")
    assert page.locator("#pickup-code").inner_text() == item.pickup_code != old_slot
    assert page.locator("#label-img").get_attribute("src") != old_src
    assert label_loaded(page)
    label = pdf_text(page.request.get(f"/gate/labels/{item.code}.pdf").body())
    assert item.pickup_code in label and "1-201" in label and old_slot not in label
    with page.expect_popup() as popup:
        page.click("#print-label")
    assert popup.value.url.endswith(f"/gate/labels/{item.code}.pdf?inline=1")
    pdf = page.request.get(f"/gate/labels/{item.code}.pdf?inline=1")
    assert pdf.ok and pdf.headers["content-disposition"] == "inline"


def test_the_destination_is_checked_as_it_is_typed(page, live_server):
    with live_server.db.read() as session:
        home = session.scalars(select(Household).where(Household.name.is_not(None)).order_by(Household.id)).first()
        destination, name, masked = home.destination, home.name, mask_name(home.name)
    sign_in(page)
    page.locator("#scan").focus()
    page.keyboard.type("SF4444444444444", delay=5)
    page.keyboard.press("Enter")
    page.wait_for_selector("#step-destination:not([hidden])")
    page.keyboard.type("12-5-301", delay=30)
    expect(page.locator("#destination-check.problem")).to_contain_text("没有这个房号：12 栋没有 5 单元")
    page.keyboard.press("Enter")  # refused here, before the category step
    page.wait_for_selector(".banner.error")
    assert page.locator("#step-category").is_hidden()
    page.locator("#destination").fill("")
    page.keyboard.type(destination, delay=30)
    expect(page.locator("#destination-check.ok")).to_contain_text(masked)
    assert name not in page.locator("#destination-check").inner_text()
    screenshot(page, "gate-destination-check")
    page.keyboard.press("Enter")
    page.wait_for_selector("#step-category:not([hidden])")
    page.keyboard.press("3")
    page.wait_for_selector("#result:not([hidden])")
    assert [p.destination for p in parcels(live_server.db)] == [destination]


def test_a_hand_over_item_without_a_destination_gets_its_room_and_label_at_the_gate(page, live_server):
    sign_in(page, next_path="/gate/handover")
    page.fill("input[name=courier_name]", "王师傅")
    page.click("button.primary")
    page.wait_for_selector("#count")
    page.locator("#scan").focus()
    page.keyboard.type("773012345678901", delay=5)
    page.keyboard.press("Enter")
    expect(page.locator("#items")).to_contain_text("更改去向")
    page.goto("/gate")
    page.click("#recent tr button.show-label")
    page.click("#change-destination")
    page.locator("#new-destination").fill("10-2-301")
    page.locator("#new-destination").press("Enter")
    page.wait_for_selector(".banner.ok >> text=B10-")
    (item,) = parcels(live_server.db)
    assert (item.tracking_number, item.destination, item.zone) == ("773012345678901", "10-2-301", "B10")
    assert item.pickup_code in pdf_text(page.request.get(f"/gate/labels/{item.code}.pdf").body())


def test_a_leaking_item_is_reported_as_a_problem_event(page, live_server):
    sign_in(page)
    take_in(page, "SF6666666666666", "10-2-301", key="1")
    page.select_option("#problem-kind", "leaking")
    page.click("#report-problem")
    page.wait_for_selector(".banner.duplicate >> text=SF6666666666666")
    page.wait_for_selector("#recent tr.status-problem")
    (item,) = parcels(live_server.db)
    with live_server.db.read() as session:
        events = [(e.type, kept_detail(e.details.get("note"))) for e in events_of(session, item)]
    assert item.status == "problem" and events[-1][0] == "problem"
    assert events[-1][1].code == "parcel.note.leaking"  # kept as a message, said in the reader's language


def recent_slots(page):
    return [row.locator("td").nth(4).inner_text() for row in page.locator("#recent tr").all()]


def test_a_damaged_item_is_moved_to_the_problem_zone_with_a_new_label(page, live_server):
    sign_in(page)
    take_in(page, "SF7777777777777", "10-2-301")
    shelf_position = page.locator("#pickup-code").inner_text()
    page.select_option("#problem-kind", "damaged")
    page.click("#report-problem")
    expect(page.locator("#pickup-code")).to_have_text("PROB-01-001")
    expect(page.locator("#banner")).to_contain_text("PROB-01-001")
    assert label_loaded(page) and "PROB-01-001" in page.locator("#label-img").get_attribute("src")
    expect(page.locator("#recent tr.status-problem td").nth(4)).to_have_text("PROB-01-001")
    screenshot(page, "gate-problem-zone")
    (item,) = parcels(live_server.db)
    with live_server.db.read() as session:
        last = events_of(session, item)[-1]
    assert (item.status, item.zone, last.type) == ("problem", "PROB", "problem")
    assert (last.details["from"], last.details["to"]) == (shelf_position, "PROB-01-001")
    assert kept_detail(last.details["note"]).code == "parcel.note.damaged"
    assert "PROB-01-001" in pdf_text(page.request.get(f"/gate/labels/{item.code}.pdf").body())
    page.goto("/shelves")
    expect(page.locator("section.zone.role-problem")).to_contain_text("PROB")


def test_an_item_is_moved_from_its_recent_row_and_relabelled(page, live_server):
    sign_in(page)
    take_in(page, "SF8888888888888", "10-2-301")
    take_in(page, "SF8888888888889", "10-2-302")
    page.click("#recent tr:has-text('SF8888888888888') button.move")
    expect(page.locator("#move")).to_be_visible()
    expect(page.locator("#pickup-code")).to_have_text("B10-01-001")
    page.select_option("#move-zone", "B5")
    page.click("#move button[type=submit]")
    expect(page.locator("#pickup-code")).to_have_text("B5-01-001")
    assert label_loaded(page)
    expect(page.locator("#recent tr:has-text('SF8888888888888') td").nth(4)).to_have_text("B5-01-001")
    item = next(p for p in parcels(live_server.db) if p.tracking_number == "SF8888888888888")
    with live_server.db.read() as session:
        last = events_of(session, item)[-1]
    assert (item.pickup_code, last.type, last.details["from"], last.details["to"]) == (
        "B5-01-001", "moved", "B10-01-001", "B5-01-001")
    assert "B5-01-001" in pdf_text(page.request.get(f"/gate/labels/{item.code}.pdf").body())


def test_after_a_change_of_destination_the_attach_hint_names_the_new_room(page, live_server):
    sign_in(page)
    take_in(page, "SF9999999999991", "10-2-301")
    page.click("#change-destination")
    page.locator("#new-destination").fill("5-1-201")
    page.locator("#new-destination").press("Enter")
    page.wait_for_selector(".banner.ok >> text=B5-")
    page.locator("#scan").focus()
    page.keyboard.type("SF9999999999992", delay=5)
    page.keyboard.press("Enter")
    page.wait_for_selector("#attach-hint:not([hidden])")
    expect(page.locator("#attach-target")).to_have_text("SF9999999999991 → 5-1-201")


def test_an_undone_item_whose_slot_was_taken_again_shows_no_slot(page, live_server):
    sign_in(page)
    take_in(page, "SF9999999999993", "10-2-301")
    page.click("#recent button.undo")
    page.wait_for_selector("#recent tr.status-voided")
    take_in(page, "SF9999999999994", "10-2-302")
    expect(page.locator("#recent tr")).to_have_count(2)
    expect(page.locator("#recent tr.status-voided td").nth(4)).to_have_text("—")
    assert recent_slots(page) == ["B10-01-001", "—"]
