"""`station export`: a day's report, or the whole custody log."""

from __future__ import annotations

from pathlib import Path

import click

from station.cli_options import db_option, fail
from station.db import Database, utcnow
from station.errors import StationError


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
                fail(str(exc))
            with db.read() as session:
                report = day_report(session, site=site, day=day, now=utcnow())
    except StationError as exc:
        fail(exc.message)
    render = {"csv": export_files.to_csv, "xlsx": export_files.to_xlsx, "pdf": export_files.to_pdf}[fmt]
    output.write_bytes(render(report))
    totals = report.totals
    click.echo(f"{output}: {day}: {totals.received} received, {totals.delivered} delivered "
               f"({totals.picked_up} picked up), {totals.on_shelf} on shelves, "
               f"{totals.with_runners} with runners, {totals.problems} problems")
