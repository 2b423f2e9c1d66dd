import threading

import pytest
from sqlalchemy import select

from station.custody.service import events_of
from station.errors import InvalidInput, NotFound
from station.parcels import service
from station.parcels.models import Parcel
from station.residents.models import Household, PreRegistration
from tests.support import NOW
from tests.parcels.helpers import count_parcels, intake, snapshot


def test_intake_sorts_records_and_logs(db):
    code, duplicate, message = intake(db, "SF1234567890123", "10-2-301", "express")
    assert not duplicate
    assert "B10-01 slot 001" in str(message)
    with db.read() as session:
        parcel = service.get_parcel(session, "SF1234567890123")
        assert parcel.code == code
        assert (parcel.zone, parcel.shelf, parcel.slot, parcel.pickup_code) == ("B10", 1, 1, "B10-01-001")
        assert parcel.status == "received"
        assert parcel.last_seq == 1
        assert parcel.household_id is not None
        assert service.get_parcel(session, code).id == parcel.id
        assert service.get_parcel(session, "B10-01-001").id == parcel.id


def test_a_second_scan_returns_the_first_record(db):
    code, _, _ = intake(db, "SF1234567890123")
    before = snapshot(db)
    again, duplicate, message = intake(db, "sf 1234567890123 ", "3-1-101", "meal")
    assert (again, duplicate) == (code, True)
    assert str(message) == "parcel SF1234567890123 is already on shelf B10-01 (pickup code B10-01-001) since 09:30"
    assert snapshot(db) == before


def test_scanning_our_own_label_finds_the_parcel(db):
    code, _, _ = intake(db, "YT1234567890123")
    assert intake(db, code)[:2] == (code, True)


def test_an_unknown_room_is_refused_and_nothing_is_recorded(db):
    intake(db, "SF1111111111111")
    before = snapshot(db)
    with pytest.raises(InvalidInput, match="building 12 has no unit 5"):
        intake(db, "SF2222222222222", "12-5-301")
    with pytest.raises(InvalidInput, match="not an address we can read"):
        intake(db, "SF2222222222222", "the blue house")
    assert snapshot(db) == before


def test_garbage_and_unknown_categories_and_gates_are_refused(db):
    with pytest.raises(InvalidInput, match="category must be one of"):
        intake(db, "SF2222222222222", category="furniture")
    with pytest.raises(InvalidInput, match="there is no gate"):
        intake(db, "SF2222222222222", gate="west")
    with pytest.raises(InvalidInput, match="at most 200"):
        intake(db, "9" * 300)
    with pytest.raises(NotFound, match="looks like one of our parcel labels"):
        intake(db, "P23456789")
    assert count_parcels(db) == 0


def test_an_item_without_destination_goes_to_unresolved(db):
    intake(db, "JT1234567890123", destination=None)
    with db.read() as session:
        parcel = service.get_parcel(session, "JT1234567890123")
        assert parcel.zone == "UNRES"
        assert parcel.unresolved_reason.code == "parcel.no_destination_given"
        assert parcel.unresolved_reason.render() == "no destination given"


def test_meals_without_barcode_each_get_a_record(db):
    first, _, _ = intake(db, "", "10-2-301", "meal")
    second, _, _ = intake(db, "", "10-2-301", "meal")
    assert first != second
    with db.read() as session:
        assert {p.zone for p in session.scalars(select(Parcel))} == {"MEAL"}


def test_medicine_goes_to_med_and_care_households_come_first(db):
    def flag(session):
        household = session.scalars(select(Household).where(Household.building == "10")).first()
        household.chronic_medicine = True
        return household.destination
    destination = db.write(flag)
    intake(db, "SF3333333333333", destination, "medicine")
    intake(db, "SF4444444444444", "10-1-101" if destination != "10-1-101" else "10-1-102", "express")
    with db.read() as session:
        medicine = service.get_parcel(session, "SF3333333333333")
        express = service.get_parcel(session, "SF4444444444444")
        assert medicine.zone == "MED"
        assert medicine.priority > express.priority + 40


def test_a_preregistration_routes_nothing_until_the_gate_confirms_its_room(db):
    with db.read() as session:
        household = session.scalars(select(Household).order_by(Household.id)).first()
        place = (household.building, household.unit, household.room)
    for number, household_id, contested in (("SF5555555555555", household.id, False),
                                            ("SF5555555555556", None, False),
                                            ("SF5555555555557", household.id, True)):
        db.write(lambda s, n=number, h=household_id, c=contested: s.add(PreRegistration(
            tracking_number=n, building=place[0], unit=place[1], room=place[2], household_id=h,
            contested=c, category="fresh", created_at=NOW)))
    intake(db, "SF5555555555555", destination=None, category=None)
    intake(db, "SF5555555555556", destination=None, category=None)
    intake(db, "SF5555555555557", destination=None, category=None)
    intake(db, "SF5555555555558", destination=None, category=None)  # told nothing
    with db.read() as session:
        parcels = {p.tracking_number: p for p in session.scalars(select(Parcel))}
        assert {n: (p.destination, p.zone) for n, p in parcels.items()} == {
            n: (None, "UNRES") for n in ("SF5555555555555", "SF5555555555556", "SF5555555555557", "SF5555555555558")}
        assert {n: (p.unresolved_reason.code, p.unresolved_reason.render()) for n, p in parcels.items()} == {
            "SF5555555555555": ("parcel.prereg_unconfirmed_for",
                                f"pre-registered for {'-'.join(map(str, place))}, not confirmed against the waybill"),
            "SF5555555555556": ("parcel.prereg_unchecked",
                                "pre-registered for a room without a checked roster entry"),
            "SF5555555555557": ("parcel.prereg_contested", "two rooms pre-registered this number"),
            "SF5555555555558": ("parcel.no_destination_given", "no destination given")}
        assert parcels["SF5555555555555"].category == "fresh"  # a usable one still tells the category
        assert parcels["SF5555555555556"].category == "express"


def test_the_room_confirmed_at_the_gate_routes_it(db):
    with db.read() as session:
        household = session.scalars(select(Household).order_by(Household.id)).first()
    db.write(lambda s: s.add(PreRegistration(
        tracking_number="SF5555555555555", building=household.building, unit=household.unit, room=household.room,
        household_id=household.id, category="fresh", created_at=NOW)))
    intake(db, "SF5555555555555", destination=household.destination, category=None)
    with db.read() as session:
        parcel = service.get_parcel(session, "SF5555555555555")
        assert (parcel.destination, parcel.category, parcel.zone) == (household.destination, "fresh", "FRESH")
        assert events_of(session, parcel)[0].details["preregistered"] == {
            "destination": household.destination, "confirmed": True}


def test_slots_fill_in_order_and_are_never_given_twice(db):
    for n in range(5):
        intake(db, f"SF10000000000{n:02d}")
    with db.read() as session:
        slots = [p.slot for p in session.scalars(select(Parcel).order_by(Parcel.id))]
    assert slots == [1, 2, 3, 4, 5]


def test_two_gates_scanning_the_same_parcel_at_once_make_one_record(db):
    """Threads on SQLite, connections on PostgreSQL: the database settles the race."""
    barrier = threading.Barrier(2)
    results, errors = [], []

    def gate():
        try:
            barrier.wait()
            results.append(intake(db, "SF7777777777777"))
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=gate) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert count_parcels(db) == 1
    assert sorted(duplicate for _, duplicate, _ in results) == [False, True]
    assert results[0][0] == results[1][0]


def test_a_parcel_just_taken_in_can_be_handled_in_the_same_transaction(db):
    """Intake writes plain rows; the parcel it returns is still the session's to change."""
    from datetime import timedelta

    from station.custody.service import check_parcels, record_event
    from station.siteconfig.service import current_site

    def take_in_and_disinfect(session):
        parcel = service.intake_parcel(session, site=current_site(session), scan="SF7777777777777",
                                       destination="10-2-301", category="express", gate="main",
                                       actor="li", now=NOW).parcel
        record_event(session, parcel, event_type="disinfected", actor="li", gate="main",
                     now=NOW + timedelta(minutes=1), details={"method": "spray"})
        assert service.get_parcel(session, "SF7777777777777") is parcel
        return parcel.code

    code = db.write(take_in_and_disinfect)
    with db.read() as session:
        parcel = service.get_parcel(session, code)
        assert (parcel.status, parcel.last_seq, parcel.updated_at) == ("disinfected", 2, NOW + timedelta(minutes=1))
        assert list(check_parcels(session)) == []
