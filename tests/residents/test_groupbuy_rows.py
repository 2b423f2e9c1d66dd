import pytest

from station.residents.groupbuy import BadRow, GroupRow, parse_group_code, parse_group_list, read_table
from tests.support import said_in_chinese


def parse(text, site, code="GB1127"):
    return parse_group_list(read_table(text), site=site, group_code=code)


def test_a_list_with_a_header_numbers_rows_as_the_spreadsheet_does(small_site):
    rows = parse("房号,物品\n10-2-301,蔬菜包 x2\n3栋1单元101,水果\n", small_site)
    assert rows == [GroupRow(2, "10", 2, "301", "蔬菜包 x2", "GB1127-2"),
                    GroupRow(3, "3", 1, "101", "水果", "GB1127-3")]


def test_a_list_without_header_and_with_chinese_commas_and_tabs(small_site):
    assert parse("10-2-301，蔬菜包\n", small_site)[0].items == "蔬菜包"
    assert parse("10-2-301\t蔬菜包\n", small_site)[0].label == "GB1127-1"


def test_bad_rows_say_why(small_site):
    rows = parse("room,items,code\n12-5-301,米\nabc,米\n,米\n3-1-101,米,sf-1\n3-1-101,米,SF123456\n"
                 "3-1-102,面,SF123456\n", small_site)
    assert [(r.row, str(r.problem)) for r in rows if isinstance(r, BadRow)] == [
        (2, "room 12-5-301 is not on this site: building 12 has no unit 5 (units 1-3)"),
        (3, "abc is not building-unit-room such as 10-2-301"),
        (4, "the room is missing"),
        (5, "code sf-1 is not letters and digits (6 to 40)"),
        (7, "code SF123456 is already on row 6"),
    ]
    assert [r for r in rows if isinstance(r, GroupRow)] == [
        GroupRow(6, "3", 1, "101", "米", "SF123456")]


def test_bad_rows_are_said_in_the_readers_language(small_site):
    rows = parse("room,items,code\n12-5-301,米\nabc,米\n,米\n3-1-101,米,sf-1\n3-1-101," + "米" * 151 + "\n"
                 "3-1-101,米,SF123456\n3-1-102,面,SF123456\n", small_site)
    bad = [r for r in rows if isinstance(r, BadRow)]
    assert [r.problem.code for r in bad] == [
        "groupbuy.row_not_on_site", "groupbuy.row_not_a_room", "groupbuy.row_no_room", "groupbuy.row_code_form",
        "groupbuy.row_items_too_long", "groupbuy.row_code_twice"]
    for row in bad:
        said_in_chinese(row.problem)
    assert said_in_chinese(bad[0].problem) == "小区没有房号 12-5-301：12 栋没有 5 单元（只有 1-3 单元）"


def test_empty_lines_are_skipped_and_an_empty_list_refused(small_site):
    assert [r.row for r in parse("\n10-2-301,a\n\n10-2-302,b\n", small_site)] == [2, 4]
    with pytest.raises(ValueError, match="empty"):
        parse("\n ,\n", small_site)


def test_a_header_without_room_is_refused(small_site):
    with pytest.raises(ValueError, match="room column"):
        parse("items,code\n米,SF123456\n", small_site)


def test_gb18030_files_are_read():
    assert read_table("10-2-301,蔬菜包\n".encode("gb18030")) == [["10-2-301", "蔬菜包"]]


def test_group_codes():
    assert parse_group_code(" gb-1127 ") == "GB1127"
    assert parse_group_code("") is None
    for bad in ("G", "团购<1>", "A" * 17):
        with pytest.raises(ValueError):
            parse_group_code(bad)
