"""From a camera frame arriving at the station to the label file ready, over loopback HTTP.

Each scan: POST the frame (a 1280x720 JPEG with one waybill Code128) to /api/v1/frames,
POST the decoded number to /api/v1/intake, GET the label PNG. The time is the whole path.
"""

from __future__ import annotations

import io
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import barcode
import click
import httpx2
from PIL import Image, ImageDraw, ImageFilter

from station.bench.figures import machine, summary


def waybill_frame(number: str, rng: random.Random) -> bytes:
    modules = barcode.get("code128", number).build()[0]
    module, height = 3, 110
    symbol = Image.new("L", (len(modules) * module + 40, height + 40), 255)
    draw = ImageDraw.Draw(symbol)
    for index, bit in enumerate(modules):
        if bit == "1":
            draw.rectangle([20 + index * module, 20, 20 + (index + 1) * module - 1, 20 + height], fill=0)
    frame = Image.new("L", (1280, 720), rng.randint(120, 180))
    symbol = symbol.rotate(rng.uniform(-6, 6), expand=True, fillcolor=150)
    frame.paste(symbol, (rng.randint(50, 1280 - symbol.width - 50), rng.randint(50, 720 - symbol.height - 50)))
    out = io.BytesIO()
    frame.filter(ImageFilter.GaussianBlur(0.7)).save(out, "JPEG", quality=85)
    return out.getvalue()


def _start_server(db_url: str, port: int) -> subprocess.Popen:
    server = subprocess.Popen([sys.executable, "-m", "station.cli", "serve", "--db", db_url, "--port", str(port),
                               "--log-level", "warning"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if httpx2.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                return server
        except httpx2.HTTPError:
            time.sleep(0.1)
    server.kill()
    raise click.ClickException("the station did not start")


@click.command("frame-to-label")
@click.option("--scans", default=200, show_default=True)
@click.option("--port", default=8765, show_default=True)
@click.option("--seed", default=1, show_default=True)
def frame_to_label(scans: int, port: int, seed: int) -> None:
    """Time from a webcam frame reaching the station to its label PNG being ready."""
    from station.db import Database
    from station.setup import demo_site_file, device_token, set_up

    rng = random.Random(seed)
    with tempfile.TemporaryDirectory() as folder:
        db_url = f"sqlite:///{Path(folder) / 'bench.db'}"
        with Database(db_url) as db:
            set_up(db, demo_site_file("small"), demo=True, actor="bench")
            token = device_token(db, name="bench", role="gate")
        frames = [(f"SF{rng.randrange(10**12, 10**13)}", None) for _ in range(scans)]
        frames = [(number, waybill_frame(number, rng)) for number, _ in frames]
        server = _start_server(db_url, port)
        headers = {"Authorization": f"Bearer {token}"}
        timings, decode_ms, missed = [], [], 0
        try:
            with httpx2.Client(base_url=f"http://127.0.0.1:{port}", headers=headers, timeout=30) as client:
                for index, (number, frame) in enumerate(frames):
                    started = time.perf_counter()
                    found = client.post("/api/v1/frames", content=frame, headers={"Content-Type": "image/jpeg"}).json()
                    texts = [r["text"] for r in found["results"]]
                    if number not in texts:
                        missed += 1
                        continue
                    building = rng.randint(1, 20)
                    intake = client.post("/api/v1/intake", json={
                        "scan": number, "destination": f"{building}-1-{rng.randint(1, 7)}0{rng.randint(1, 2)}",
                        "category": "express", "gate": "main"}).json()
                    png = client.get(intake["label"]["png"])
                    png.raise_for_status()
                    timings.append((time.perf_counter() - started) * 1000)
                    decode_ms.append(found["ms"])
        finally:
            server.terminate()
            server.wait(timeout=10)
    click.echo(f"machine: {machine()}")
    click.echo(f"frame -> decode -> intake -> label PNG, SQLite, loopback HTTP, {scans} scans ({missed} not decoded)")
    click.echo(f"  whole path: {summary(timings)}")
    click.echo(f"  decode on the station: {summary(decode_ms)}")
