"""Every reason the recogniser gives is a catalogued message, said with its parameters: in Chinese
through the zh catalogue (each parameter shown, no English sentence left), in English for the terminal."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest

from scanner.ocr import TextLine
from station.catalogue import Message, Said
from station.catalogue import recognize as msg
from station.catalogue.locale import catalog
from station.recognize import Recogniser, parse_address, recognize
from station.recognize.address import AddressParts
from station.recognize.carriers import identify
from station.recognize.match import Directory
from station.recognize.text import MAX_INPUT, clean
from station.recognize.waybill import read_waybill
from tests.recognize.conftest import ROSTER, make_site
from tests.recognize.test_waybill import ROSTER as WAYBILL_ROSTER
from tests.recognize.test_waybill import lone_marks
from tests.support import said_in_chinese

SITE = make_site()
RECOGNISE = Recogniser(SITE, ROSTER)
WAYBILLS = Directory(SITE, WAYBILL_ROSTER)


def zh(text: str) -> str:
    return catalog("zh_CN").get(text, text)


@dataclass(frozen=True)
class Case:
    name: str
    reason: Callable[[], Said | None]
    codes: tuple[str, ...]  # the messages said, in order (several when reasons are joined)


def waybill(lines: list[TextLine], compound: str | None = "富民花园") -> Said | None:
    return read_waybill(lines, WAYBILLS, compound=compound).reason


CASES = [
    # addresses as written
    Case("bare numbers", lambda: RECOGNISE("10栋 2-301-5").reason, ("recognize.unplaced",)),
    Case("two buildings", lambda: RECOGNISE("10栋2单元301 11栋2单元301").reason, ("recognize.two_buildings",)),
    Case("two units", lambda: RECOGNISE("10栋2单元301 10栋3单元302").reason, ("recognize.two_units",)),
    Case("two floors", lambda: RECOGNISE("10栋3楼01 4楼02").reason, ("recognize.two_floors",)),
    Case("two rooms", lambda: RECOGNISE("10栋2单元301室 302室").reason, ("recognize.two_rooms",)),
    Case("too many numbers", lambda: parse_address(clean("1 2 3 4 5 6 7 8 9")).problem,
         ("recognize.too_many_numbers",)),
    Case("not floor and door", lambda: RECOGNISE("10栋2单元31").reason, ("site.room_not_a_number",)),
    # against the site and the roster
    Case("unknown phone", lambda: RECOGNISE("10栋2单元301 13700000000").reason, ("recognize.no_phone",)),
    Case("unknown tail", lambda: RECOGNISE("10栋2单元301 尾号0000").reason, ("recognize.no_tail",)),
    Case("name and phone disagree", lambda: RECOGNISE("赵六 13812341234 10栋2单元301").reason,
         ("recognize.people_disagree",)),
    Case("typo, person known", lambda: RECOGNISE("张三 13812341234 10栋5单元301").reason,
         ("recognize.person_fits",)),
    Case("no room, person fits", lambda: RECOGNISE("10栋 张三").reason, ("recognize.fit_there",)),
    Case("no room, nobody fits", lambda: RECOGNISE("12栋 张三").reason, ("recognize.fit_no_one_there",)),
    Case("one person fits", lambda: RECOGNISE("孙七").reason, ("recognize.one_fits",)),
    Case("several fit", lambda: RECOGNISE("王芳").reason, ("recognize.several_fit",)),
    Case("no roster", lambda: recognize("13812341234").reason, ("recognize.no_roster",)),
    Case("phone of another room", lambda: RECOGNISE("10栋3单元301 13812341234").reason,
         ("recognize.phone_elsewhere",)),
    Case("room without household", lambda: RECOGNISE("10-3-502").reason, ("recognize.not_on_roster",)),
    Case("person not of this room", lambda: RECOGNISE("王芳 10-2-301").reason, ("recognize.not_this_room",)),
    Case("no unit", lambda: RECOGNISE("10栋301").reason, ("recognize.no_unit_given",)),
    Case("no building", lambda: RECOGNISE("2单元301").reason, ("recognize.no_building_given",)),
    Case("rooms fit", lambda: Directory._ambiguous(AddressParts("10", 2, "301"), ["10-2-301", "10-3-301"]),
         ("recognize.rooms_fit",)),
    Case("no room", lambda: RECOGNISE("10栋2单元").reason, ("recognize.no_room_given",)),
    Case("nothing fits", lambda: RECOGNISE.directory.resolve(AddressParts(names=("钱八",))).reason,
         ("recognize.nothing_fits",)),
    Case("no site", lambda: recognize("10-2-301").reason, ("recognize.no_site",)),
    # what a string is
    Case("not text", lambda: RECOGNISE(123).reason, ("recognize.not_text",)),  # type: ignore[arg-type]
    Case("too long", lambda: RECOGNISE("x" * (MAX_INPUT + 1)).reason, ("recognize.too_long",)),
    Case("too long normalised", lambda: RECOGNISE("\ufdfa" * 400).reason, ("recognize.too_long_normalised",)),
    Case("nothing", lambda: RECOGNISE(" \r\n").reason, ("recognize.nothing",)),
    Case("unreadable", lambda: RECOGNISE("hello").reason, ("recognize.unreadable",)),
    Case("web address", lambda: RECOGNISE("https://example.com/about").reason, ("recognize.url_without_number",)),
    Case("json", lambda: RECOGNISE('{"hello": "world"}').reason, ("recognize.json_without_number",)),
    Case("query text", lambda: RECOGNISE("a=b&c=d").reason, ("recognize.text_without_number",)),
    # tracking numbers
    Case("unknown carrier", lambda: RECOGNISE("73610555582883", expected_carrier="Pony Express").reason,
         ("recognize.several_carriers", "recognize.unknown_carrier")),
    Case("not that carrier", lambda: RECOGNISE("SF1385628716739", expected_carrier="ZTO").reason,
         ("recognize.not_that_carrier",)),
    Case("several carriers", lambda: RECOGNISE("73610555582883").reason, ("recognize.several_carriers",)),
    Case("postal operator", lambda: RECOGNISE("RB123456785XX").reason, ("recognize.not_a_postal_operator",)),
    Case("check digit", lambda: RECOGNISE("EA123456786CN").reason, ("recognize.check_digit",)),
    Case("one character", lambda: RECOGNISE("1111111111").reason, ("recognize.one_character",)),
    Case("mobile", lambda: identify("13812341234").misses[0], ("recognize.mobile",)),
    Case("starts like", lambda: RECOGNISE("SF123456789012").reason, ("recognize.starts_like",)),
    # our own codes
    Case("no zone", lambda: RECOGNISE("B21-01-001").reason, ("recognize.no_zone",)),
    Case("no shelf", lambda: RECOGNISE("SH-B10-03").reason, ("recognize.no_shelf",)),
    Case("no slot", lambda: RECOGNISE("B10-02-031").reason, ("recognize.no_slot",)),
    # waybills
    Case("no recipient", lambda: waybill([TextLine("富民花园10号楼2单元301室", 0.99, (10, 10, 300, 30))]),
         ("waybill.no_recipient",)),
    Case("empty recipient", lambda: waybill([TextLine("收件人:", 0.99, (10, 10, 300, 30))]),
         ("waybill.empty_recipient",)),
    Case("no room or phone", lambda: waybill(lone_marks(["先生", "富民花园"])), ("waybill.no_room_or_phone",)),
    Case("tail elsewhere", lambda: waybill(lone_marks(["刘* 150****4444", "富民花园10号楼2单元301室"])),
         ("waybill.tail_elsewhere",)),
    Case("doubts", lambda: waybill(lone_marks(["先生", "10号楼2单元301室"], score=0.6)),
         ("waybill.unconfirmed", "waybill.read_unsurely", "waybill.compound_unnamed")),
    Case("not sure", lambda: waybill(lone_marks(["先生 ****9915", "富民花园10号楼2单元301室"], score=0.8)),
         ("waybill.not_sure",)),
]


def said_apart(said: Said) -> Iterator[Said]:
    """The messages a reason says: several when it joins them."""
    if said.code == msg.REASONS.code:
        for item in said.params["reasons"].items:
            yield from said_apart(item)
    else:
        yield said


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_each_reason_is_said_in_chinese_with_its_parameters(case):
    said = case.reason()
    assert isinstance(said, Said), said
    assert tuple(part.code for part in said_apart(said)) == case.codes
    chinese = said_in_chinese(said)
    english = str(said)
    assert english != chinese and not re.search(r"[，；：（）]", english)


def test_joined_reasons_read_with_chinese_punctuation():
    said = RECOGNISE("73610555582883", expected_carrier="Pony Express").reason
    first, second = said_apart(said)
    assert said.render(zh, "zh_CN") == first.render(zh, "zh_CN") + "；" + second.render(zh, "zh_CN")
    assert str(said) == f"{first}; {second}"


def test_the_cases_cover_every_message_of_the_recogniser():
    messages = [value for value in vars(msg).values() if isinstance(value, Message)]
    messages += [m for name, value in vars(msg).items() if isinstance(value, dict) and not name.startswith("_")
                 for m in value.values()]
    covered = {code for case in CASES for code in case.codes} | {msg.REASONS.code}
    assert sorted(m.code for m in messages if m.code not in covered) == []
