"""Several notification workers on one database (one per `station serve --notify-worker`, or a
`station notify-worker` beside them): only the holder of the lease sends."""

import threading

from station.notify import worker
from station.notify.worker import TickReport


def test_of_two_workers_on_one_database_only_one_ticks_and_the_other_takes_over_when_it_stops(db, monkeypatch):
    ticks: list[str] = []
    enough = threading.Event()

    def tick(_db, _site, _now):
        ticks.append(threading.current_thread().name)
        if len(ticks) >= 6:
            enough.set()
        return TickReport()

    monkeypatch.setattr(worker, "tick", tick)
    stops = {name: threading.Event() for name in ("first", "second")}
    said: list[str] = []
    threads = {name: threading.Thread(target=worker.run, name=name, args=(db, lambda: None),
                                      kwargs={"interval": 0.01, "stop": stop, "echo": said.append})
               for name, stop in stops.items()}
    try:
        _run_both(threads, stops, ticks, enough)
    finally:
        for stop in stops.values():
            stop.set()
    assert any("another worker sends" in line for line in said)


def _run_both(threads, stops, ticks, enough) -> None:
    threads["first"].start()
    assert enough.wait(30)
    threads["second"].start()
    ticks.clear()
    enough.clear()
    assert enough.wait(30)
    assert set(ticks) == {"first"}  # the second waits while the first holds the lease
    stops["first"].set()
    threads["first"].join(30)
    ticks.clear()
    enough.clear()
    assert enough.wait(30)  # released on stopping: taken over at once, not after the lease ran out
    assert set(ticks) == {"second"}
    stops["second"].set()
    threads["second"].join(30)
