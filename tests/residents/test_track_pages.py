"""/track: by tracking number and by room + phone tail, against parcels made by the real intake."""

from __future__ import annotations

import re
from datetime import timedelta

from station.db import utcnow
from station.parcels import handling, service
from station.web.ratelimit import RateLimiter
from tests.residents.flows import act, empty_room, households, receive, site_of


def track(client, **params):
    return client.get("/track", params=params, headers={"Authorization": "", "Accept-Language": ""})  # a resident, no preference


def test_the_empty_page_works_without_any_query(client):
    page = track(client)
    assert page.status_code == 200
    assert "快递到哪了" in page.text and 'name="q"' in page.text and 'name="phone"' in page.text
    assert "<script" not in page.text  # the lookup page needs no script at all
    assert page.headers["cache-control"] == "no-store"


def test_a_tracking_number_shows_that_parcel_with_its_timeline(client, db):
    household, _ = households(db)
    receive(db, "SF1234567890123", household.destination, disinfect=True, shelve=True, actor="张志愿")
    page = track(client, q="sf 1234-5678-90123", lang="en")
    assert page.status_code == 200
    text = page.text
    assert "SF1234567890123" in text
    assert "On its shelf at the gate" in text
    assert "Received at 大门 Main gate" in text and "Disinfected" in text
    assert re.search(r"<time>\d\d:\d\d</time> On shelf B\d+-01", text)
    assert "张志愿" not in text and "main</" not in text          # no volunteer, no gate code
    assert household.phone not in text and household.phone[-4:] not in text  # no phone at all
    if household.name:
        assert household.name not in text and household.name[0] + "*" in text
    assert f"{household.building}-{household.unit}-{household.room[:-2]}**" in text  # the room masked
    assert "Expected delivery" in text or "Delivery round now" in text or "collect it at the gate" in text


def test_a_tracking_number_not_yet_at_the_gate(client):
    page = track(client, q="YT0000000000001", lang="en")
    assert page.status_code == 200
    assert "No parcel with this number has reached the gate yet." in page.text
    assert "/track/register?tracking=YT0000000000001" in page.text


def test_a_room_with_the_right_tail_lists_its_parcels_unmasked_room_masked_phone(client, db):
    household, other = households(db)
    receive(db, "SF1111111111111", household.destination)
    receive(db, "SF2222222222222", other.destination)
    page = track(client, room=household.destination, phone=household.phone[-4:], lang="en")
    assert page.status_code == 200
    assert "SF1111111111111" in page.text and "SF2222222222222" not in page.text
    assert household.phone not in page.text
    assert household.phone[:3] + "****" + household.phone[-4:] in page.text
    assert "Received at the gate, waiting for disinfection" in page.text


def test_room_lookups_accept_the_way_people_write_rooms(client, db):
    household, _ = households(db)
    receive(db, "SF1111111111111", household.destination)
    written = f"{household.building}栋{household.unit}单元{household.room}室"
    assert "SF1111111111111" in track(client, room=written, phone=household.phone[-4:]).text


def _without(text: str, *echoes: str) -> str:
    text = text.replace("&amp;", "&")
    for echo in echoes:
        text = text.replace(echo, "ECHO")
    return text


def test_a_wrong_tail_reveals_nothing_same_answer_as_an_empty_or_missing_room(client, db):
    household, quiet = households(db)
    receive(db, "SF1111111111111", household.destination, disinfect=True, shelve=True)
    wrong_tail = "0000" if household.phone[-4:] != "0000" else "1111"
    asked = {"wrong tail": (household.destination, wrong_tail),
             "empty room": (quiet.destination, quiet.phone[-4:]),
             "no such room": ("12-5-301", "1234"),
             "no roster entry": (empty_room(db), "1234")}
    answers = {name: (track(client, room=room, phone=tail), room, tail) for name, (room, tail) in asked.items()}
    # The echoed input: the room (form, heading, language link) and the tail (language link only).
    bodies = {name: _without(response.text, f"phone={tail}&", room)
              for name, (response, room, tail) in answers.items()}
    assert {response.status_code for response, _, _ in answers.values()} == {200}
    assert len(set(bodies.values())) == 1, "the answers differ"
    assert "SF1111111111111" not in bodies["wrong tail"]
    assert "没有找到" in bodies["wrong tail"]


def test_bad_input_gets_a_clear_message(client):
    page = track(client, room="10-2", phone="1234", lang="en")
    assert page.status_code == 422
    assert "Enter the room as building-unit-room" in page.text
    page = track(client, room="10-2-301", phone="12", lang="en")
    assert page.status_code == 422 and "last four digits" in page.text
    page = track(client, q="x" * 500, lang="en")
    assert page.status_code == 422 and "too long" in page.text


def test_hostile_input_comes_back_escaped(client):
    for params in ({"q": '"><script>alert(1)</script>'}, {"room": '"><img src=x onerror=alert(1)>', "phone": "1234"},
                   {"q": "SF12345678<b>9</b>"}):
        page = track(client, **params)
        assert "<script>alert" not in page.text and "<img src=x" not in page.text and "<b>9" not in page.text
        assert "&lt;" in page.text or "&#34;&gt;" in page.text


def test_lookups_are_rate_limited_per_client_and_recover(client, db):
    clock = [1000.0]
    client.app.state.track_limiter = RateLimiter(limit=20, window_seconds=600, clock=lambda: clock[0])
    household, _ = households(db)
    for n in range(20):
        assert track(client, q=f"SF12345678901{n:02d}").status_code == 200
    limited = track(client, room=household.destination, phone=household.phone[-4:], lang="en")
    assert limited.status_code == 429
    assert "Too many lookups from this connection. Please wait 10 minutes" in limited.text
    assert track(client, q="SF1234567890123").status_code == 429
    assert track(client).status_code == 200  # the empty form is not a lookup
    clock[0] += 601
    assert track(client, room=household.destination, phone=household.phone[-4:]).status_code == 200


def test_the_limiter_is_made_on_first_use(client):
    assert getattr(client.app.state, "track_limiter", None) is None
    track(client, q="SF1234567890123")
    assert client.app.state.track_limiter.limit == 300


def test_the_lookup_limit_is_a_setting_for_compounds_whose_phones_share_one_address(db, monkeypatch):
    from fastapi.testclient import TestClient

    from station.app import create_app
    from station.config import Settings

    monkeypatch.setenv("STATION_TRACK_LOOKUPS", "3")
    app = create_app(Settings.from_env(database_url=db.url), db=db)
    with TestClient(app) as client:
        assert [track(client, q=f"SF12345678901{n:02d}").status_code for n in range(4)] == [200, 200, 200, 429]


def collection_code(db, key):
    with db.read() as session:
        return service.get_parcel(session, key).collection_code


def test_a_valuable_shows_its_collection_code_and_qr_once_shelved_to_the_household_only(client, db):
    household, _ = households(db)
    receive(db, "SF3333333333333", household.destination, category="valuable")
    code = collection_code(db, "SF3333333333333")
    owner = dict(room=household.destination, phone=household.phone[-4:], lang="en")
    assert "Collection code" not in track(client, **owner).text  # not before disinfection
    act(db, "SF3333333333333", handling.disinfect, site=client.app.state.sites.current(), method="alcohol",
        actor="x", gate="main", now=utcnow() - timedelta(minutes=20))
    act(db, "SF3333333333333", handling.shelve, site=client.app.state.sites.current(), actor="x",
        gate="main", now=utcnow() - timedelta(minutes=19))
    page = track(client, **owner)
    assert "Collection code" in page.text and code in page.text
    assert "VAL-01-001" not in page.text  # the shelf position is the gate's business
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="qr"' in page.text
    assert "Valuables are collected at the gate" in page.text
    by_number = track(client, q="SF3333333333333", lang="en").text
    assert code not in by_number and "VAL-01-001" not in by_number and 'class="qr"' not in by_number
    assert "Look it up by room and phone to see the collection code" in by_number


def test_a_lookup_by_number_never_shows_a_code(client, db):
    """Before: a room without a roster entry, or an item without a destination, showed its code to anyone."""
    room = empty_room(db)
    site = client.app.state.sites.current()
    for number, destination in (("SF3333333333331", room), ("SF3333333333332", None)):
        receive(db, number, destination, category="express", at=utcnow() - timedelta(hours=6))
        act(db, number, handling.disinfect, site=site, method="alcohol", actor="x", gate="main",
            now=utcnow() - timedelta(hours=5))
        act(db, number, handling.shelve, site=site, actor="x", gate="main", now=utcnow() - timedelta(hours=5))
        page = track(client, q=number, lang="en").text
        with db.read() as session:
            shelf_position = service.get_parcel(session, number).pickup_code
        assert collection_code(db, number) not in page and shelf_position not in page and 'class="qr"' not in page
        assert "Collection code" not in page


def test_problems_are_shown_plainly_with_what_to_do(client, db):
    household, _ = households(db)
    receive(db, "SF4444444444444", household.destination)
    act(db, "SF4444444444444", handling.report_problem, site=site_of(db), note="张志愿: box torn", actor="x",
        gate="main", now=utcnow())
    page = track(client, q="SF4444444444444", lang="en").text
    assert "There is a problem with this parcel" in page
    assert "Please call the gate or your building volunteer and give them this number: SF4444444444444" in page
    assert "box torn" not in page and "张志愿" not in page


def test_an_unresolved_destination_says_to_call(client, db):
    receive(db, "SF5555555555555", None)
    page = track(client, q="SF5555555555555", lang="en").text
    assert "could not tell which room" in page


def test_chinese_is_the_default_and_english_one_click_away(client, db):
    household, _ = households(db)
    receive(db, "SF1234567890123", household.destination)
    zh = track(client, q="SF1234567890123").text
    assert "已到门口，等待消杀" in zh and '<html lang="zh-CN">' in zh
    assert 'href="/track?q=SF1234567890123&amp;lang=en"' in zh
