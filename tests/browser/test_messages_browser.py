"""In Chromium, a Chinese page shows what the station says back in Chinese."""

from __future__ import annotations

import re

from tests.browser.conftest import sign_in

ENGLISH = re.compile(r"[A-Za-z]+(?:[\s,;:()'-]+[A-Za-z]+){2,}")


def test_the_gate_says_why_a_room_does_not_exist_in_chinese(page, live_server):
    sign_in(page)
    page.keyboard.press("F2")
    page.wait_for_selector("#step-destination:not([hidden])")
    page.keyboard.type("12-5-301")
    page.wait_for_selector("#destination-check.problem")
    said = page.locator("#destination-check").inner_text()
    assert "12 栋没有 5 单元" in said and not ENGLISH.search(said)


def test_the_unresolved_page_takes_a_room_as_people_write_it(page, live_server):
    from tests.parcels.helpers import intake

    intake(live_server.db, "SF1000000000001", None)
    sign_in(page, "lead", next_path="/gate/unresolved")
    page.locator("input[name=destination]").first.fill("12-5-301")
    page.locator("input[name=destination]").first.press("Enter")
    page.wait_for_selector("[role=alert]")
    refused = page.locator("[role=alert]").first.inner_text()
    assert "12 栋没有 5 单元" in refused and not ENGLISH.search(refused)
    page.locator("input[name=destination]").first.fill("10栋2单元301")
    page.locator("input[name=destination]").first.press("Enter")
    page.wait_for_url("**/gate/unresolved?moved=*")
