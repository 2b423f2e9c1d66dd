"""Cells of the files a coordinator opens in a spreadsheet (pure).

A cell a spreadsheet would run as a formula (=, +, -, @, tab or carriage return first) is
written with a leading apostrophe, which is how spreadsheet tools expect it to be neutralised.
Site names, grid codes and event details all come from people, so every text cell goes through here.
"""

from __future__ import annotations

from collections.abc import Iterable

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(text: str | None) -> str:
    if not text:
        return ""
    return "'" + text if text.startswith(FORMULA_START) else text


def safe_row(cells: Iterable[object]) -> list[object]:
    """Text cells neutralised; numbers kept as numbers."""
    return [safe_cell(cell) if isinstance(cell, str) else cell for cell in cells]
