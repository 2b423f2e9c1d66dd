"""`station notify-worker`: queue due digests and reminders, and send the outbox."""

from __future__ import annotations

import signal
import threading
from pathlib import Path

import click
from sqlalchemy.exc import DBAPIError

from station.cli_options import db_option, secrets_option
from station.db import Database, utcnow
from station.errors import StationError


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
    from station.notify.background import SitesWithSecrets

    with Database(db_url) as db:
        current_site = SitesWithSecrets(db, secrets_file, click.echo)
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

