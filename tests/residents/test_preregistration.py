"""Pre-registration: a resident tells the station a number; the gate scan then needs no typing."""

from __future__ import annotations

from sqlalchemy import select

from station.custody.service import events_of
from station.parcels import service
from station.residents.models import PreRegistration
from station.web.ratelimit import RateLimiter
from tests.residents.flows import empty_room, households, receive
from tests.parcels.helpers import snapshot


def register(client, lang="zh_CN", **form):
    return client.post(f"/track/register?lang={lang}", data=form, headers={"Authorization": ""})


def preregs(db):
    with db.read() as session:
        return [(p.tracking_number, p.building, p.unit, p.room, p.category, p.source, p.household_id)
                for p in session.scalars(select(PreRegistration).order_by(PreRegistration.id))]


def test_the_form_works_without_script_and_offers_the_site_categories(client):
    page = client.get("/track/register?tracking=SF1234567890123")
    assert page.status_code == 200
    assert 'value="SF1234567890123"' in page.text
    for code in ("meal", "fresh", "express", "medicine", "valuable", "bulky"):
        assert f'<option value="{code}"' in page.text
    assert '<form method="post" action="/track/register"' in page.text


def test_a_preregistered_number_routes_at_the_gate_without_a_destination(client, db):
    household, _ = households(db)
    # Typed as the courier's message prints it; the barcode on the box has no dashes.
    page = register(client, tracking="sf 1234-5678-90123", room=household.destination,
                    phone=household.phone[-4:], category="fresh", lang="en")
    assert page.status_code == 200, page.text
    assert "it goes straight to the shelf for " + household.destination in page.text
    assert preregs(db) == [("SF1234567890123", household.building, household.unit, household.room, "fresh",
                            "resident", household.id)]

    scan = client.post("/api/v1/intake", json={"scan": "SF1234567890123", "gate": "main"})
    assert scan.status_code == 201, scan.text
    parcel = scan.json()["parcel"]
    assert parcel["destination"] == household.destination
    assert parcel["category"] == "fresh" and parcel["zone"] == "FRESH"
    assert parcel["unresolved_reason"] is None and parcel["carrier"] == "SF"
    with db.read() as session:
        found = service.get_parcel(session, "SF1234567890123")
        assert found.household_id == household.id
        assert events_of(session, found)[0].details["preregistered"] is True


def test_the_same_number_again_for_the_same_room_is_fine(client, db):
    household, _ = households(db)
    form = dict(tracking="YT1234567890", room=household.destination, phone=household.phone[-4:])
    assert register(client, **form).status_code == 200
    assert register(client, **form, category="meal").status_code == 200
    assert [row[4] for row in preregs(db)] == ["meal"]


def test_a_wrong_tail_and_a_missing_room_get_the_same_refusal_and_store_nothing(client, db):
    household, _ = households(db)
    wrong = "0000" if household.phone[-4:] != "0000" else "1111"
    before = snapshot(db), preregs(db)
    refusals = [register(client, tracking="YT1234567890", room=room, phone=tail, lang="en")
                for room, tail in ((household.destination, wrong), ("12-5-301", "1234"), ("20-3-701", "1234"))]
    assert {r.status_code for r in refusals} == {422}
    bodies = {r.text.replace(room, "ROOM") for r, room in zip(refusals, (household.destination, "12-5-301", "20-3-701"))}
    assert len(bodies) == 1
    assert "We could not take this. Check the room" in refusals[0].text
    assert (snapshot(db), preregs(db)) == before


def test_a_room_without_roster_entry_can_still_be_told(client, db):
    room = empty_room(db)
    assert register(client, tracking="YT1234567890", room=room, phone="1234").status_code == 200
    assert preregs(db)[0][6] is None


def test_a_parcel_already_here_or_told_for_another_room_is_refused_clearly(client, db):
    household, other = households(db)
    receive(db, "SF1234567890123", household.destination)
    here = register(client, tracking="SF1234567890123", room=household.destination,
                    phone=household.phone[-4:], lang="en")
    assert here.status_code == 409 and "already at the station" in here.text
    assert register(client, tracking="YT1234567890", room=household.destination,
                    phone=household.phone[-4:]).status_code == 200
    taken = register(client, tracking="YT1234567890", room=other.destination, phone=other.phone[-4:], lang="en")
    assert taken.status_code == 409 and "already told to the station for another room" in taken.text
    assert [row[0] for row in preregs(db)] == ["YT1234567890"]


def test_bad_input_is_named_and_changes_nothing(client, db):
    household, _ = households(db)
    good = dict(tracking="YT1234567890", room=household.destination, phone=household.phone[-4:])
    for change, message in (({"tracking": ""}, "Enter the tracking number"),
                            ({"tracking": "顺丰"}, "does not look like a tracking number"),
                            ({"room": "10-2"}, "Enter the room as building-unit-room"),
                            ({"phone": "12"}, "last four digits"),
                            ({"category": "sofa"}, "Choose what kind of item")):
        page = register(client, **(good | change), lang="en")
        assert page.status_code == 422 and message in page.text
    assert preregs(db) == []


def test_one_of_our_own_codes_is_not_a_parcel(client, db):
    household, _ = households(db)
    page = register(client, tracking=household.code, room=household.destination, phone=household.phone[-4:],
                    lang="en")
    assert page.status_code == 422 and "one of the station's own codes" in page.text
    assert preregs(db) == []


def test_hostile_input_comes_back_escaped(client):
    page = register(client, tracking='"><script>alert(1)</script>', room="<img src=x onerror=alert(1)>", phone="1234")
    assert page.status_code == 422
    assert "<script>alert" not in page.text and "<img src=x" not in page.text
    assert "&lt;img src=x" in page.text


def test_attempts_are_rate_limited_with_lookups(client, db):
    client.app.state.track_limiter = RateLimiter(limit=3, window_seconds=600, clock=lambda: 0.0)
    household, _ = households(db)
    for tail in ("0001", "0002", "0003"):
        register(client, tracking="YT1234567890", room=household.destination, phone=tail)
    limited = register(client, tracking="YT1234567890", room=household.destination,
                       phone=household.phone[-4:], lang="en")
    assert limited.status_code == 429 and "Too many lookups" in limited.text
    assert preregs(db) == []
