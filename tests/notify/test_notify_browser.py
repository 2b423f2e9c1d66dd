"""The /notify page in Chromium: the coordinator sees what went out and retries a failed message."""

from datetime import timedelta

import pytest

from station.db import utcnow
from station.notify import worker
from tests.browser.conftest import screenshot, sign_in
from tests.notify.helpers import outbox_rows, robot, shelve, use_site

pytestmark = pytest.mark.browser


def test_the_coordinator_sees_the_outbox_and_retries_a_failed_message(page, live_server, chat):
    db = live_server.db
    now = utcnow()
    extra = ('[notifications]\ndigest_times = ["%s"]\n' % (now + timedelta(hours=8)).strftime("%H:%M")
             + robot("b10", "wecom", f"{chat.url}/cgi-bin/webhook/send?key=693a91f6-7aoc-4bc4-97a0-0ec2sifa5aaa", buildings="10")
             + robot("b3", "dingtalk", f"{chat.url}/robot/send?access_token=98975521a1b23c02cdd1", buildings="3", secret="SECabc")
             + robot("g2", "feishu", f"{chat.url}/open-apis/bot/v2/hook/5e3d587e-d78e-4a07-bd07-265f269f86fd", grids='["G2"]', language="en"))
    site = use_site(db, extra)
    for n, (destination, category) in enumerate([("10-2-301", "express"), ("10-1-101", "medicine"), ("10-1-102", "valuable"),
                                                 ("3-1-201", "meal"), ("6-2-601", "fresh")]):
        shelve(db, site, f"SF10000000007{n:02d}", destination, category, at=now)
    chat.answers += [(200, {"errcode": 0}), (200, {"errcode": 310000, "errmsg": "sign not match"})]
    worker.tick(db, site, now)
    assert [r.state for r in outbox_rows(db)] == ["sent", "failed", "sent"]

    sign_in(page, "lead", next_path="/notify")
    assert page.locator("table.outbox tbody tr").count() == 3
    assert page.locator(".badge.state-failed").inner_text() == "失败"
    page.locator("table.outbox tbody tr.state-failed summary").click()
    screenshot(page, "notify-outbox")

    page.locator("tr.state-failed button", has_text="重试").click()
    page.wait_for_url("**/notify?done=retried")
    assert page.locator("p.card.ok").is_visible()
    assert [r.state for r in outbox_rows(db)] == ["sent", "queued", "sent"]
    assert outbox_rows(db)[1].changed_by == "lead"

    page.locator("table.channels tr", has_text="g2").get_by_role("button").click()
    page.wait_for_url("**/notify?done=test")
    assert outbox_rows(db)[-1].kind == "test"
    page.goto("/notify?lang=en")
    screenshot(page, "notify-outbox-en")
