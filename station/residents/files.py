"""Reading roster files (CSV in UTF-8 or GB18030, XLSX) into rows of cells, within bounds.

A roster is a few thousand households with a handful of short columns; a file far beyond that
is refused as it is read, so a small XLSX that expands to millions of cells costs no more than
reading the rows allowed.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from pathlib import Path

from station.catalogue import residents as residents_text

MAX_ROWS = 30_000  # the 117-building demo compound has 7,421 households
MAX_COLUMNS = 30
MAX_CELL = 500  # characters


def bounded(rows: Iterable[list[object]], *, max_rows: int = MAX_ROWS) -> Iterator[list[object]]:
    """The rows, refused (ValueError) past `max_rows` rows, MAX_COLUMNS cells or MAX_CELL characters."""
    try:
        for number, row in enumerate(rows, start=1):
            if number > max_rows:
                raise ValueError(residents_text.FILE_TOO_MANY_ROWS(limit=max_rows))
            if len(row) > MAX_COLUMNS and any(cell not in (None, "") for cell in row[MAX_COLUMNS:]):
                raise ValueError(residents_text.FILE_TOO_MANY_COLUMNS(row=number, limit=MAX_COLUMNS))
            if any(isinstance(cell, str) and len(cell) > MAX_CELL for cell in row):
                raise ValueError(residents_text.FILE_LONG_CELL(row=number, limit=MAX_CELL))
            yield row[:MAX_COLUMNS]
    except csv.Error as exc:  # a field past the csv module's own limit, a NUL byte, ...
        raise ValueError(residents_text.FILE_NOT_CSV(error=str(exc))) from None


def decode_text(data: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ValueError(residents_text.FILE_NOT_TEXT())


def read_rows(path: Path) -> Iterator[list[object]]:
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        from openpyxl import load_workbook

        workbook = load_workbook(path, read_only=True, data_only=True)
        try:
            rows = workbook.active.iter_rows(max_col=MAX_COLUMNS + 1, values_only=True)
            yield from bounded(list(row) for row in rows)
        finally:
            workbook.close()
        return
    yield from bounded(csv.reader(io.StringIO(decode_text(path.read_bytes()), newline="")))


def count_rows(path: Path) -> int:
    return sum(1 for _ in read_rows(path))
