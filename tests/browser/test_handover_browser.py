from sqlalchemy import func, select

from station.gate.handover.models import HandoverItem
from tests.browser.conftest import screenshot, sign_in


def test_a_courier_trolley_is_counted_in_the_browser(page, live_server):
    sign_in(page, next_path="/gate/handover")
    page.fill("input[name=courier_name]", "王师傅")
    page.fill("input[name=carrier]", "ZTO")
    page.click("button.primary")
    page.wait_for_selector("#count")
    for number in ("773012345678901", "773012345678902", "773012345678901"):
        page.locator("#scan").focus()
        page.keyboard.type(number, delay=5)
        page.keyboard.press("Enter")
        page.wait_for_selector(".banner.ok, .banner.duplicate")
    page.wait_for_selector(".banner.duplicate")
    assert page.locator("#count").inner_text() == "2"
    screenshot(page, "handover-zh")
    page.click("form[action$='/close'] button")
    page.wait_for_selector("#receipt")
    with live_server.db.read() as session:
        assert session.scalar(select(func.count(HandoverItem.id))) == 2
