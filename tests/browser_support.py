"""Browser test support (registered for the whole suite by tests/conftest.py): the real app on a loopback port, driven by Playwright in Debian's Chromium.

Playwright's own browser download does not work offline; `make test` installs Debian's
`chromium`, and these tests skip with the reason when it is missing.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn

from station.app import create_app
from station.config import Settings
from tests.support import PASSWORD, ROOT

CHROMIUM = os.environ.get("STATION_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--use-fake-ui-for-media-stream",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--no-first-run", "--disable-quic",
]
SCREENSHOTS = Path(os.environ.get("STATION_SCREENSHOTS", ROOT / "var" / "screenshots"))

def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class LiveServer:
    def __init__(self, db, settings: Settings | None = None) -> None:
        self.db = db
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        app = create_app(settings or Settings(database_url=db.url), db=db)
        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=self.port,
                                                    log_level="warning", lifespan="off"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> "LiveServer":
        self.thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("the station did not start")
            time.sleep(0.02)
        return self

    def __exit__(self, *_exc) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


@pytest.fixture
def live_server(sqlite_db) -> Iterator[LiveServer]:
    with LiveServer(sqlite_db) as server:
        yield server


@pytest.fixture(scope="session")
def playwright_instance():
    """One Playwright driver for the session: its sync API cannot be started twice at once."""
    if not Path(CHROMIUM).exists() or shutil.which(CHROMIUM) is None:
        pytest.skip(f"Chromium is not installed at {CHROMIUM} (make test installs Debian's chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser_instance(playwright_instance):
    browser = playwright_instance.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS,
                                                  headless=True)
    yield browser
    browser.close()


def launch_with_video(playwright, video: Path):
    """A Chromium whose webcam plays `video` (an MJPEG file of concatenated JPEG frames)."""
    return playwright.chromium.launch(
        executable_path=CHROMIUM, headless=True,
        args=CHROMIUM_ARGS + ["--use-fake-device-for-media-stream",
                              f"--use-file-for-fake-video-capture={video}"])


@pytest.fixture
def page(browser_instance, live_server):
    context = browser_instance.new_context(base_url=live_server.url, locale="zh-CN",
                                           viewport={"width": 1280, "height": 800})
    page = context.new_page()
    yield page
    context.close()


def sign_in(page, name: str = "gate1", password: str = PASSWORD, next_path: str = "/gate") -> None:
    page.goto(f"/login?next={next_path}")
    page.fill("input[name=name]", name)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_url(f"**{next_path}*")


def screenshot(page, name: str) -> Path:
    """Keep a picture of a page for the issue notes (var/screenshots/ by default)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
