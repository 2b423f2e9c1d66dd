"""The notification worker's site (channel secrets filled in) and the worker run in a thread of
`station serve` when the station is one process on a gate PC."""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable
from pathlib import Path

from station.db import Database
from station.keyfile import channel_secrets
from station.site import Site
from station.site.secrets import with_secrets
from station.siteconfig.cache import SiteCache

log = logging.getLogger("station.notify")


class SitesWithSecrets:
    """The site in use with its channels' `${NAME}` references resolved; each missing name said once."""

    def __init__(self, db: Database, secrets_file: Path | None, echo: Callable[[str], None]) -> None:
        self.sites, self.secrets_file, self.echo = SiteCache(db), secrets_file, echo
        self.told: set[str] = set()

    def __call__(self) -> Site:
        site, missing = with_secrets(self.sites.current(), channel_secrets(self.secrets_file, dict(os.environ)))
        for name in sorted(set(missing) - self.told):
            self.told.add(name)
            self.echo(f"{name} is set neither in the environment nor in {self.secrets_file}: its channel cannot send")
        return site


def start_in_thread(db_url: str, secrets_file: Path | None, *, interval: float = 30.0) -> threading.Event:
    """Run the worker beside the web server until the returned event is set (or the process ends)."""
    from station.notify import worker

    stop = threading.Event()
    db = Database(db_url)

    def run() -> None:
        try:
            worker.run(db, SitesWithSecrets(db, secrets_file, log.warning), interval=interval, stop=stop,
                       echo=log.info)
        finally:
            db.dispose()

    threading.Thread(target=run, name="notify-worker", daemon=True).start()
    log.info("notification worker started in this process, a turn every %g s", interval)
    return stop
