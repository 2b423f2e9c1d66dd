"""`station bench gate`: a scanner's pace at the gate page, in Chromium, beside the HTTP calls alone.

Each item: a scanner burst ending in Enter, the room typed, Enter for an express parcel. The page
figures are the page's own work, timed from Python around Playwright's key presses: from the
burst's Enter to the destination step shown, and from the category key to the slot shown with
its label image loaded. The volunteer's typing is not counted. The HTTP figures are the same two
steps (POST /api/v1/scan; POST /api/v1/intake and GET the label PNG) from a plain client, so the
difference is what the page adds. Playwright's own round trips to the browser count in the page's.
"""

from __future__ import annotations

import random
import shutil
import tempfile
import time
from pathlib import Path

import click
import httpx2

from station.bench.figures import machine, summary
from station.bench.frame_label import _start_server

PASSWORD = "bench-gate-2026"
CHROMIUM = "/usr/bin/chromium"
LABEL_SHOWN = """() => {
  const result = document.querySelector('#result'), img = document.querySelector('#label-img');
  return !result.hidden && img.complete && img.naturalWidth > 0 && img.dataset.timed !== img.src;
}"""


def _rooms(rng: random.Random, count: int) -> list[str]:
    """Rooms of the demo roster, as a volunteer types them."""
    from station.demo.roster import demo_roster
    from station.setup import demo_site_file
    from station.site import load_site

    homes = [f"{row.building}-{row.unit}-{row.room}" for row in demo_roster(load_site(demo_site_file("large")))]
    return [rng.choice(homes) for _ in range(count)]


def _page_timings(url: str, items: list[tuple[str, str]]) -> tuple[list[float], list[float]]:
    from playwright.sync_api import sync_playwright

    to_destination, to_label = [], []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                             args=["--headless=new", "--no-sandbox", "--disable-gpu"])
        page = browser.new_context(base_url=url, locale="zh-CN").new_page()
        page.goto("/login")
        page.fill("input[name=name]", "benchgate")
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")
        page.goto("/gate")
        for number, room in items:
            page.locator("#scan").focus()
            page.keyboard.type(number, delay=5)
            started = time.perf_counter()
            page.keyboard.press("Enter")
            page.wait_for_selector("#step-destination:not([hidden])")
            to_destination.append((time.perf_counter() - started) * 1000)
            page.keyboard.type(room)
            page.keyboard.press("Enter")
            page.wait_for_selector("#step-category:not([hidden])")
            started = time.perf_counter()
            page.keyboard.press("Enter")
            page.wait_for_function(LABEL_SHOWN)
            to_label.append((time.perf_counter() - started) * 1000)
            page.evaluate("() => { const img = document.querySelector('#label-img'); img.dataset.timed = img.src; }")
        browser.close()
    return to_destination, to_label


def _http_timings(url: str, token: str, gate: str, items: list[tuple[str, str]]) -> tuple[list[float], list[float]]:
    scan_ms, intake_ms = [], []
    with httpx2.Client(base_url=url, headers={"Authorization": f"Bearer {token}"}, timeout=30) as client:
        for number, room in items:
            started = time.perf_counter()
            client.post("/api/v1/scan", json={"scan": number, "gate": gate}).raise_for_status()
            scan_ms.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            answer = client.post("/api/v1/intake", json={"scan": number, "destination": room,
                                                         "category": "express", "gate": gate})
            if answer.status_code not in (200, 201):
                raise click.ClickException(f"intake of {number} for {room}: {answer.status_code} {answer.text[:300]}")
            client.get(answer.json()["label"]["png"]).raise_for_status()
            intake_ms.append((time.perf_counter() - started) * 1000)
    return scan_ms, intake_ms


@click.command("gate")
@click.option("--items", default=100, show_default=True)
@click.option("--port", default=8766, show_default=True)
@click.option("--seed", default=1, show_default=True)
def gate_bench(items: int, port: int, seed: int) -> None:
    """From a scanner burst's Enter to the slot shown and the label ready, in the page and over HTTP."""
    try:
        import playwright  # noqa: F401  (a test extra)
    except ImportError:
        raise click.ClickException("this benchmark drives Chromium through Playwright: pip install -e '.[test]'")
    if shutil.which(CHROMIUM) is None:
        raise click.ClickException(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    from station.db import Database
    from station.setup import add_accounts, demo_site_file, device_token, set_up

    rng = random.Random(seed)
    numbers = [f"SF{n}" for n in rng.sample(range(10**12, 10**13), 2 * items)]
    rooms = _rooms(rng, 2 * items)
    by_page, by_http = list(zip(numbers[:items], rooms[:items])), list(zip(numbers[items:], rooms[items:]))
    with tempfile.TemporaryDirectory() as folder:
        db_url = f"sqlite:///{Path(folder) / 'bench.db'}"
        with Database(db_url) as db:
            gate = set_up(db, demo_site_file("large"), demo=True, actor="bench").site.gates[0].code
            add_accounts(db, [("benchgate", "gate")], password=PASSWORD)
            token = device_token(db, name="bench", role="gate")
        server = _start_server(db_url, port)
        url = f"http://127.0.0.1:{port}"
        try:
            page_scan, page_label = _page_timings(url, by_page)
            http_scan, http_intake = _http_timings(url, token, gate, by_http)
        finally:
            server.terminate()
            server.wait(timeout=10)
    click.echo(f"machine: {machine()}")
    click.echo(f"the gate page in Chromium against station serve (SQLite, 117-building demo), {items} items each")
    click.echo(f"  page: burst Enter -> destination step shown:         {summary(page_scan)}")
    click.echo(f"  page: category key -> slot shown, label image loaded: {summary(page_label)}")
    click.echo(f"  page: both steps:                                    {summary([a + b for a, b in zip(page_scan, page_label)])}")
    click.echo(f"  HTTP alone: POST /api/v1/scan:                       {summary(http_scan)}")
    click.echo(f"  HTTP alone: POST /api/v1/intake + GET label PNG:     {summary(http_intake)}")
    click.echo(f"  HTTP alone: both steps:                              {summary([a + b for a, b in zip(http_scan, http_intake)])}")
