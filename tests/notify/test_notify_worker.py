"""The worker against local servers: one digest per building per trigger, retries, nothing personal."""

from datetime import timedelta

from sqlalchemy import select

from station.notify import worker
from station.notify.models import Notification, ReminderMark
from station.notify.schedule import MAX_ATTEMPTS
from tests.browser_support import SCREENSHOTS
from tests.notify.helpers import local_time, outbox_rows, personal_data_in, robot, roster_people, shelve, use_site

TEN = local_time(10)
ITEMS = [  # tracking number, destination, category
    ("SF1000000000101", "10-2-301", "express"), ("SF1000000000102", "10-1-502", "express"),
    ("YT2000000000103", "10-3-201", "medicine"), ("JD0000000000104", "10-2-301", "valuable"),
    ("ZTO300000000105", "10-1-101", "meal"), ("SF1000000000106", "3-1-201", "express"),
    ("SF1000000000107", "6-2-601", "fresh"), ("SF1000000000108", "6-2-602", "fresh"),
]


def channels(url: str) -> str:
    return ('[notifications]\ndigest_times = ["10:00", "16:00"]\n\n'
            + robot("b10", "wecom", f"{url}/b10?key=k10", buildings="10")
            + robot("b10-en", "webhook", f"{url}/b10-en", buildings="10", language="en")
            + robot("b3", "wecom", f"{url}/b3?key=k3", buildings="3")
            + robot("g2", "dingtalk", f"{url}/g2?access_token=t", grids='["G2"]', secret="SECg2")
            + robot("b12", "feishu", f"{url}/b12", buildings="12", language="en"))


def stock(db, site):
    return [shelve(db, site, tracking, destination, category) for tracking, destination, category in ITEMS]


def by_path(chat):
    paths: dict[str, list] = {}
    for got in chat.received:
        paths.setdefault(got.path, []).append(got)
    return paths


def test_one_digest_per_building_per_trigger(db, chat):
    site = use_site(db, channels(chat.url))
    stock(db, site)
    first = worker.tick(db, site, TEN)
    assert (first.queued, first.sent, first.failed) == (4, 4, 0)
    again = worker.tick(db, site, TEN + timedelta(minutes=5))  # the same trigger: nothing new
    assert (again.queued, again.sent) == (0, 0)
    received = by_path(chat)
    assert {path: len(posts) for path, posts in received.items()} == {"/b10": 1, "/b10-en": 1, "/b3": 1, "/g2": 1}
    assert "/b12" not in received  # nothing waits for building 12: no message

    assert received["/b10"][0].text == (
        "**10号楼 包裹动态 10:00**\n"
        "在站待送：药品 1 件，盒饭 1 件，快递 2 件\n"
        "需核验签收：药品 1 件，请准备领取码或手机尾号\n"
        "请到大门自取：贵重 1 件（凭领取码）")
    assert "#### 第二网格 包裹动态 10:00" in received["/g2"][0].json["markdown"]["text"]
    assert received["/g2"][0].json["markdown"]["text"].endswith("【6号楼】  \n在站待送：生鲜 2 件")  # per building
    assert received["/b10-en"][0].json["dedupe_key"] == "digest:b10-en:B10:2026-11-27T10:00"

    rows = outbox_rows(db)
    assert [(r.channel, r.kind, r.state, r.attempts) for r in rows] == [
        ("b10", "digest", "sent", 1), ("b10-en", "digest", "sent", 1), ("b3", "digest", "sent", 1),
        ("g2", "digest", "sent", 1)]
    assert rows[0].target == f"{chat.url}/b10"  # the key is not kept where people see it

    worker.tick(db, site, local_time(16, 1))
    assert {path: len(posts) for path, posts in by_path(chat).items()} == {"/b10": 2, "/b10-en": 2, "/b3": 2, "/g2": 2}

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    (SCREENSHOTS / "digest-zh.txt").write_text(received["/b10"][0].json["markdown"]["content"] + "\n", encoding="utf-8")
    english = received["/b10-en"][0].json
    (SCREENSHOTS / "digest-en.txt").write_text(f"{english['subject']}\n{english['body']}\n", encoding="utf-8")


def test_nothing_personal_reaches_a_group(db, chat):
    site = use_site(db, channels(chat.url).replace("[notifications]", "[notifications]\nshow_pickup_codes = true"))
    stock(db, site)
    worker.tick(db, site, TEN)
    names, phones = roster_people(db, {"3", "6", "10"})
    assert len(names) > 50 and len(phones) > 50
    tracking = [t for t, _, _ in ITEMS]
    assert len(chat.received) == 4
    for got in chat.received:
        raw = got.raw.decode()
        assert personal_data_in(got.text, names=names, phones=phones, tracking=tracking) == []
        assert personal_data_in(raw, names=names, phones=phones, tracking=tracking) == []
    assert "取件码：VAL-01-001" in by_path(chat)["/b10"][0].text  # the site allows pickup codes


def test_a_failing_server_is_retried_with_backoff_until_it_answers(db, chat):
    site = use_site(db, robot("b10", "wecom", f"{chat.url}/b10", buildings="10") + '[notifications]\ndigest_times = ["10:00"]\n')
    stock(db, site)
    chat.answers += [(500, {}), (502, {})]
    first = worker.tick(db, site, TEN)
    assert (first.sent, first.retrying) == (0, 1)
    [row] = outbox_rows(db)
    assert (row.state, row.attempts, row.next_attempt_at) == ("queued", 1, TEN + timedelta(seconds=15))
    assert "answered 500 (attempt 1; next in 15 s)" in row.last_error.render()

    assert worker.tick(db, site, TEN + timedelta(seconds=10)).retrying == 0  # not due yet: not tried
    assert worker.tick(db, site, TEN + timedelta(seconds=15)).retrying == 1
    assert outbox_rows(db)[0].next_attempt_at == TEN + timedelta(seconds=45)
    done = worker.tick(db, site, TEN + timedelta(seconds=45))
    assert done.sent == 1
    [row] = outbox_rows(db)
    assert (row.state, row.attempts, row.sent_at, row.last_error) == ("sent", 3, TEN + timedelta(seconds=45), None)
    assert len(chat.received) == 3 and len(set(r.raw for r in chat.received)) == 1


def test_a_server_that_is_down_then_recovers_gets_the_message_once(db, chat):
    site = use_site(db, robot("b10", "wecom", f"{chat.url}/b10", buildings="10") + '[notifications]\ndigest_times = ["10:00"]\n')
    stock(db, site)
    chat.down()
    assert worker.tick(db, site, TEN).retrying == 1
    assert worker.tick(db, site, TEN + timedelta(seconds=15)).retrying == 1
    [row] = outbox_rows(db)
    assert row.state == "queued" and row.last_error.render().startswith("cannot reach 127.0.0.1")
    chat.up()
    assert worker.tick(db, site, TEN + timedelta(seconds=45)).sent == 1
    assert len(chat.received) == 1
    assert outbox_rows(db)[0].state == "sent"


def test_after_the_last_attempt_the_message_is_failed_and_says_why(db, chat):
    site = use_site(db, robot("b10", "wecom", f"{chat.url}/b10", buildings="10") + '[notifications]\ndigest_times = ["10:00"]\n')
    stock(db, site)
    chat.answers += [(503, {})] * MAX_ATTEMPTS
    at = TEN
    for _ in range(MAX_ATTEMPTS):
        worker.tick(db, site, at)
        at += timedelta(minutes=20)
    [row] = outbox_rows(db)
    assert (row.state, row.attempts) == ("failed", MAX_ATTEMPTS)
    assert row.last_error.render() == f"127.0.0.1:{chat.port} answered 503 (gave up after {MAX_ATTEMPTS} attempts)"
    assert worker.tick(db, site, at).sent == 0 and len(chat.received) == MAX_ATTEMPTS


def test_a_failing_channel_does_not_hold_up_the_others(db, chat):
    site = use_site(db, channels(chat.url))
    stock(db, site)
    chat.answers.append((500, {}))  # the first message (b10) fails; the rest go
    report = worker.tick(db, site, TEN)
    assert (report.sent, report.retrying) == (3, 1)
    assert report.errors == [f"b10: 127.0.0.1:{chat.port} answered 500"]


def test_a_message_for_a_channel_removed_from_the_site_is_failed(db, chat):
    site = use_site(db, robot("b10", "wecom", f"{chat.url}/b10", buildings="10") + '[notifications]\ndigest_times = ["10:00"]\n')
    stock(db, site)
    db.write(lambda s: worker.triggers.enqueue_due(s, site=site, now=TEN))
    other = use_site(db, robot("b3", "wecom", f"{chat.url}/b3", buildings="3"))
    report = worker.deliver_due(db, other, TEN)
    assert report.failed == 1 and chat.received == []
    assert outbox_rows(db)[0].last_error.render() == "channel b10 is no longer in the site file"


def test_reminders_go_to_the_coordinator_once_per_item_per_window(db, smtp, chat):
    email = (f'[[channels]]\ncode = "lead"\nkind = "email"\nrole = "coordinator"\nsmtp_host = "127.0.0.1"\n'
             f'smtp_port = {smtp.port}\nsmtp_from = "station@gate.example"\nsmtp_to = ["lead@gate.example"]\n')
    site = use_site(db, email + robot("b10", "wecom", f"{chat.url}/b10", buildings="10"))
    codes = stock(db, site)
    worker.tick(db, site, local_time(9, 45))  # nothing is due before medicine has waited 30 minutes
    assert smtp.messages == []
    worker.tick(db, site, local_time(10, 1))
    [medicine] = smtp.messages
    assert medicine["Subject"] == "提醒：1 件物品仍在站点 10:01"
    assert "MED-01-001（10号楼，已等 31 分钟）" in medicine.get_content()

    for hh, mm in ((10, 10), (10, 59)):  # the same morning window: not named again
        worker.tick(db, site, local_time(hh, mm))
    assert len(smtp.messages) == 1
    worker.tick(db, site, local_time(11, 0))  # fresh produce: its only window ends at 12:00
    assert smtp.messages[1].get_content().splitlines() == [
        "今天最后时段 12:00 结束前仍在货架（物品不过夜）：", "· 生鲜 FRESH-02-001（6号楼）", "· 生鲜 FRESH-02-002（6号楼）"]
    worker.tick(db, site, local_time(11, 59))
    assert len(smtp.messages) == 2

    worker.tick(db, site, local_time(20, 0))  # an hour before express ends at 21:00
    evening = smtp.messages[2].get_content()
    # 3 express, the valuable and the meal; the medicine once, in its own section; fresh not again
    assert evening.count("· ") == 6 and "生鲜" not in evening
    late = shelve(db, site, "SF1000000000199", "10-2-302", "express", at=local_time(20, 2))
    worker.tick(db, site, local_time(20, 5))  # the same quarter hour: the new item waits
    assert len(smtp.messages) == 3
    worker.tick(db, site, local_time(20, 16))
    assert len(smtp.messages) == 4
    assert smtp.messages[3].get_content().count("· ") == 1
    with db.read() as session:
        marks = session.scalars(select(ReminderMark.item_key).where(ReminderMark.item_key.like(f"%{late}%"))).all()
        states = session.scalars(select(Notification.state).where(Notification.kind == "reminder")).all()
    assert marks == [f"window:{late}:2026-11-27T21:00"]
    assert states == ["sent"] * 4
    assert chat.received == []  # reminders are not for the building groups
    names, phones = roster_people(db, {"3", "6", "10"})
    for message in smtp.messages:
        assert personal_data_in(message.get_content(), names=names, phones=phones,
                                tracking=[t for t, _, _ in ITEMS]) == []
    assert len(codes) == len(ITEMS)
