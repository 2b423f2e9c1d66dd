"""Administration rules (pure): a site file's changes, what it would strand, who may be disabled."""

import pytest

from station.admin.rules import disable_refusal, site_changes, stranded, window_changes
from station.site import parse_site
from tests.support import DEMO, said_in_chinese

SMALL = (DEMO / "small.toml").read_text(encoding="utf-8")


def edited(old: str, new: str, text: str = SMALL) -> str:
    assert old in text
    return text.replace(old, new, 1)


@pytest.fixture(scope="module")
def small():
    return parse_site(SMALL, "small.toml")


def test_the_same_file_changes_nothing(small):
    assert not any(change.changed for change in site_changes(small, small))
    assert window_changes(small, small) == []


def test_added_and_removed_things_are_named(small):
    new = parse_site(edited('ids = "9-20"', 'ids = "9-19"').replace('buildings = "17-20"', 'buildings = "17-19"')
                     + '\n[[gates]]\ncode = "east"\nname = "East gate"\n', "new.toml")
    changes = {change.what: change for change in site_changes(small, new)}
    assert changes["buildings"].removed == ("20",) and changes["buildings"].after == 19
    assert changes["zones"].removed == ("B20",)
    assert changes["gates"].added == ("east",) and changes["gates"].before == 1
    assert changes["units"].before - changes["units"].after == 3
    assert not changes["grids"].changed


def test_changed_windows_are_listed(small):
    new = parse_site(edited('windows = ["14:00-21:00"]', 'windows = ["13:00-20:00"]'), "new.toml")
    assert [(w.category, w.before, w.after) for w in window_changes(small, new)] == [
        ("express", "14:00-21:00", "13:00-20:00")]


def test_a_first_site_is_all_added(small):
    changes = {change.what: change for change in site_changes(None, small)}
    assert changes["buildings"].before == 0 and len(changes["buildings"].added) == 20


def test_items_without_a_place_in_the_new_file_strand_it(small):
    assert stranded(small, [("B10", 1, 7, 3), ("MED", 2, 40, 1)], [("10", 4)]) == []
    problems = stranded(small, [("B21", 1, 2, 2), ("MED", 3, 1, 1), ("VAL", 1, 25, 1)], [("21", 2)])
    assert [str(problem) for problem in problems] == [
        "2 item(s) wait for building 21 but the new file has no building 21",
        "zone B21 holds 2 item(s) but the new file has no zone B21",
        "shelf MED-03 holds 1 item(s) but the new file gives zone MED only 2 shelves",
        "shelf VAL-01 has an item in slot 25 but the new file gives zone VAL only 20 slots per shelf",
    ]
    assert [said_in_chinese(problem) for problem in problems] == [
        "2 件物品在等 21 栋，但新文件里没有 21 栋",
        "区域 B21 放着 2 件物品，但新文件里没有区域 B21",
        "货架 MED-03 放着 1 件物品，但新文件只给区域 MED 2 个货架",
        "货架 VAL-01 的 25 号货位有物品，但新文件只给区域 VAL 每个货架 20 个货位",
    ]


@pytest.mark.parametrize("actor, target, role, active, coordinators, refused", [
    ("lead", "gate1", "gate", True, 1, None),
    ("lead", "lead", "coordinator", True, 2, "your own account"),
    ("lead", "gate1", "gate", False, 1, "already disabled"),
    ("lead", "boss", "coordinator", True, 1, "last active coordinator"),
    ("lead", "boss", "coordinator", True, 2, None),
])
def test_who_may_be_disabled(actor, target, role, active, coordinators, refused):
    reason = disable_refusal(actor=actor, target=target, target_role=role, target_active=active,
                             active_coordinators=coordinators)
    assert (reason is None) if refused is None else (refused in str(reason))
