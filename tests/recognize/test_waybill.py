"""The recipient block of a waybill's OCR lines, resolved to a destination or candidates."""

from __future__ import annotations

import random

import pytest

from scanner.ocr import TextLine
from station.recognize.match import Directory, RosterEntry
from station.recognize.waybill import compound_name, mend_misreads, read_waybill, recipient_block
from tests.recognize.conftest import make_site
from tests.waybill_photos import FORMS, address_in

ROSTER = (
    RosterEntry(1, "10", 2, "301", "张三丰", "13812349915"),
    RosterEntry(2, "10", 1, "301", "王芳", "13700001111"),
    RosterEntry(3, "10", 3, "301", "赵六", "13600002222"),
    RosterEntry(4, "3", 1, "502", "李四", "13900003333"),
    RosterEntry(5, "12", 1, "502", "刘备", "15000004444"),
)


@pytest.fixture(scope="module")
def directory() -> Directory:
    return Directory(make_site(), ROSTER)


def lone_marks(to: list[str], sender: list[str] | None = None, score: float = 0.98) -> list[TextLine]:
    """A layout with a big 收 (and 寄) left of each block, the sender's block below."""
    lines = [TextLine("顺丰速运", 0.99, (20, 10, 200, 40)), TextLine("SF1234567890123", 0.99, (40, 120, 300, 140))]
    y = 200
    for mark, block in (("收", to), ("寄", sender or ["京东自营 139****3333", "北京市朝阳区建国路88号3号楼1单元502室"])):
        lines.append(TextLine(mark, 1.0, (10, y + 5, 45, y + 45)))
        for offset, text in enumerate(block):
            lines.append(TextLine(text, score, (60, y + 22 * offset, 420, y + 22 * offset + 18)))
        y += 90
    lines.append(TextLine("物品:日用品 件数:1", 0.97, (20, y + 40, 300, y + 56)))
    return lines


def test_the_recipient_block_is_chosen_over_the_senders(directory):
    lines = lone_marks(["张*丰 138****9915", "重庆市万州区富民花园10号楼2单元301室"])
    block = recipient_block(lines)
    assert [line.text for line in block] == ["张*丰 138****9915", "重庆市万州区富民花园10号楼2单元301室"]
    reading = read_waybill(lines, directory, compound="富民花园")
    assert reading.destination == "10-2-301" and reading.confidence >= 0.9


def test_the_sender_block_first_and_labelled_lines(directory):
    lines = [
        TextLine("寄件人:李宁官方旗舰店 139****3333", 0.98, (10, 100, 400, 118)),
        TextLine("寄件地址:北京市朝阳区建国路88号3号楼1单元502室", 0.98, (10, 122, 420, 140)),
        TextLine("收件人:张*丰 138****9915", 0.98, (10, 200, 400, 218)),
        TextLine("收件地址:重庆市万州区富民花园10号楼2单", 0.97, (10, 222, 420, 240)),
        TextLine("元301室", 0.97, (10, 244, 90, 262)),
    ]
    reading = read_waybill(lines, directory, compound="富民花园")
    assert reading.destination == "10-2-301"
    assert reading.recipient == ("张*丰 138****9915", "重庆市万州区富民花园10号楼2单", "元301室")


@pytest.mark.parametrize("form", FORMS)
def test_each_address_form_resolves(directory, form):
    lines = lone_marks(["张*丰 138****9915", "重庆市万州区富民花园" + address_in(form, "10-2-301")])
    assert read_waybill(lines, directory, compound="富民花园").destination == "10-2-301"


def test_a_phone_tail_chooses_between_households_of_one_room_number(directory):
    for tail, expected in (("9915", "10-2-301"), ("1111", "10-1-301"), ("2222", "10-3-301")):
        lines = lone_marks([f"*芳 137****{tail}", "富民花园10号楼301室"])
        reading = read_waybill(lines, directory, compound="富民花园")
        assert reading.destination == expected, reading


def test_an_unsure_read_offers_candidates_not_a_destination(directory):
    lines = lone_marks(["张*丰 138****9915", "重庆市万州区富民花园10号楼2单元301室"], score=0.6)
    reading = read_waybill(lines, directory, compound="富民花园")
    assert reading.destination is None and reading.candidates == ("10-2-301",)


def test_a_tail_of_another_household_offers_candidates(directory):
    lines = lone_marks(["刘* 150****4444", "富民花园10号楼2单元301室"])
    reading = read_waybill(lines, directory, compound="富民花园")
    assert reading.destination is None
    assert reading.candidates == ("10-2-301", "12-1-502")


def test_an_address_with_nothing_to_confirm_it_is_only_a_candidate(directory):
    reading = read_waybill(lone_marks(["先生", "富民花园10号楼2单元301室"]), directory, compound="富民花园")
    assert reading.destination is None and reading.candidates == ("10-2-301",)


def test_lines_that_disagree_give_no_destination(directory):
    lines = lone_marks(["张*丰 138****9915", "富民花园10号楼2单元301室", "12号楼1单元502室"])
    assert read_waybill(lines, directory, compound="富民花园").destination is None


def test_no_recipient_mark_gives_nothing(directory):
    lines = [TextLine("重庆市万州区富民花园10号楼2单元301室", 0.99, (10, 10, 300, 30))]
    reading = read_waybill(lines, directory)
    assert reading.destination is None and reading.candidates == () and "收" in str(reading.reason)


def test_the_compound_name_from_the_site():
    assert compound_name("富民花园 Fumin Garden (demo)") == "富民花园"
    assert compound_name("Demo") is None


def test_the_order_lines_arrive_in_does_not_matter(directory):
    lines = lone_marks(["张*丰 138****9915", "重庆市万州区富民花园10号楼2单元301室"])
    random.Random(3).shuffle(lines)
    assert read_waybill(lines, directory, compound="富民花园").destination == "10-2-301"


def test_a_footer_misread_as_starting_with_shou_is_no_mark(directory):
    lines = lone_marks(["张*丰 138****9915", "重庆市万州区富民花园10号楼2单元301室"])
    lines.append(TextLine("收人/要时间", 0.64, (20, 600, 200, 618)))
    reading = read_waybill(lines, directory, compound="富民花园")
    assert reading.destination == "10-2-301" and "收人/要时间" not in reading.recipient


def test_a_senders_block_without_its_mark_is_not_read_as_the_recipients(directory):
    """The 寄 went unread: the sender's lines right below still carry a second person."""
    lines = [TextLine("收", 1.0, (10, 205, 45, 245)),
             TextLine("张*丰 138****9915", 0.98, (60, 200, 420, 218)),
             TextLine("富民花园10号楼2单元301室", 0.98, (60, 222, 420, 240)),
             TextLine("京东自营 139****3333", 0.98, (60, 248, 420, 266)),
             TextLine("北京市朝阳区建国路88号3号楼1单元502室", 0.98, (60, 270, 420, 288))]
    block = recipient_block(lines)
    assert [line.text for line in block] == ["张*丰 138****9915", "富民花园10号楼2单元301室"]


def test_a_senders_block_above_without_its_mark_stops_at_the_recipients_person_line(directory):
    """A block opens with its person line: nothing above it is the recipient's, even when the
    寄 above went unread and the lone 收 stands beside the address only."""
    lines = [TextLine("拼多多商家 131****9710", 0.9, (73, 195, 233, 221)),
             TextLine("江苏省苏州市工业园区星湖街328号3号楼4单元1", 0.92, (71, 214, 427, 238)),
             TextLine("01", 0.96, (73, 234, 95, 253)),
             TextLine("张*丰 138****9915", 0.91, (71, 269, 238, 302)),
             TextLine("收", 1.0, (21, 286, 61, 323)),
             TextLine("重庆市万州区富民花园10号楼2单元301室", 1.0, (70, 296, 316, 326)),
             TextLine("物品:日用品", 0.95, (24, 351, 197, 375))]
    assert [line.text for line in recipient_block(lines)] == ["张*丰 138****9915", "重庆市万州区富民花园10号楼2单元301室"]
    assert read_waybill(lines, directory, compound="富民花园").destination == "10-2-301"


@pytest.mark.parametrize(("read", "meant"), [
    ("贾**17****5737", "贾** ****5737 "),  # a digit of the phone's head missed
    ("张*138*****9915", "张* 138****9915 "),  # a star too many
    ("十五栋一单元西零一室", "十五栋一单元四零一室"),
    ("二十栋一单元七弄二室", "二十栋一单元七零二室"),
    ("1O号楼2单元3O1室", "10号楼2单元301室"),
    ("10-2-3l1", "10-2-311"),
    ("13兮楼", "13号楼"),
    ("王芳 静园巷13号1单元103", "王芳 静园巷13号1单元103"),
    ("上海市黄浦区弄堂里", "上海市黄浦区弄堂里"),
])
def test_the_usual_ocr_slips_are_mended_in_context(read, meant):
    assert mend_misreads(read) == meant


def test_a_masked_phone_read_with_a_digit_missing_still_gives_its_tail(directory):
    lines = lone_marks(["张*丰 38****9915", "重庆市万州区富民花园10号楼2单元301室"])
    assert read_waybill(lines, directory, compound="富民花园").destination == "10-2-301"


def test_the_phones_first_digits_and_tail_confirm_a_room_the_name_does_not(directory):
    """The surname misread and the compound not printed: the phone's 138 and 9915 still agree."""
    lines = lone_marks(["贸*丰 138****9915", "重庆市万州区10号楼2单元301室"], score=0.9)
    reading = read_waybill(lines, directory, compound="富民花园")
    assert reading.destination == "10-2-301", reading
    other = read_waybill(lone_marks(["贸*丰 150****9915", "重庆市万州区10号楼2单元301室"], score=0.9),
                         directory, compound="富民花园")
    assert other.destination is None and other.candidates == ("10-2-301",)
