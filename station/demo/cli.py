"""`station demo-day`, and the demo accounts as `station init --demo` shows them."""

from __future__ import annotations

from collections import Counter
from datetime import datetime

import click

from station.cli_options import db_option, fail
from station.db import Database, utcnow
from station.errors import StationError


@click.command("demo-day")
@db_option
@click.option("--date", "date_text", help="the day to play, YYYY-MM-DD (site time); today when left out")
@click.option("--items", default=3000, show_default=True, type=click.IntRange(1, 100_000))
@click.option("--seed", default=1, show_default=True, type=int, help="the same seed plays the same day")
@click.option("--until", "until_text", help="stop at this local time, HH:MM (default: play to midnight)")
def demo_day(db_url: str, date_text: str | None, items: int, seed: int, until_text: str | None) -> None:
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
                fail(str(exc))

            def progress(result, at: datetime) -> None:
                if result.transactions % 8 == 0:
                    click.echo(f"  {day.hour_of(at):02d}:xx  {result.steps} steps played", err=True)

            result = play_day(db, day=day, items=items, seed=seed, until=until, progress=progress)
    except StationError as exc:
        fail(exc.message)
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


def show_demo_accounts(added: list[tuple[str, str, str]]) -> None:
    """The demo accounts just added with their passwords, loudly, since they are shown once."""
    if not added:
        return
    banner = "=" * 72
    lines = [banner, "DEMO ACCOUNTS for the demo site only; never use them for a real gate:",
             *(f"    {name:<11} {role:<13} {password}" for name, role, password in added),
             "Passwords are shown once. Add real volunteers with `station users add`.", banner]
    for line in lines:
        click.secho(line, fg="yellow", bold=True)
