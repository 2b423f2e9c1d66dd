"""Tracking numbers: the packaged format data, the Chinese facts, and the shared reference data."""

import json

import pytest

from station.recognize import catalogue, identify
from station.bench.accuracy import (
    TrackingCase,
    shared_cases,
    shared_cn_cases,
    tracking_ok,
)
from station.recognize.core import Recogniser
from tests.recognize.conftest import shared_tracking

FORMATS = catalogue().formats
PLAIN = Recogniser()


def fits(number: str) -> list[str]:
    return [m.format_id for m in identify(number).matches]


def test_every_format_names_a_known_carrier_and_compiles():
    carriers = catalogue().carriers
    assert {f.carrier for f in FORMATS} <= set(carriers)
    assert len({f.id for f in FORMATS}) == len(FORMATS)


@pytest.mark.parametrize("fmt", FORMATS, ids=lambda f: f.id)
def test_each_format_accepts_its_valid_and_refuses_its_invalid_examples(fmt):
    assert fmt.valid and fmt.invalid
    for number in fmt.valid:
        assert fmt.id in fits(number), number
    for number in fmt.invalid:
        assert fmt.id not in fits(number), number


@pytest.mark.parametrize("code", ["SF", "JD", "ZTO", "YTO", "STO", "YUNDA", "EMS", "JT", "DEPPON",
                                  "CAINIAO", "ANE", "UPS", "FEDEX", "USPS", "DHL", "UPU", "AMAZON"])
def test_the_carriers_the_station_meets_have_formats(code):
    assert any(f.carrier == code for f in FORMATS)


@pytest.mark.parametrize("number, carrier", [
    ("SF1385628716739", "SF"),
    ("JT5261988016578", "JT"),
    ("YT8962646785389", "YTO"),
    ("YT2229521272164446", "YUNEXPRESS"),
    ("DPK202252612836", "DEPPON"),
    ("JDX024407261700", "JD"),
    ("JDVA11408814483", "JD"),
    ("EA123456785CN", "EMS"),  # S10 issued in China is China Post's
    ("RB123456785GB", "UPU"),
    ("1Z5R89390357567127", "UPS"),
])
def test_prefixed_numbers_name_one_carrier(number, carrier):
    assert identify(number).carriers() == [carrier]


@pytest.mark.parametrize("number, reason", [
    ("SF123456789012", "SF + 13 digits"),
    ("JT123456789012", "JT + 13 digits"),
    ("DPK20225261283", "DPK + 12 digits"),
    ("EA123456786CN", "check digit 6"),
    ("RB123456785XX", "XX is not the code of a postal operator"),
])
def test_near_misses_are_refused_with_the_reason(number, reason):
    verdict = identify(number)
    assert verdict.matches == ()
    assert verdict.telling_miss
    assert any(reason in str(miss) for miss in verdict.misses)


def test_bare_numbers_of_overlapping_ranges_give_ranked_candidates():
    assert identify("773277027280336").carriers()[0] == "STO"
    fifteen = identify("463431409940372").carriers()
    assert fifteen[0] == "YUNDA" and len(fifteen) >= 1
    twelve = identify("300527476792").carriers()
    assert {"SF", "ZTO", "ANE"} <= set(twelve)
    assert identify("73610555582883").carriers()[0] == "ZTO"


def test_a_jd_piece_suffix_is_dropped_from_the_number():
    match = identify("JDX024407261700-1-1-").matches[0]
    assert (match.carrier, match.number) == ("JD", "JDX024407261700")


def test_the_usps_routing_prefix_is_stripped():
    match = identify("420 22153 9101026837331000039521").matches[0]
    assert (match.carrier, match.number) == ("USPS", "9101026837331000039521")
    match = identify("420902459261290336128704042634").matches[0]
    assert (match.carrier, match.number) == ("USPS", "9261290336128704042634")


def test_a_mobile_number_is_not_a_tracking_number():
    assert identify("13812341234").matches == ()
    assert identify("+8613812341234").matches == ()


def test_printed_groups_lower_case_and_runs_of_one_digit():
    assert identify("sf 1385 6287 16739").carriers() == ["SF"]
    assert identify("000000000000").matches == ()


@pytest.mark.parametrize("name, code", [("中通", "ZTO"), ("zto", "ZTO"), ("ZTO Express", "ZTO"),
                                        ("顺丰", "SF"), ("极兔", "JT"), ("百世", "JT"), ("德邦", "DEPPON"),
                                        ("nobody", None), (None, None)])
def test_carrier_names_and_aliases(name, code):
    assert catalogue().carrier_code(name) == code


def test_carrier_from_a_waybill_host():
    assert catalogue().carrier_for_host("www.sf-express.com") == "SF"
    assert catalogue().carrier_for_host("m.zto.com") == "ZTO"
    assert catalogue().carrier_for_host("example.com") is None


# -- the shared reference data (skipped where it is not checked out) -------------------------------

def test_every_shared_valid_number_is_recognised_with_its_carrier():
    cases = [c for c in shared_cases(shared_tracking()) if c.valid]
    assert len(cases) > 150
    wrong = [(c.carrier, c.text, PLAIN(c.text).as_json()) for c in cases if not tracking_ok(c, PLAIN(c.text))[0]]
    assert wrong == []


def test_no_shared_invalid_number_is_accepted_as_its_carrier():
    cases = [c for c in shared_cases(shared_tracking()) if not c.valid]
    assert len(cases) > 50
    wrong = [(c.carrier, c.text, PLAIN(c.text).as_json()) for c in cases if not tracking_ok(c, PLAIN(c.text))[0]]
    assert wrong == []


def test_the_shared_chinese_examples_are_recognised():
    cases = list(shared_cn_cases(shared_tracking()))
    assert len(cases) >= 15
    wrong = [(c.carrier, c.text) for c in cases if not tracking_ok(c, PLAIN(c.text))[0]]
    assert wrong == []


def test_the_jkeen_carrier_map_covers_every_shared_courier():
    from station.bench.accuracy import JKEEN_CARRIERS

    couriers = shared_tracking() / "jkeen_tracking_number_data" / "couriers"
    codes = {json.loads(p.read_text(encoding="utf-8"))["courier_code"] for p in couriers.glob("*.json")}
    assert codes <= set(JKEEN_CARRIERS)
    assert set(JKEEN_CARRIERS.values()) <= set(catalogue().carriers)


def test_an_invalid_number_valid_for_another_format_of_the_carrier_is_not_held_against_it():
    case = TrackingCase("PUROLATOR", "331426749957", False, also_valid_for_carrier=True)
    assert tracking_ok(case, PLAIN(case.text))[0]
