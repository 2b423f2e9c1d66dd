"""Digest times and the retry rules (pure)."""

from datetime import UTC, datetime, time, timedelta

import pytest

from station.catalogue import notify as notify_text
from station.catalogue.locale import catalog
from station.notify.schedule import MAX_ATTEMPTS, after_failure, backoff, due_digest_slots


def zh(text):
    return catalog("zh_CN").get(text, text)


def local(hh, mm=0):
    return datetime(2026, 11, 27, hh, mm, tzinfo=UTC) - timedelta(hours=8)


@pytest.mark.parametrize("hh, mm, due", [(9, 59, []), (10, 0, ["10:00"]), (10, 29, ["10:00"]), (10, 30, []),
                                         (16, 5, ["16:00"]), (23, 0, [])])
def test_a_digest_is_due_from_its_time_for_half_an_hour(hh, mm, due):
    slots = due_digest_slots((time(10), time(16)), now=local(hh, mm), timezone="Asia/Shanghai")
    assert [f"{slot:%H:%M}" for slot in slots] == due


def test_backoff_doubles_and_is_capped():
    assert [int(backoff(n).total_seconds()) for n in range(1, 9)] == [15, 30, 60, 120, 240, 480, 900, 900]


def test_a_retryable_failure_is_queued_again_until_the_last_attempt():
    again = after_failure(reason="host answered 500", attempts=2, retryable=True, maybe_delivered=False,
                          resend_safe=False)
    assert (again.state, again.wait) == ("queued", timedelta(seconds=30))
    assert again.note.render() == "host answered 500 (attempt 2; next in 30 s)"
    assert again.note.render(zh, "zh_CN") == "host answered 500（第 2 次尝试；30 秒后再试）"
    later = after_failure(reason=notify_text.ANSWERED(host="host", status=500), attempts=5, retryable=True,
                          maybe_delivered=False, resend_safe=False)
    assert later.note.render() == "host answered 500 (attempt 5; next in 4 min)"
    last = after_failure(reason="host answered 500", attempts=MAX_ATTEMPTS, retryable=True,
                         maybe_delivered=False, resend_safe=False)
    assert last.state == "failed" and last.note.render() == "host answered 500 (gave up after 8 attempts)"


def test_a_configuration_problem_fails_at_once():
    assert after_failure(reason="bad sign", attempts=1, retryable=False, maybe_delivered=False,
                         resend_safe=True).state == "failed"


def test_a_message_that_may_have_arrived_is_not_resent_to_a_group():
    robot = after_failure(reason="no answer", attempts=1, retryable=True, maybe_delivered=True, resend_safe=False)
    assert robot.state == "failed" and "look in the group" in robot.note.render()
    webhook = after_failure(reason="no answer", attempts=1, retryable=True, maybe_delivered=True, resend_safe=True)
    assert webhook.state == "queued"
