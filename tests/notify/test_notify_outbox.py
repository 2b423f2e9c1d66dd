"""The outbox in the database: queued once per key, claimed by one worker, retried or cancelled by a person."""

import threading
from datetime import timedelta

import pytest

from station.catalogue.locale import catalog
from station.errors import Conflict, NotFound
from station.notify import outbox
from station.notify.channels import ChannelError
from station.site import SiteError
from station.siteconfig.service import current_site
from station.timefmt import hhmm
from tests.notify.helpers import make_site, outbox_rows, robot, site_text
from tests.support import NOW

SITE = make_site(robot("b10", "wecom", "http://127.0.0.1:9/b10?key=secret-key", buildings="10"))
B10 = SITE.channels[0]


def zh(text):
    return catalog("zh_CN").get(text, text)


def put(session, key, now=NOW):
    return outbox.enqueue(session, channel=B10, kind="digest", subject="s", body="b", dedupe_key=key, now=now)


def test_a_dedupe_key_is_queued_once_without_spoiling_the_transaction(db):
    def run(session):
        first, repeat = put(session, "digest:b10:B10:x"), put(session, "digest:b10:B10:x")
        return first, repeat, put(session, "digest:b10:B10:y")  # the transaction goes on

    first, repeat, other = db.write(run)
    assert isinstance(first, int) and repeat is None and isinstance(other, int)
    assert db.write(lambda s: put(s, "digest:b10:B10:x")) is None
    rows = outbox_rows(db)
    assert [r.dedupe_key for r in rows] == ["digest:b10:B10:x", "digest:b10:B10:y"]
    assert (rows[0].state, rows[0].attempts, rows[0].target) == ("queued", 0, "http://127.0.0.1:9/b10")


def test_a_rolled_back_cause_leaves_no_message(db):
    def run(session):
        put(session, "digest:b10:B10:gone")
        raise Conflict("the run could not be claimed")

    with pytest.raises(Conflict):
        db.write(run)
    assert outbox_rows(db) == []


def test_concurrent_workers_never_claim_the_same_message(db):
    db.write(lambda s: [put(s, f"k{n}", NOW + timedelta(milliseconds=n)) for n in range(30)])
    claimed: list[int] = []
    lock = threading.Lock()

    def work():
        while True:
            row = db.write(lambda s: outbox.claim_next(s, now=NOW + timedelta(seconds=1)))
            if row is None:
                return
            with lock:
                claimed.append(row.id)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(claimed) == sorted(set(claimed)) and len(claimed) == 30
    assert {r.state for r in outbox_rows(db)} == {"sending"}


def test_only_the_claim_that_sent_may_settle(db):
    db.write(lambda s: put(s, "k"))
    claimed = db.write(lambda s: outbox.claim_next(s, now=NOW))
    assert db.write(lambda s: outbox.claim_next(s, now=NOW)) is None  # taken
    later = NOW + outbox.LEASE + timedelta(seconds=1)
    db.write(lambda s: outbox.recover_interrupted(s, now=later, timezone="Asia/Shanghai", resend_safe=lambda _c: True))
    said = outbox_rows(db)[0].last_error  # said to the coordinator in their language
    assert said.render() == f"the worker stopped while sending it at {hhmm(NOW, 'Asia/Shanghai')}; sent again with the same key"
    assert said.render(zh, "zh_CN") == f"发送进程在 {hhmm(NOW, 'Asia/Shanghai')} 发送时中断；已用同一去重键重新发送"
    again = db.write(lambda s: outbox.claim_next(s, now=later))
    assert again.attempt == 2
    assert db.write(lambda s: outbox.mark_sent(s, claimed=claimed, now=later)) is False  # stale claim
    assert db.write(lambda s: outbox.mark_sent(s, claimed=again, now=later)) is True
    [row] = outbox_rows(db)
    assert (row.state, row.attempts, row.lease_until) == ("sent", 2, None)


def test_a_failed_attempt_is_queued_with_backoff(db):
    db.write(lambda s: put(s, "k"))
    claimed = db.write(lambda s: outbox.claim_next(s, now=NOW))
    error = ChannelError("host answered 500")
    state = db.write(lambda s: outbox.mark_failed_attempt(s, claimed=claimed, now=NOW, reason=error.reason,
                                                           retryable=True, maybe_delivered=False, resend_safe=False))
    [row] = outbox_rows(db)
    assert state == "queued" and row.next_attempt_at == NOW + timedelta(seconds=15)
    assert db.write(lambda s: outbox.claim_next(s, now=NOW + timedelta(seconds=14))) is None


def test_retry_and_cancel_by_the_coordinator(db):
    db.write(lambda s: put(s, "k"))
    [row] = outbox_rows(db)
    db.write(lambda s: outbox.cancel(s, notification_id=row.id, actor="lead"))
    assert (outbox_rows(db)[0].state, outbox_rows(db)[0].changed_by) == ("cancelled", "lead")
    with pytest.raises(Conflict, match="already cancelled"):
        db.write(lambda s: outbox.cancel(s, notification_id=row.id, actor="lead"))
    db.write(lambda s: outbox.retry(s, notification_id=row.id, actor="lead", now=NOW + timedelta(hours=1)))
    row = outbox_rows(db)[0]
    assert (row.state, row.attempts, row.next_attempt_at) == ("queued", 0, NOW + timedelta(hours=1))

    db.write(lambda s: outbox.claim_next(s, now=NOW + timedelta(hours=1)))
    before = outbox_rows(db)[0]
    with pytest.raises(Conflict, match="being sent right now"):
        db.write(lambda s: outbox.cancel(s, notification_id=row.id, actor="lead"))
    with pytest.raises(Conflict, match="nothing to retry"):
        db.write(lambda s: outbox.retry(s, notification_id=row.id, actor="lead", now=NOW))
    with pytest.raises(NotFound, match="no message 999"):
        db.write(lambda s: outbox.retry(s, notification_id=999, actor="lead", now=NOW))
    after = outbox_rows(db)[0]
    assert (after.state, after.attempts, after.changed_by) == (before.state, before.attempts, before.changed_by)


def test_a_site_file_with_a_bad_channel_is_refused_and_the_old_one_stays(db):
    from station.siteconfig.service import store_site

    bad = site_text(robot("b10", "wechat", "http://x/y", buildings="10"))
    with pytest.raises(SiteError, match="channels\\[0\\].kind"):
        db.write(lambda s: store_site(s, toml=bad, source="site.toml", actor="lead", now=NOW))
    with db.read() as session:
        assert current_site(session).channels == ()
