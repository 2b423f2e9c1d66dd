"""Writes cn_tracking.csv: Chinese carriers' waybill numbers built from their published formats,
and near misses that must be refused. Labels come from how each number was built.
Run from the repository root: python tests/data/make_cn_tracking.py

Columns: text, expected (carrier code, or REJECT), hint (an expected_carrier given with it; when
set, the carrier must come back settled), notes.
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

HERE = Path(__file__).resolve().parent
SEED = 20211023  # the day Hongfuyuan became a high-risk area
FULL = str.maketrans("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ", "０１２３４５６７８９ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺ")


def digits(rng: random.Random, n: int, first: str = "0123456789") -> str:
    return rng.choice(first) + "".join(rng.choice("0123456789") for _ in range(n - 1))


def s10_check(serial: str) -> str:
    """UPU S10 check digit (weights 8 6 4 2 3 5 9 7, mod 11; 0 -> 5, 1 -> 0)."""
    remainder = sum(int(d) * w for d, w in zip(serial, (8, 6, 4, 2, 3, 5, 9, 7))) % 11
    return str({0: 5, 1: 0}.get(remainder, 11 - remainder))


def grouped(number: str) -> str:
    head, rest = (number[:2], number[2:]) if number[:2].isalpha() else ("", number)
    return (head + " " if head else "") + " ".join(rest[i:i + 4] for i in range(0, len(rest), 4))


def build(rng: random.Random) -> list[dict]:
    rows: list[dict] = []

    def add(text: str, expected: str, notes: str, hint: str = "") -> None:
        rows.append({"text": text, "expected": expected, "hint": hint, "notes": notes})

    made = {
        "SF": lambda: "SF" + digits(rng, 13, "1235"),
        "JT": lambda: "JT" + digits(rng, 13),
        "YTO": lambda: "YT" + digits(rng, 13, "123456789"),
        "DEPPON": lambda: "DPK" + digits(rng, 12, "23"),
        "JD": lambda: "JD" + rng.choice(["X" + digits(rng, 1), "K" + digits(rng, 1), "VA", "VB", "VC"])
        + digits(rng, 11),
        "YUNEXPRESS": lambda: "YT" + digits(rng, 16, "12"),
    }
    for carrier, make in made.items():
        for index in range(10):
            number = make()
            variant = index % 4
            if variant == 1:
                add(grouped(number), carrier, "printed in groups")
            elif variant == 2:
                add(number.lower() if index % 8 == 2 else number.translate(FULL), carrier,
                    "typed lower case" if index % 8 == 2 else "full-width (IME)")
            elif variant == 3:
                add(f" {number}\r", carrier, "scanner adds space and CR")
            else:
                add(number, carrier, "as printed")
    add("JDX" + digits(rng, 12) + "-1-1-", "JD", "multi-piece label suffix")
    add("JDVA" + digits(rng, 11) + "-2-3-", "JD", "multi-piece label suffix")

    for _ in range(8):  # China Post / EMS international (S10, with check digit)
        serial = digits(rng, 8)
        service = rng.choice(["EA", "EB", "RR", "CP", "LK", "LZ", "UA", "EE"])
        add(service + serial + s10_check(serial) + "CN", "EMS", "UPU S10, issued in China")
    for _ in range(4):
        add(digits(rng, 2, "1") + digits(rng, 11), "EMS", "domestic 13 digits")

    bare = {  # bare numbers: the carrier must be among the ranked candidates
        "ZTO": lambda: rng.choice(["73", "75", "76", "78"]) + digits(rng, 12),
        "STO": lambda: "77" + digits(rng, 13),
        "YUNDA": lambda: rng.choice("34") + digits(rng, 14),
        "CAINIAO": lambda: "621" + digits(rng, 12),
        "ANE": lambda: digits(rng, 12, "3"),
    }
    for carrier, make in bare.items():
        for index in range(8):
            number = make()
            if index >= 6:
                add(number, carrier, "bare number; the hand-over session names the carrier", hint=carrier)
            else:
                add(number if index % 2 else grouped(number), carrier, "bare number: ambiguous by design")
    add("77" + digits(rng, 12), "STO", "14-digit STO")
    add(digits(rng, 12, "2"), "SF", "older 12-digit SF waybill", hint="顺丰")
    add(digits(rng, 12, "5"), "ZTO", "older 12-digit ZTO waybill", hint="中通")

    misses = [  # near misses: must be refused
        lambda: ("SF" + digits(rng, 12), "SF + 12 digits: not a format"),
        lambda: ("SF" + digits(rng, 14), "SF + 14 digits"),
        lambda: ("JT" + digits(rng, 12), "JT + 12 digits"),
        lambda: ("JT" + digits(rng, 14), "JT + 14 digits"),
        lambda: ("YT" + digits(rng, 14), "YT + 14: neither YTO nor YunExpress"),
        lambda: ("YT" + digits(rng, 15), "YT + 15: neither YTO nor YunExpress"),
        lambda: ("DPK" + digits(rng, 11), "DPK + 11"),
        lambda: ("DPK" + digits(rng, 13), "DPK + 13"),
        lambda: ("JD" + digits(rng, 13), "JD + digits only"),
        lambda: ("JDX" + digits(rng, 11), "JDX + 11"),
        lambda: ("SF" + digits(rng, 6) + "O" + digits(rng, 6), "letter O inside an SF number"),
        lambda: (digits(rng, 17, "7"), "17 bare digits"),
        lambda: (digits(rng, 19, "4"), "19 bare digits"),
        lambda: (digits(rng, 7), "7 digits"),
        lambda: ("7361" + digits(rng, 4) + "I" + digits(rng, 5), "letter I inside a ZTO number"),
    ]
    for make in misses:
        for _ in range(2):
            text, why = make()
            add(text, "REJECT", why)
    for _ in range(4):
        serial = digits(rng, 8)
        good = s10_check(serial)
        bad = str((int(good) + rng.randint(1, 9)) % 10)
        add("EA" + serial + bad + "CN", "REJECT", "S10 with a wrong check digit")
    for country in ("XX", "QQ", "ZZ"):
        serial = digits(rng, 8)
        add("RR" + serial + s10_check(serial) + country, "REJECT", f"S10 with unknown country {country}")
    add("000000000000", "REJECT", "all zeros")
    add("111111111111111", "REJECT", "a run of one digit")
    add("13812345678", "REJECT", "a mobile phone number")
    return rows


def main(out_dir: Path = HERE) -> None:
    rows = build(random.Random(SEED))
    with open(out_dir / "cn_tracking.csv", "w", newline="", encoding="utf-8") as out:
        # Quote every field: some hold the CR a scanner sends, which must survive a round trip.
        writer = csv.DictWriter(out, ["text", "expected", "hint", "notes"], lineterminator="\n",
                                quoting=csv.QUOTE_ALL)
        writer.writeheader()
        writer.writerows(rows)
    print(f"{len(rows)} numbers ({sum(r['expected'] == 'REJECT' for r in rows)} to refuse)")


if __name__ == "__main__":
    main()
