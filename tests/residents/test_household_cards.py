"""Printable household cards (code as text and QR) and a new code when a card is lost."""

from __future__ import annotations

from datetime import timedelta

from station.db import utcnow
from tests.residents.flows import households, receive
from tests.support import bearer



def test_a_coordinator_finds_a_household_and_prints_its_card(client, db):
    household, _ = households(db)
    found = client.get("/residents/households", params={"room": household.destination, "lang": "en"}, headers=bearer("lead"))
    assert found.status_code == 200
    assert f"/residents/households/{household.id}/card" in found.text
    assert household.phone not in found.text
    if household.name and len(household.name) > 1:
        assert household.name not in found.text
    card = client.get(f"/residents/households/{household.id}/card?lang=en", headers=bearer("lead"))
    assert card.status_code == 200
    assert household.code in card.text
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="qr"' in card.text
    assert f"Building {household.building}, unit {household.unit}, room {household.room}" in card.text
    assert card.headers["cache-control"] == "no-store"


def test_unknown_households_and_rooms(client):
    assert client.get("/residents/households/999999/card", headers=bearer("lead")).status_code == 404
    assert client.get(f"/residents/households/{10**30}/card", headers=bearer("lead")).status_code == 422
    assert "Enter the room as" in client.get("/residents/households?room=abc&lang=en", headers=bearer("lead")).text
    assert "No household on the roster" in client.get("/residents/households?room=12-5-301&lang=en",
                                                      headers=bearer("lead")).text


def test_a_lost_card_gets_a_new_code_and_the_old_one_stops_working(client, db):
    household, _ = households(db)
    receive(db, "SF3333333333333", household.destination, category="valuable", disinfect=True, shelve=True,
            at=utcnow() - timedelta(hours=1))
    renewed = client.post(f"/residents/households/{household.id}/new-code", headers=bearer("lead"), follow_redirects=False)
    assert renewed.status_code == 303
    page = client.get(renewed.headers["location"] + "&lang=en", headers=bearer("lead"))
    assert "the old card no longer works" in page.text
    old = client.post("/api/v1/pickups", json={"parcel": "SF3333333333333", "collected_by": "x",
                                               "verification": {"method": "household_code", "value": household.code}})
    assert old.status_code == 409


def test_cards_are_for_coordinators(client, db):
    household, _ = households(db)
    assert client.get(f"/residents/households/{household.id}/card").status_code == 403  # gate1's token
    assert client.post(f"/residents/households/{household.id}/new-code").status_code == 403


def test_the_card_page_lists_the_items_waiting_with_their_collection_codes(client, db):
    from station.parcels import service

    household, other = households(db)
    receive(db, "SF1000000000001", household.destination)
    receive(db, "SF1000000000002", other.destination)
    with db.read() as session:
        mine = service.get_parcel(session, "SF1000000000001").collection_code
        theirs = service.get_parcel(session, "SF1000000000002").collection_code
    card = client.get(f"/residents/households/{household.id}/card?lang=en", headers=bearer("lead")).text
    assert "SF1000000000001" in card and mine in card
    assert "SF1000000000002" not in card and theirs not in card
