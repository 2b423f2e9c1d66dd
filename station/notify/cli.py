"""`station notify-worker`: queue due digests and reminders, and send the outbox."""

from __future__ import annotations

import os
import signal
import threading
from pathlib import Path

import click
from sqlalchemy.exc import DBAPIError

from station.cli_options import db_option, secrets_option
from station.db import Database, utcnow
from station.errors import StationError
from station.keyfile import channel_secrets
from station.site import Site
from station.site.secrets import with_secrets


@click.command("notify-worker")
@db_option
@click.option("--interval", default=30.0, show_default=True, type=click.FloatRange(1, 3600),
              help="seconds between turns")
@click.option("--once", is_flag=True, help="one turn, then exit (for cron or a check)")
@secrets_option
def notify_worker(db_url: str, interval: float, once: bool, secrets_file: Path) -> None:
    """Send building digests and reminders to the site's channels.

    Run it beside `station serve` (one is enough; two are safe). The site file in use
    (`station init --site`) says which channels exist and when digests go out.
    """
    from station.notify import worker
    from station.siteconfig.cache import SiteCache

    def current_site() -> Site:
        site, missing = with_secrets(sites.current(), channel_secrets(secrets_file, dict(os.environ)))
        for name in missing:
            if name not in told:
                told.add(name)
                click.echo(f"{name} is set neither in the environment nor in {secrets_file}: "
                           "its channel cannot send")
        return site

    told: set[str] = set()
    with Database(db_url) as db:
        sites = SiteCache(db)
        try:
            site = current_site()
        except StationError as exc:
            raise click.ClickException(exc.message) from None
        except DBAPIError as exc:
            raise click.ClickException(f"cannot read the station database ({type(exc.orig).__name__}): "
                                       "is the address right, and was `station init` run?") from None
        if not site.channels:
            click.echo("the site file has no [[channels]]: nothing will be sent until one is added")
        if once:
            click.echo(str(worker.tick(db, site, utcnow())))
            return
        stop = threading.Event()
        signal.signal(signal.SIGTERM, lambda *_: stop.set())
        click.echo(f"notify worker: {len(site.channels)} channel(s), a turn every {interval:g} s; Ctrl+C stops")
        try:
            worker.run(db, current_site, interval=interval, stop=stop, echo=click.echo)
        except KeyboardInterrupt:
            stop.set()
        click.echo("notify worker stopped")

