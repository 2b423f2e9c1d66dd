"""Reading roster files (CSV in UTF-8 or GB18030, XLSX) into rows of cells."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path


def read_rows(path: Path) -> Iterator[list[object]]:
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        from openpyxl import load_workbook

        workbook = load_workbook(path, read_only=True, data_only=True)
        try:
            yield from (list(row) for row in workbook.active.iter_rows(values_only=True))
        finally:
            workbook.close()
        return
    data = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ValueError(f"{path}: not UTF-8 or GB18030 text")
    yield from csv.reader(io.StringIO(text, newline=""))


def count_rows(path: Path) -> int:
    return sum(1 for _ in read_rows(path))
