"""`station serve --notify-worker` sends the outbox from its own process, with the channel's secret
taken from the environment."""

import hashlib
import hmac
import os
import subprocess
import sys
import time
import urllib.request

from station.db import utcnow
from station.notify import triggers
from tests.browser.conftest import free_port
from tests.notify.helpers import use_site

HOOK = '''
[[channels]]
code = "hook"
kind = "webhook"
role = "coordinator"
url = "{url}/hook"
secret = "${{STATION_CHANNEL_HOOK_SECRET}}"
'''


def test_serve_with_the_notify_worker_sends_signed_with_the_secret_from_the_environment(sqlite_db, chat, tmp_path):
    site = use_site(sqlite_db, HOOK.format(url=chat.url))
    sqlite_db.write(lambda s: triggers.send_test(s, site=site, channel=site.channels[0], now=utcnow()))
    port = free_port()
    env = {**os.environ, "STATION_CHANNEL_HOOK_SECRET": "s3cret", "STATION_SECRETS_FILE": str(tmp_path / "none.env")}
    server = subprocess.Popen([sys.executable, "-m", "station.cli", "serve", "--db", sqlite_db.url,
                               "--port", str(port), "--notify-worker", "--log-level", "info"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, cwd=tmp_path, env=env)
    try:
        deadline = time.monotonic() + 30
        while not chat.received and time.monotonic() < deadline:
            time.sleep(0.1)
        assert urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=5).status == 200
    finally:
        server.terminate()
        logged = server.communicate(timeout=10)[1]
    assert "notification worker started in this process" in logged
    post, = chat.received
    expected = "sha256=" + hmac.new(b"s3cret", post.raw, hashlib.sha256).hexdigest()
    assert post.path == "/hook" and post.headers["x-station-signature"] == expected
