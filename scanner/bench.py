"""Decoder benchmark: `python -m scanner.bench [--data DIR] [--limit N]`.

Runs each decoder and the default chain over the reference photos in ../shared/data/barcodes
(relative to the repository root) and over generated Code 128 / QR labels degraded like webcam
frames (scanner.synth), and prints per format and decoder: images read, wrong results (a text
that is not expected; on a NONE image, any result), median and p95 ms per image. Then the time
of the default chain on a 1280x720 frame with one Code 128, and the machine it ran on.

Times are CPU time of the decoding thread (OpenCV limited to one thread, zxing-cpp and zbar are
single-threaded), which other processes on a shared machine do not inflate; the wall-clock
median is printed beside it, with the load average.
"""

from __future__ import annotations

import argparse
import csv
import importlib.metadata
import itertools
import os
import platform
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import cv2
import numpy as np

from scanner import preprocess as pp
from scanner import synth
from scanner.chain import DecoderChain, Step, default_chain
from scanner.decoders import OpenCVDecoder, PyzbarDecoder, ZXingDecoder
from scanner.images import ImageError, load_image
from scanner.symbols import Symbol, normalise_ean

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = REPO_ROOT / ".." / "shared" / "data" / "barcodes"

Reader = Callable[[np.ndarray], list[Symbol]]


@dataclass(slots=True)
class Case:
    """One image and the texts it carries (empty for NONE)."""

    name: str
    format: str
    expected: frozenset[str]
    image: np.ndarray
    group: str = ""


@dataclass(slots=True)
class Tally:
    images: int = 0
    read: int = 0
    wrong: int = 0
    ms: list[float] = field(default_factory=list)  # CPU
    wall_ms: list[float] = field(default_factory=list)

    def add(self, ok: bool, wrong: int, ms: float, wall_ms: float, *, counts: bool) -> None:
        self.images += counts
        self.read += ok and counts
        self.wrong += wrong
        self.ms.append(ms)
        self.wall_ms.append(wall_ms)


def _timed(fn: Callable[[], object]) -> tuple[object, float, float]:
    """fn(), its thread CPU ms and its wall-clock ms."""
    cpu, wall = time.thread_time(), time.perf_counter()
    result = fn()
    return result, (time.thread_time() - cpu) * 1000, (time.perf_counter() - wall) * 1000


def _pct(values: Sequence[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def machine() -> str:
    model = platform.processor() or "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()

    def version(dist: str) -> str:
        try:
            return importlib.metadata.version(dist)
        except importlib.metadata.PackageNotFoundError:
            return "?"

    return (
        f"{model}; {os.cpu_count()} logical CPUs ({usable} usable); {platform.system()} {platform.machine()};"
        f" Python {platform.python_version()}; zxing-cpp {version('zxing-cpp')}, pyzbar {version('pyzbar')},"
        f" OpenCV {cv2.__version__}, numpy {np.__version__}"
    )


def load() -> str:
    try:
        return "load average " + " ".join(f"{x:.1f}" for x in os.getloadavg())
    except OSError:
        return "load average unknown"


def real_cases(data: Path, limit: int | None = None) -> list[Case]:
    """The reference photos listed in manifest.csv, grouped per file."""
    rows: dict[str, list[dict[str, str]]] = defaultdict(list)
    with open(data / "manifest.csv", newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            rows[row["file"]].append(row)
    cases: list[Case] = []
    for file, group in list(rows.items())[:limit]:
        fmt = group[0]["format"]
        expected = frozenset() if fmt == "NONE" else frozenset(
            normalise_ean(r["format"], r["expected_text"])[1] for r in group
        )
        try:
            image = load_image(data / file)
        except ImageError as exc:
            print(f"  skipped {file}: {exc}", file=sys.stderr)
            continue
        cases.append(Case(file, fmt, expected, image, group[0]["set"]))
    return cases


def synthetic_cases(limit: int | None = None) -> list[Case]:
    return [
        Case(s.name, s.format, frozenset({s.text}) if s.text else frozenset(), s.image, s.degradation)
        for s in itertools.islice(synth.degraded_set(), limit)
    ]


def readers() -> dict[str, Reader]:
    """Every decoder alone, raw (no plausibility screen), and the default chain."""
    return {
        "zxing-cpp all formats": ZXingDecoder(None),
        "zxing-cpp parcel formats": ZXingDecoder(),
        "pyzbar": PyzbarDecoder(None),
        "opencv": OpenCVDecoder(None),
        "default chain": default_chain().decode_gray,
        "chain all_symbols": default_chain(all_symbols=True).decode_gray,
    }


def chain_variants() -> dict[str, Reader]:
    """The alternatives the default chain was chosen against."""
    base = default_chain()
    no_pyzbar = [s for s in base.steps if not isinstance(s.decoder, PyzbarDecoder)]
    cv = OpenCVDecoder()
    with_opencv = [*base.steps[:4], Step(cv), Step(cv, pp.clahe()), *base.steps[4:]]
    pyzbar_first = [*base.steps[:2], Step(PyzbarDecoder()), *base.steps[2:]]
    pyzbar_last = [*base.steps[:2], *base.steps[4:], *base.steps[2:4]]
    return {
        "zxing-cpp parcel formats only": DecoderChain(base.steps[:2]).decode_gray,
        "default chain": base.decode_gray,
        "default, no second sighting": DecoderChain(base.steps, confirmations=1).decode_gray,
        "default without pyzbar": DecoderChain(no_pyzbar).decode_gray,
        "default + opencv after pyzbar": DecoderChain(with_opencv).decode_gray,
        "default + pyzbar on plain gray": DecoderChain(pyzbar_first).decode_gray,
        "zxing fallbacks before pyzbar": DecoderChain(pyzbar_last).decode_gray,
    }


def evaluate(cases: Iterable[Case], reader: Reader) -> dict[str, dict[str, Tally]]:
    """Tallies per format and per group ('' = all)."""
    by_format: dict[str, Tally] = defaultdict(Tally)
    by_group: dict[str, Tally] = defaultdict(Tally)
    for case in cases:
        symbols, ms, wall_ms = _timed(lambda: reader(case.image))
        texts = {normalise_ean(s.format, s.text)[1] for s in symbols}  # type: ignore[attr-defined]
        ok = bool(case.expected) and case.expected <= texts
        wrong = len(texts - case.expected)
        counts = case.format != "NONE"
        for tally in (by_format[case.format], by_format["ALL"], by_group[case.group]):
            tally.add(ok, wrong, ms, wall_ms, counts=counts)
    return {"format": dict(by_format), "group": dict(by_group)}


def _formats_in(results: dict[str, dict[str, dict[str, Tally]]]) -> list[str]:
    """Formats in alphabetical order, then NONE, then ALL."""
    found = {f for r in results.values() for f in r["format"]}
    return sorted(found, key=lambda f: (f in ("NONE", "ALL"), f == "ALL", f))


def _format_rows(results: dict[str, dict[str, dict[str, Tally]]]) -> list[str]:
    lines = [f"{'format':<11}{'decoder':<27}{'images':>7}{'read':>6}{'rate':>8}{'wrong':>7}"
             f"{'med ms':>8}{'p95 ms':>8}{'wall med':>9}"]
    formats = _formats_in(results)
    for fmt in formats:
        for name, r in results.items():
            t = r["format"].get(fmt)
            if t is None:
                continue
            rate = f"{100 * t.read / t.images:.0f}%" if t.images else "-"
            lines.append(
                f"{fmt:<11}{name:<27}{t.images if t.images else len(t.ms):>7}{t.read if t.images else '-':>6}"
                f"{rate:>8}{t.wrong:>7}{statistics.median(t.ms):>8.1f}{_pct(t.ms, 0.95):>8.1f}"
                f"{statistics.median(t.wall_ms):>9.1f}"
            )
        lines.append("")
    return lines


def _short(name: str) -> str:
    return name.replace("zxing-cpp", "zx").replace(" formats", "").replace("default ", "")[:12]


def _matrix_rows(results: dict[str, dict[str, dict[str, Tally]]]) -> list[str]:
    """Read rate / wrong results per format (rows) and decoder (columns)."""
    names = list(results)
    formats = _formats_in(results)
    header = f"{'format':<11}{'images':>7}" + "".join(f"{_short(n):>14}" for n in names)
    lines = ["summary, read rate / wrong results:", header]
    for fmt in formats:
        first = results[names[0]]["format"][fmt]
        cells = []
        for name in names:
            t = results[name]["format"][fmt]
            rate = f"{100 * t.read / t.images:.0f}%" if t.images else "-"
            cells.append(f"{rate} / {t.wrong}")
        lines.append(f"{fmt:<11}{first.images or len(first.ms):>7}" + "".join(f"{c:>14}" for c in cells))
    return lines


def _group_rows(results: dict[str, dict[str, dict[str, Tally]]]) -> list[str]:
    names = list(results)
    groups = sorted({g for r in results.values() for g in r["group"]})
    short = [_short(n) for n in names]
    lines = ["images read per degradation: " + ", ".join(f"{s} = {n}" for s, n in zip(short, names) if s != n)]
    lines.append(f"{'degradation':<14}{'images':>7}" + "".join(f"{s:>14}" for s in short))
    for g in groups:
        first = results[names[0]]["group"][g]
        n = first.images or len(first.ms)
        cells = []
        for name in names:
            t = results[name]["group"][g]
            cells.append(f"{t.read}" if t.images else f"{t.wrong} wrong")
        lines.append(f"{g:<14}{n:>7}" + "".join(f"{c:>14}" for c in cells))
    return lines


def _variant_rows(title: str, results: dict[str, dict[str, dict[str, Tally]]]) -> list[str]:
    lines = [title, f"{'chain':<34}{'read':>9}{'wrong':>7}{'med ms':>8}{'p95 ms':>8}"]
    for name, r in results.items():
        t = r["format"]["ALL"]
        lines.append(
            f"{name:<34}{f'{t.read}/{t.images}':>9}{t.wrong:>7}"
            f"{statistics.median(t.ms):>8.1f}{_pct(t.ms, 0.95):>8.1f}"
        )
    return lines


def frame_timing(repeat: int) -> list[str]:
    """The 10 ms target: default chain on a 1280x720 webcam frame with one Code 128."""
    gray = synth.frame_with_code128()
    bgr = cv2.cvtColor(gray, cv2.COLOR_GRAY2BGR)
    chain, complete = default_chain(), default_chain(all_symbols=True)
    zx_all, zx_two = ZXingDecoder(None), ZXingDecoder({"CODE128", "QR"})
    pyzbar = PyzbarDecoder(None)
    lines = [f"1280x720 frame with one Code 128 (scanner.synth.frame_with_code128), {repeat} runs, {load()}:"]
    for label, fn in (
        ("default chain, gray frame", lambda: chain.decode_gray(gray)),
        ("default chain, BGR frame as cv2 capture gives it", lambda: chain.decode(bgr)),
        ("default chain all_symbols (station-scan image)", lambda: complete.decode_gray(gray)),
        ("zxing-cpp all formats", lambda: zx_all(gray)),
        ("zxing-cpp CODE128+QR only", lambda: zx_two(gray)),
        ("pyzbar", lambda: pyzbar(gray)),
    ):
        found = fn()
        cpu, wall = [], []
        for _ in range(repeat):
            _result, c, w = _timed(fn)
            cpu.append(c)
            wall.append(w)
        texts = ",".join(s.text for s in found) or "nothing"
        lines.append(
            f"  {label:<50} median {statistics.median(cpu):6.2f} ms  p95 {_pct(cpu, 0.95):6.2f} ms"
            f"  (wall median {statistics.median(wall):6.2f} ms)  read: {texts}"
        )
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scanner.bench", description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="folder with manifest.csv and images/")
    parser.add_argument("--no-real", action="store_true", help="skip the reference photos")
    parser.add_argument("--no-synthetic", action="store_true", help="skip the generated labels")
    parser.add_argument("--no-variants", action="store_true", help="skip the comparison of chain variants")
    parser.add_argument("--repeat", type=int, default=200, help="runs for the frame timing")
    parser.add_argument("--limit", type=int, help="only the first N images of each set (a smoke run)")
    args = parser.parse_args(argv)

    print(f"machine: {machine()}\n{load()} at start; times are thread CPU ms unless marked wall\n", flush=True)
    cv2.setNumThreads(1)  # one decode per core is how the station and the camera loop run

    sets: list[tuple[str, list[Case]]] = []
    if not args.no_real:
        data = args.data.resolve()
        if (data / "manifest.csv").is_file():
            sets.append((f"reference photos ({data})", real_cases(data, args.limit)))
        else:
            print(f"reference photos skipped: {data}/manifest.csv not found\n")
    if not args.no_synthetic:
        sets.append(("generated labels, 1280x720, degraded (scanner.synth)", synthetic_cases(args.limit)))

    for title, cases in sets:
        results = {name: evaluate(cases, reader) for name, reader in readers().items()}
        lines = [f"== {title}: {len(cases)} images ==", *_format_rows(results), *_matrix_rows(results), ""]
        if title.startswith("generated"):
            lines += _group_rows(results) + [""]
        if not args.no_variants:
            variants = {name: evaluate(cases, reader) for name, reader in chain_variants().items()}
            lines += _variant_rows("chain variants (all formats):", variants) + [""]
        print("\n".join(lines), flush=True)

    print("\n".join(frame_timing(args.repeat)))
    print(f"\n{load()} at the end")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
