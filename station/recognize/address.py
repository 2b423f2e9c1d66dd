"""Addresses as people write them, read into parts: building, unit, room, name, phone.

Reading is separate from matching (`match.py`): this module knows no site and no roster.
Forms read: 10栋2单元301, 10号楼2单元301室, 静园巷13号1单元103, 10-2-301, 3-2-1101, ten and
twenty in Chinese numerals (十栋二单元), names and phones around the address, masked phones
(138****1234, kept as a tail), and English (Bldg 10, Unit 2, Rm 301).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from station.catalogue import Joined, Said
from station.catalogue import recognize as msg
from station.catalogue import site as site_text
from station.recognize.text import ZH_NUMERAL, zh_number

MAX_NUMBERS = 8  # building, unit, floor, room and a house number leave room to spare
B, U, F, R, H = "building", "unit", "floor", "room", "hao"  # H: 号, decided by its neighbours
_ORDER = {B: 0, U: 1, F: 2, R: 3}

_LABEL_WORDS = re.compile(
    r"(?:收件人|收货人|联系人|姓名|联系电话|联系方式|手机号码|手机号|手机|电话|收货地址|详细地址|地址|"
    r"\b(?:name|tel|phone|mobile|addr|address|to|recipient)\b)\s*[:：]?", re.IGNORECASE)
# A phone may run straight into the building number when pasted from a shopping app:
# 张三1381234123412栋... ends the phone where a building number and its marker begin.
_PHONE = re.compile(r"(?<!\d)(?:\+?86[ -]?)?(1[3-9]\d)[ -]?(\d{4})[ -]?(\d{4})"
                    r"(?:(?!\d)|(?=\d{1,4}\s*(?:栋|幢|号楼|號樓|号|號|\#)))")
_MASKED = re.compile(r"(?<!\d)(?:1[3-9]\d)?[*xX×＊]{3,4}[ -]?(\d{4})(?!\d)")
_TAIL = re.compile(r"(?:尾号|后四位|手机尾号|phone\s+tail|tail|ending(?:\s+in)?)\s*[:：]?\s*(\d{4})(?!\d)",
                   re.IGNORECASE)
# Chinese numerals are read only where a marker follows, so a name such as 王二 stays a name.
_ZH_BEFORE_MARK = re.compile(rf"({ZH_NUMERAL})(?=\s*(?:栋|幢|号楼|號樓|号|號|单元|單元|门|門|室|楼|层|層))")
_ZH_ROOM = re.compile(rf"(?<=单元)\s*({ZH_NUMERAL})(?=\s*(?:室|号|$|\s|,|，))")

_PRE = {"BUILDING": B, "BLDG": B, "BLD": B, "BLOCK": B, "BLK": B, "TOWER": B, "UNIT": U,
        "ENTRANCE": U, "STAIRWELL": U, "STAIRCASE": U, "ROOM": R, "RM": R, "APT": R,
        "APARTMENT": R, "FLAT": R, "SUITE": R, "#": R, "FLOOR": F, "FL": F}
_POST = {"栋": B, "棟": B, "幢": B, "号楼": B, "號樓": B, "座": B, "#": B, "楼": B, "樓": B,
         "单元": U, "單元": U, "门": U, "門": U, "室": R, "房": R, "户": R, "层": F, "層": F,
         "号": H, "號": H}
_TOKEN = re.compile(
    r"(?:(?<![A-Za-z])(?P<pre>BUILDING|BLDG|BLD|BLOCK|BLK|TOWER|UNIT|ENTRANCE|STAIRWELL|STAIRCASE|"
    r"ROOM|RM|APT|APARTMENT|FLAT|SUITE|FLOOR|FL|\#)\.?\s*(?:NO\.?\s*)?[#:]?\s*)?"
    r"(?<!\d)(?P<num>\d{1,5})(?!\d)(?P<letter>[A-Za-z](?![A-Za-z]))?"
    r"(?:(?P<hash>\#)|\s*(?P<post>号楼|號樓|号院|单元|單元|栋|棟|幢|座|楼|樓|层|層|门(?!口)|門|室|房|户|号|號))?",
    re.IGNORECASE)
_JOIN = re.compile(r"\s*[-/.]\s*")
PLACE_SUFFIXES = ("花园", "小区", "社区", "家园", "公寓", "宿舍", "大厦", "广场", "新村", "新城", "苑",
                  "园", "巷", "路", "街", "道", "里", "村", "府", "庭", "湾", "城", "院", "区", "弄", "胡同", "大院")
_STOP = {"快递", "外卖", "包裹", "谢谢", "放门口", "门口", "放在门口", "代收", "送货上门", "请", "麻烦",
         "先生", "女士", "小姐", "收", "电话", "备注", "药品", "生鲜", "易碎", "加急"}
_HONORIFIC = re.compile(r"^(.{1,2}?)(先生|女士|小姐|老师|阿姨|叔叔|师傅|老人)$")
_HANZI = re.compile(r"[\u3400-\u9fff]+")
_LATIN_NAME = re.compile(r"[A-Za-z][A-Za-z'.]*(?:\s+[A-Za-z][A-Za-z'.]*){0,3}")
_EN_WORDS = {"BUILDING", "BLDG", "BLD", "BLOCK", "BLK", "TOWER", "UNIT", "ENTRANCE", "STAIRWELL",
             "STAIRCASE", "ROOM", "RM", "APT", "APARTMENT", "FLAT", "SUITE", "FLOOR", "FL", "NO",
             "AND", "THE", "OF", "FOR", "PARCEL", "PLEASE", "C/O", "MR", "MRS", "MS", "MISS", "DR"}


@dataclass(frozen=True)
class AddressParts:
    building: str | None = None
    unit: int | None = None
    room: str | None = None
    name: str | None = None
    names: tuple[str, ...] = ()  # every word that may be a name, most likely first
    surname: str | None = None  # from 张先生 / 李女士
    phone: str | None = None
    phone_tail: str | None = None
    place: str | None = None  # compound, street and house number before the building
    form: str = ""  # fast | zh | en | mixed | person
    problem: Said | None = None  # why the numbers could not be read

    @property
    def has_location(self) -> bool:
        return any(v is not None for v in (self.building, self.unit, self.room))

    @property
    def has_person(self) -> bool:
        return bool(self.names or self.surname or self.phone or self.phone_tail)


@dataclass
class _Token:
    start: int
    end: int
    value: str
    role: str | None  # None: a bare number, placed by its neighbours
    chain: int = -1  # bare numbers joined by '-' share a chain


def _people(text: str) -> tuple[str, str | None, str | None]:
    phone = tail = None
    if found := _PHONE.search(text):
        phone = "".join(found.groups())
        tail = phone[-4:]
        text = text[: found.start()] + " " + text[found.end():]
    for pattern in (_MASKED, _TAIL):
        if found := pattern.search(text):
            tail = tail or found[1]
            text = text[: found.start()] + " " + text[found.end():]
    return text, phone, tail


def _zh_numerals(text: str) -> str:
    def arabic(found: re.Match[str]) -> str:
        return zh_number(found[1]) or found[1]
    return _ZH_ROOM.sub(arabic, _ZH_BEFORE_MARK.sub(arabic, text))


def _tokens(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    for found in _TOKEN.finditer(text):
        pre, post = (found["pre"] or "").upper(), found["post"] or found["hash"]
        if post == "号院":  # a courtyard number (3号院) belongs to the place
            continue
        role = _PRE.get(pre) if pre else None
        if post and role is None:
            role = _POST[post]
            if post in ("楼", "樓") and any(t.role in (B, U) for t in tokens):
                role = F  # 10栋2单元3楼01: after the building, 楼 is a floor
        value = str(int(found["num"])) + (found["letter"] or "").upper()
        if role == U and len(found["num"]) >= 3:
            role = R  # "Unit 301" in English usage is a flat, never a stairwell
        if found["letter"] and role not in (B, None):
            value = str(int(found["num"]))
        tokens.append(_Token(found.start(), found.end(), value, role))
    chain = 0
    for index, token in enumerate(tokens):
        if token.role is not None:
            continue
        previous = tokens[index - 1] if index else None
        joined = (previous is not None and previous.role is None
                  and _JOIN.fullmatch(text[previous.end:token.start]) is not None)
        if not joined:
            chain += 1
        token.chain = chain
    return tokens


def _settle_hao(tokens: list[_Token]) -> None:
    """号 is a building (13号1单元), a room (2单元301号), or a street number (王牌路37号3栋)."""
    has_building = any(t.role == B for t in tokens)
    for index, token in enumerate(tokens):
        if token.role != H:
            continue
        before = [t.role for t in tokens[:index]]
        if U in before or B in before:
            token.role = R
        elif has_building:
            token.role = "street"
        else:
            token.role = B


def _place_bare(tokens: list[_Token]) -> Said | None:
    """Give each bare number the slot its neighbours leave it; a reason when that fails."""
    chains: dict[int, list[_Token]] = {}
    for token in tokens:
        if token.role is None:
            chains.setdefault(token.chain, []).append(token)
    for members in chains.values():
        taken = {t.role for t in tokens if t.role in _ORDER}
        first, last = tokens.index(members[0]), tokens.index(members[-1])
        low = max((_ORDER[t.role] for t in tokens[:first] if t.role in _ORDER), default=-1)
        high = min((_ORDER[t.role] for t in tokens[last + 1:] if t.role in _ORDER), default=4)
        free = [s for s in (B, U, R) if s not in taken and low < _ORDER[s] < high]
        if not free:  # written out of order (2单元301 10栋): any slot still open
            free = [s for s in (B, U, R) if s not in taken]
        values = [t.value for t in members]
        if len(values) > len(free):
            return msg.UNPLACED(numbers=Joined.of(values))
        if len(values) == len(free):
            slots = free
        elif len(values) == 1:
            # A lone 3-4 digit number is a room (301); a short one fills the first free slot.
            slots = [R] if len(values[0]) >= 3 and R in free else free[:1]
        elif len(values) == 2 and free == [B, U, R]:
            slots = [B, R] if len(values[1]) >= 3 else [B, U]
        else:
            slots = free[: len(values)]
        for token, slot in zip(members, slots, strict=False):
            token.role = slot
    return None


def _conflict(tokens: list[_Token]) -> Said | None:
    seen: dict[str, str] = {}
    for token in tokens:
        if token.role in _ORDER:
            if seen.setdefault(token.role, token.value) != token.value:
                return msg.TWO_GIVEN[token.role](first=seen[token.role], second=token.value)
    return None


def _room(floor: str | None, room: str | None) -> tuple[str | None, Said | None]:
    """Canonical room '301' (floor then two-digit door); '3楼01' and '0301' read the same."""
    if room is None:
        return None, None
    if not room.isdigit():
        return room, site_text.NOT_A_ROOM(room=room)
    if floor is not None and floor.isdigit() and len(room) <= 2:
        return f"{int(floor)}{int(room):02d}", None
    if len(room) < 3:
        return room, site_text.NOT_A_ROOM(room=room)
    return f"{int(room[:-2])}{room[-2:]}", None


def _split_place(word: str) -> tuple[str | None, str]:
    """'富民花园张三' -> ('富民花园', '张三'): a place name, then whatever follows it."""
    # One-character suffixes (园, 道, 城) also end names such as 王道: they mark a place only in
    # words of three characters or more (静园巷, 李家村).
    cut = max((word.rfind(suffix) + len(suffix) for suffix in PLACE_SUFFIXES
               if suffix in word and (len(suffix) > 1 or len(word) > 2)), default=0)
    return (word[:cut], word[cut:]) if cut else (None, word)


def _words(text: str, spans: list[tuple[int, int]]) -> tuple[str | None, list[str], str | None]:
    """Place, candidate names and a surname from what the numbers and phones left over."""
    place = None
    names: list[str] = []
    surname = None
    leftover = list(text)
    for start, end in spans:
        leftover[start:end] = [" "] * (end - start)
    rest = "".join(leftover)
    for found in _HANZI.finditer(rest):
        where, word = _split_place(found[0])
        place = place or where
        word = word.removesuffix("收")  # 张三收: "for 张三"
        if len(word) > 4:  # too long for a name: a place or a note
            place = place or word
            continue
        if word in _STOP or len(word) < 2:
            continue
        if honour := _HONORIFIC.match(word):
            surname = surname or honour[1]
            continue
        names.append(word)
    for found in _LATIN_NAME.finditer(rest):
        words = [w for w in found[0].split() if w.upper().strip(".") not in _EN_WORDS]
        if words and all(len(w) > 1 for w in words):
            names.append(" ".join(words))
    return place, names, surname


def parse_address(text: str) -> AddressParts | None:
    """The parts of an address in `text` (already cleaned), or None when nothing in it is one."""
    body = _LABEL_WORDS.sub(" ", text)
    body, phone, tail = _people(body)
    body = _zh_numerals(body)
    tokens = _tokens(body)
    if len(tokens) > MAX_NUMBERS:
        return AddressParts(phone=phone, phone_tail=tail, form="other",
                            problem=msg.TOO_MANY_NUMBERS(count=len(tokens)))
    _settle_hao(tokens)
    # Labelled numbers that disagree (two addresses in one string) say more than the bare ones.
    problem = _conflict(tokens) or _place_bare(tokens) or _conflict(tokens)
    parts: dict[str, str] = {}
    for token in tokens:
        if token.role in _ORDER:
            parts.setdefault(token.role, token.value)
    room, room_problem = _room(parts.get(F), parts.get(R))
    unit = parts.get(U)
    place, names, surname = _words(body, [(t.start, t.end) for t in tokens])
    if not (parts or phone or tail or names or surname):
        return None
    labelled = [t for t in tokens if t.chain == -1 and t.role in _ORDER]
    form = ("person" if not tokens else "fast" if not labelled else
            "zh" if any(_HANZI.search(body[t.start:t.end]) for t in labelled) else "en")
    return AddressParts(
        building=parts.get(B), unit=int(unit) if unit and unit.isdigit() else None, room=room,
        name=names[0] if names else None, names=tuple(names), surname=surname, phone=phone,
        phone_tail=tail, place=place, form=form, problem=problem or room_problem,
    )
