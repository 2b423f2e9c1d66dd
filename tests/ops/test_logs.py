"""Logging: an access line per request, text or JSON lines, and `station serve --log-level`."""

import io
import json
import logging
import subprocess
import sys
import time
import urllib.request

import pytest

from station.ops.logs import configure
from tests.browser.conftest import free_port


@pytest.fixture
def restored_logging():
    root = logging.getLogger()
    level, handlers = root.level, list(root.handlers)
    yield
    root.handlers[:] = handlers
    root.setLevel(level)


def test_each_request_is_one_access_line_with_status_and_time_and_no_query(client, caplog):
    with caplog.at_level(logging.INFO, logger="station.access"):
        client.get("/healthz")
        client.get("/track?room=10-2-301&phone=1234")
    lines = [r for r in caplog.records if r.name == "station.access"]
    assert [(r.method, r.path, r.status) for r in lines] == [("GET", "/healthz", 200), ("GET", "/track", 200)]
    assert all(isinstance(r.duration_ms, float) for r in lines)  # present; its size is not a test's business
    assert "1234" not in caplog.text


def test_json_lines_carry_the_access_fields(restored_logging):
    stream = io.StringIO()
    configure("info", "json", stream=stream)
    logging.getLogger("station.access").info("GET / 200", extra={"method": "GET", "path": "/", "status": 200,
                                                                 "duration_ms": 1.5, "client": "127.0.0.1"})
    logging.getLogger("station.test").debug("not at info")
    line = json.loads(stream.getvalue())
    assert line["logger"] == "station.access" and line["level"] == "info"
    assert (line["status"], line["duration_ms"], line["path"]) == (200, 1.5, "/")


def test_station_serve_logs_requests_as_json_lines(sqlite_db, tmp_path):
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "station.cli", "serve", "--db", sqlite_db.url,
                               "--port", str(port), "--log-level", "INFO", "--log-format", "json"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, cwd=tmp_path)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=2).read()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
    finally:
        server.terminate()
        logged = server.communicate(timeout=10)[1]
    lines = [json.loads(line) for line in logged.splitlines() if line.startswith("{")]
    assert any(line.get("path") == "/readyz" and line.get("status") == 200 for line in lines), logged
    assert any(line["logger"].startswith("uvicorn") for line in lines), logged
