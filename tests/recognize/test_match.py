"""Matching address parts against the site and the roster."""

import pytest

from station.recognize import recognize


def test_a_full_address_on_the_roster(recognise):
    found = recognise("10栋2单元301")
    assert (found.kind, found.valid, found.destination, found.household_id) == ("address", True, "10-2-301", 1)


def test_a_room_the_site_has_but_the_roster_does_not(recognise):
    found = recognise("10-3-502")
    assert (found.valid, found.destination, found.household_id) == (True, "10-3-502", None)
    assert "no household there is on the roster" in str(found.reason)


@pytest.mark.parametrize("text, reason", [
    ("12栋5单元301", "building 12 has no unit 5 (units 1-3)"),
    ("10栋2单元801", "building 10 has no floor 8 (floors 1-7)"),
    ("10栋2单元303", "building 10 has no room 303: 2 doors per floor"),
    ("21栋1单元101", "there is no building 21 on this site"),
    ("10栋2单元", "no room number given"),
])
def test_what_does_not_exist_is_refused_with_the_reason(recognise, text, reason):
    found = recognise(text)
    assert (found.kind, found.valid, found.destination, found.candidates) == ("address", False, None, ())
    assert str(found.reason) == reason


def test_unit_missing_gives_the_units_that_have_the_room(recognise):
    found = recognise("10栋301")
    assert not found.valid and found.destination is None
    assert found.candidates == ("10-1-301", "10-2-301", "10-3-301")
    assert "no unit given" in str(found.reason)


def test_a_phone_tail_narrows_a_missing_unit(recognise):
    assert recognise("李** 139****5678 10栋301").destination == "10-2-301"
    # 1234 is the tail of phones in units 1 and 2: still two candidates
    found = recognise("尾号1234 10栋301")
    assert found.destination is None and found.candidates == ("10-1-301", "10-2-301")


def test_a_name_or_a_surname_narrows_a_missing_unit(recognise):
    assert recognise("赵六 10栋301").destination == "10-3-301"
    assert recognise("赵先生 10栋301").destination == "10-3-301"


def test_a_full_phone_alone_finds_the_household(recognise):
    found = recognise("13812341234")
    assert (found.kind, found.valid, found.destination, found.household_id) == ("address", True, "10-2-301", 1)


def test_a_name_alone_is_never_enough(recognise):
    found = recognise("王芳")
    assert not found.valid and found.candidates == ("10-1-301", "12-1-502")
    single = recognise("孙七")
    assert not single.valid and single.candidates == ("20-3-101",)
    assert "confirm" in str(single.reason)


def test_a_phone_of_another_household_is_flagged(recognise):
    found = recognise("10栋3单元301 13812341234")
    assert not found.valid and found.destination is None
    assert found.candidates == ("10-3-301", "10-2-301")
    assert "138****1234" in str(found.reason)  # masked in what is shown


def test_a_typo_with_a_known_phone_offers_the_phones_household(recognise):
    found = recognise("张三 13812341234 10栋5单元301")
    assert not found.valid and found.candidates == ("10-2-301",)
    assert str(found.reason).startswith("building 10 has no unit 5")


def test_a_name_not_on_the_roster_does_not_block_a_full_address(recognise):
    found = recognise("钱八 10-2-301")
    assert (found.valid, found.destination) == (True, "10-2-301")


def test_english_names_match_the_roster(recognise):
    assert recognise("David Chen, Bldg 3 Rm 702").destination == "3-2-702"


def test_no_building_gives_a_capped_list(recognise):
    found = recognise("2单元301")
    assert not found.valid and 1 < len(found.candidates) <= 12
    assert found.candidates[0] == "10-2-301"  # rooms with a household on the roster first


def test_without_a_site_the_parts_are_read_but_not_checked():
    found = recognize("10-2-301")
    assert (found.kind, found.valid, found.destination) == ("address", False, "10-2-301")
    assert str(found.reason) == "no site was given to check it against"
    assert str(recognize("13812341234").reason) == "a name or phone, but no roster was given to look it up"


def test_without_a_room_only_strong_person_details_settle_it(recognise):
    assert recognise("10栋 张三 13812341234").destination == "10-2-301"
    named = recognise("10栋 张三")
    assert not named.valid and named.candidates == ("10-2-301",) and "confirm" in str(named.reason)
    tail = recognise("10栋 尾号1234")
    assert tail.candidates == ("10-1-301", "10-2-301")
    assert str(recognise("10栋2单元 王五").reason) == "no room number given"


def test_leading_zeros_are_read_as_people_mean_them(recognise):
    assert recognise("010栋02单元0301").destination == "10-2-301"
