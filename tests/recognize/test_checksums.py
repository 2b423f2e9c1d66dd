import pytest

from station.recognize.checksums import passes

MOD10_UPS = {"name": "mod10", "evens_multiplier": 1, "odds_multiplier": 2}
FEDEX_12 = {"name": "weighted", "weights": [3, 1, 7, 3, 1, 7, 3, 1, 7, 3, 1], "modulo1": 11, "modulo2": 10}


@pytest.mark.parametrize("rule, serial, check, expected", [
    ({"name": "s10"}, "12345678", "5", True),  # RB123456785GB
    ({"name": "s10"}, "12345678", "6", False),
    ({"name": "mod7"}, "331881002", "5", True),  # DHL 3318810025
    ({"name": "mod7"}, "331881001", "0", False),
    ({"name": "luhn"}, "7992739871", "3", True),  # the textbook Luhn example
    ({"name": "luhn"}, "7992739871", "4", False),
    (MOD10_UPS, "5R8939035756712", "7", True),  # 1Z5R89390357567127: letters count too
    (MOD10_UPS, "5R8939035756712", "8", False),
    (FEDEX_12, "98657878885", "5", True),
    (FEDEX_12, "99657878885", "5", False),
    ({"name": "mod37_36"}, "008182709980000020033350276", "C", True),  # DPD
    ({"name": "mod37_36"}, "008182709980000020033350276", "A", False),
])
def test_check_digit_rules(rule, serial, check, expected):
    assert passes(rule, serial, check) is expected


def test_a_malformed_serial_fails_instead_of_raising():
    assert passes({"name": "mod7"}, "12A", "1") is False
    assert passes({"name": "s10"}, "1234", "5") is False
