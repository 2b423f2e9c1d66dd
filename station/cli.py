"""The `station` command.

Setting up, serving and looking after the database are here; the commands of accounts,
benchmarks, the demo, exports and notifications come from their packages' `cli.py`.
"""

from __future__ import annotations

import json
import sqlite3
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from station.cli_options import db_option, fail, key_option, secrets_option
from station.config import Settings, SettingsError
from station.db import Database, utcnow
from station.errors import StationError
from station.ops.logs import FORMATS, LEVELS
from station.site import SiteError

if TYPE_CHECKING:
    from station.recognize.match import Directory


@click.group()
@click.version_option(package_name="receiving-station", prog_name="station")
def main() -> None:
    """Parcel receiving station at the compound gate."""


@main.command()
@db_option
@click.option("--demo", type=click.Choice(["small", "large"]), help="load a demo site and roster")
@click.option("--site", "site_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="load this site file")
@click.option("--if-empty", is_flag=True, help="do nothing when a site is already loaded")
@key_option
@secrets_option
def init(db_url: str, demo: str | None, site_file: Path | None, if_empty: bool, key_file: Path,
         secrets_file: Path) -> None:
    """Create or upgrade the database, load a site, and make the custody key if there is none."""
    from station.demo.accounts import DEMO_ACCOUNTS
    from station.demo.cli import show_demo_accounts
    from station.keyfile import create_custody_key
    from station.setup import add_accounts, demo_site_file, set_up

    if bool(demo) == bool(site_file):
        fail("give one of --demo small|large or --site FILE")
    if create_custody_key(key_file):
        click.secho(f"custody key made: {key_file} (mode 0600). Keep a copy apart from the database and its "
                    "backups: `station check` proves the custody log with it.", fg="yellow")
    with Database(db_url) as db:
        try:
            done = set_up(db, site_file or demo_site_file(demo), demo=bool(demo), if_empty=if_empty,
                          secrets_file=secrets_file)
        except SiteError as exc:
            fail(str(exc))
        site = done.site
        if done.skipped:
            click.echo(f"{site.name} is already loaded; nothing to do")
            return
        click.echo(f"site: {site.name}: {len(site.buildings)} buildings in {len(site.grids)} grids, "
                   f"{len(site.zones)} zones, gates {', '.join(site.gate_codes())}")
        if done.roster is not None:
            click.secho(f"DEMO roster (made-up names and phones): {done.roster.summary()}", fg="yellow")
            show_demo_accounts(add_accounts(db, DEMO_ACCOUNTS))


@main.command()
@db_option
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--https", "use_https", is_flag=True,
              help="serve HTTPS with a self-signed certificate (phones and other PCs need it for the camera)")
@click.option("--tls-dir", default="var/tls", show_default=True, type=click.Path(path_type=Path))
@click.option("--log-level", type=click.Choice(LEVELS, case_sensitive=False),
              help="log records at this level and above; info logs every request  [default: info]")
@click.option("--log-format", type=click.Choice(FORMATS), help="text lines, or JSON lines  [default: text]")
@click.option("--notify-worker", "notify_worker", is_flag=True, default=None,
              help="also send the notifications, as `station notify-worker` does, in one worker")
@click.option("--workers", type=click.IntRange(1, 64), default=None,
              help="processes serving requests  [default: one per core]")
def serve(db_url: str, host: str, port: int, use_https: bool, tls_dir: Path, log_level: str | None,
          log_format: str | None, notify_worker: bool | None, workers: int | None) -> None:
    """Run the station's web server."""
    from station.app import create_app, serve as serve_app, serve_workers
    from station.db import Database
    from station.ops.logs import configure

    try:
        settings = Settings.from_env(database_url=db_url, secure_cookies=use_https or None,
                                     tls_dir=tls_dir if use_https else None,
                                     log_level=log_level, log_format=log_format, notify_worker=notify_worker,
                                     workers=workers)
    except SettingsError as exc:
        fail(f"cannot start with these settings:\n{exc}")
    configure(settings.log_level, settings.log_format)
    tls: dict[str, str] = {}
    if use_https:
        from station.tls import ensure_certificates

        issued = ensure_certificates(tls_dir)
        tls = {"ssl_certfile": str(issued.certificate), "ssl_keyfile": str(issued.key)}
        shown = host if host not in ("0.0.0.0", "::") else issued.addresses[-1]
        click.echo(f"HTTPS with this station's local CA ({issued.ca}); the certificate names "
                   f"{', '.join(issued.names + issued.addresses)}"
                   + (" (issued again for the new addresses)" if issued.reissued else "") + ".\n"
                   f"On each phone or PC, open  https://{shown}:{port}/tls  once (past the warning) and "
                   "install the certificate as it says\n(iPhone and Android steps are on that page); "
                   "then the browser trusts the station and the camera works.\n"
                   "Use --host 0.0.0.0 so the other devices on the gate's network can reach it.")
        if issued.skipped:
            click.secho(f"not in the certificate (not a private address): {', '.join(issued.skipped)}", fg="yellow")
    from station.ops.workers import default_workers

    workers = settings.workers or default_workers()

    def build(index: int):
        app = create_app(settings, Database(settings.database_url, background_checkpoints=True))
        if settings.notify_worker and index == 0:
            from station.notify.background import start_in_thread

            start_in_thread(settings.database_url, settings.secrets_file)
        return app

    scheme = "https" if use_https else "http"
    click.echo(f"station at {scheme}://{host}:{port}/  (API docs at /api/v1/docs), "
               f"{workers} worker{'s' if workers > 1 else ''}")
    if workers == 1:
        serve_app(build(0), host=host, port=port, **tls)
    else:
        serve_workers(build, workers=workers, host=host, port=port, **tls)


@main.command("import-roster")
@db_option
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def import_roster_command(db_url: str, file: Path) -> None:
    """Import households from a CSV or XLSX roster; rejected rows are listed with the reason."""
    with Database(db_url) as db:
        _import_roster(db, file)


def _import_roster(db: Database, file: Path) -> None:
    from station.residents.files import count_rows, read_rows
    from station.residents.roster import parse_rows
    from station.residents.service import import_roster
    from station.siteconfig.service import current_site

    with db.read() as session:
        site = current_site(session)
    try:
        total = max(count_rows(file) - 1, 0)
        with click.progressbar(parse_rows(site, read_rows(file)), length=total,
                               label=f"reading {file.name}", file=sys.stderr) as rows:
            parsed = list(rows)
    except ValueError as exc:
        fail(f"{file}: {exc}")
    report = db.write(lambda s: import_roster(s, parsed, now=utcnow()))
    click.echo(report.summary())
    for rejected in report.rejected:
        click.echo(f"  row {rejected.row}: {rejected.reason}")


@main.command()
@db_option
@key_option
@click.option("--root", "roots", multiple=True, metavar="DAY:ROOT",
              help="a day's custody root as printed earlier (stocktake sheet, day export); repeatable")
def check(db_url: str, key_file: Path, roots: tuple[str, ...]) -> None:
    """Verify every custody chain and rebuild every status; seal the closed days and check every day's
    root with the custody key; exit 1 on any mismatch."""
    from station.custody.seal import parse_printed
    from station.keyfile import load_custody_key

    try:
        printed = dict(parse_printed(text) for text in roots)
        key = load_custody_key(key_file)
    except ValueError as exc:
        fail(str(exc))
    if key is None and printed:
        fail(f"no custody key at {key_file}: printed roots can only be checked with it")
    with Database(db_url) as db:
        _check(db, key, printed, key_file)


def _check(db: Database, key: bytes | None = None, printed: dict | None = None,
           key_file: Path | None = None) -> None:
    from sqlalchemy import func, select

    from station.custody.service import check_parcels
    from station.parcels.models import Parcel

    problems = 0
    if db.is_sqlite:
        if not Path(db.sqlite_path).exists():
            fail(f"no database at {db.sqlite_path}")
        connection = sqlite3.connect(db.sqlite_path)
        result = connection.execute("PRAGMA integrity_check").fetchone()[0]
        connection.close()
        if result != "ok":
            click.echo(f"SQLite integrity check: {result}")
            problems += 1
    checked = 0
    with db.read() as session:
        for finding in check_parcels(session):
            click.echo(f"{finding.parcel_code}: {finding.problem}")
            problems += 1
        checked = session.scalar(select(func.count(Parcel.id))) or 0
    if key is not None:
        problems += _check_days(db, key, printed or {})
    if problems:
        fail(f"{problems} problem(s) in {checked} parcels")
    click.echo(f"ok: {checked} parcels, every custody chain verifies and every status matches its events")
    if key is None:
        click.secho(f"no custody key at {key_file}: the days' roots were not checked (station init makes one)",
                    fg="yellow")


def _check_days(db: Database, key: bytes, printed: dict) -> int:
    """Check every sealed day against the log, then seal the days closed since; the problems found."""
    from station.custody import seal
    from station.custody.service import check_seals, latest_root, seal_closed_days
    from station.siteconfig.service import current_site

    with db.read() as session:
        timezone = current_site(session).timezone
        findings = list(check_seals(session, key=key, timezone=timezone, printed=printed))
    for finding in findings:
        click.echo(f"custody log: {finding.problem}")
    if findings:
        return len(findings)
    db.write(lambda s: seal_closed_days(s, key=key, timezone=timezone, now=utcnow()))
    with db.read() as session:
        root = latest_root(session)
    if root is not None:
        click.echo(f"custody root of {root.day} ({root.events} events that day): {seal.printed(root)}")
    return 0


@main.command("backup")
@db_option
@click.argument("target", type=click.Path(dir_okay=False, path_type=Path))
def backup_command(db_url: str, target: Path) -> None:
    """Back up the live database to TARGET (gates may keep scanning)."""
    from station.backup import backup

    try:
        with Database(db_url) as db:
            backup(db, target)
    except StationError as exc:
        fail(exc.message)
    click.echo(f"backed up to {target}")


@main.command("restore")
@db_option
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def restore_command(db_url: str, source: Path) -> None:
    """Restore the database from a backup (stop the station first)."""
    from station.backup import restore

    try:
        with Database(db_url) as db:
            restore(db, source)
    except StationError as exc:
        fail(exc.message)
    click.echo(f"restored from {source}; run `station check` to verify it")


@main.command()
@db_option
@click.option("--parcel", "key", required=True, help="parcel code, tracking number or pickup code")
@click.option("--size", type=click.Choice(["60x40", "100x150", "62"]), default="60x40", show_default=True)
@click.option("--dpi", type=click.Choice(["203", "300"]), default="203", show_default=True)
@click.option("--format", "fmt", type=click.Choice(["png", "pdf", "zpl"]), default="png", show_default=True)
@click.option("-o", "output", type=click.Path(dir_okay=False, path_type=Path), required=True)
def label(db_url: str, key: str, size: str, dpi: str, fmt: str, output: Path) -> None:
    """Render one parcel's label to a file a printer takes."""
    from station import labelling
    from station.parcels.service import get_parcel
    from station.residents.models import Household
    from station.siteconfig.service import current_site

    try:
        with Database(db_url) as db, db.read() as session:
            site = current_site(session)
            parcel = get_parcel(session, key)
            household = session.get(Household, parcel.household_id) if parcel.household_id else None
            data = labelling.render(labelling.parcel_label(parcel, site, household), fmt=fmt, size=size, dpi=int(dpi))
    except StationError as exc:
        fail(exc.message)
    output.write_bytes(data)
    click.echo(f"{output}: {parcel.code} {parcel.pickup_code} ({size}, {dpi} dpi, {fmt})")


@main.command()
@db_option
@click.option("-o", "output", type=click.Path(dir_okay=False, path_type=Path), required=True)
def signs(db_url: str, output: Path) -> None:
    """Render the shelf signs of every zone and shelf as an A4 PDF."""
    import labels

    from station import labelling
    from station.siteconfig.service import current_site

    with Database(db_url) as db, db.read() as session:
        site = current_site(session)
    all_signs = labelling.shelf_signs(site)
    output.write_bytes(labels.render_signs_pdf(all_signs))
    click.echo(f"{output}: {len(all_signs)} shelf signs")


@main.command()
@click.option("--db", "db_url", envvar="STATION_DATABASE_URL", default=None,
              help="match addresses against this station's site and roster")
@click.option("--carrier", "expected_carrier", help="the carrier that delivered (settles ambiguous numbers)")
@click.option("--image", "image_files", multiple=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="a photo of a waybill: read the recipient's destination off it (repeatable)")
@click.argument("texts", nargs=-1)
def recognize(db_url: str | None, expected_carrier: str | None, image_files: tuple[Path, ...],
              texts: tuple[str, ...]) -> None:
    """Say what each TEXT (or each line of standard input) is, one JSON object per line;
    with --image, what destination each waybill photo names."""
    from station.recognize import Recogniser, recognize_lines

    site, roster = None, []
    if db_url:
        from station.recognize_roster import roster_entries
        from station.siteconfig.service import current_site

        with Database(db_url) as db, db.read() as session:
            site, roster = current_site(session), roster_entries(session)
    if image_files:
        _recognize_images(image_files, Recogniser(site, roster).directory, site.name if site else None)
        if not texts:
            return
    lines = texts or (line.rstrip("\r\n") for line in sys.stdin)
    for result in recognize_lines(lines, site, roster, expected_carrier=expected_carrier):
        _print_json(result)


def _recognize_images(files: tuple[Path, ...], directory: Directory, site_name: str | None) -> None:
    from scanner.images import ImageError, load_image
    from station.gate.waybill.reader import read_image
    from station.recognize.waybill import compound_name

    for file in files:
        try:
            image = load_image(file)
        except ImageError as exc:
            _print_json({"image": str(file), "error": str(exc)})
            continue
        _print_json({"image": str(file), **read_image(image, directory, compound_name(site_name))})


def _print_json(obj: object) -> None:
    click.echo(json.dumps(obj, ensure_ascii=False, default=str))


def _register() -> None:
    from station.accounts.cli import token, users
    from station.bench.cli import bench
    from station.dashboard.cli import export_command
    from station.demo.cli import demo_day
    from station.notify.cli import notify_worker

    for command in (users, token, bench, export_command, demo_day, notify_worker):
        main.add_command(command)


_register()


if __name__ == "__main__":
    main()
