"""`python -m labels.bench`: how long labels, sheets and floor lists take on this machine.

Targets: < 10 ms per PNG label, < 5 s for a 1,000-label PDF, < 1 s for a 400-line floor list.
Every label differs (its own codes), so no cache flatters the figures.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import time
from collections.abc import Callable
from datetime import datetime, timedelta

from labels import (DPIS, SIZES, FloorList, FloorListLine, ParcelLabel, render_floor_list_pdf,
                    render_label, render_labels_pdf)

CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CATEGORIES = ("medicine", "express", "meal", "fresh", "valuable", "bulky")


def parcel_code(n: int) -> str:
    digits = []
    for _ in range(8):
        n, r = divmod(n, 32)
        digits.append(CROCKFORD[r])
    return "P" + "".join(reversed(digits))


def sample_label(n: int) -> ParcelLabel:
    return ParcelLabel(
        parcel_code=parcel_code(n * 7919 + 12345), building=str(n % 85 + 1), unit=str(n % 4 + 1),
        room=f"{n % 18 + 1}{n % 4 + 1:02d}", category=CATEGORIES[n % len(CATEGORIES)],
        pickup_code=f"B{n % 85 + 1}-{n % 12 + 1:02d}-{n % 40 + 1:03d}",
        received_at=datetime(2022, 11, 27, 9, 0) + timedelta(minutes=n),
        care_marks=("elderly_alone", "chronic_medicine") if n % 5 == 0 else (),
        destination="王牌路37号邮电宿舍" if n % 7 == 0 else "", grid=str(n % 5 + 1))


def sample_floor_list(lines: int) -> FloorList:
    rows = [FloorListLine(unit=str(i // 100 + 1), room=f"{i % 100 // 4 + 1}{i % 4 + 1:02d}",
                          pickup_code=f"B10-{i % 12 + 1:02d}-{i % 40 + 1:03d}",
                          parcel_code=parcel_code(i * 104729 + 7), category=CATEGORIES[i % 6],
                          care_marks=("pregnant",) if i % 9 == 0 else (), recipient="王*明 ****1234")
            for i in range(lines)]
    return FloorList("10", "R1127-03", "张志愿", datetime(2022, 11, 27, 9, 30), rows, grid="3")


def timed(fn: Callable[[], object], runs: int) -> list[tuple[float, float]]:
    """(wall, cpu) seconds per run; cpu time shows the cost even when others share the CPU."""
    times = []
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        fn()
        times.append((time.perf_counter() - wall, time.process_time() - cpu))
    return times


def summary(times: list[tuple[float, float]]) -> str:
    def stats(values: list[float]) -> tuple[float, float]:
        ordered = sorted(values)
        p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
        return statistics.median(ordered) * 1000, p95 * 1000

    wall = stats([w for w, _ in times])
    cpu = stats([c for _, c in times])
    return (f"median {wall[0]:7.2f} ms   p95 {wall[1]:7.2f} ms   "
            f"(cpu median {cpu[0]:6.2f} ms, p95 {cpu[1]:6.2f} ms)")


def cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            for line in info:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m labels.bench", description=__doc__)
    parser.add_argument("--runs", type=int, default=200, help="labels per size and dpi")
    parser.add_argument("--sheet-labels", type=int, default=1000)
    parser.add_argument("--floor-lines", type=int, default=400)
    args = parser.parse_args(argv)

    print(f"machine: {cpu_model()}, {os.cpu_count()} logical cores, "
          f"Python {platform.python_version()} on {platform.system()}")
    render_label(sample_label(0))  # load fonts once, as a running station has
    counter = iter(range(1, 10**9))
    for fmt in ("png", "zpl"):
        for size in SIZES:
            for dpi in DPIS:
                times = timed(lambda: render_label(sample_label(next(counter)), size=size, dpi=dpi,
                                                   fmt=fmt), args.runs)
                print(f"{fmt} label {size:>7} @ {dpi} dpi: {summary(times)}")
    labels = [sample_label(i) for i in range(args.sheet_labels)]
    for sheet in (None, "a4"):
        pdf = b""

        def sheet_pdf(sheet: str | None = sheet) -> None:
            nonlocal pdf
            pdf = render_labels_pdf(labels, size="60x40", sheet=sheet)  # type: ignore[arg-type]

        (wall, cpu), = timed(sheet_pdf, 1)
        print(f"{len(labels)}-label PDF 60x40 ({sheet or 'one per page'}): {wall:.2f} s "
              f"(cpu {cpu:.2f} s), {len(pdf) / 1e6:.1f} MB")
    floor_list = sample_floor_list(args.floor_lines)
    (wall, cpu), = timed(lambda: render_floor_list_pdf(floor_list), 1)
    print(f"{args.floor_lines}-line floor list PDF: {wall:.2f} s (cpu {cpu:.2f} s)")


if __name__ == "__main__":
    main()
