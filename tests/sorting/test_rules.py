import pytest

from station.catalogue import parcels as parcel_text
from station.errors import ShelvesFull
from station.sorting.rules import CARE_PRIORITY, Destination, pickup_code, place

HOME = Destination("10", 2, "301")  # building 10 is in grid G3


def put(site, category, destination=HOME, occupied=None, care=()):
    return place(site, category=category, destination=destination, care_flags=care,
                 occupied=occupied or {})


@pytest.mark.parametrize("category, zone", [
    ("medicine", "MED"), ("valuable", "VAL"), ("meal", "MEAL"), ("express", "B10"),
])
def test_each_category_goes_to_its_zone(small_site, category, zone):
    placement = put(small_site, category)
    assert (placement.zone, placement.shelf, placement.slot) == (zone, 1, 1)
    assert placement.unresolved_reason is None


@pytest.mark.parametrize("category, zone", [("fresh", "FRESH"), ("bulky", "BULK")])
def test_fresh_and_bulky_go_to_the_shelf_of_the_destinations_grid(small_site, category, zone):
    placement = put(small_site, category)
    assert placement.zone == zone
    assert placement.shelf == 3  # grid G3
    assert put(small_site, category, Destination("1", 1, "101")).shelf == 1


def test_express_by_grid_uses_the_grid_section(small_site):
    from dataclasses import replace

    by_grid = replace(small_site, express_by="grid",
                      zones={**small_site.zones, "G3": replace(small_site.zones["B10"], code="G3")})
    assert put(by_grid, "express").zone == "G3"


def test_the_first_free_slot_is_taken(small_site):
    placement = put(small_site, "express", occupied={("B10", 1): {1, 2, 4}})
    assert (placement.shelf, placement.slot) == (1, 3)
    assert placement.pickup_code == "B10-01-003"


def test_a_full_shelf_moves_on_to_the_next_shelf_of_the_zone(small_site):
    full = set(range(1, small_site.zones["B10"].slots + 1))
    assert put(small_site, "express", occupied={("B10", 1): full}).shelf == 2


def test_a_full_zone_overflows_to_the_declared_overflow_zone(small_site):
    full = set(range(1, 31))
    placement = put(small_site, "express", occupied={("B10", 1): full, ("B10", 2): full})
    assert placement.zone == "OVF"
    assert placement.overflowed


def test_a_full_grid_shelf_overflows_even_when_other_grids_have_room(small_site):
    full = set(range(1, small_site.zones["FRESH"].slots + 1))
    placement = put(small_site, "fresh", occupied={("FRESH", 3): full})
    assert placement.zone == "OVF"


def test_when_the_overflow_is_full_too_the_volunteer_is_told(small_site):
    occupied = {("MED", 1): range(1, 41), ("MED", 2): range(1, 41)}
    occupied |= {("OVF", s): range(1, 61) for s in range(1, 5)}
    with pytest.raises(ShelvesFull, match="MED and its overflow OVF are full"):
        put(small_site, "medicine", occupied=occupied)


def test_an_unknown_destination_goes_to_unresolved_with_the_reason(small_site):
    placement = put(small_site, "express", destination=None)
    assert placement.zone == "UNRES"
    assert placement.unresolved_reason == parcel_text.NO_DESTINATION_GIVEN()
    assert placement.unresolved_reason.render() == "no destination given"


def test_a_reason_given_as_a_bare_sentence_is_kept_as_said(small_site):
    placement = place(small_site, category="express", destination=None, care_flags=(), occupied={},
                      unresolved_reason="the recogniser could not read the room")
    assert placement.unresolved_reason.code == "station.error"
    assert placement.unresolved_reason.render() == "the recogniser could not read the room"


def test_medicine_without_destination_is_still_unresolved(small_site):
    assert put(small_site, "medicine", destination=None).zone == "UNRES"


def test_care_households_come_first(small_site):
    plain = put(small_site, "express").priority
    cared = put(small_site, "express", care=["elderly_alone"]).priority
    assert cared == plain + CARE_PRIORITY
    assert put(small_site, "medicine").priority > put(small_site, "express").priority


def test_pickup_codes_read_aloud():
    assert pickup_code("B10", 7, 23) == "B10-07-023"
    assert pickup_code("MED", 1, 4) == "MED-01-004"
