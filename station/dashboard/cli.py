"""`station export` and `station demo-day`."""

from __future__ import annotations

import sys
from collections import Counter
from datetime import datetime
from pathlib import Path

import click

from station.config import DEFAULT_DATABASE_URL
from station.db import Database, utcnow
from station.errors import StationError

db_option = click.option("--db", "db_url", envvar="STATION_DATABASE_URL", default=DEFAULT_DATABASE_URL,
                         show_default=True, help="database URL (sqlite:///FILE or postgresql://...)")


def _fail(message: str) -> None:
    click.secho(message, fg="red", err=True)
    sys.exit(1)


@click.command("export")
@db_option
@click.option("--date", "date_text", help="the day YYYY-MM-DD (site time); today when left out")
@click.option("--format", "fmt", type=click.Choice(["csv", "xlsx", "pdf"]), default="csv", show_default=True,
              help="the day's report as CSV, XLSX or a printable PDF")
@click.option("--custody", is_flag=True, help="instead: the whole custody log as CSV, with hashes")
@click.option("-o", "output", type=click.Path(dir_okay=False, path_type=Path), required=True)
def export_command(db_url: str, date_text: str | None, fmt: str, custody: bool, output: Path) -> None:
    """Export the day's report per building and category, or the full custody log."""
    from station.dashboard import export_files
    from station.dashboard.custody_export import custody_csv
    from station.dashboard.days import parse_day
    from station.dashboard.report import day_report
    from station.siteconfig.service import current_site

    try:
        with Database(db_url) as db:
            with db.read() as session:
                site = current_site(session)
            if custody:
                with output.open("wb") as handle:
                    for chunk in custody_csv(db, timezone=site.timezone):
                        handle.write(chunk)
                click.echo(f"{output}: the custody log")
                return
            try:
                day = parse_day(date_text, now=utcnow(), timezone=site.timezone)
            except ValueError as exc:
                _fail(str(exc))
            with db.read() as session:
                report = day_report(session, site=site, day=day, now=utcnow())
    except StationError as exc:
        _fail(exc.message)
    render = {"csv": export_files.to_csv, "xlsx": export_files.to_xlsx, "pdf": export_files.to_pdf}[fmt]
    output.write_bytes(render(report))
    totals = report.totals
    click.echo(f"{output}: {day}: {totals.received} received, {totals.delivered} delivered "
               f"({totals.picked_up} picked up), {totals.on_shelf} on shelves, "
               f"{totals.with_runners} with runners, {totals.problems} problems")


@click.command("demo-day")
@db_option
@click.option("--date", "date_text", help="the day to play, YYYY-MM-DD (site time); today when left out")
@click.option("--items", default=3000, show_default=True, type=click.IntRange(1, 100_000))
@click.option("--seed", default=1, show_default=True, type=int, help="the same seed plays the same day")
@click.option("--until", "until_text", help="stop at this local time, HH:MM (default: play to midnight)")
def demo_day_command(db_url: str, date_text: str | None, items: int, seed: int,
                     until_text: str | None) -> None:
    """Play a realistic day into a database through the station's services (after `station init --demo`)."""
    from station.dashboard.days import parse_day
    from station.demo.day import play_day
    from station.siteconfig.service import current_site

    try:
        with Database(db_url) as db:
            with db.read() as session:
                site = current_site(session)
            try:
                day = parse_day(date_text, now=utcnow(), timezone=site.timezone)
                until = _until(day, until_text)
            except ValueError as exc:
                _fail(str(exc))

            def progress(result, at: datetime) -> None:
                if result.transactions % 8 == 0:
                    click.echo(f"  {day.hour_of(at):02d}:xx  {result.steps} steps played", err=True)

            result = play_day(db, day=day, items=items, seed=seed, until=until, progress=progress)
    except StationError as exc:
        _fail(exc.message)
    statuses = ", ".join(f"{status} {count}" for status, count in sorted(result.statuses.items()))
    click.echo(f"{site.name}: {day} played with seed {seed}"
               + (f" until {until_text}" if until_text else ""))
    click.echo(f"  planned {result.planned} items; received {result.received}; "
               f"refused at the gate {len(result.refused)}; stuck on the way {len(result.stuck)}")
    for why, count in Counter(result.refused.values()).most_common(3):
        click.echo(f"    refused {count}x: {why}")
    click.echo(f"  statuses: {statuses}")
    click.echo(f"  still here at the end: {result.still_here}")
    rate = result.steps / result.seconds if result.seconds else 0
    click.echo(f"  {result.steps} steps, {result.events} custody events, {result.transactions} transactions "
               f"in {result.seconds:.1f} s wall clock ({rate:.0f} steps/s), {result.cpu_seconds:.1f} s CPU")


def _until(day, text: str | None):
    if not text:
        return None
    try:
        hour, minute = (int(part) for part in text.strip().split(":"))
        if not (0 <= hour <= 24 and 0 <= minute < 60) or (hour == 24 and minute):
            raise ValueError
    except ValueError:
        raise ValueError(f"--until {text!r} is not a time such as 20:00") from None
    return day.at(hour, minute)


def register_commands(main: click.Group) -> None:
    main.add_command(export_command)
    main.add_command(demo_day_command)
