import pytest

from station.site import SiteError, load_site, parse_site
from tests.support import DEMO


def test_small_demo_is_fumin_garden(small_site):
    assert len(small_site.buildings) == 20
    assert len(small_site.grids) == 5
    assert sum(b.units for b in small_site.buildings.values()) == 68
    households = sum(b.units * len(b.rooms()) for b in small_site.buildings.values())
    assert 940 <= households <= 960


def test_large_demo_has_117_buildings_and_two_gates(large_site):
    assert len(large_site.buildings) == 117
    assert len(large_site.gates) == 2


def test_every_building_has_its_own_section_and_category_zones_exist(small_site):
    assert {f"B{code}" for code in small_site.buildings} <= set(small_site.zones)
    for code, category in [("MED", "medicine"), ("VAL", "valuable"), ("MEAL", "meal"),
                           ("FRESH", "fresh"), ("BULK", "bulky")]:
        assert small_site.zones[code].category == category
    assert small_site.zones["FRESH"].shelves == len(small_site.grids)


def test_rooms_are_checked_against_the_building(small_site):
    assert small_site.room_problem("10", 2, "301") is None
    assert "no unit 5" in str(small_site.room_problem("12", 5, "301"))
    assert "no floor 9" in str(small_site.room_problem("10", 1, "901"))
    assert "no building 99" in str(small_site.room_problem("99", 1, "101"))
    assert "doors per floor" in str(small_site.room_problem("10", 1, "303"))


def _broken(replace: str, by: str) -> str:
    text = (DEMO / "small.toml").read_text(encoding="utf-8")
    assert replace in text
    return text.replace(replace, by, 1)


@pytest.mark.parametrize("replace, by, key, expected", [
    ('slots = 30\n', 'slots = "thirty"\n', "shelving.slots", "a whole number"),
    ('buildings = "1-4"', 'buildings = "1-4, x"', "grids[0].buildings", "building number"),
    ('buildings = "17-20"', 'buildings = "17-19"', "grids", "every building in a grid"),
    ('windows = ["08:00-12:00"]', 'windows = ["12:00-08:00"]', "categories[2].windows[0]", "ends after it starts"),
    ('code = "MED"', 'code = "med"', "zones[0].code", "upper-case"),
    ('overflow = "OVF"', 'overflow = "NOPE"', "overflow", "role = \"overflow\""),
    ('code = "bulky"', 'code = "sacks"', "categories[5].code", "one of meal"),
    ('ids = "9-20"', 'ids = "9-21"', "grids", "every building in a grid"),
])
def test_a_bad_site_file_names_the_file_the_key_and_what_was_expected(replace, by, key, expected):
    with pytest.raises(SiteError) as caught:
        parse_site(_broken(replace, by), "site.toml")
    message = str(caught.value)
    assert message.startswith("site.toml: ")
    assert key in message
    assert expected in message


def test_invalid_toml_is_reported_with_the_file(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text("[site\nname=", encoding="utf-8")
    with pytest.raises(SiteError, match="bad.toml: \\(file\\): expected valid TOML"):
        load_site(path)


def test_a_missing_file_is_reported(tmp_path):
    with pytest.raises(SiteError, match="readable site file"):
        load_site(tmp_path / "absent.toml")


PROBLEM_ZONE = '''[[zones]]
code = "PROB"
name_zh = "问题件"
name_en = "Problems"
role = "problem"
shelves = 1
slots = 30
'''


def test_the_demo_sites_have_a_problem_zone(small_site, large_site):
    for site in (small_site, large_site):
        zone = site.zones[site.problem_zone]
        assert (zone.code, zone.role, zone.category) == ("PROB", "problem", None)


def test_a_site_file_without_a_problem_zone_gets_one():
    site = parse_site(_broken(PROBLEM_ZONE, ""), "site.toml")
    zone = site.zones[site.problem_zone]
    assert (zone.code, zone.role, zone.shelves, zone.slots) == ("PROB", "problem", 1, 50)


def test_a_site_file_may_name_its_own_problem_zone_but_only_one():
    site = parse_site(_broken(PROBLEM_ZONE, PROBLEM_ZONE.replace('"PROB"', '"DAMAGE"')), "site.toml")
    assert site.problem_zone == "DAMAGE" and "PROB" not in site.zones
    with pytest.raises(SiteError, match='at most one zone with role = "problem"'):
        parse_site(_broken(PROBLEM_ZONE, PROBLEM_ZONE + "\n" + PROBLEM_ZONE.replace('"PROB"', '"DAMAGE"')), "site.toml")
    with pytest.raises(SiteError, match="the code PROB, which a site without one gets, is taken"):
        parse_site(_broken(PROBLEM_ZONE, PROBLEM_ZONE.replace('role = "problem"', 'role = "overflow"')), "site.toml")
