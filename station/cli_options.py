"""What the `station` command modules share: the --db option and failing with a message.

Apart from station/cli.py, so a domain's `cli.py` can use them without importing the command
that registers it.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import NoReturn, TypeVar

import click
from sqlalchemy.orm import Session

from station.config import DEFAULT_DATABASE_URL
from station.db import Database
from station.errors import StationError

T = TypeVar("T")

db_option = click.option("--db", "db_url", envvar="STATION_DATABASE_URL", default=DEFAULT_DATABASE_URL,
                         show_default=True, help="database URL (sqlite:///FILE or postgresql://...)")


key_option = click.option("--key", "key_file", envvar="STATION_CUSTODY_KEY_FILE", default="var/custody.key",
                          show_default=True, type=click.Path(dir_okay=False, path_type=Path),
                          help="the custody key file: keep a copy apart from the database and its backups")


secrets_option = click.option("--secrets-file", "secrets_file", envvar="STATION_SECRETS_FILE",
                              default="var/secrets.env", show_default=True,
                              type=click.Path(dir_okay=False, path_type=Path),
                              help="NAME=value lines the site's channel secrets are kept in (mode 0600)")


def fail(message: str) -> NoReturn:
    click.secho(message, fg="red", err=True)
    sys.exit(1)


def run_write(db_url: str, fn: Callable[[Session], T]) -> T:
    """One write use case from the command line; a domain error is printed, exit 1."""
    try:
        with Database(db_url) as db:
            return db.write(fn)
    except StationError as exc:
        fail(exc.message)
