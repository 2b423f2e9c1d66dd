"""Browser tests: every test in this folder carries the `browser` marker (tests/conftest.py adds it).

The fixtures (live_server, page, browser_instance, ...) live in tests/browser_support.py,
registered once for the whole suite so one Playwright serves all. `drive` runs steps in a
Chromium of its own from a worker thread: Playwright's sync API allows one running instance per
thread, and the shared instance stays open for the whole session.
"""

from __future__ import annotations

import shutil
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.browser_support import (  # noqa: F401  (helpers other test modules import from here)
    CHROMIUM,
    CHROMIUM_ARGS,
    SCREENSHOTS,
    LiveServer,
    free_port,
    launch_with_video,
    screenshot,
    sign_in,
)


@pytest.fixture
def drive(live_server):
    """drive(steps, **context_options): run steps(page) in Chromium against the live server."""
    if not Path(CHROMIUM).exists() or shutil.which(CHROMIUM) is None:
        pytest.skip(f"Chromium is not installed at {CHROMIUM} (make test installs Debian's chromium)")

    def run(steps: Callable, **options) -> None:
        failure: list[BaseException] = []

        def worker() -> None:
            from playwright.sync_api import sync_playwright

            try:
                with sync_playwright() as playwright:
                    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS,
                                                         headless=True)
                    try:
                        context = browser.new_context(**{"base_url": live_server.url, "locale": "zh-CN",
                                                         "viewport": {"width": 1280, "height": 800},
                                                         **options})
                        steps(context.new_page())
                    finally:
                        browser.close()
            except BaseException as exc:  # handed to the test's own thread below
                failure.append(exc)

        thread = threading.Thread(target=worker, name="gate-pages-chromium")
        thread.start()
        thread.join(timeout=300)
        if thread.is_alive():
            raise TimeoutError("the browser steps did not finish within 5 minutes")
        if failure:
            raise failure[0]

    return run
