"""The gate page reads the waybill: a fake camera shows a generated waybill photo, the station
suggests the recipient's room, Enter confirms it."""

import io

import pytest
from PIL import Image
from sqlalchemy import select

from station.parcels.models import Parcel
from tests.browser.conftest import launch_with_video, screenshot, sign_in
from tests.waybill_photos import demo_households, waybill_photo

PHOTO = waybill_photo(demo_households()[100], seed=77, layout="sf", form="haolou", level=0)


@pytest.fixture
def waybill_page(tmp_path, live_server, playwright_instance):
    video = tmp_path / "camera.mjpeg"
    frame = Image.fromarray(PHOTO.image).convert("RGB")
    with video.open("wb") as out:
        for _ in range(30):
            buffer = io.BytesIO()
            frame.save(buffer, "JPEG", quality=90)
            out.write(buffer.getvalue())
    browser = launch_with_video(playwright_instance, video)
    context = browser.new_context(base_url=live_server.url, locale="zh-CN", viewport={"width": 1280, "height": 900})
    yield context.new_page()
    browser.close()


def test_the_waybill_fills_the_destination_and_enter_confirms_it(waybill_page, live_server):
    page = waybill_page
    sign_in(page)
    page.click("#camera-toggle")
    page.wait_for_selector("#step-destination:not([hidden])", timeout=20000)
    page.wait_for_selector("#destination.suggested", timeout=60000)
    assert page.locator("#destination").input_value() == PHOTO.expected
    assert "%" in page.locator("#waybill-state").inner_text()
    screenshot(page, "gate-waybill-zh")
    page.keyboard.press("Enter")
    page.keyboard.press("3")
    page.wait_for_selector("#result:not([hidden])")
    page.click("#camera-toggle")
    with live_server.db.read() as session:
        parcel = session.scalars(select(Parcel)).one()
    assert parcel.destination == PHOTO.expected
