from datetime import timedelta

from station.ops.service import release_lease, take_lease
from tests.support import NOW

MINUTE = timedelta(minutes=1)


def take(db, holder, now):
    return db.write(lambda s: take_lease(s, name="notify-worker", holder=holder, now=now, hold_for=MINUTE))


def test_one_holder_at_a_time_until_it_lets_the_lease_run_out(db):
    assert take(db, "a", NOW)
    assert not take(db, "b", NOW + timedelta(seconds=30))
    assert take(db, "a", NOW + timedelta(seconds=50))  # renewed, to 1:50
    assert not take(db, "b", NOW + timedelta(seconds=100))
    assert take(db, "b", NOW + timedelta(seconds=111))  # a died: b takes over
    assert not take(db, "a", NOW + timedelta(seconds=112))


def test_a_stopping_holder_hands_the_lease_on_at_once(db):
    assert take(db, "a", NOW)
    db.write(lambda s: release_lease(s, name="notify-worker", holder="b", now=NOW))  # not b's to release
    assert not take(db, "b", NOW + timedelta(seconds=1))
    db.write(lambda s: release_lease(s, name="notify-worker", holder="a", now=NOW + timedelta(seconds=2)))
    assert take(db, "b", NOW + timedelta(seconds=2))
