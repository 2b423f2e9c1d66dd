"""The day's exports name categories and the unresolved row in words, in the reader's language."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

import pytest
from openpyxl import load_workbook

from station.dashboard.days import Day
from station.dashboard.export_files import to_csv, to_xlsx
from station.dashboard.report import DayReport, Line
from station.web.i18n import current_locale


@pytest.fixture
def report(small_site) -> DayReport:
    lines = [Line(building="10", grid="G3", category="express", received=3),
             Line(building="", grid="", category="meal", received=1)]
    return DayReport(site=small_site, day=Day(datetime(2026, 11, 27).date(), small_site.timezone),
                     as_of=datetime(2026, 11, 27, 8, tzinfo=UTC), lines=lines)


def in_locale(locale: str, render, report: DayReport) -> bytes:
    token = current_locale.set(locale)
    try:
        return render(report)
    finally:
        current_locale.reset(token)


@pytest.mark.parametrize(("locale", "express", "meal"), [("zh_CN", "快递", "盒饭"), ("en", "Express parcel", "Meal")])
def test_the_day_csv_keeps_the_codes_and_adds_the_words(report, locale, express, meal):
    rows = list(csv.reader(io.StringIO(in_locale(locale, to_csv, report).decode("utf-8-sig"))))
    assert rows[0][:5] == ["building", "grid", "category", "category_name", "received"]
    assert rows[1][:5] == ["10", "G3", "express", express, "3"]
    assert rows[2][:5] == ["UNRES", "", "meal", meal, "1"]


@pytest.mark.parametrize(("locale", "express", "unresolved"), [("zh_CN", "快递", "待确认"),
                                                                ("en", "Express parcel", "unresolved")])
def test_the_day_xlsx_shows_category_words_and_names_the_unresolved_row(report, locale, express, unresolved):
    book = load_workbook(io.BytesIO(in_locale(locale, to_xlsx, report)))
    day = [list(row) for row in book["Day"].iter_rows(values_only=True)]
    assert day[1][:4] == ["10", "G3", express, 3]
    assert day[2][:2] == [unresolved, unresolved]
    categories = [row[0] for row in book["Categories"].iter_rows(min_row=2, values_only=True)]
    assert express in categories and "express" not in categories
    buildings = [row[0] for row in book["Buildings"].iter_rows(min_row=2, values_only=True)]
    assert buildings == ["10", unresolved, "total"]
