"""Whatever arrives, the recognisers answer with a result or a reason, and never raise."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from station.recognize import KINDS, Recogniser, catalogue, identify, parse_address
from station.recognize.payload import extract_payload
from station.recognize.text import MAX_INPUT, clean
from tests.recognize.conftest import ROSTER, make_site

catalogue()  # read the data file before timing anything
RECOGNISE = Recogniser(make_site(), ROSTER)
PLAIN = Recogniser()
FAST = settings(max_examples=300, deadline=1000, suppress_health_check=[HealthCheck.too_slow])

# Pieces of the things we read, so generated strings come close to real ones.
PIECES = st.sampled_from([
    "SF", "JT", "YT", "JD", "DPK", "1Z", "EA", "CN", "P", "SH-", "B10", "-", "栋", "单元", "室", "号楼",
    "号", "十", "二", "〇", "Bldg ", "Unit ", "Rm ", "#", "138", "****", "尾号", "http://a.cn/?no=",
    '{"mailNo":"', "运单号:", "=", "&", " ", "\r", "\n", "１", "－", "0", "1", "2", "3", "7", "9",
])
NEAR = st.lists(st.one_of(PIECES, st.text(max_size=3)), max_size=30).map("".join)


def check(found, text):
    assert found.kind in KINDS
    assert isinstance(found.valid, bool)
    assert found.valid or found.reason or found.candidates
    shown = found.as_json()
    assert set(shown) == {"input", "kind", "carrier", "number", "valid", "reason", "candidates", "destination"}
    if found.valid and found.kind == "address":
        assert found.destination
    # The input is echoed whole, unless it was refused for its length.
    assert found.input == text or "too long" in str(found.reason)


@FAST
@given(st.text())
def test_any_unicode(text):
    check(RECOGNISE(text), text)
    check(PLAIN(text, expected_carrier="ZTO"), text)


@FAST
@given(NEAR)
def test_strings_near_the_things_we_read(text):
    check(RECOGNISE(text), text)
    check(PLAIN(text), text)


@settings(max_examples=25, deadline=3000)
@given(st.text(min_size=1, max_size=8), st.integers(min_value=MAX_INPUT // 8, max_value=MAX_INPUT * 3))
def test_huge_strings(unit, length):
    text = (unit * (length // len(unit) + 1))[:length]
    check(RECOGNISE(text), text)


@FAST
@given(st.text())
def test_the_parts_never_raise(text):
    cleaned = clean(text)
    identify(cleaned)
    extract_payload(cleaned)
    parse_address(cleaned)


@FAST
@given(st.integers(min_value=0, max_value=10**20))
def test_any_number(value):
    check(RECOGNISE(str(value)), str(value))
