"""Cleaning what a scanner or a keyboard sent, before anything tries to read it."""

from __future__ import annotations

import re
import unicodedata

# A QR payload holds at most about 4,300 characters; nothing we read is longer. Longer input is
# refused whole rather than cut, since a cut string could read as a different, valid thing.
MAX_INPUT = 4096

_INVISIBLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff]")
# NFKC folds full-width forms (IME input) but leaves these dash look-alikes apart.
_DASHES = str.maketrans({c: "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u30fc\uff0d\ufe63\u2500"})
_SPACES = re.compile(r"\s+")


def clean(raw: str) -> str:
    """NFKC (full-width to ASCII), controls and zero-width characters out, dashes unified, trimmed.

    Case is kept: addresses carry names. Callers upper-case what they compare.
    """
    text = unicodedata.normalize("NFKC", raw)
    text = _INVISIBLE.sub(" ", text).translate(_DASHES)
    return _SPACES.sub(" ", text).strip()


def compact(text: str) -> str:
    """Upper case without any whitespace: how a number printed in groups is compared."""
    return _SPACES.sub("", text).upper()


ZH_DIGITS = {"零": 0, "〇": 0, "○": 0, "一": 1, "幺": 1, "二": 2, "两": 2, "兩": 2, "三": 3, "四": 4,
             "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
ZH_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000}
ZH_NUMERAL = "[零〇○一幺二两兩三四五六七八九十拾百佰千]{1,8}"


def zh_number(numeral: str) -> str | None:
    """'二十' -> '20', '十二' -> '12', '三零一' -> '301' (read digit by digit), or None."""
    if not numeral or any(c not in ZH_DIGITS and c not in ZH_UNITS for c in numeral):
        return None
    if not any(c in ZH_UNITS for c in numeral):
        return "".join(str(ZH_DIGITS[c]) for c in numeral)
    total, digit = 0, None
    for char in numeral:
        if char in ZH_DIGITS:
            if digit is not None and ZH_DIGITS[char] != 0:
                return None  # two digits in a row with a unit word: not a number we read
            digit = ZH_DIGITS[char] or None
        else:
            total += (digit if digit is not None else 1) * ZH_UNITS[char]
            digit = None
    return str(total + (digit or 0))
