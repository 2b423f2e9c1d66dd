"""No duplicates after a worker is killed between sending and recording it, then restarted.

The design (station/notify/outbox.py, recover_interrupted): a message is claimed as `sending`
with a two-minute lease before it goes out. A worker killed after the chat app accepted it
leaves the row `sending`; once the lease runs out, the next worker
- fails a group-robot message with "it may have arrived; look in the group" (never resent:
  a group cannot drop a duplicate; the coordinator retries by hand if it did not arrive);
- sends a webhook or email message again with the same key (Idempotency-Key / dedupe_key,
  Message-ID), which the receiver uses to keep one.
"""

import signal
import subprocess
import sys
from datetime import timedelta

import pytest

from station.db import utcnow
from station.notify import outbox, worker
from tests.notify.helpers import outbox_rows, robot, use_site
from tests.support import ROOT


def queue(db, site, count=3):
    now = utcnow() - timedelta(seconds=1)

    def run(session):
        for n in range(count):
            for channel in site.channels:
                outbox.enqueue(session, channel=channel, kind="digest", subject=f"第 {n} 条", body=f"消息 {n}",
                               dedupe_key=f"digest:{channel.code}:B10:{n}", now=now + timedelta(milliseconds=n))
    db.write(run)


def crash_once(db) -> subprocess.CompletedProcess:
    done = subprocess.run([sys.executable, "-m", "tests.notify.crashing_worker", db.url], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == -signal.SIGKILL, done.stderr
    return done


def restart(db) -> subprocess.CompletedProcess:
    done = subprocess.run([sys.executable, "-m", "station.cli", "notify-worker", "--db", db.url, "--once"],
                          cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return done


def test_a_group_robot_gets_each_message_at_most_once(db, chat):
    site = use_site(db, robot("b10", "wecom", f"{chat.url}/b10", buildings="10"))
    queue(db, site)
    crash_once(db)
    assert chat.texts() == ["**第 0 条**\n消息 0"]  # it arrived; the worker died before recording it
    assert [r.state for r in outbox_rows(db)] == ["sending", "queued", "queued"]

    restarted = restart(db)  # the lease has not run out: the row is left alone, the rest go
    assert "sent 2" in restarted.stdout
    assert [r.state for r in outbox_rows(db)] == ["sending", "sent", "sent"]

    later = worker.deliver_due(db, site, utcnow() + outbox.LEASE + timedelta(seconds=1))
    assert later.recovered == 1 and later.sent == 0
    first = outbox_rows(db)[0]
    assert first.state == "failed" and "it may have arrived; look in the group" in first.last_error.render()
    assert sorted(chat.texts()) == ["**第 0 条**\n消息 0", "**第 1 条**\n消息 1", "**第 2 条**\n消息 2"]

    # The coordinator looked: it is there, so they cancel it; nothing more is sent.
    db.write(lambda s: outbox.cancel(s, notification_id=first.id, actor="lead"))
    worker.deliver_due(db, site, utcnow() + timedelta(minutes=10))
    assert len(chat.received) == 3


def test_a_webhook_gets_the_message_again_with_the_same_key_and_keeps_one(db, chat):
    site = use_site(db, robot("hook", "webhook", f"{chat.url}/hook", buildings="10"))
    queue(db, site)
    crash_once(db)
    restart(db)
    worker.deliver_due(db, site, utcnow() + outbox.LEASE + timedelta(seconds=1))
    assert [r.state for r in outbox_rows(db)] == ["sent", "sent", "sent"]
    keys = [r.headers["idempotency-key"] for r in chat.received]
    assert sorted(keys) == ["digest:hook:B10:0", "digest:hook:B10:0", "digest:hook:B10:1", "digest:hook:B10:2"]
    assert all(r.json["dedupe_key"] == r.headers["idempotency-key"] for r in chat.received)
    applied = {r.headers["idempotency-key"]: r.json for r in chat.received}  # what a receiver keeps
    assert sorted(applied) == ["digest:hook:B10:0", "digest:hook:B10:1", "digest:hook:B10:2"]
    assert outbox_rows(db)[0].attempts == 2


@pytest.mark.parametrize("kind", ["dingtalk", "feishu"])
def test_the_other_robots_are_not_resent_either(db, chat, kind):
    chat.ok_body = {"errcode": 0, "code": 0}
    site = use_site(db, robot("r", kind, f"{chat.url}/r", buildings="10"))
    queue(db, site, count=1)
    crash_once(db)
    worker.deliver_due(db, site, utcnow() + outbox.LEASE + timedelta(seconds=1))
    assert len(chat.received) == 1 and outbox_rows(db)[0].state == "failed"


def test_the_worker_runs_until_told_to_stop(db, chat):
    import time

    site = use_site(db, robot("b10", "wecom", f"{chat.url}/b10", buildings="10"))
    queue(db, site, count=2)
    process = subprocess.Popen([sys.executable, "-m", "station.cli", "notify-worker", "--db", db.url, "--interval", "1"],
                               cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 30
        while len(chat.received) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        process.send_signal(signal.SIGTERM)
        out, err = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0, err
    assert "sent 2" in out and out.rstrip().endswith("notify worker stopped")
    assert [r.state for r in outbox_rows(db)] == ["sent", "sent"]


def test_the_worker_says_when_there_is_no_station_to_serve(tmp_path):
    from station.db import Database
    from station.migrations import upgrade

    def start(url):
        return subprocess.run([sys.executable, "-m", "station.cli", "notify-worker", "--db", url, "--once"],
                              cwd=ROOT, capture_output=True, text=True, timeout=60)

    nothing = start(f"sqlite:///{tmp_path}/nothing.db")
    assert nothing.returncode == 1 and "was `station init` run?" in nothing.stderr
    with Database(f"sqlite:///{tmp_path}/empty.db") as empty:
        upgrade(empty)
    no_site = start(f"sqlite:///{tmp_path}/empty.db")
    assert no_site.returncode == 1 and "no site is loaded: run `station init` first" in no_site.stderr
