"""Services behind the disinfection, shelves and exception-queue pages, on SQLite and PostgreSQL."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from station.custody.service import events_of
from station.errors import InvalidInput, InvalidTransition
from station.gate.disinfection import service as disinfection_service
from station.gate.shelves import service as shelf_service
from station.gate.unresolved import service as unresolved_service
from station.parcels import handling, service
from station.residents.models import Household
from station.siteconfig.service import current_site
from tests.parcels.helpers import intake, snapshot
from tests.support import NOW


def site_of(db):
    with db.read() as session:
        return current_site(session)


def batch(db, keys, method="alcohol", gate="main", now=NOW, shelve=True):
    site = site_of(db)
    return db.write(lambda s: handling.disinfect_batch(s, keys, site=site, method=method, actor="xiao",
                                                       gate=gate, now=now, shelve=shelve))


def parcel_state(db, key):
    with db.read() as session:
        parcel = service.get_parcel(session, key)
        return parcel, [(e.type, e.actor, e.details) for e in events_of(session, parcel)]


def resolve(db, key, destination, now=NOW, actor="lead", gate=None):
    site = site_of(db)

    def run(session):
        parcel = service.get_parcel(session, key)
        handling.set_destination(session, parcel, site=site, destination=destination, actor=actor,
                                 gate=gate, now=now)
        return parcel.pickup_code
    return db.write(run)


def care_household(db):
    with db.read() as session:
        return session.scalars(select(Household).where(Household.chronic_medicine.is_(True))
                               .order_by(Household.id)).first().destination


# -- disinfect_batch ----------------------------------------------------------------------------

def test_a_batch_is_disinfected_and_shelved_and_each_refusal_is_named(db):
    first, _, _ = intake(db, "SF1000000000001")
    intake(db, "SF1000000000002", "3-1-101")
    batch(db, ["SF1000000000002"])  # already done before this batch
    done, refused = batch(db, ["SF1000000000001", "NOPE", "SF1000000000002", " ", "SF1000000000001"],
                          method="chlorine", now=NOW + timedelta(minutes=1))
    assert done == [first]
    assert {key: str(why) for key, why in refused.items()} == {"NOPE": "no parcel is known by 'NOPE'",
                       "SF1000000000002": "cannot record disinfected: the item is on its shelf"}
    parcel, events = parcel_state(db, "SF1000000000001")
    assert parcel.status == "shelved"
    assert parcel.dwell_until == NOW + timedelta(minutes=16)  # chlorine: 15 minutes of dwell
    assert [e[0] for e in events] == ["received", "disinfected", "shelved"]
    assert events[1][1] == "xiao" and events[1][2]["method"] == "chlorine"


def test_one_item_scanned_by_two_of_its_codes_is_done_once(db):
    code, _, _ = intake(db, "SF1000000000001")
    done, refused = batch(db, ["SF1000000000001", code, "B10-01-001"])
    assert (done, refused) == ([code], {})
    assert len(parcel_state(db, code)[1]) == 3


def test_disinfection_without_shelving(db):
    intake(db, "SF1000000000001")
    batch(db, ["SF1000000000001"], shelve=False)
    assert parcel_state(db, "SF1000000000001")[0].status == "disinfected"


@pytest.mark.parametrize("method, gate, message", [
    ("steam", "main", "unknown disinfection method 'steam'; methods: alcohol, chlorine"),
    ("alcohol", "back", "there is no gate 'back'; gates: main"),
])
def test_a_bad_method_or_gate_refuses_the_whole_batch_and_changes_nothing(db, method, gate, message):
    intake(db, "SF1000000000001")
    before = snapshot(db)
    with pytest.raises(InvalidInput) as error:
        batch(db, ["SF1000000000001"], method=method, gate=gate)
    assert error.value.message == message
    assert snapshot(db) == before


# -- set_destination ----------------------------------------------------------------------------

def test_an_unresolved_item_is_sorted_to_its_building(db):
    code, _, message = intake(db, "SF1000000000001", destination=None)
    assert "UNRES-01 slot 001" in str(message)
    later = NOW + timedelta(minutes=3)
    assert resolve(db, code, "10-2-301", now=later, gate="main") == "B10-01-001"
    parcel, events = parcel_state(db, code)
    assert (parcel.zone, parcel.shelf, parcel.slot) == ("B10", 1, 1)
    assert (parcel.building, parcel.unit, parcel.room, parcel.destination) == ("10", 2, "301", "10-2-301")
    assert parcel.household_id is not None
    assert parcel.unresolved_reason is None
    assert parcel.status == "received"  # moving never changes the custody status
    assert events[-1] == ("moved", "lead", {"from": "UNRES-01-001", "to": "B10-01-001", "destination": "10-2-301"})
    with db.read() as session:
        assert unresolved_service.unresolved_items(session, site=site_of(db), now=later) == []


def test_the_item_gets_the_priority_of_its_household_and_its_category_zone(db):
    destination = care_household(db)
    intake(db, "SF1000000000001", destination=None, category="medicine")
    resolve(db, "SF1000000000001", destination)
    parcel, _ = parcel_state(db, "SF1000000000001")
    assert parcel.zone == "MED"
    assert parcel.priority == 40 + 50  # medicine + care first


@pytest.mark.parametrize("destination, message", [
    ("12-5-301", "destination 12-5-301: building 12 has no unit 5 (units 1-3)"),
    ("99-1-101", "destination 99-1-101: there is no building 99 on this site"),
    ("the blue house", "destination 'the blue house': not an address we can read"),
])
def test_an_unknown_room_is_refused_and_changes_nothing(db, destination, message):
    intake(db, "SF1000000000001", destination=None)
    before = snapshot(db)
    with pytest.raises(InvalidInput) as error:
        resolve(db, "SF1000000000001", destination)
    assert error.value.message == message
    assert snapshot(db) == before


def test_an_item_with_an_open_problem_or_off_the_shelf_is_refused(db):
    intake(db, "SF1000000000001", destination=None)
    site = site_of(db)
    db.write(lambda s: handling.report_problem(s, service.get_parcel(s, "SF1000000000001"), site=site,
                                               note="torn", actor="li", gate="main", now=NOW))
    before = snapshot(db)
    with pytest.raises(InvalidTransition, match="cannot record moved: the item is marked as a problem"):
        resolve(db, "SF1000000000001", "10-2-301")
    assert snapshot(db) == before
    intake(db, "SF1000000000002", "3-1-101")
    batch(db, ["SF1000000000002"])
    later = NOW + timedelta(minutes=10)
    db.write(lambda s: handling.hand_out(s, service.get_parcel(s, "SF1000000000002"), actor="r", gate="main", now=later))
    with pytest.raises(InvalidTransition, match="is not on a shelf: it is out with a runner"):
        resolve(db, "SF1000000000002", "10-2-301")
    assert site.unresolved_zone == "UNRES"


def test_a_retried_resolution_records_nothing_twice_and_a_correction_moves_again(db):
    intake(db, "SF1000000000001", destination=None)
    resolve(db, "SF1000000000001", "10-2-301")
    before = snapshot(db)
    resolve(db, "SF1000000000001", "10-2-301")
    assert snapshot(db) == before
    assert resolve(db, "SF1000000000001", "3-1-101") == "B3-01-001"
    parcel, events = parcel_state(db, "SF1000000000001")
    assert events[-1][2] == {"from": "B10-01-001", "to": "B3-01-001", "destination": "3-1-101"}


def test_a_correction_within_the_same_zone_keeps_the_slot(db):
    intake(db, "SF1000000000001", "10-2-301")
    assert resolve(db, "SF1000000000001", "10-1-101") == "B10-01-001"
    parcel, events = parcel_state(db, "SF1000000000001")
    assert parcel.destination == "10-1-101"
    assert events[-1][2] == {"from": "B10-01-001", "to": "B10-01-001", "destination": "10-1-101"}


# -- the shelf map ------------------------------------------------------------------------------

def test_the_shelf_map_counts_used_overdue_medicine_and_care(db):
    site = site_of(db)
    yesterday = NOW - timedelta(days=1)
    intake(db, "SF1000000000001", "10-2-301", now=yesterday)  # stayed overnight
    intake(db, "SF1000000000002", "10-2-302")
    intake(db, "SF1000000000003", care_household(db), "medicine")
    intake(db, "SF1000000000004", destination=None)
    with db.read() as session:
        shelf_map = shelf_service.shelf_map(session, site=site, now=NOW)
    zones = {z.zone: z for z in shelf_map.zones}
    assert list(zones)[:2] == ["B1", "B2"] and list(zones)[-8:] == ["MED", "VAL", "MEAL", "FRESH", "BULK", "OVF", "UNRES", "PROB"]
    b10 = zones["B10"].shelves[0]
    assert (b10.shelf, b10.used, b10.slots, b10.overdue, b10.level) == ("SH-B10-01", 2, 30, 1, "ok")
    assert (zones["MED"].medicine, zones["MED"].care, zones["MED"].used) == (1, 1, 1)
    assert [s.label for s in zones["FRESH"].shelves] == ["G1", "G2", "G3", "G4", "G5"]
    assert (shelf_map.used, shelf_map.overdue, shelf_map.medicine, shelf_map.care, shelf_map.unresolved) == (4, 1, 1, 1, 1)
    assert shelf_map.slots == sum(z.shelves * z.slots for z in site.zones.values())
    # At 20:30 local the medicine (last window to 20:00) is late; at 21:30 the express parcels too.
    with db.read() as session:
        assert shelf_service.shelf_map(session, site=site, now=NOW.replace(hour=12, minute=30)).overdue == 2
        assert shelf_service.shelf_map(session, site=site, now=NOW.replace(hour=13, minute=30)).overdue == 4


def test_items_that_left_their_shelf_are_not_counted(db):
    intake(db, "SF1000000000001")
    batch(db, ["SF1000000000001"])
    later = NOW + timedelta(minutes=10)
    db.write(lambda s: handling.hand_out(s, service.get_parcel(s, "SF1000000000001"), actor="r", gate="main", now=later))
    with db.read() as session:
        assert shelf_service.shelf_map(session, site=site_of(db), now=later).used == 0


def test_a_shelf_lists_its_items_slot_by_slot(db):
    site = site_of(db)
    intake(db, "SF1000000000001", "10-2-301", now=NOW - timedelta(hours=2))
    intake(db, "SF1000000000002", "10-2-302")
    batch(db, ["SF1000000000002"])
    with db.read() as session:
        shelf = shelf_service.shelf_contents(session, site=site, code="sh-b10-01", now=NOW + timedelta(minutes=2))
    assert (shelf.shelf, shelf.zone, shelf.used, shelf.slots) == ("SH-B10-01", "B10", 2, 30)
    first, second = shelf.items
    assert (first.pickup_code, first.tracking_number, first.destination, first.status, first.age_minutes) == (
        "B10-01-001", "SF1000000000001", "10-2-301", "received", 122)
    assert (second.slot, second.status, second.dwell_minutes_left) == (2, "shelved", 3)


@pytest.mark.parametrize("code, error", [("SH-B99-01", "there is no shelf SH-B99-01 on this site"),
                                         ("SH-B10-03", "there is no shelf SH-B10-03 on this site"),
                                         ("B10-01", "'B10-01' is not a shelf code such as SH-B10-01")])
def test_an_unknown_shelf_is_named(db, code, error):
    with db.read() as session, pytest.raises((InvalidInput, shelf_service.NotFound)) as raised:
        shelf_service.shelf_contents(session, site=site_of(db), code=code, now=NOW)
    assert raised.value.message == error


# -- disinfection page reads --------------------------------------------------------------------

def test_items_received_since_a_time_at_a_gate(db):
    site = site_of(db)
    intake(db, "SF1000000000001", now=NOW - timedelta(hours=2))  # 07:30 local
    second, _, _ = intake(db, "SF1000000000002", "3-1-101", now=NOW - timedelta(minutes=20))
    third, _, _ = intake(db, "SF1000000000003", "3-1-102", now=NOW - timedelta(minutes=10))
    batch(db, ["SF1000000000003"])
    with db.read() as session:
        lines = disinfection_service.received_since(session, site=site, gate="main", since=NOW - timedelta(hours=1))
        assert [line.code for line in lines] == [second]
        assert (lines[0].destination, lines[0].category, lines[0].ready) == ("3-1-101", "express", True)
        with pytest.raises(InvalidInput, match="there is no gate 'back'"):
            disinfection_service.received_since(session, site=site, gate="back", since=NOW)
        described = disinfection_service.describe_batch(session, keys=["SF1000000000003", "NOPE"])
    assert (described[0].known, described[0].ready, str(described[0].problem)) == (True, False, "already on its shelf")
    assert (described[1].known, str(described[1].problem)) == (False, "no parcel is known by 'NOPE'")


def test_items_in_dwell_time_with_minutes_left(db):
    intake(db, "SF1000000000001")
    intake(db, "SF1000000000002", "3-1-101")
    batch(db, ["SF1000000000001"], method="chlorine")
    batch(db, ["SF1000000000002"], method="alcohol")
    with db.read() as session:
        lines = disinfection_service.in_dwell(session, now=NOW + timedelta(minutes=2))
        assert [(line.tracking_number, line.minutes_left) for line in lines] == [
            ("SF1000000000002", 3), ("SF1000000000001", 13)]
        assert [line.tracking_number for line in disinfection_service.in_dwell(session, now=NOW + timedelta(minutes=6))] == ["SF1000000000001"]


# -- the exception queue ------------------------------------------------------------------------

def test_the_queue_lists_items_in_unres_with_reason_and_age(db):
    intake(db, "SF1000000000001", destination=None, now=NOW - timedelta(minutes=45))
    intake(db, "SF1000000000002", "10-2-301")
    with db.read() as session:
        items = unresolved_service.unresolved_items(session, site=site_of(db), now=NOW)
    assert [(i.tracking_number, i.reason.render(), i.age_minutes, i.pickup_code) for i in items] == [
        ("SF1000000000001", "no destination given", 45, "UNRES-01-001")]


def test_roster_candidates_are_the_room_in_every_unit_masked(db):
    site = site_of(db)
    with db.read() as session:
        rooms = list(session.scalars(select(Household).where(Household.building == "10", Household.room == "301")
                                     .order_by(Household.unit)))
        last = rooms[-1]
        candidates = unresolved_service.roster_candidates(session, site=site, text="10-301")
        typed_unit = unresolved_service.roster_candidates(session, site=site, text=f"10-{last.unit}-301")
        assert unresolved_service.roster_candidates(session, site=site, text="99-301") == []
        assert unresolved_service.roster_candidates(session, site=site, text="10") == []
    assert sorted(c.destination for c in candidates) == sorted(h.destination for h in rooms)
    assert len(candidates) >= 2
    household = next(h for h in rooms if h.destination == candidates[0].destination)
    assert candidates[0].phone == household.phone[:3] + "****" + household.phone[-4:]
    assert candidates[0].name == household.name[0] + "*" * min(max(len(household.name) - 1, 1), 3)
    assert household.name not in {c.name for c in candidates}
    assert typed_unit[0].destination == last.destination  # the typed unit first
    assert len(typed_unit) == len(candidates)
