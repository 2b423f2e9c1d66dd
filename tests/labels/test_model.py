from __future__ import annotations

from dataclasses import replace
from datetime import datetime

import pytest

from labels.compose import label_texts
from labels.model import (CATEGORIES, FloorListLine, LabelError, ParcelLabel, ShelfSign, care_words,
                          category_style, floor_of)


def test_categories_by_station_code_or_tag() -> None:
    assert category_style("medicine").tag == "MED"
    assert category_style("MED").name_zh == "药品"
    assert category_style("val").code == "valuable"
    assert {s.tag for s in CATEGORIES.values()} == {"MED", "VAL", "MEAL", "FRESH", "BULK", "EXP"}
    assert {s.code for s in CATEGORIES.values() if s.needs_verification} == {"medicine", "valuable"}
    with pytest.raises(LabelError, match="unknown item category 'toys'"):
        category_style("toys")


def test_care_words_translate_known_marks_and_keep_others() -> None:
    assert care_words(["elderly_alone", "pregnant", "chronic_medicine", "轮椅"]) == \
        ["独居老人", "孕妇", "慢病", "轮椅"]


@pytest.mark.parametrize(("room", "floor"), [("301", "3"), ("1203", "12"), ("101", "1"),
                                             ("B2", ""), ("", "")])
def test_floor_of(room: str, floor: str) -> None:
    assert floor_of(room) == floor


def test_parcel_code_must_fit_a_barcode() -> None:
    with pytest.raises(LabelError, match="printable ASCII"):
        ParcelLabel("P药品", "10", "B10-01-001", "express", datetime(2022, 11, 27))
    with pytest.raises(LabelError, match="no building"):
        ParcelLabel("P7K3M9Q2X", " ", "B10-01-001", "express", datetime(2022, 11, 27))


def test_lines_derive_their_floor_and_signs_their_short_code() -> None:
    line = FloorListLine("2", "301", "B10-07-023", "P7K3M9Q2X", "MED")
    assert line.floor == "3"
    assert ShelfSign("SH-B10-07", "10栋").short_code == "B10-07"


def test_a_label_says_when_its_disinfection_dwell_ends_only_while_it_runs(label: ParcelLabel) -> None:
    dwelling = label_texts(replace(label, ready_at=datetime(2022, 11, 27, 9, 20)))
    assert dwelling["received"] == "收 11-27 09:12 可取 09:20"
    assert dwelling["received_short"] == "11-27 09:12 可取 09:20"
    assert "可取" not in label_texts(label)["received"]
