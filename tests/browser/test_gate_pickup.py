"""Self pickup at the gate in Chromium: a collection code or a household card scanned in the scan box
shows whose items they are (room, masked name) before anything is handed over."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from station.custody.service import events_of
from station.db import utcnow
from station.parcels.models import Parcel
from station.residents.models import Household
from station.residents.privacy import mask_name
from tests.browser.conftest import screenshot, sign_in
from tests.browser.test_gate import scan
from tests.residents.flows import households
from tests.runs.helpers import stock


def named_household(db) -> Household:
    for household in households(db, count=5):
        if household.name and len(household.name) > 1:
            return household
    raise AssertionError("the demo roster has no named household with a phone")


def state(db, code):
    with db.read() as session:
        parcel = session.scalars(select(Parcel).where(Parcel.code == code)).one()
        return parcel.status, parcel.collection_code, events_of(session, parcel)[-1]


def test_the_gate_shows_whose_item_it_is_before_handing_it_over(page, live_server):
    db = live_server.db
    household = named_household(db)
    express, medicine = stock(db, [(household.destination, "express"), (household.destination, "medicine")],
                              now=utcnow() - timedelta(minutes=30))
    _, code, _ = state(db, express)
    sign_in(page)

    scan(page, code.lower())  # typed as the resident reads it out
    page.wait_for_selector("#step-pickup:not([hidden])")
    whose = page.locator("#pickup-whose").inner_text()
    assert household.destination in whose and mask_name(household.name) in whose
    assert household.name not in whose
    assert page.locator("#pickup-items tbody tr").count() == 1
    assert page.locator("#pickup-tail").is_hidden()  # express: the code alone
    assert state(db, express)[0] == "shelved"  # shown, not yet handed over
    screenshot(page, "gate-pickup-zh")
    page.keyboard.press("Enter")
    page.wait_for_selector("#banner.ok")
    status, _, event = state(db, express)
    assert status == "picked_up"
    assert (event.actor, event.details["verification"]) == ("gate1", {"method": "collection_code"})

    # The household card: its items ready at the gate, medicine with the phone tail.
    scan(page, household.code)
    page.wait_for_selector("#step-pickup:not([hidden])")
    assert household.destination in page.locator("#pickup-whose").inner_text()
    page.wait_for_selector("#pickup-tail", state="visible")
    page.keyboard.type(household.phone[-4:], delay=150)  # typed by hand, not a scanner's burst
    page.keyboard.press("Enter")
    page.wait_for_selector("#banner.ok")
    status, _, event = state(db, medicine)
    assert status == "picked_up"
    assert event.details["verification"] == {"method": "household_code", "phone_tail": "checked"}


def test_a_guessed_code_at_the_gate_hands_nothing_over(page, live_server):
    db = live_server.db
    household = named_household(db)
    (express,) = stock(db, [(household.destination, "express")], now=utcnow() - timedelta(minutes=30))
    _, code, _ = state(db, express)
    sign_in(page)
    scan(page, "ZZZZZZ" if code != "ZZZZZZ" else "YYYYYY")
    page.wait_for_selector("#banner.error")
    assert page.locator("#step-pickup").is_hidden()
    assert state(db, express)[0] == "shelved"


def test_a_preregistered_room_is_confirmed_with_one_key(page, live_server):
    db = live_server.db
    household = named_household(db)
    from station.residents.models import PreRegistration

    db.write(lambda s: s.add(PreRegistration(
        tracking_number="SF1234567890123", building=household.building, unit=household.unit, room=household.room,
        household_id=household.id, category="express", created_at=utcnow())))
    sign_in(page)
    scan(page, "SF1234567890123")
    page.wait_for_selector("#step-prereg:not([hidden])")
    assert page.locator("#prereg-room").inner_text() == household.destination
    assert household.phone not in page.locator("#prereg-who").inner_text()
    page.keyboard.press("Enter")
    page.wait_for_selector("#result:not([hidden])")
    with db.read() as session:
        parcel = session.scalars(select(Parcel).where(Parcel.tracking_number == "SF1234567890123")).one()
        assert parcel.destination == household.destination and parcel.unresolved_reason is None
