"""`station bench waybill`: how often the waybill reader names the right room, how fast, and what
it costs intake while it works.

The photos are generated (tests/waybill_photos.py, so the bench runs from a source checkout)
with seeds the tests never use, addressed to the demo roster's households. Each is read as the
station reads a gate's frame: the label found, its text read, the recipient block resolved.
Then intake over HTTP at concurrency 8, alone and while a gate sends waybill frames one after
another to the same server.
"""

from __future__ import annotations

import os
import random
import statistics
import tempfile
import threading
import time
from pathlib import Path

import click
import cv2
import httpx2

from station.bench.figures import machine, percentile, summary
from station.bench.http import Server, bench_token, clear_shelves, intake_data, line

SEED = 100_000  # the tests' photos use seeds below 10,000
ROUNDS = 3


def _photos(db_url: str, count: int, seed: int) -> tuple[list, object, str | None]:
    try:
        from tests.waybill_photos import Household, waybill_photo
    except ImportError:
        raise click.ClickException("the waybill generator is in tests/: run from a source checkout") from None
    from station.db import Database
    from station.gate.waybill.service import waybill_directory
    from station.siteconfig.service import current_site

    with Database(db_url) as db, db.read() as session:
        site = current_site(session)
        directory, compound = waybill_directory(session, site)
    households = [Household(e.destination, e.name, e.phone) for e in directory.entries if e.name and e.phone]
    rng = random.Random(seed)
    photos = [waybill_photo(rng.choice(households), seed=seed + n) for n in range(count)]
    return photos, directory, compound


def _accuracy(photos: list, directory: object, compound: str | None) -> None:
    from station.gate.waybill.reader import read_image

    read_image(photos[0].image, directory, compound)  # the models load on first use: not a frame's time
    counts = {"right": 0, "wrong": 0, "offered": 0, "left": 0}
    wall, cpu, wrong = [], [], []
    for photo in photos:
        started, cpu_started = time.perf_counter(), time.process_time()
        reading = read_image(photo.image, directory, compound)
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - cpu_started) * 1000)
        if reading["destination"] == photo.expected:
            counts["right"] += 1
        elif reading["destination"] is not None:
            counts["wrong"] += 1
            wrong.append(f"{photo.name}: {reading['destination']} for {photo.expected}")
        elif photo.expected in reading["candidates"]:
            counts["offered"] += 1
        else:
            counts["left"] += 1
    n = len(photos)
    click.echo(f"{n} generated waybill photos (1280x720 JPEG; layouts, address forms, rotation, blur, light)")
    click.echo("  " + "  ".join(f"{kind} {count / n:.1%}" for kind, count in counts.items())
               + "  (offered: the right room among the candidates; left: to the volunteer)")
    click.echo(f"  per frame, wall: {summary(wall)}  (load average over 1/5/15 min: {_load()})")
    click.echo(f"  per frame, CPU:  median={statistics.median(cpu):.1f} ms p95={percentile(cpu, 95):.1f} ms")
    for miss in wrong:
        click.echo(f"  wrong: {miss}")
    _plain(photos[: min(10, n)])


def _load() -> str:
    """Wall times grow with what else the machine runs; CPU times much less."""
    return " / ".join(f"{load:.1f}" for load in os.getloadavg()) if hasattr(os, "getloadavg") else "n/a"


def _plain(photos: list) -> None:
    """The library's plain call on the whole frame, for comparison."""
    from rapidocr_onnxruntime import RapidOCR

    engine = RapidOCR()
    engine(cv2.cvtColor(photos[0].image, cv2.COLOR_GRAY2BGR))
    wall, cpu = [], []
    for photo in photos:
        started, cpu_started = time.perf_counter(), time.process_time()
        engine(cv2.cvtColor(photo.image, cv2.COLOR_GRAY2BGR))
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - cpu_started) * 1000)
    click.echo(f"  the library's plain call on the whole frame: wall median={statistics.median(wall):.1f} ms, "
               f"CPU median={statistics.median(cpu):.1f} ms (n={len(photos)})")


def _merged(runs: list[dict]) -> dict:
    merged = dict(runs[0])
    for key in ("ok", "errors", "seconds"):
        merged[key] = sum(run[key] for run in runs)
    merged["latencies_ms"] = [ms for run in runs for ms in run["latencies_ms"]]
    merged["server_cpu_ms"] = statistics.fmean(run["server_cpu_ms"] for run in runs)
    return merged


def _intake_beside_ocr(db_url: str, photos: list, requests: int, seed: int) -> None:
    """Intake alone and beside OCR in turns (ROUNDS of each), so that what the rest of a shared
    machine does meanwhile weighs on both alike."""
    token = bench_token(db_url)
    frames = [cv2.imencode(".jpg", p.image, [cv2.IMWRITE_JPEG_QUALITY, 85])[1].tobytes() for p in photos[:20]]
    sending, idle, stop, read = threading.Event(), threading.Event(), threading.Event(), []
    alone, beside = [], []
    with tempfile.TemporaryDirectory() as folder, Server(db_url) as server:
        data = intake_data(db_url, Path(folder))

        def gate() -> None:
            with httpx2.Client(base_url=server.url, headers={"Authorization": f"Bearer {token}"},
                               timeout=60) as client:
                n = 0
                while not stop.is_set():
                    idle.set()
                    if not sending.wait(0.1):
                        continue
                    idle.clear()
                    answer = client.post("/api/v1/waybill?gate=main", content=frames[n % len(frames)],
                                         headers={"Content-Type": "image/jpeg"})
                    read.append(answer.json().get("ms", 0) if answer.status_code == 200 else -1)
                    n += 1

        sender = threading.Thread(target=gate, daemon=True)
        sender.start()
        sending.set()
        time.sleep(3)  # the models load in the server on the first frame
        read.clear()
        for turn in range(ROUNDS):
            sending.clear()
            idle.wait(60)
            alone.append(server.load(token, "intake", 8, requests // ROUNDS, seed + 2 * turn, data))
            clear_shelves(db_url)
            sending.set()
            time.sleep(0.5)
            beside.append(server.load(token, "intake", 8, requests // ROUNDS, seed + 2 * turn + 1, data))
            clear_shelves(db_url)
        stop.set()
        sender.join(timeout=60)
    alone_all, beside_all = _merged(alone), _merged(beside)
    rate_alone = alone_all["ok"] / alone_all["seconds"]
    rate_beside = beside_all["ok"] / beside_all["seconds"]
    click.echo(f"intake over HTTP (SQLite, small demo site), alone and while one gate sends waybill frames "
               f"back to back, in {ROUNDS} turns each:")
    click.echo("  alone:       " + line(alone_all))
    click.echo("  beside OCR:  " + line(beside_all))
    ok = [ms for ms in read if ms >= 0]
    click.echo(f"  frames read meanwhile: {len(ok)} ({len(read) - len(ok)} refused); "
               f"intake throughput beside OCR = {rate_beside / rate_alone:.2f} x alone (load average {_load()})")
    for turn, (one, other) in enumerate(zip(alone, beside, strict=True), 1):
        click.echo(f"  turn {turn}: {one['ok'] / one['seconds']:.1f}/s alone, "
                   f"{other['ok'] / other['seconds']:.1f}/s beside OCR")


@click.command("waybill")
@click.option("--photos", default=100, show_default=True, help="generated waybill photos to read")
@click.option("--seed", default=SEED, show_default=True, help="the first photo's seed (tests use < 10,000)")
@click.option("--requests", default=1000, show_default=True, help="intakes per throughput run")
@click.option("--no-intake", is_flag=True, help="skip the intake throughput beside OCR")
def waybill_bench(photos: int, seed: int, requests: int, no_intake: bool) -> None:
    """Waybill reading: right, wrong, offered or left; ms per frame; intake beside it."""
    from station.db import Database
    from station.setup import demo_site_file, set_up

    click.echo(f"machine: {machine()}")
    with tempfile.TemporaryDirectory() as folder:
        db_url = f"sqlite:///{Path(folder) / 'bench.db'}"
        with Database(db_url) as db:
            set_up(db, demo_site_file("small"), demo=True, actor="bench")
        generated, directory, compound = _photos(db_url, photos, seed)
        _accuracy(generated, directory, compound)
        if not no_intake:
            _intake_beside_ocr(db_url, generated, requests, seed)
