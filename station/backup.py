"""Online backup and restore: SQLite's backup API (never a file copy); pg_dump for PostgreSQL."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from sqlalchemy.engine import URL, make_url

from station.db import Database
from station.catalogue import ops as ops_text
from station.errors import StationError


def backup(db: Database, target: Path) -> None:
    """Copy the live database to target while gates keep writing."""
    target.parent.mkdir(parents=True, exist_ok=True)
    if db.is_sqlite:
        partial = target.with_name(target.name + ".partial")
        partial.unlink(missing_ok=True)
        source = sqlite3.connect(db.sqlite_path, timeout=30)
        destination = sqlite3.connect(partial)
        try:
            # One step: in WAL mode it reads one snapshot while gates keep committing. A copy in
            # steps is restarted by any commit between two steps, so under load it may never end.
            source.backup(destination, pages=-1)
        finally:
            destination.close()
            source.close()
        partial.replace(target)
        return
    _pg_tool("pg_dump", db, ["--format=custom", f"--file={target}"])


def restore(db: Database, source: Path) -> None:
    """Replace the database's content by a backup; stop the station first."""
    if not source.is_file():
        raise StationError(ops_text.NO_BACKUP(path=str(source)))
    if db.is_sqlite:
        check = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        try:
            if check.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                raise StationError(ops_text.BACKUP_DAMAGED(path=str(source)))
            destination = sqlite3.connect(db.sqlite_path, timeout=30)
            try:
                check.backup(destination)
            finally:
                destination.close()
        finally:
            check.close()
        return
    _pg_tool("pg_restore", db, ["--clean", "--if-exists", "--no-owner", str(source)])


def pg_tool_command(tool: str, url: str, args: list[str]) -> tuple[list[str], dict[str, str]]:
    """The command line and environment of a PostgreSQL tool: the password goes in PGPASSWORD,
    never on the command line, where any user of the machine sees it in `ps`."""
    parsed = make_url(url).set(drivername="postgresql")
    environment = dict(os.environ)
    if parsed.password is not None:
        environment["PGPASSWORD"] = parsed.password
    dbname = URL.create(parsed.drivername, parsed.username, None, parsed.host, parsed.port, parsed.database,
                        parsed.query).render_as_string(hide_password=False)
    return [tool, f"--dbname={dbname}", *args], environment


def _pg_tool(tool: str, db: Database, args: list[str]) -> None:
    if shutil.which(tool) is None:
        raise StationError(ops_text.TOOL_MISSING(tool=tool))
    command, environment = pg_tool_command(tool, db.url, args)
    result = subprocess.run(command, env=environment, capture_output=True, text=True)
    if result.returncode != 0:
        raise StationError(ops_text.TOOL_FAILED(tool=tool, error=result.stderr.strip()))
