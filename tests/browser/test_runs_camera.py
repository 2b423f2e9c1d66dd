"""A runner on a phone scans each label with its camera: the same in-page decoder as the gate."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from station.db import utcnow
from station.runs.models import RunItem
from tests.browser.conftest import launch_with_video, screenshot, sign_in
from tests.browser.test_gate_camera import code128_image, mjpeg_of
from tests.runs.helpers import stock


@pytest.fixture
def item_code(live_server):
    (code,) = stock(live_server.db, [("10-1-101", "express")], now=utcnow() - timedelta(minutes=30))
    return code


@pytest.fixture
def phone(tmp_path, live_server, item_code, playwright_instance):
    video = tmp_path / "camera.mjpeg"
    mjpeg_of(code128_image(item_code), video)
    browser = launch_with_video(playwright_instance, video)
    context = browser.new_context(base_url=live_server.url, locale="zh-CN", viewport={"width": 390, "height": 844})
    yield context.new_page()
    browser.close()


def test_a_runner_delivers_an_item_scanned_by_the_phone_camera_once(phone, live_server, item_code):
    page = phone
    sign_in(page, "runner1", next_path="/runs")
    page.click("form.claim-building[data-building='10'] button")
    page.wait_for_url("**/runs/R*")
    page.click("#camera-toggle")
    page.wait_for_selector(f"li.item.outcome-delivered[data-code='{item_code}']", timeout=20000)
    assert page.locator("#camera-toggle").get_attribute("aria-pressed") == "true"
    assert item_code in page.locator("#camera-last").inner_text()
    page.wait_for_timeout(3000)  # the label stays in view: not recorded again
    assert page.locator(".banner.ok").count() == 1 and page.locator(".banner.duplicate").count() == 0
    screenshot(page, "run-camera")
    page.click("#camera-toggle")
    assert page.locator("#camera-toggle").get_attribute("aria-pressed") == "false"
    with live_server.db.read() as session:
        outcomes = session.scalars(select(RunItem.outcome)).all()
    assert outcomes == ["delivered"]
