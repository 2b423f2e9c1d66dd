"""The destination a waybill's text names: its recipient block, resolved against site and roster.

OCR gives lines with a confidence and a box. The recipient block is found by its marks (a lone
收 beside the block, or lines that begin 收件人 / 收件地址 / 收货人), apart from the sender's (寄,
寄件人, 发件人), which on most waybills also names a building and a room, in another city. The
block's lines are read as one address by `parse_address` and matched by the `Directory`.

A wrong room suggested costs more than none, so a destination is given only when the address
names one room and something else agrees: the masked phone's tail or the masked name is that of
a household there, and the OCR was sure of the lines it came from. Otherwise the rooms that fit
are offered as candidates, or nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any, Protocol

from station.recognize.address import parse_address
from station.recognize.match import Directory, RosterEntry
from station.recognize.text import clean

SURE = 0.8  # below this, a destination is offered as a candidate only
UNSURE_LINE = 0.75  # an OCR line scored below this makes the whole read unsure

_TO = re.compile(r"^(?:收件人|收货人|收件地址|收货地址|收件信息|收件|收方|收)\s*[:：]?\s*")
_FROM = re.compile(r"^(?:寄件人|发件人|寄件地址|发件地址|寄件信息|寄件|寄方|发件|寄)\s*[:：]?\s*")
_MASKED_NAME = re.compile(r"(?<![\u3400-\u9fff])([\u3400-\u9fff])([*＊xX×]{1,3})([\u3400-\u9fff])?")


class OcrLine(Protocol):
    text: str
    score: float
    box: tuple[int, int, int, int]


@dataclass(frozen=True)
class _Line:
    text: str  # cleaned, with its mark taken off
    score: float
    box: tuple[int, int, int, int]
    mark: str | None  # "to", "from", or None
    alone: bool  # the line is only its mark (a big 收 beside the block)

    @property
    def middle(self) -> float:
        return (self.box[1] + self.box[3]) / 2

    @property
    def height(self) -> int:
        return max(1, self.box[3] - self.box[1])


@dataclass(frozen=True)
class WaybillReading:
    destination: str | None = None
    candidates: tuple[str, ...] = ()
    confidence: float = 0.0
    recipient: tuple[str, ...] = ()  # the recipient lines as read
    reason: str | None = None
    household_id: int | str | None = None

    def as_json(self) -> dict[str, Any]:
        return {"destination": self.destination, "candidates": list(self.candidates),
                "confidence": round(self.confidence, 2), "recipient": list(self.recipient),
                "reason": self.reason}


def _mark(raw: str, score: float, box: tuple[int, int, int, int]) -> _Line:
    text = clean(raw)
    for kind, pattern in (("to", _TO), ("from", _FROM)):
        if found := pattern.match(text):
            # 收货 in the middle of a note is no mark: a mark opens the line, short or labelled.
            rest = text[found.end():]
            if rest == "" or found[0].rstrip().endswith((":", "：")) or len(found[0].strip()) >= 2 \
                    or found[0].strip() in ("收", "寄"):
                return _Line(rest, score, box, kind, rest == "")
    return _Line(text, score, box, None, False)


def recipient_block(lines: list[OcrLine]) -> list[_Line] | None:
    """The recipient's lines, top to bottom; None when the waybill shows no recipient mark."""
    read = sorted((_mark(line.text, line.score, tuple(line.box)) for line in lines if line.text.strip()),
                  key=lambda line: (line.middle, line.box[0]))
    marks = [line for line in read if line.mark]
    if not any(line.mark == "to" for line in marks):
        return None
    owner: dict[int, str] = {}
    for index, line in enumerate(read):
        if line.mark and not line.alone:
            owner[index] = line.mark
    # A labelled line's continuation: the unmarked lines right below it, left-aligned with it.
    for index, line in enumerate(read):
        if index not in owner or read[index].alone:
            continue
        below = index + 1
        while below < len(read) and below not in owner and not read[below].mark \
                and read[below].box[1] - read[below - 1].box[3] < 0.8 * read[below - 1].height:
            owner[below] = owner[index]
            below += 1
    # A lone mark owns the unmarked lines to its right that are nearer to it than to any other mark.
    alone = [line for line in marks if line.alone]
    for index, line in enumerate(read):
        if index in owner or line.mark or not alone:
            continue
        right = [m for m in alone if m.box[2] <= line.box[0] + line.height]
        if not right:
            continue
        nearest = min(right, key=lambda m: abs(m.middle - line.middle))
        if abs(nearest.middle - line.middle) <= nearest.height + 0.5 * line.height:
            owner[index] = nearest.mark or ""
    return [line for index, line in enumerate(read) if owner.get(index) == "to" and line.text]


def _names_fit(masked: re.Match[str] | None, entries: list[RosterEntry]) -> bool:
    if masked is None:
        return False
    first, stars, last = masked[1], masked[2], masked[3]
    for entry in entries:
        name = entry.name or ""
        if name.startswith(first) and (last is None or (name.endswith(last) and len(name) == len(stars) + 2)):
            return True
    return False


def _tails_fit(tail: str | None, entries: list[RosterEntry]) -> bool:
    return tail is not None and any((e.phone or "").endswith(tail) for e in entries)


def read_waybill(lines: list[OcrLine], directory: Directory, *, compound: str | None = None) -> WaybillReading:
    """The destination (when sure), or candidates, from the OCR lines of one waybill."""
    block = recipient_block(lines)
    if block is None:
        return WaybillReading(reason="no recipient block (收件人 / 收) found on the waybill")
    if not block:
        return WaybillReading(reason="the recipient block is empty")
    texts = tuple(line.text for line in block)
    joined = "".join(texts)
    parts = parse_address(joined)
    if parts is None or not (parts.has_location or parts.phone_tail):
        return WaybillReading(recipient=texts, reason="the recipient block names no room or phone")
    masked = _MASKED_NAME.search(joined)
    if masked and parts.surname is None and not parts.names:
        parts = replace(parts, surname=masked[1])
    found = directory.resolve(parts)
    score = min(line.score for line in block)
    if found.destination is None:
        return WaybillReading(candidates=found.candidates, recipient=texts, reason=found.reason,
                              confidence=round(0.5 * score, 2) if found.candidates else 0.0)
    there = directory.by_place.get(found.destination, [])
    tail_fits = _tails_fit(parts.phone_tail, there)
    name_fits = _names_fit(masked, there)
    named = compound is not None and compound in joined
    reasons = []
    if parts.phone_tail and not tail_fits:
        others = sorted({e.destination for e in directory.by_tail.get(parts.phone_tail, ())})
        return WaybillReading(
            candidates=tuple(dict.fromkeys((found.destination, *others))), recipient=texts,
            confidence=round(0.4 * score, 2),
            reason=f"the phone tail {parts.phone_tail} is not that of a household at {found.destination}")
    if not (tail_fits or name_fits):
        reasons.append("neither the phone tail nor the name confirms the room")
    if score < UNSURE_LINE:
        reasons.append(f"the text was read unsurely ({score:.2f})")
    if compound is not None and not named:
        reasons.append(f"the compound {compound} is not named")
    confidence = score * (0.55 + 0.25 * tail_fits + 0.1 * name_fits + 0.1 * (named or compound is None))
    if confidence < SURE or score < UNSURE_LINE:
        return WaybillReading(candidates=(found.destination,), confidence=round(confidence, 2), recipient=texts,
                              reason="; ".join(reasons) or "not sure enough")
    return WaybillReading(destination=found.destination, candidates=(found.destination,),
                          confidence=round(confidence, 2), recipient=texts, household_id=found.household_id,
                          reason="; ".join(reasons) or found.reason)


def compound_name(site_name: str | None) -> str | None:
    """The compound's Chinese name from the site's name ('富民花园 Fumin Garden (demo)' -> '富民花园')."""
    if not site_name:
        return None
    found = re.match(r"[\u3400-\u9fff]{2,}", site_name.strip())
    return found[0] if found else None
