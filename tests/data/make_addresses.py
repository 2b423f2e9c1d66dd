"""Writes address_roster.csv and addresses.csv: a roster for the test site and address strings
labelled with what they must resolve to. Labels come from how each string was built, never from
the recogniser. Run from the repository root: python tests/data/make_addresses.py

Columns of addresses.csv: text, expected (building-unit-room | AMBIGUOUS | UNKNOWN), includes
(for AMBIGUOUS: a destination that must be among the candidates), household (expected household
id, empty when the room has none on the roster), form, notes.
"""

from __future__ import annotations

import csv
import json
import random
from pathlib import Path

HERE = Path(__file__).resolve().parent
SEED = 20221120  # the day Fumin Garden became a high-risk area
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蔡蒋余于杜叶程"
GIVEN = ["伟", "芳", "娜", "秀英", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛",
         "明", "超", "秀兰", "霞", "平", "刚", "桂英", "建华", "建国", "志强", "海燕", "红梅", "玉兰",
         "晓东", "文博", "子涵", "浩然", "欣怡", "梓轩", "雨桐", "国庆", "淑珍", "德明", "春花"]
LATIN = ["David Chen", "Maria Lopez", "Anna Schmidt", "Tom Baker", "Kenji Sato", "Li Wei"]
FULL = str.maketrans("0123456789-", "０１２３４５６７８９－")
ZH = "零一二三四五六七八九"


def zh_count(n: int) -> str:
    """12 -> 十二, 20 -> 二十: how people write building and unit numbers."""
    if n < 10:
        return ZH[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else ZH[tens]) + "十" + (ZH[ones] if ones else "")


def zh_digits(room: str) -> str:
    return "".join(ZH[int(c)] for c in room)


def load_site() -> tuple[dict[str, dict], dict]:
    spec = json.loads((HERE / "address_site.json").read_text(encoding="utf-8"))
    buildings = {}
    for group in spec["buildings"]:
        for b in range(group["ids"][0], group["ids"][1] + 1):
            buildings[str(b)] = {k: group[k] for k in ("units", "floors", "rooms_per_floor")}
    return buildings, spec


def rooms_of(shape: dict) -> list[str]:
    return [f"{f}{d:02d}" for f in range(1, shape["floors"] + 1) for d in range(1, shape["rooms_per_floor"] + 1)]


def phone(rng: random.Random, tail: str | None = None) -> str:
    return rng.choice("3456789") .join(["1", ""]) + "".join(rng.choice("0123456789") for _ in range(5)) + (
        tail or "".join(rng.choice("0123456789") for _ in range(4)))


def make_roster(rng: random.Random, buildings: dict[str, dict]) -> list[dict]:
    roster, household = [], 1000
    for b, shape in buildings.items():
        for u in range(1, shape["units"] + 1):
            for room in rooms_of(shape):
                if rng.random() < 0.3:
                    continue  # vacant, or not registered
                household += 1
                for _ in range(rng.choice([1, 1, 2])):
                    name = rng.choice(SURNAMES) + rng.choice(GIVEN)
                    if rng.random() < 0.02:
                        name = rng.choice(LATIN)
                    roster.append({"household_id": household, "building": b, "unit": u, "room": room,
                                   "name": name, "phone": phone(rng)})
    # Tails shared across units of one building, so a tail alone cannot always settle a room.
    for index in range(0, 60, 2):
        a = roster[index * 7]
        twin = next((e for e in roster if e["building"] == a["building"] and e["room"] == a["room"]
                     and e["unit"] != a["unit"]), None)
        if twin:
            twin["phone"] = twin["phone"][:-4] + a["phone"][-4:]
    return roster


class Corpus:
    def __init__(self, rng: random.Random, buildings: dict, roster: list[dict]) -> None:
        self.rng, self.buildings, self.roster = rng, buildings, roster
        self.rows: list[dict] = []
        self.at: dict[str, list[dict]] = {}
        for entry in roster:
            self.at.setdefault(f"{entry['building']}-{entry['unit']}-{entry['room']}", []).append(entry)

    def add(self, text: str, expected: str, form: str, notes: str = "", includes: str = "") -> None:
        household = ""
        if expected not in ("AMBIGUOUS", "UNKNOWN") and expected in self.at:
            household = str(self.at[expected][0]["household_id"])
        self.rows.append({"text": text, "expected": expected, "includes": includes,
                          "household": household, "form": form, "notes": notes})

    def resident(self, *, single_unit: bool | None = None) -> dict:
        while True:
            entry = self.rng.choice(self.roster)
            units = self.buildings[entry["building"]]["units"]
            if single_unit is None or (units == 1) == single_unit:
                return entry

    def any_room(self, vacant: bool = False) -> tuple[str, int, str]:
        while True:
            b = self.rng.choice(list(self.buildings))
            shape = self.buildings[b]
            u = self.rng.randint(1, shape["units"])
            room = self.rng.choice(rooms_of(shape))
            if (f"{b}-{u}-{room}" in self.at) != vacant:
                return b, u, room

    def units_with(self, b: str, room: str) -> list[str]:
        return [f"{b}-{u}-{room}" for u in range(1, self.buildings[b]["units"] + 1)]

    def narrowed(self, destinations: list[str], test) -> list[str]:
        return [d for d in destinations if any(test(e) for e in self.at.get(d, []))]

    def label(self, candidates: list[str], target: str) -> tuple[str, str]:
        return (candidates[0], "") if len(candidates) == 1 else ("AMBIGUOUS", target)


def build(c: Corpus) -> None:
    rng = c.rng
    dest = lambda e: f"{e['building']}-{e['unit']}-{e['room']}"  # noqa: E731

    for _ in range(30):  # fast entry
        e = c.resident()
        sep = rng.choice(["-", "-", "-", "/", " - ", " "])
        c.add(sep.join([e["building"], str(e["unit"]), e["room"]]), dest(e), "fast", f"separator {sep!r}")
    for _ in range(20):
        e = c.resident()
        text = rng.choice(["{b}-{u}-{r}", "{b}栋{u}单元{r}", "{b}号楼{u}单元{r}室"]).format(
            b=e["building"], u=e["unit"], r=e["room"]).translate(FULL)
        c.add(text, dest(e), "fullwidth", "full-width digits from an IME")
    for _ in range(30):
        e = c.resident()
        text = rng.choice(["{b}栋{u}单元{r}", "{b}栋{u}单元{r}室", "{b}幢{u}单元{r}", "{b} 栋 {u} 单元 {r}",
                           "{b}栋{u}-{r}", "{b}#{u}-{r}", "{b}栋{u}单元{r}号"]).format(
            b=e["building"], u=e["unit"], r=e["room"])
        c.add(text, dest(e), "zh_dong")
    for _ in range(20):
        e = c.resident()
        text = rng.choice(["{b}号楼{u}单元{r}室", "{b}号楼{u}单元{r}", "{b}号楼{u}门{r}", "{b}号{u}单元{r}"]).format(
            b=e["building"], u=e["unit"], r=e["room"])
        c.add(text, dest(e), "zh_haolou")
    for _ in range(20):
        e = c.resident()
        b, u, r = int(e["building"]), e["unit"], e["room"]
        text = rng.choice(["{B}栋{U}单元{R}", "{B}栋{U}单元{R}室", "{B}号楼{U}单元{r}", "{B}栋{u}单元{r}室"]).format(
            B=zh_count(b), U=zh_count(u), R=zh_digits(r), r=r, u=u)
        c.add(text, dest(e), "zh_numerals")
    places = ["富民花园", "富民花园小区", "重庆市万州区富民花园", "万州区富民花园小区 ", "静园巷", "富民路"]
    for _ in range(25):
        e = c.resident()
        place = rng.choice(places)
        if place in ("静园巷", "富民路"):
            text = f"{place}{e['building']}号{e['unit']}单元{e['room']}"
        else:
            text = place + rng.choice(["{b}栋{u}单元{r}", "{b}-{u}-{r}", "{b}号楼{u}单元{r}室"]).format(
                b=e["building"], u=e["unit"], r=e["room"])
        c.add(text, dest(e), "compound")

    for _ in range(30):  # names and phones around a full address
        e = c.resident()
        addr = rng.choice(["{b}栋{u}单元{r}", "{b}-{u}-{r}", "{b}号楼{u}单元{r}室"]).format(
            b=e["building"], u=e["unit"], r=e["room"])
        ph = e["phone"]
        shown = rng.choice([ph, f"{ph[:3]} {ph[3:7]} {ph[7:]}", f"{ph[:3]}-{ph[3:7]}-{ph[7:]}", "+86" + ph])
        glued = f"{e['name']}{ph}{e['building']}栋{e['unit']}单元{e['room']}"  # pasted from a shopping app
        text = rng.choice([f"{e['name']} {shown} {addr}", f"{addr} {e['name']} {shown}",
                           f"收件人：{e['name']} 电话：{shown} 地址：富民花园{addr}", glued])
        c.add(text, dest(e), "name_phone")
    for _ in range(6):  # a full phone that belongs to someone else: flagged, never guessed
        e, other = c.resident(), c.resident()
        if dest(e) == dest(other):
            continue
        c.add(f"{e['building']}栋{e['unit']}单元{e['room']} {other['phone']}", "AMBIGUOUS", "name_phone",
              "the phone is another household's", includes=dest(e))

    for _ in range(25):  # masked phone, unit often left out
        e = c.resident()
        tail = e["phone"][-4:]
        masked = rng.choice([f"{e['phone'][:3]}****{tail}", f"尾号{tail}", f"***{tail}"])
        if rng.random() < 0.6 and c.buildings[e["building"]]["units"] > 1:
            options = c.units_with(e["building"], e["room"])
            fits = c.narrowed(options, lambda x, t=tail: x["phone"].endswith(t))
            expected, includes = c.label(fits, dest(e))
            c.add(f"{e['name'][0]}** {masked} {e['building']}栋{e['room']}", expected, "masked_phone",
                  "unit missing; the tail narrows it", includes)
        else:
            c.add(f"{e['building']}-{e['unit']}-{e['room']} {masked}", dest(e), "masked_phone")

    for _ in range(30):  # English
        e = c.resident()
        b, u, r = e["building"], e["unit"], e["room"]
        text = rng.choice([f"Bldg {b}, Unit {u}, Rm {r}", f"Building {b} Unit {u} Room {r}",
                           f"Room {r}, Unit {u}, Building {b}", f"Apt {r} Unit {u} Bldg {b}",
                           f"Blk {b} Unit {u} #{r}", f"bldg {b} unit {u} rm {r}", f"{b}-{u}-{r}, Fumin Garden"])
        if rng.random() < 0.3:
            text = rng.choice(["Mr Chen, ", "Attn: Lily, ", "C/O neighbour, "]) + text
        c.add(text, dest(e), "english")

    for _ in range(25):  # unit missing, nothing else to go on
        e = c.resident()
        shape = c.buildings[e["building"]]
        text = rng.choice(["{b}栋{r}", "{b}-{r}", "{b}号楼{r}室", "Bldg {b} Rm {r}"]).format(b=e["building"], r=e["room"])
        if shape["units"] == 1:
            c.add(text, dest(e), "missing_unit", "building with one stairwell")
        else:
            c.add(text, "AMBIGUOUS", "missing_unit", "room exists in every unit", includes=dest(e))
    for _ in range(3):
        e = c.resident(single_unit=True)
        c.add(f"{e['building']}栋{e['room']}", dest(e), "missing_unit", "building with one stairwell")
    for _ in range(12):  # unit missing, a name narrows it
        e = c.resident()
        options = c.units_with(e["building"], e["room"])
        fits = c.narrowed(options, lambda x, n=e["name"]: x["name"] == n)
        expected, includes = c.label(fits, dest(e))
        c.add(f"{e['name']} {e['building']}栋{e['room']}", expected, "missing_unit", "name narrows it", includes)

    for _ in range(8):  # a person, no address
        e = c.resident()
        owners = {dest(x) for x in c.roster if x["phone"] == e["phone"]}
        c.add(rng.choice([e["phone"], f"{e['name']} {e['phone']}"]), dest(e) if len(owners) == 1 else "AMBIGUOUS",
              "person_only", "full phone", "" if len(owners) == 1 else dest(e))
    for _ in range(6):
        e = c.resident()
        c.add(f"尾号{e['phone'][-4:]}", "AMBIGUOUS", "person_only", "a tail alone is never enough", dest(e))
    for _ in range(6):
        e = c.resident()
        c.add(f"{e['name']}", "AMBIGUOUS", "person_only", "a name alone is never enough", dest(e))

    for _ in range(12):  # the room exists but no one is on the roster
        b, u, r = c.any_room(vacant=True)
        c.add(rng.choice([f"{b}-{u}-{r}", f"{b}栋{u}单元{r}"]), f"{b}-{u}-{r}", "vacant", "site says the room exists")

    noise = ["放门口", "谢谢", "快递放门口谢谢", "易碎 轻放", "生鲜 请尽快", "药品 加急"]
    for _ in range(15):
        e = c.resident()
        text = rng.choice(["{b}栋{u}单元{r} {n}", "{n} {b}-{u}-{r}", "{b}号楼{u}单元{r}室（{n}）"]).format(
            b=e["building"], u=e["unit"], r=e["room"], n=rng.choice(noise))
        c.add(text, dest(e), "notes")

    for text, expected, notes in HANDWRITTEN:
        c.add(text, expected, "handwritten", notes, includes="")

    for _ in range(55):  # typos that must be refused, not bent into some room
        b, u, r = c.any_room()
        shape = c.buildings[b]
        kind = rng.choice(["unit", "floor", "door", "building", "swap", "short", "long", "letter", "noroom"])
        if kind == "unit":
            text = f"{b}栋{shape['units'] + rng.randint(1, 3)}单元{r}"
        elif kind == "floor":
            text = f"{b}-{u}-{shape['floors'] + rng.randint(1, 3)}0{rng.randint(1, 2)}"
        elif kind == "door":
            text = f"{b}栋{u}单元{rng.randint(1, shape['floors'])}{shape['rooms_per_floor'] + 1:02d}"
        elif kind == "building":
            text = f"{rng.choice([0, 21, 22, 25, 31, 75])}栋{u}单元{r}"
        elif kind == "swap":
            text = f"{u}-{int(b) + 20}-{r}"
        elif kind == "short":
            text = f"{b}-{u}-{r[:-1]}"
        elif kind == "long":
            text = f"{b}-{u}-{r}{rng.randint(1, 9)}"
            if int(text.rsplit('-', 1)[1][:-2]) <= shape["floors"]:
                continue
        elif kind == "letter":
            text = f"{b}栋{u}单元{r[0]}O{r[2:]}" if r[1] == "0" else f"1O-{u}-{r}"
        else:
            text = f"{b}栋{u}单元"
        c.add(text, "UNKNOWN", "typo", kind)


# Written by hand, as seen on parcels and typed at gates; labelled against the test site.
HANDWRITTEN = [
    ("10栋2单元301室 张", "10-2-301", "surname fragment"),
    ("10栋 二单元 三〇一", "10-2-301", "〇 for zero"),
    ("富民花园十号楼二单元三零一室", "10-2-301", "all in Chinese numerals"),
    ("B10-2-301", "10-2-301", "B for building"),
    ("10号楼2单元3楼301", "10-2-301", "floor given as well as the room"),
    ("10-2-301（张三收）", "10-2-301", "name in brackets, not on the roster"),
    ("10栋2单元301，电话13800001111", "10-2-301", "a phone not on the roster"),
    ("Building 10, Entrance 2, Apt 301", "10-2-301", "entrance for stairwell"),
    ("10栋-2单元-301室", "10-2-301", "dashes between labelled parts"),
    ("10栋2单元301室（快递放门口）", "10-2-301", "note in brackets"),
    ("十七栋502", "17-1-502", "one stairwell: the unit is implied"),
    ("17-502", "17-1-502", "one stairwell, fast form"),
    ("18栋1单元十一楼02", "18-1-1102", "floor and door"),
    ("Rm 1102, Tower 18, Unit 1", "18-1-1102", "English, room first"),
    ("18#1-1102", "18-1-1102", "# for building"),
    ("18-1-1102室", "18-1-1102", ""),
    ("1８栋1单元１１０２", "18-1-1102", "half full-width"),
    ("10 2 301", "10-2-301", "spaces only"),
    ("10.2.301", "10-2-301", "dots"),
    ("No. 10 Building, Unit 2, Room 301", "10-2-301", "English with No."),
    ("19-2-1101", "19-2-1101", "tower"),
    ("10栋2单元301室 王先生 尾号5678", "10-2-301", "surname and tail not on the roster: the address stands"),
    ("2单元301 10栋", "10-2-301", "building written last"),
    ("2单元301", "AMBIGUOUS", "no building"),
    ("301", "AMBIGUOUS", "a room alone"),
    ("10栋2单元3001", "UNKNOWN", "extra zero"),
    ("100-2-301", "UNKNOWN", "no building 100"),
    ("10-2", "UNKNOWN", "no room"),
    ("10栋", "UNKNOWN", "no room"),
    ("富民花园小区10号楼", "UNKNOWN", "no room"),
    ("Bldg 10 Unit 9 Rm 301", "UNKNOWN", "no unit 9"),
    ("3-2-1101", "UNKNOWN", "building 3 has 7 floors"),
    ("13800138000", "UNKNOWN", "a phone nobody on the roster has"),
    ("张三", "UNKNOWN", "a name nobody on the roster has"),
    ("10栋2单元301 10栋3单元302", "UNKNOWN", "two addresses"),
    ("13-2-103", "13-2-103", "three doors a floor in 13-16"),
    ("静园巷13号1单元103", "13-1-103", "as in the Dongfang Plaza report"),
    ("王牌路25号1单元503", "UNKNOWN", "no building 25 here"),
    ("王牌路37号邮电宿舍", "UNKNOWN", "another compound: no building 37, no room"),
]


def main(out_dir: Path = HERE) -> None:
    rng = random.Random(SEED)
    buildings, _spec = load_site()
    roster = make_roster(rng, buildings)
    corpus = Corpus(rng, buildings, roster)
    build(corpus)
    with open(out_dir / "address_roster.csv", "w", newline="", encoding="utf-8") as out:
        writer = csv.DictWriter(out, ["household_id", "building", "unit", "room", "name", "phone"],
                                lineterminator="\n")
        writer.writeheader()
        writer.writerows(roster)
    with open(out_dir / "addresses.csv", "w", newline="", encoding="utf-8") as out:
        writer = csv.DictWriter(out, ["text", "expected", "includes", "household", "form", "notes"],
                                lineterminator="\n")
        writer.writeheader()
        writer.writerows(corpus.rows)
    print(f"{len(roster)} roster entries, {len(corpus.rows)} address strings")


if __name__ == "__main__":
    main()
