"""The entry point: precedence, the JSON shape, carrier hints, the CLI feed."""

import pytest

from station.recognize import KINDS, Recognition, recognize, recognize_lines
from station.recognize.text import MAX_INPUT

KEYS = {"input", "kind", "carrier", "number", "valid", "reason", "candidates", "destination"}


def test_the_json_shape_is_fixed(recognise):
    for text in ["SF1385628716739", "P7K3M9Q2X", "10-2-301", "10栋301", "???", "73610555582883"]:
        shown = recognise(text).as_json()
        assert set(shown) == KEYS
        assert shown["kind"] in KINDS and isinstance(shown["valid"], bool)
        assert isinstance(shown["candidates"], list)


def test_an_ambiguous_number_is_never_a_confident_guess():
    found = recognize("73610555582883")
    assert (found.kind, found.valid, found.carrier) == ("tracking", True, None)
    assert found.candidates[0] == "ZTO" and len(found.candidates) > 1
    assert "pick the carrier" in str(found.reason)


@pytest.mark.parametrize("hint", ["ZTO", "zto", "中通", "中通快递"])
def test_the_expected_carrier_settles_it(hint):
    found = recognize("73610555582883", expected_carrier=hint)
    assert (found.carrier, found.candidates[0], found.reason) == ("ZTO", "ZTO", None)


def test_a_hint_that_does_not_fit_is_said_and_does_not_override():
    found = recognize("SF1385628716739", expected_carrier="ZTO")
    assert found.carrier == "SF"
    assert "does not fit ZTO" in str(found.reason)
    odd = recognize("73610555582883", expected_carrier="Pony Express")
    assert odd.carrier is None and "not one we know" in str(odd.reason)


def test_best_express_hints_read_as_jt():
    assert recognize("JT5261988016578", expected_carrier="百世").carrier == "JT"


# -- precedence: own codes, then QR payloads, then tracking numbers, then addresses ---------------

def test_our_codes_come_first(site):
    assert recognize("B10-07-023", site=site).kind == "pickup"  # not building 10, unit 7
    assert recognize("R0A1B2C3D").kind == "run"


def test_a_payload_comes_before_reading_the_whole_string_as_a_number():
    assert recognize("no=SF1385628716739").number == "SF1385628716739"


def test_tracking_comes_before_addresses(recognise):
    assert recognise("300527476792").kind == "tracking"
    assert recognise("10-2-301").kind == "address"  # hyphens never join digits of a number


def test_a_mobile_number_is_read_as_a_phone(recognise):
    found = recognise("13812341234")
    assert (found.kind, found.destination) == ("address", "10-2-301")


def test_a_telling_near_miss_stops_at_tracking():
    found = recognize("SF123456789012")
    assert (found.kind, found.valid, found.number) == ("tracking", False, "SF123456789012")
    assert "SF + 13 digits" in str(found.reason)


@pytest.mark.parametrize("text, reason", [
    ("", "nothing was scanned or typed"),
    ("   \r\n", "nothing was scanned or typed"),
    ("hello", "not a code, tracking number or address we can read"),
    ("!!!", "not a code, tracking number or address we can read"),
])
def test_unknown_always_says_why(text, reason):
    found = recognize(text)
    assert (found.kind, found.valid, str(found.reason)) == ("unknown", False, reason)


def test_overlong_input_is_refused_whole():
    found = recognize("SF1385628716739" + " " * MAX_INPUT)
    assert (found.kind, found.valid) == ("unknown", False)
    assert "too long" in str(found.reason) and len(found.input) < 300


def test_recognize_lines_feeds_the_cli(site, roster):
    rows = list(recognize_lines(["SF1385628716739", "10-2-301\r", "P7K3M9Q2X"], site, roster))
    assert [r["kind"] for r in rows] == ["tracking", "address", "parcel"]
    assert rows[1]["destination"] == "10-2-301" and rows[1]["input"] == "10-2-301\r"
    assert all(set(r) == KEYS for r in rows)


def test_a_non_string_is_refused_not_raised():
    found = recognize(None)  # type: ignore[arg-type]
    assert isinstance(found, Recognition) and not found.valid
