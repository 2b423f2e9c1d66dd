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

from station.catalogue import Said
from station.catalogue import recognize as msg
from station.recognize.address import parse_address
from station.recognize.match import Directory, RosterEntry
from station.recognize.text import clean

SURE = 0.8  # below this, a destination is offered as a candidate only
UNSURE_LINE = 0.75  # an OCR line scored below this makes the whole read unsure

_TO = re.compile(r"^(?:收件人|收货人|收件地址|收货地址|收件信息|收件|收方|收)\s*[:：]?\s*")
_FROM = re.compile(r"^(?:寄件人|发件人|寄件地址|发件地址|寄件信息|寄件|寄方|发件|寄)\s*[:：]?\s*")
_FIELD = re.compile(r"^[^\d:：]{1,8}[:：]")  # another field's label (物品:, 备注:, 签收人/签收时间:)
_WAYBILL_NUMBER = re.compile(r"^[A-Z0-9]{0,4}\d{9,}")  # the tracking number printed under its barcode
_PHONE = re.compile(r"1[3-9]\d[\d*]{4}\d{4}|[*]{3,4}\d{4}")
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
    reason: Said | None = None
    household_id: int | str | None = None

    def as_json(self) -> dict[str, Any]:
        return {"destination": self.destination, "candidates": list(self.candidates),
                "confidence": round(self.confidence, 2), "recipient": list(self.recipient),
                "reason": None if self.reason is None else str(self.reason)}


def _mark(raw: str, score: float, box: tuple[int, int, int, int]) -> _Line:
    text = clean(raw)
    for kind, pattern in (("to", _TO), ("from", _FROM)):
        if found := pattern.match(text):
            # 收货 in the middle of a note is no mark: a mark opens the line, short or labelled.
            rest = text[found.end():]
            word = found[0].strip().rstrip(":：")
            # A lone 收 opens a line only before a colon or a space (收人/... is a misread 签收人).
            if rest == "" or found[0].rstrip().endswith((":", "：")) or len(word) >= 2 or found[0] != word:
                alone = rest == "" and box[2] - box[0] < 2 * (box[3] - box[1])
                return _Line(rest, score, box, kind, alone)
    return _Line(text, score, box, None, False)


def _overlap(a: _Line, b: _Line) -> int:
    return min(a.box[3], b.box[3]) - max(a.box[1], b.box[1])


def _beside(mark: _Line, line: _Line, share: float = 0.5) -> bool:
    """`line` starts right of the mark's middle, and overlaps it over `share` of its height."""
    return (line.box[0] >= (mark.box[0] + mark.box[2]) / 2
            and _overlap(mark, line) > share * min(line.height, mark.height))


def _lone_marks(read: list[_Line]) -> list[_Line]:
    """Single characters standing left of a block: 收 and 寄, or another (a misread 寄) that
    still closes a block."""
    found = []
    for line in read:
        narrow = line.box[2] - line.box[0] < 1.5 * line.height
        if not (line.alone or (len(line.text) == 1 and narrow and not line.mark)):
            continue
        if any(other is not line and _beside(line, other) for other in read):
            found.append(line if line.alone else replace(line, mark="other", alone=True))
    return found


def recipient_indices(lines: list[OcrLine]) -> list[int] | None:
    """Which of `lines` are the recipient's, top to bottom; None when no recipient mark is shown.
    Works on lines' heads as well (see `scanner.ocr.read_lines`' focus): marks open a line.

    A block starts at its mark: a labelled line (收件人:), or the lines right of a lone 收 that
    overlap it in height. It grows up and down through lines aligned with it and close to it,
    and stops at any other mark, at a labelled field (物品:) and at another block's lines."""
    marked = [(_mark(line.text, line.score, tuple(line.box)), n) for n, line in enumerate(lines) if line.text.strip()]
    marked.sort(key=lambda pair: (pair[0].middle, pair[0].box[0]))
    read = [line for line, _n in marked]
    lone = _lone_marks(read)
    if not any(line.mark == "to" for line in read):
        return None
    owner: dict[int, str] = {}
    stops = {index for index, line in enumerate(read)
             if line.mark or _FIELD.match(line.text) or _WAYBILL_NUMBER.match(line.text)}
    for index, line in enumerate(read):
        if line.mark and not line.alone:
            owner[index] = line.mark
    for mark in lone:
        for index, line in enumerate(read):
            if index not in stops and index not in owner and _beside(mark, line) and line not in lone:
                owner[index] = mark.mark or "other"
    body = [index for index, line in enumerate(read) if line not in lone]
    phoned = {owner[index] for index in owner if _PHONE.search(read[index].text)}
    # Nearest first, so that a line between two blocks goes to the one it sits closer to. A block
    # opens with its person line: it grows up no further than a phone, and down to no second one.
    while True:
        nearest: tuple[float, int, int] | None = None
        for at, index in enumerate(body):
            if index not in owner:
                continue
            for step in (-1, 1):
                if not 0 <= at + step < len(body) or (step == -1 and _PHONE.search(read[index].text)):
                    continue
                nxt = body[at + step]
                if nxt in owner or nxt in stops:
                    continue
                line, edge = read[nxt], read[index]
                gap = abs(line.middle - edge.middle) / edge.height
                aligned = abs(line.box[0] - edge.box[0]) < 0.5 * edge.height
                claimed = any(m.mark != owner[index] and _beside(m, line, 0.0) for m in lone)
                second_phone = owner[index] in phoned and _PHONE.search(line.text)
                if gap < 1.5 and (aligned or gap < 0.5) and not claimed and not second_phone:
                    if nearest is None or gap < nearest[0]:
                        nearest = (gap, index, nxt)
        if nearest is None:
            break
        _gap, index, nxt = nearest
        owner[nxt] = owner[index]
        if _PHONE.search(read[nxt].text):
            phoned.add(owner[nxt])
    return [marked[index][1] for index in range(len(read)) if owner.get(index) == "to"]


def recipient_block(lines: list[OcrLine]) -> list[_Line] | None:
    """The recipient's lines, top to bottom, their marks taken off; None when no mark is shown."""
    indices = recipient_indices(lines)
    if indices is None:
        return None
    block = [_mark(lines[n].text, lines[n].score, tuple(lines[n].box)) for n in indices]
    return [line for line in block if line.text]


def recipient_focus(lines: list[OcrLine]) -> list[int] | None:
    """The lines worth reading whole on a waybill: the recipient block's (None: no mark found)."""
    return recipient_indices(lines)


_MASKED_PHONE = re.compile(r"(?<!\d)(\d{0,4})[*＊xX×]{2,6}(\d{4})(?!\d)")
_ZH_RUN = re.compile(r"(?<=单元)[零〇○一二三四五六七八九十西弄令OoQ]{2,5}(?=[室号]|$)")
_ZH_LOOKALIKE = str.maketrans({"西": "四", "弄": "零", "令": "零", "O": "零", "o": "零", "Q": "零"})
_DIGIT_RUN = re.compile(r"(?<=[\d-])[OoQDlI|](?=[\d-]|[室号栋幢单])|(?<=[\d])兮")
_DIGIT_LOOKALIKE = {"O": "0", "o": "0", "Q": "0", "D": "0", "l": "1", "I": "1", "|": "1", "兮": "号"}


def mend_misreads(text: str) -> str:
    """The block's text with the OCR's usual slips mended where the context leaves no doubt:
    a masked phone read with a digit or a star too many or too few (kept as ****tail, with its
    three first digits when all three were read), 四 read as 西 and 零 as 弄 in a room written
    in Chinese numerals, O for 0 and l for 1 among digits, 兮 for 号 after a number."""
    def phone(found: re.Match[str]) -> str:
        head = found[1] if len(found[1]) == 3 and found[1][0] == "1" else ""
        return f" {head}****{found[2]} "
    text = _MASKED_PHONE.sub(phone, text)
    text = _ZH_RUN.sub(lambda found: found[0].translate(_ZH_LOOKALIKE), text)
    return _DIGIT_RUN.sub(lambda found: _DIGIT_LOOKALIKE[found[0]], text)


def _phone_fits(joined: str, tail: str | None, entries: list[RosterEntry]) -> bool:
    """The masked phone's first three digits and its tail are those of a household there."""
    found = re.search(rf"(1[3-9]\d)\*{{4}}{tail}", joined) if tail else None
    return found is not None and any((e.phone or "").startswith(found[1]) and (e.phone or "").endswith(tail)
                                     for e in entries)


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
        return WaybillReading(reason=msg.NO_RECIPIENT())
    if not block:
        return WaybillReading(reason=msg.EMPTY_RECIPIENT())
    texts = tuple(line.text for line in block)
    joined = mend_misreads("".join(texts))
    parts = parse_address(joined)
    if parts is None or not (parts.has_location or parts.phone_tail):
        return WaybillReading(recipient=texts, reason=msg.NO_ROOM_OR_PHONE())
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
    phone_fits = _phone_fits(joined, parts.phone_tail, there)
    name_fits = _names_fit(masked, there)
    named = compound is not None and compound in joined
    doubts: list[Said] = []
    if parts.phone_tail and not tail_fits:
        others = sorted({e.destination for e in directory.by_tail.get(parts.phone_tail, ())})
        return WaybillReading(
            candidates=tuple(dict.fromkeys((found.destination, *others))), recipient=texts,
            confidence=round(0.4 * score, 2),
            reason=msg.TAIL_ELSEWHERE(tail=parts.phone_tail, destination=found.destination))
    if not (tail_fits or name_fits):
        doubts.append(msg.UNCONFIRMED())
    if score < UNSURE_LINE:
        doubts.append(msg.READ_UNSURELY(score=f"{score:.2f}"))
    if compound is not None and not named:
        doubts.append(msg.COMPOUND_UNNAMED(compound=compound))
    confidence = score * min(1.0, 0.55 + 0.25 * tail_fits + 0.1 * phone_fits + 0.1 * name_fits
                             + 0.1 * (named or compound is None))
    if confidence < SURE or score < UNSURE_LINE:
        return WaybillReading(candidates=(found.destination,), confidence=round(confidence, 2), recipient=texts,
                              reason=msg.joined(doubts) or msg.NOT_SURE())
    return WaybillReading(destination=found.destination, candidates=(found.destination,),
                          confidence=round(confidence, 2), recipient=texts, household_id=found.household_id,
                          reason=msg.joined(doubts) or found.reason)


def compound_name(site_name: str | None) -> str | None:
    """The compound's Chinese name from the site's name ('富民花园 Fumin Garden (demo)' -> '富民花园')."""
    if not site_name:
        return None
    found = re.match(r"[\u3400-\u9fff]{2,}", site_name.strip())
    return found[0] if found else None
