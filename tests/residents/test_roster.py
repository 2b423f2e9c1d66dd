import pytest

from station.residents.privacy import mask_name, mask_phone
from station.residents.roster import RosterRow, normalise_phone, parse_rows
from tests.support import said_in_chinese


def test_chinese_headers_and_cells_are_read(small_site):
    rows = [["楼栋", "单元", "房号", "姓名", "手机", "关怀"],
            ["10栋", "2单元", "301室", "王芳", "138 1234 1234", "独居老人、慢病"]]
    [(number, row)] = list(parse_rows(small_site, rows))
    assert number == 2
    assert row == RosterRow("10", 2, "301", "王芳", "13812341234",
                            frozenset({"elderly_alone", "chronic_medicine"}))


def test_bad_rows_are_rejected_with_row_number_and_reason(small_site):
    rows = [["building", "unit", "room", "name", "phone", "pregnant"],
            ["10", "2", "301", "Li", "13812341234", "yes"],
            ["12", "5", "301", "Wu", "", ""],
            ["10", "two", "301", "", "", ""],
            ["10", "2", "301", "Again", "", ""],
            ["", "", "", "", "", ""],
            ["3", "1", "101", "Ma", "12345", ""]]
    result = dict(parse_rows(small_site, rows))
    assert result[2].care == frozenset({"pregnant"})
    assert (result[3].row, str(result[3].reason)) == (3, "building 12 has no unit 5 (units 1-3)")
    assert "not a number" in str(result[4].reason)
    assert "already on row 2" in str(result[5].reason)
    assert 6 not in result  # blank lines are skipped
    assert "not a mobile number" in str(result[7].reason)
    chinese = [said_in_chinese(result[n].reason) for n in (3, 4, 5, 7)]
    assert chinese[0] == "12 栋没有 5 单元（只有 1-3 单元）"
    assert [code for code in (result[n].reason.code for n in (4, 5, 7))] == [
        "roster.unit_form", "roster.room_twice", "roster.phone_form"]


def test_a_file_without_the_needed_columns_is_refused(small_site):
    with pytest.raises(ValueError, match="needs columns unit"):
        list(parse_rows(small_site, [["building", "room"], ["1", "101"]]))


def test_phones_are_normalised():
    assert normalise_phone("+86 138-1234-1234") == "13812341234"
    assert normalise_phone("") is None
    with pytest.raises(ValueError):
        normalise_phone("call me")


def test_phones_and_names_are_only_ever_shown_masked():
    assert mask_phone("13812341234") == "138****1234"
    assert mask_phone("5551234") == "***1234"
    assert mask_phone(None) == ""
    assert mask_name("王芳") == "王*"
    assert mask_name("Jennifer") == "J***"
