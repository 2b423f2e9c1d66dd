"""Writes waybills/: a few generated waybill photos (JPEG) and expected.csv, the room each names.
Labels come from how each photo was made, never from the reader. Run from the repository root:
PYTHONPATH=. python tests/data/make_waybills.py
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

import cv2

from tests.waybill_photos import demo_households, waybill_photo

HERE = Path(__file__).resolve().parent
OUT = HERE / "waybills"
SAMPLES = (("sf", "haolou", 0), ("zto", "zh_numerals", 1), ("jd", "dashes", 1), ("sf", "spaces", 2),
           ("printed", "dong", 0), ("printed", "hao_room", 1))


def main() -> None:
    OUT.mkdir(exist_ok=True)
    households = demo_households()
    rng = random.Random(20221120)
    with (OUT / "expected.csv").open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["file", "expected", "layout", "form"])
        for n, (layout, form, level) in enumerate(SAMPLES):
            photo = waybill_photo(rng.choice(households), seed=500 + n, layout=layout, form=form, level=level)
            name = f"{n + 1:02d}-{layout}-{form}.jpg"
            cv2.imwrite(str(OUT / name), photo.image, [cv2.IMWRITE_JPEG_QUALITY, 85])
            writer.writerow([name, photo.expected, layout, form])


if __name__ == "__main__":
    main()
