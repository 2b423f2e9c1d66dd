"""Guessing a phone tail: a few wrong tails lock that room's lookups, whatever address they come
from; a compound's residents behind one router keep their budget; a coordinator sees and lifts it."""

from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request

from fastapi.testclient import TestClient

from station.app import create_app
from station.config import Settings
from station.limits.service import held
from station.limits.rules import HELD, ROOM_TAILS
from station.db import utcnow
from tests.reliability.live_station import StationServer
from tests.residents.flows import households, receive


def phone(address: str, db, **settings) -> TestClient:
    """A resident's phone at a client address of its own."""
    app = create_app(Settings(database_url=db.url, **settings), db=db)
    return TestClient(app, client=(address, 40000))


def track(client, **params):
    return client.get("/track", params={"lang": "en", **params})


def wrong(tail: str) -> str:
    return f"{(int(tail) + 1) % 10_000:04d}"


def test_one_rooms_tail_cannot_be_walked_from_many_addresses(db):
    household, other = households(db)
    receive(db, "SF7777777777777", household.destination)
    tail = household.phone[-4:]
    for n in range(ROOM_TAILS.attempts):
        answer = track(phone(f"10.9.0.{n}", db), room=household.destination, phone=f"{(int(tail) + 1 + n) % 10_000:04d}")
        assert answer.status_code == 200 and "SF7777777777777" not in answer.text
    locked = track(phone("10.9.0.99", db), room=household.destination, phone=tail)
    assert locked.status_code == 429 and "Too many wrong phone numbers were tried for this room" in locked.text
    assert "try again in 24 hours" in locked.text
    assert "SF7777777777777" not in locked.text
    # the other rooms, and the same addresses, still look up
    assert track(phone("10.9.0.1", db), room=other.destination, phone=other.phone[-4:]).status_code == 200
    with db.read() as session:
        locks = held(session, HELD, now=utcnow())
    assert [(lock.key, lock.failures) for lock in locks] == [(f"room:{household.destination}", ROOM_TAILS.attempts)]


def test_wrong_tails_from_one_address_are_capped_across_rooms(db):
    first, second = households(db)
    client = phone("10.9.1.1", db, track_failures=3)
    for household in (first, second, first):
        assert track(client, room=household.destination, phone=wrong(household.phone[-4:])).status_code == 200
    assert track(client, room=second.destination, phone=second.phone[-4:]).status_code == 429
    # a neighbour behind another address is not held back
    assert track(phone("10.9.1.2", db), room=second.destination, phone=second.phone[-4:]).status_code == 200


def test_right_tails_cost_nothing_so_one_router_serves_the_compound(db):
    household, _ = households(db)
    client = phone("10.9.2.1", db, track_failures=3)
    for _ in range(10):
        assert track(client, room=household.destination, phone=household.phone[-4:]).status_code == 200


def test_pre_registration_counts_wrong_tails_against_the_room_too(db):
    household, _ = households(db)
    for n in range(ROOM_TAILS.attempts):
        refused = phone(f"10.9.3.{n}", db).post("/track/register", params={"lang": "en"}, data={
            "tracking": f"SF99999999990{n:02d}", "room": household.destination,
            "phone": wrong(household.phone[-4:])})
        assert refused.status_code == 200  # answered as a right tail is (no oracle), counted all the same
    assert track(phone("10.9.3.50", db), room=household.destination,
                 phone=household.phone[-4:]).status_code == 429


def _get(url: str, forwarded: str) -> int:
    request = urllib.request.Request(url, headers={"X-Forwarded-For": forwarded})
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            return answer.status
    except urllib.error.HTTPError as error:
        return error.code


def test_a_rotating_x_forwarded_for_from_loopback_is_not_believed(sqlite_db, tmp_path):
    household, other = households(sqlite_db)
    server = StationServer(sqlite_db.url, tmp_path, STATION_TRACK_FAILURES="3")
    server.start()
    try:
        statuses = []
        for n in range(5):
            query = urllib.parse.urlencode({"room": (household, other)[n % 2].destination, "phone": "0000"})
            statuses.append(_get(f"{server.url}/track?{query}", forwarded=f"203.0.113.{n}"))
    finally:
        server.stop()
    assert statuses[:3] == [200, 200, 200] and statuses[3:] == [429, 429]
