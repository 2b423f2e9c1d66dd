import pytest
from hypothesis import given
from hypothesis import strategies as st

from station.residents import lookup
from station.residents.lookup import (LookupProblem, RoomLookup, TrackingLookup, parse_lookup,
                                      parse_room, parse_tail, parse_tracking)


@pytest.mark.parametrize("text", ["10-2-301", " 10 - 2 - 301 ", "10/2/301", "10 2 301", "１０－２－３０１",
                                  "10栋2单元301", "10栋2单元301室", "10号楼2单元301", "10—2—301"])
def test_rooms_as_people_write_them(text):
    assert parse_room(text) == ("10", 2, "301")


@pytest.mark.parametrize("text", ["", "10-2", "102301", "10-2-30", "A-2-301", "10-2-301-1", "<b>10-2-301"])
def test_what_is_not_a_room(text):
    assert parse_room(text) is None


def test_phone_tails():
    assert parse_tail("1234") == "1234"
    assert parse_tail(" １２３４ ") == "1234"
    for bad in ("", "123", "12345", "12a4", None):
        assert parse_tail(bad) is None


def test_tracking_numbers_lose_spaces_and_dashes():
    assert parse_tracking("SF 1234-5678-9012") == TrackingLookup("SF 1234-5678-9012", "SF123456789012")
    assert parse_tracking("YT1234567890") == TrackingLookup("YT1234567890", "YT1234567890")


def test_one_number_is_picked_out_of_a_pasted_message():
    message = "【顺丰速运】您的快件SF1234567890123已到小区门口"
    assert parse_tracking(message.upper()) == TrackingLookup("SF1234567890123", "SF1234567890123")


@pytest.mark.parametrize("text", ["SF1", "<SCRIPT>ALERT(1)</SCRIPT>", "顺丰", "SF1234567890 YT9876543210 两个"])
def test_what_is_not_a_tracking_number(text):
    assert parse_tracking(text) == LookupProblem(lookup.BAD_TRACKING, "q")


def test_an_overlong_number_is_refused():
    assert parse_tracking("A1" * 30) == LookupProblem(lookup.TOO_LONG, "q")


def test_what_was_asked():
    assert parse_lookup(None, None, None) is None
    assert parse_lookup("  ", "", "") is None
    assert parse_lookup("SF1234567890123", "10-2-301", "1234") == TrackingLookup("SF1234567890123", "SF1234567890123")
    assert parse_lookup(None, "10-2-301", "1234") == RoomLookup("10", 2, "301", "1234")
    assert parse_lookup(None, "10-2-301", "") == LookupProblem(lookup.NEED_TAIL, "phone")
    assert parse_lookup(None, "", "1234") == LookupProblem(lookup.NEED_ROOM, "room")


@given(st.text(max_size=60), st.text(max_size=60), st.text(max_size=10))
def test_any_input_gets_an_answer_never_an_exception(q, room, phone):
    parse_lookup(q.upper(), room, phone)
