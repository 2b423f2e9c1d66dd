"""Pre-registration: a resident tells the station a number; the gate scan then needs no typing."""

from __future__ import annotations

from sqlalchemy import select

from station.custody.service import events_of
from station.parcels import service
from station.residents.models import PreRegistration
from station.residents.privacy import mask_name, mask_phone
from station.web.i18n import catalog
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


def test_a_preregistered_number_is_shown_at_the_gate_and_routed_once_confirmed(client, db):
    household, _ = households(db)
    # Typed as the courier's message prints it; the barcode on the box has no dashes.
    page = register(client, tracking="sf 1234-5678-90123", room=household.destination,
                    phone=household.phone[-4:], category="fresh", lang="en")
    assert page.status_code == 200, page.text
    assert f"the gate volunteer checks {household.destination} against the waybill" in page.text
    assert preregs(db) == [("SF1234567890123", household.building, household.unit, household.room, "fresh",
                            "resident", household.id)]

    shown = client.post("/api/v1/scan", json={"scan": "SF1234567890123", "gate": "main"}).json()
    assert shown["kind"] == "new"
    assert shown["preregistered"] == {"destination": household.destination, "category": "fresh",
                                      "phone": mask_phone(household.phone), "name": mask_name(household.name),
                                      "usable": True, "problem": None}
    scan = client.post("/api/v1/intake", json={"scan": "SF1234567890123", "gate": "main",
                                               "destination": household.destination})
    assert scan.status_code == 201, scan.text
    parcel = scan.json()["parcel"]
    assert parcel["destination"] == household.destination
    assert parcel["category"] == "fresh" and parcel["zone"] == "FRESH"
    assert parcel["unresolved_reason"] is None and parcel["carrier"] == "SF"
    assert scan.json()["preregistered"]["confirmed"] is True
    with db.read() as session:
        found = service.get_parcel(session, "SF1234567890123")
        assert found.household_id == household.id


def test_a_strangers_preregistration_does_not_move_the_parcel(client, db):
    """A stranger told the real resident's number for their own room, with their own right tail."""
    resident, stranger = households(db)
    assert register(client, tracking="SF1234567890123", room=stranger.destination,
                    phone=stranger.phone[-4:]).status_code == 200
    # Scanned with nothing typed (a scanner program): the pre-registered room is not used.
    scan = client.post("/api/v1/intake", json={"scan": "SF1234567890123", "gate": "main"})
    assert scan.status_code == 201
    assert (scan.json()["parcel"]["destination"], scan.json()["parcel"]["zone"]) == (None, "UNRES")
    assert scan.json()["preregistered"] == {"destination": stranger.destination, "confirmed": False,
                                            "problem": None, "phone": mask_phone(stranger.phone)}
    # The volunteer types the room on the waybill instead of confirming: the parcel goes there.
    client.post("/api/v1/intake", json={"scan": "SF9999999999999", "gate": "main"})
    typed = client.post("/api/v1/intake", json={"scan": "SF1234567890124", "gate": "main",
                                                "destination": resident.destination}).json()
    assert typed["parcel"]["destination"] == resident.destination and typed["preregistered"] is None


def test_two_rooms_telling_the_same_number_leave_it_to_the_coordinator(client, db):
    first, second = households(db)
    assert register(client, tracking="YT1234567890", room=first.destination, phone=first.phone[-4:]).status_code == 200
    again = register(client, tracking="YT1234567890", room=second.destination, phone=second.phone[-4:], lang="en")
    assert again.status_code == 200 and "Noted" in again.text  # the real resident is not turned away
    shown = client.post("/api/v1/scan", json={"scan": "YT1234567890", "gate": "main"}).json()["preregistered"]
    assert (shown["usable"], shown["problem"], shown["phone"]) == (False, "two rooms pre-registered this number", "")
    chinese = client.post("/api/v1/scan?lang=zh_CN", json={"scan": "YT1234567890", "gate": "main"}).json()
    assert chinese["preregistered"]["problem"] == "两个房号预登记了同一单号"
    parcel = client.post("/api/v1/intake?lang=en", json={"scan": "YT1234567890", "gate": "main"}).json()["parcel"]
    assert parcel["zone"] == "UNRES" and parcel["unresolved_reason"] == "two rooms pre-registered this number"
    queue = client.get("/api/v1/unresolved", headers={"Accept": "application/json"})
    assert "YT1234567890" in queue.text
    chinese = client.get("/api/v1/parcels/YT1234567890?lang=zh_CN").json()  # the form above left an en cookie
    assert chinese["unresolved_reason"] == "两个房号预登记了同一单号"
    assert chinese["events"][0]["details"]["unresolved_reason"] == "两个房号预登记了同一单号"
    with db.read() as session:
        note = session.scalars(select(PreRegistration.note)).one()
    assert note.render() == f"also told for {second.destination}"
    assert note.render(lambda text: catalog("zh_CN").get(text, text), "zh_CN") == f"{second.destination} 也登记了此单号"


def test_the_form_answers_the_same_with_or_without_a_roster_entry_or_a_right_tail(client, db):
    household, _ = households(db)
    wrong = "0000" if household.phone[-4:] != "0000" else "1111"
    room = empty_room(db)
    answers = [register(client, tracking=f"YT123456789{n}", room=place, phone=tail, lang="en")
               for n, (place, tail) in enumerate(((household.destination, wrong), (room, "1234"),
                                                  (household.destination, household.phone[-4:])))]
    assert {a.status_code for a in answers} == {200}
    places = (household.destination, room, household.destination)
    bodies = {a.text.replace(p, "ROOM").replace(f"YT123456789{n}", "NUMBER")
              for n, (a, p) in enumerate(zip(answers, places))}
    assert len(bodies) == 1
    # The wrong tail is kept nowhere; the room without a roster entry is kept, but never used to route.
    assert [(row[0], row[6]) for row in preregs(db)] == [("YT1234567891", None), ("YT1234567892", household.id)]
    shown = client.post("/api/v1/scan", json={"scan": "YT1234567891", "gate": "main"}).json()["preregistered"]
    assert (shown["usable"], shown["category"]) == (False, None)


def test_a_room_that_is_not_on_the_site_is_refused(client, db):
    refused = register(client, tracking="YT1234567890", room="12-5-301", phone="1234", lang="en")
    assert refused.status_code == 422 and "We could not take this. Check the room" in refused.text
    assert preregs(db) == []


def test_the_same_number_again_for_the_same_room_is_fine(client, db):
    household, _ = households(db)
    form = dict(tracking="YT1234567890", room=household.destination, phone=household.phone[-4:])
    assert register(client, **form).status_code == 200
    assert register(client, **form, category="meal").status_code == 200
    assert [row[4] for row in preregs(db)] == ["meal"]


def test_a_parcel_already_here_is_refused_clearly(client, db):
    household, _ = households(db)
    receive(db, "SF1234567890123", household.destination)
    here = register(client, tracking="SF1234567890123", room=household.destination,
                    phone=household.phone[-4:], lang="en")
    assert here.status_code == 409 and "already at the station" in here.text


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
