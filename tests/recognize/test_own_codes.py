import pytest

from station.recognize import recognize
from station.recognize.own_codes import read_own_code


@pytest.mark.parametrize("text, kind, code", [
    ("P7K3M9Q2X", "parcel", "P7K3M9Q2X"),
    ("R0A1B2C3D", "run", "R0A1B2C3D"),
    ("H9Z8Y7X6W", "household", "H9Z8Y7X6W"),
    ("p7k3m9q2x", "parcel", "P7K3M9Q2X"),
    ("P7K3M9O2X", "parcel", "P7K3M902X"),  # O typed for 0: Crockford reads it as 0
    ("H1L2I3O45", "household", "H11213045"),
    ("SH-B10-07", "shelf", "SH-B10-07"),
    ("SH-MED-01", "shelf", "SH-MED-01"),
    ("B10-07-023", "pickup", "B10-07-023"),
    ("MED-01-004", "pickup", "MED-01-004"),
    ("FRESH-03-012", "pickup", "FRESH-03-012"),
    ("G2-01-005", "pickup", "G2-01-005"),
    ("UNRES-02-060", "pickup", "UNRES-02-060"),
])
def test_our_codes_without_a_site(text, kind, code):
    found = read_own_code(text)
    assert (found.kind, found.code, found.problem) == (kind, code, None)


@pytest.mark.parametrize("text", ["PROMOTION", "P7K3M9Q2", "P7K3M9Q2XY", "PUUUUUUUU", "SH-JD-01",
                                  "JD-01-123", "10-2-301", "SH-B10", "B10-07"])
def test_what_is_not_ours(text):
    assert read_own_code(text) is None


@pytest.mark.parametrize("raw", [" P7K3M9Q2X\r", "P7K3M9Q2X\r\n", "\tP7K3M9Q2X ", "Ｐ７Ｋ３Ｍ９Ｑ２Ｘ"])
def test_scanner_whitespace_and_full_width_input(raw):
    found = recognize(raw)
    assert (found.kind, found.number, found.valid) == ("parcel", "P7K3M9Q2X", True)
    assert found.input == raw


@pytest.mark.parametrize("text, problem", [
    ("SH-B10-03", "zone B10 has no shelf 03"),
    ("B10-02-031", "shelf B10-02 has no slot 031"),
    ("B21-01-001", "there is no zone B21 on this site"),
    ("SH-XYZ-01", "there is no zone XYZ on this site"),
])
def test_shelf_and_pickup_codes_are_checked_against_the_site(site, text, problem):
    found = recognize(text, site=site)
    assert not found.valid and str(found.reason).startswith(problem)


def test_a_site_zone_of_any_name_is_read(site):
    found = recognize("OVF-04-060", site=site)
    assert (found.kind, found.valid) == ("pickup", True)
    assert recognize("B10-02-030", site=site).valid
