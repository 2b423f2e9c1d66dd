"""Browser tests; the fixtures (live_server, page, browser_instance, ...) live in
tests/browser_support.py, registered once for the whole suite so one Playwright serves all."""

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

pytestmark = pytest.mark.browser
