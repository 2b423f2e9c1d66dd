"""The gate's waybill endpoint: one frame in, the destination it names (or candidates) out."""

from __future__ import annotations

import asyncio
import csv
import io
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from fastapi.testclient import TestClient
from PIL import Image

from station.app import create_app
from station.config import Settings
from station.gate.waybill.reader import GateTurns
from tests.support import EN, bearer

WAYBILLS = Path(__file__).resolve().parents[1] / "data" / "waybills"


def first_waybill() -> tuple[bytes, str]:
    with (WAYBILLS / "expected.csv").open(encoding="utf-8") as rows:
        row = next(csv.DictReader(rows))
    return (WAYBILLS / row["file"]).read_bytes(), row["expected"]


def test_a_waybill_photo_names_its_room(client):
    body, expected = first_waybill()
    response = client.post("/api/v1/waybill?gate=main", content=body, headers={"Content-Type": "image/jpeg"})
    assert response.status_code == 200, response.text
    answer = response.json()
    assert answer["destination"] == expected and answer["confidence"] >= 0.8
    assert any("单元" in line for line in answer["recipient"]) and answer["ms"] > 0


def test_why_nothing_was_read_is_said_in_the_asked_language(client):
    blank = io.BytesIO()
    Image.new("L", (640, 480), 255).save(blank, format="JPEG")
    answers = {}
    for language in ("en", "zh-CN"):
        response = client.post("/api/v1/waybill?gate=main", content=blank.getvalue(),
                               headers={"Content-Type": "image/jpeg", "Accept-Language": language})
        assert response.status_code == 200, response.text
        answers[language] = response.json()
    assert answers["en"]["destination"] is None
    assert answers["en"]["reason"] == "no recipient block (收件人 / 收) found on the waybill"
    assert answers["zh-CN"]["reason"] == "面单上没找到收件人一栏（收件人 / 收）"


def test_a_non_image_is_refused_with_415(client):
    response = client.post("/api/v1/waybill", content=b"%PDF-1.4", headers={"Content-Type": "image/jpeg"})
    assert response.status_code == 415


def test_only_who_receives_parcels_may_send_a_waybill(client):
    body, _ = first_waybill()
    response = client.post("/api/v1/waybill", content=body, headers={**bearer("runner1"), "Content-Type": "image/jpeg"})
    assert response.status_code == 403


def test_a_station_with_waybill_reading_off_refuses(db):
    app = create_app(Settings(database_url=db.url, waybill_reading=False), db=db)
    with TestClient(app, headers=bearer("gate1") | EN) as off:
        body, _ = first_waybill()
        response = off.post("/api/v1/waybill", content=body, headers={"Content-Type": "image/jpeg"})
    assert response.status_code == 409 and "off" in response.json()["detail"]


def test_one_frame_at_a_time_per_gate_and_stale_frames_dropped():
    turns = GateTurns()
    running, most = [0], [0]
    guard = threading.Lock()

    def work(n: int) -> int:
        with guard:
            running[0] += 1
            most[0] = max(most[0], running[0])
        time.sleep(0.05)
        with guard:
            running[0] -= 1
        return n

    async def frames() -> list:
        first = asyncio.create_task(turns.run("main", work, 1))
        await asyncio.sleep(0.01)
        waiting = [asyncio.create_task(turns.run("main", work, n)) for n in (2, 3, 4)]
        other = asyncio.create_task(turns.run("north", work, 9))
        return [await first, *[await task for task in waiting], await other]

    # A thread of its own: a browser test earlier in the session may leave an event loop running here.
    with ThreadPoolExecutor(1) as thread:
        assert thread.submit(lambda: asyncio.run(frames())).result() == [1, None, None, 4, 9]
    assert most[0] == 1
