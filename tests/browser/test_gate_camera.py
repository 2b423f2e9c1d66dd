"""The gate page's webcam: Chromium plays an MJPEG file as its camera, the page decodes it."""

import io
from datetime import UTC, datetime

import barcode
import pytest
from PIL import Image, ImageDraw, ImageFilter
from sqlalchemy import select

import labels
from station.parcels.models import Parcel
from tests.browser.conftest import launch_with_video, screenshot, sign_in
from tests.parcels.helpers import intake


def code128_image(text: str, module: int = 3, height: int = 120) -> Image.Image:
    modules = barcode.get("code128", text).build()[0]
    image = Image.new("L", (len(modules) * module + 40, height + 40), 255)
    draw = ImageDraw.Draw(image)
    for index, bit in enumerate(modules):
        if bit == "1":
            draw.rectangle([20 + index * module, 20, 20 + (index + 1) * module - 1, 20 + height], fill=0)
    return image


def mjpeg_of(symbol: Image.Image, path, frames: int = 30) -> None:
    """A 1280x720 'camera' view of a label lying a little askew on a box, slightly blurred."""
    with path.open("wb") as out:
        for n in range(frames):
            frame = Image.new("L", (1280, 720), 150 + n % 5)
            label = symbol.rotate(4, expand=True, fillcolor=150)
            frame.paste(label, ((1280 - label.width) // 2, (720 - label.height) // 2))
            frame = frame.filter(ImageFilter.GaussianBlur(0.8)).convert("RGB")
            buffer = io.BytesIO()
            frame.save(buffer, "JPEG", quality=80)
            out.write(buffer.getvalue())


@pytest.fixture
def camera_page(tmp_path, live_server, request, playwright_instance):
    video = tmp_path / "camera.mjpeg"
    mjpeg_of(request.param(live_server), video)
    browser = launch_with_video(playwright_instance, video)
    context = browser.new_context(base_url=live_server.url, locale="zh-CN", viewport={"width": 1280, "height": 900})
    yield context.new_page()
    browser.close()


def waybill(_server):
    return code128_image("SF1234567890123")


def parcel_label(server):
    code, _, _ = intake(server.db, "JT9999999999999", "10-2-301", "medicine")
    with server.db.read() as session:
        parcel = session.scalars(select(Parcel).where(Parcel.code == code)).one()
        label = labels.ParcelLabel(parcel_code=code, building="10", unit="2", room="301",
                                   pickup_code=parcel.pickup_code, category="medicine",
                                   received_at=datetime(2026, 11, 27, 9, 30, tzinfo=UTC))
    return labels.render_label_image(label, size="60x40", dpi=203).convert("L")


@pytest.mark.parametrize("camera_page", [waybill], indirect=True)
def test_a_webcam_scan_of_a_waybill_takes_the_item_in(camera_page, live_server):
    page = camera_page
    sign_in(page)
    page.click("#camera-toggle")
    page.wait_for_selector("#step-destination:not([hidden])", timeout=20000)
    assert "SF1234567890123" in page.locator("#pending-what").inner_text()
    page.keyboard.type("10-2-301")
    page.keyboard.press("Enter")
    page.keyboard.press("3")
    page.wait_for_selector("#result:not([hidden])")
    screenshot(page, "gate-camera-zh")
    page.click("#camera-toggle")
    with live_server.db.read() as session:
        parcel = session.scalars(select(Parcel).where(Parcel.tracking_number == "SF1234567890123")).one()
    assert (parcel.destination, parcel.zone) == ("10-2-301", "B10")


@pytest.mark.parametrize("camera_page", [parcel_label], indirect=True)
def test_a_webcam_scan_of_our_label_shows_the_parcel(camera_page, live_server):
    page = camera_page
    sign_in(page)
    page.click("#camera-toggle")
    page.wait_for_selector("#detail:not([hidden])", timeout=20000)
    assert "JT9999999999999" in page.locator("#detail-title").inner_text()
    assert "MED-01-001" in page.locator("#detail-title").inner_text()


@pytest.mark.parametrize("camera_page", [waybill], indirect=True)
def test_a_label_held_in_view_is_taken_in_once(camera_page, live_server):
    page = camera_page
    scans = []
    page.on("request", lambda request: scans.append(request.url) if request.url.endswith("/api/v1/scan") else None)
    sign_in(page)
    page.click("#camera-toggle")
    page.wait_for_selector("#step-destination:not([hidden])", timeout=20000)
    page.keyboard.type("10-2-301", delay=600)  # a volunteer's pace while the label stays in view
    page.keyboard.press("Enter")
    page.keyboard.press("3")
    page.wait_for_selector("#result:not([hidden])")
    page.wait_for_timeout(10000)
    assert page.locator("#result").is_visible()
    assert "B10-01-001" in page.locator("#banner").inner_text()
    assert len(scans) == 1
    with live_server.db.read() as session:
        rows = session.scalars(select(Parcel)).all()
    assert [(p.tracking_number, p.destination) for p in rows] == [("SF1234567890123", "10-2-301")]
    assert page.locator("#camera-toggle").get_attribute("aria-pressed") == "true"
    assert "SF1234567890123" in page.locator("#camera-last").inner_text()
    page.click("#camera-toggle")
    assert page.locator("#camera-toggle").get_attribute("aria-pressed") == "false"
