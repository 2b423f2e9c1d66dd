"""The /track flood budget shared by two station processes (two limiters on one database)."""

import threading

from station.web.ratelimit import SharedRateLimiter


def limiter(db, clock):
    # flush_after: no timer thread in these tests, sync() is called where a second has passed
    return SharedRateLimiter(db, 5, 600, flush_after=3600, stale_after=1.0, clock=lambda: clock[0])


def test_each_process_counts_the_others_attempts(db):
    clock = [1_000_000.0]
    one, other = limiter(db, clock), limiter(db, clock)
    assert [one.hit("track:10.0.0.7") for _ in range(3)] == [None, None, None]
    one.sync()
    clock[0] += 1.0
    assert other.hit("track:10.0.0.7") is None  # its counts are a second old: read first
    assert other.hit("track:10.0.0.7") is None
    assert other.hit("track:10.0.0.7") is not None  # 3 + 2 of 5
    assert other.hit("track:10.0.0.8") is None  # another address has its own budget
    other.sync()
    clock[0] += 1.0
    assert one.hit("track:10.0.0.7") is not None


def test_the_budget_comes_back_when_the_window_has_passed(db):
    clock = [1_000_000.0]
    one, other = limiter(db, clock), limiter(db, clock)
    for _ in range(5):
        assert one.hit("track:10.0.0.7") is None
    one.sync()
    clock[0] += 1.0
    assert other.hit("track:10.0.0.7") is not None
    clock[0] += 660
    assert other.hit("track:10.0.0.7") is None
    assert one.hit("track:10.0.0.7") is None


def test_the_page_knows_when_a_hit_would_first_write_the_counts(db):
    # /track runs on the event loop: it sends sync() to a thread when due() says a hit would write
    clock = [1_000_000.0]
    one = limiter(db, clock)
    assert one.due()
    one.sync()
    assert not one.due()
    one.hit("track:10.0.0.7")
    clock[0] += 0.5
    assert not one.due()
    clock[0] += 0.5
    assert one.due()


def test_the_database_is_disposed_only_once_a_flush_in_flight_is_done(db):
    """A flush runs in a thread of its own: disposing the database mid-flush would leave the
    flush's connection out of the disposed pool, open until garbage collected."""
    clock = [1_000_000.0]
    one = limiter(db, clock)
    exchange, inside, go_on = one._exchange, threading.Event(), threading.Event()

    def held(*args):
        inside.set()
        go_on.wait(10)
        return exchange(*args)

    one._exchange = held
    one.hit("track:10.0.0.7")
    flush = threading.Thread(target=one.sync)
    flush.start()
    assert inside.wait(10)
    dispose = threading.Thread(target=db.dispose)
    dispose.start()
    dispose.join(0.5)
    assert dispose.is_alive()  # waits for the flush
    go_on.set()
    flush.join(10)
    dispose.join(10)
    assert not dispose.is_alive() and db.engine.pool.checkedout() == 0
    assert not one._pending and one._read_at == clock[0]  # the flush was written, not dropped
    one.sync()  # a flush due after the database was disposed leaves it alone
