"""`station notify-worker`: queue due digests and reminders, and send the outbox."""

from __future__ import annotations

import signal
import threading

import click
from sqlalchemy.exc import DBAPIError

from station.config import DEFAULT_DATABASE_URL
from station.db import Database, utcnow
from station.errors import StationError


@click.command("notify-worker")
@click.option("--db", "db_url", envvar="STATION_DATABASE_URL", default=DEFAULT_DATABASE_URL,
              show_default=True, help="database URL (sqlite:///FILE or postgresql://...)")
@click.option("--interval", default=30.0, show_default=True, type=click.FloatRange(1, 3600),
              help="seconds between turns")
@click.option("--once", is_flag=True, help="one turn, then exit (for cron or a check)")
def notify_worker(db_url: str, interval: float, once: bool) -> None:
    """Send building digests and reminders to the site's channels.

    Run it beside `station serve` (one is enough; two are safe). The site file in use
    (`station init --site`) says which channels exist and when digests go out.
    """
    from station.notify import worker
    from station.siteconfig.cache import SiteCache

    with Database(db_url) as db:
        sites = SiteCache(db)
        try:
            site = sites.current()
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
            worker.run(db, sites.current, interval=interval, stop=stop, echo=click.echo)
        except KeyboardInterrupt:
            stop.set()
        click.echo("notify worker stopped")


def register(main: click.Group, bench: click.Group) -> None:
    """Add `station notify-worker` and `station bench notify`."""
    from station.bench.notify import notify_bench

    main.add_command(notify_worker)
    bench.add_command(notify_bench)
