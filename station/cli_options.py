"""What the `station` command modules share: the --db option and failing with a message.

Apart from station/cli.py, so a domain's `cli.py` can use them without importing the command
that registers it.
"""

from __future__ import annotations

import sys
from typing import NoReturn

import click

from station.config import DEFAULT_DATABASE_URL

db_option = click.option("--db", "db_url", envvar="STATION_DATABASE_URL", default=DEFAULT_DATABASE_URL,
                         show_default=True, help="database URL (sqlite:///FILE or postgresql://...)")


def fail(message: str) -> NoReturn:
    click.secho(message, fg="red", err=True)
    sys.exit(1)

