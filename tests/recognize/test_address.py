"""Reading addresses into parts (no site, no roster)."""

import pytest

from station.recognize import parse_address
from station.recognize.text import clean, zh_number


def parts(text):
    found = parse_address(clean(text))
    return (found.building, found.unit, found.room)


@pytest.mark.parametrize("text", [
    "10栋2单元301", "10栋2单元301室", "10号楼2单元301室", "10幢2单元301", "10 栋 2 单元 301",
    "10-2-301", "10/2/301", "10 - 2 - 301", "10.2.301", "１０－２－３０１", "１０栋２单元３０１",
    "十栋二单元三零一", "十栋二单元三〇一室", "富民花园10栋2单元301", "重庆市万州区富民花园10-2-301",
    "10栋2-301", "10#2-301", "10栋2单元3楼01", "10栋2单元0301", "10栋2单元301号",
    "Bldg 10, Unit 2, Rm 301", "Building 10 Unit 2 Room 301", "Room 301, Unit 2, Building 10",
    "Apt 301 Unit 2 Bldg 10", "Blk 10 Unit 2 #301", "bldg 10 unit 2 rm 301", "2单元301 10栋",
    "张三 13812341234 10栋2单元301", "张三1381234123410栋2单元301", "10栋2单元301 放门口 谢谢",
])
def test_building_unit_room(text):
    assert parts(text) == ("10", 2, "301")


@pytest.mark.parametrize("text, expected", [
    ("静园巷13号1单元103", ("13", 1, "103")),
    ("王牌路25号1单元503", ("25", 1, "503")),
    ("3-2-1101", ("3", 2, "1101")),
    ("二十栋1单元501", ("20", 1, "501")),
    ("十二栋三单元六零二", ("12", 3, "602")),
    ("10栋301", ("10", None, "301")),
    ("10-301", ("10", None, "301")),
    ("2单元301", (None, 2, "301")),
    ("10栋2单元", ("10", 2, None)),
    ("10A栋1单元101", ("10A", 1, "101")),
    ("王牌路37号邮电宿舍3栋2单元301", ("3", 2, "301")),  # 37号 is the street number here
])
def test_partial_and_other_forms(text, expected):
    assert parts(text) == expected


def test_names_phones_and_places():
    found = parse_address(clean("收件人：王芳 电话：139-1234-5678 地址：富民花园12栋3单元502室"))
    assert (found.name, found.phone, found.phone_tail, found.place) == ("王芳", "13912345678", "5678", "富民花园")
    found = parse_address(clean("李四 138****1234 10栋301"))
    assert (found.name, found.phone, found.phone_tail) == ("李四", None, "1234")
    assert parse_address(clean("尾号 5678")).phone_tail == "5678"
    assert parse_address(clean("+86 138 1234 1234")).phone == "13812341234"
    assert parse_address(clean("张先生 10栋301")).surname == "张"
    assert parse_address(clean("David Chen, Bldg 3 Unit 2 Rm 702")).name == "David Chen"
    found = parse_address(clean("富民花园张三10栋2单元301"))
    assert (found.place, found.name) == ("富民花园", "张三")
    assert parse_address(clean("王道 10-2-301")).name == "王道"
    assert parse_address(clean("10-2-301（张三收）")).name == "张三"


@pytest.mark.parametrize("text, problem", [
    ("10-2-31", "room '31' is not a floor-and-door number"),
    ("10栋2单元301 10栋3单元302", "two units given"),
    ("1 2 3 4 5 6 7 8 9", "too many"),
])
def test_what_cannot_be_read_says_why(text, problem):
    assert problem in str(parse_address(clean(text)).problem)


@pytest.mark.parametrize("text", ["", "hello", "!!!", "SF1385628716739"])
def test_nothing_address_like(text):
    found = parse_address(clean(text))
    assert found is None or not found.has_location


@pytest.mark.parametrize("numeral, value", [("十", "10"), ("二十", "20"), ("十二", "12"), ("二十三", "23"),
                                            ("三零一", "301"), ("一一零二", "1102"), ("一百零一", "101"),
                                            ("两", "2"), ("甲", None)])
def test_chinese_numerals(numeral, value):
    assert zh_number(numeral) == value
