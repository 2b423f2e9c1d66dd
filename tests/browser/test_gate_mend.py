"""The gate page beyond the barcode: items with none, and mistakes mended as custody events."""

from __future__ import annotations

from sqlalchemy import select

from station.parcels.models import Parcel
from tests.browser.conftest import screenshot, sign_in


def parcels(db):
    with db.read() as session:
        return session.scalars(select(Parcel).order_by(Parcel.id)).all()


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
