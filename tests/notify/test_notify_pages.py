"""The coordinator's /notify page and its JSON twin: states shown, retry, cancel, test a channel."""

import pytest
from fastapi.testclient import TestClient

from station.app import create_app
from station.catalogue import notify as notify_text
from station.config import Settings
from station.db import utcnow
from station.notify import outbox
from tests.notify.helpers import outbox_rows, robot, use_site
from tests.support import bearer

CHANNELS = (robot("b10", "wecom", "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=SECRETKEY123", buildings="10")
            + robot("g1", "dingtalk", "https://oapi.dingtalk.com/robot/send?access_token=TOKEN1234567890abcdef",
                    grids='["G1"]', secret="SECdingsecret"))


GAVE_UP = notify_text.GAVE_UP(reason=notify_text.ANSWERED(host="127.0.0.1", status=500), attempts=8)


@pytest.fixture
def site(db):
    return use_site(db, CHANNELS)


def client_of(db, name):
    return TestClient(create_app(Settings(database_url=db.url), db=db), headers=bearer(name), follow_redirects=False)


@pytest.fixture
def lead(db, site):
    with client_of(db, "lead") as client:
        yield client


def queue(db, site, *states):
    """Messages in the given states, one each, oldest first."""
    now = utcnow()
    ids = []
    for n, state in enumerate(states):
        def run(session, n=n, state=state):
            row_id = outbox.enqueue(session, channel=site.channels[0], kind="digest", subject=f"10号楼 包裹动态 {n}",
                                    body="在站待送：快递 2 件", dedupe_key=f"digest:b10:B10:{n}", scope="B10", now=now)
            if state != "queued":
                from station.notify.models import Notification
                row = session.get(Notification, row_id)
                row.state, row.attempts = state, 1
                row.last_error = GAVE_UP if state == "failed" else None
            return row_id
        ids.append(db.write(run))
    return ids


def test_the_page_shows_channels_and_the_outbox_with_delivery_states(db, site, lead):
    queue(db, site, "sent", "failed", "queued")
    page = lead.get("/notify")
    assert page.status_code == 200
    html = page.text
    assert "通知" in html and "发送测试消息" in html
    assert "https://qyapi.weixin.qq.com/cgi-bin/webhook/send" in html
    for secret in ("SECRETKEY123", "TOKEN1234567890abcdef", "SECdingsecret"):
        assert secret not in html  # robot keys and signing secrets never reach the page
    assert html.count('class="badge state-') == 3
    assert "127.0.0.1 返回 500（已尝试 8 次，不再重试）" in html  # why it failed, in the coordinator's language
    failed_only = lead.get("/notify?state=failed").text
    assert failed_only.count('class="badge state-') == 1
    english = lead.get("/notify?lang=en").text
    assert "Notifications" in english and "127.0.0.1 answered 500 (gave up after 8 attempts)" in english


def test_volunteers_who_are_not_coordinators_may_not_see_it(db, site):
    with client_of(db, "gate1") as gate:
        assert gate.get("/notify").status_code == 403
        assert gate.post("/notify/test", data={"channel": "b10"}).status_code == 403
    anonymous = TestClient(create_app(Settings(database_url=db.url), db=db), follow_redirects=False)
    assert anonymous.get("/notify").headers["location"].startswith("/login")
    assert outbox_rows(db) == []


def test_retry_and_cancel_from_the_page(db, site, lead):
    sent, failed, queued = queue(db, site, "sent", "failed", "queued")
    answer = lead.post(f"/notify/{failed}/retry")
    assert answer.status_code == 303 and answer.headers["location"] == "/notify?done=retried"
    assert lead.post(f"/notify/{queued}/cancel").status_code == 303
    rows = {r.id: r for r in outbox_rows(db)}
    assert (rows[failed].state, rows[failed].attempts, rows[failed].changed_by) == ("queued", 0, "lead")
    assert (rows[queued].state, rows[queued].changed_by) == ("cancelled", "lead")


def test_a_refused_action_says_why_and_changes_nothing(db, site, lead):
    [sent] = queue(db, site, "sent")
    before = [(r.state, r.attempts, r.changed_by) for r in outbox_rows(db)]
    answer = lead.post(f"/notify/{sent}/cancel")
    assert answer.status_code == 409
    assert f"第 {sent} 条消息已是“已发送”状态" in answer.text
    assert lead.post("/notify/999/retry").status_code == 404
    assert [(r.state, r.attempts, r.changed_by) for r in outbox_rows(db)] == before


def test_a_test_message_is_queued_for_the_worker(db, site, lead):
    assert lead.post("/notify/test", data={"channel": "g1"}).headers["location"] == "/notify?done=test"
    [row] = outbox_rows(db)
    assert (row.channel, row.kind, row.state, row.subject) == ("g1", "test", "queued", "测试消息")
    bad = lead.post("/notify/test", data={"channel": "nope"})
    assert bad.status_code == 422 and "小区配置中没有通道“nope”" in bad.text
    assert len(outbox_rows(db)) == 1


def test_the_outbox_as_json(db, site, lead):
    queue(db, site, "sent", "failed")
    data = lead.get("/api/v1/notifications").json()
    assert [(m["state"], m["dedupe_key"]) for m in data] == [("failed", "digest:b10:B10:1"), ("sent", "digest:b10:B10:0")]
    assert [m["state"] for m in lead.get("/api/v1/notifications?state=failed").json()] == ["failed"]
    assert [m["last_error"] for m in data] == ["127.0.0.1 返回 500（已尝试 8 次，不再重试）", None]
    english = lead.get("/api/v1/notifications", headers={"Accept-Language": "en"}).json()
    assert english[0]["last_error"] == "127.0.0.1 answered 500 (gave up after 8 attempts)"
    wrong = lead.get("/api/v1/notifications?state=lost")
    assert wrong.status_code == 422 and wrong.json()["code"] == "notify.state_one_of"
