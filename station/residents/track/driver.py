"""The residents' lookup statements, run on the bare driver (sqlite3 or psycopg).

In a burst of lookups SQLAlchemy's result machinery (a row object, a type conversion for every
column of every row, an execution context per statement) cost more than the database did. A
statement here is built with SQLAlchemy Core and compiled by it once per dialect, then run on the
session's own connection, inside its transaction, converting only the columns that need it: UTC
times (stored naive on SQLite) and JSON (text on SQLite). `station bench lookup` measures it.
"""

from __future__ import annotations

import json
from collections import namedtuple
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Select
from sqlalchemy.orm import Session

SQLITE_TIME = "%Y-%m-%d %H:%M:%S.%f"  # how SQLAlchemy stores a DateTime in SQLite


def utc(value: Any) -> datetime | None:
    """A time column's value as an aware UTC datetime, from either driver."""
    if value is None:
        return None
    if isinstance(value, str):
        return datetime.fromisoformat(value).replace(tzinfo=UTC)
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _json(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else value


class DriverStatement:
    """A Core select run on the driver; rows come back as named tuples of its column names.

    `times`, `documents`: the columns holding UTC times and JSON. Parameters are plain values by
    name; aware datetimes among them are stored as SQLAlchemy stores them on SQLite."""

    def __init__(self, statement: Select[Any], *, times: Sequence[str] = (), documents: Sequence[str] = ()) -> None:
        self.statement = statement
        names = [column.key for column in statement.selected_columns]
        self.row = namedtuple("Row", names)  # type: ignore[misc]
        self.converters = [(names.index(name), utc) for name in times] + [
            (names.index(name), _json) for name in documents]
        self._compiled: dict[str, tuple[str, tuple[str, ...] | None, dict[str, Any]]] = {}

    def _sql(self, dialect) -> tuple[str, tuple[str, ...] | None, dict[str, Any]]:
        """The SQL, its parameters' order (positional drivers) and the values it holds (a LIMIT)."""
        compiled = self._compiled.get(dialect.name)
        if compiled is None:
            done = self.statement.compile(dialect=dialect)
            order = tuple(done.positiontup) if done.positional and done.positiontup else None
            given = {name: bind.value for name, bind in done.binds.items() if not bind.required}
            compiled = self._compiled[dialect.name] = (done.string, order, given)
        return compiled

    def rows(self, session: Session, params: dict[str, Any]) -> list[Any]:
        connection = session.connection()
        sqlite = connection.dialect.name == "sqlite"
        sql, order, given = self._sql(connection.dialect)
        if sqlite:
            params = {key: value.astimezone(UTC).strftime(SQLITE_TIME) if isinstance(value, datetime) else value
                      for key, value in params.items()}
        if given:
            params = {**given, **params}
        cursor = connection.connection.dbapi_connection.cursor()
        try:
            cursor.execute(sql, [params[name] for name in order] if order is not None else params)
            found = cursor.fetchall()
        finally:
            cursor.close()
        if not self.converters:
            return [self.row(*values) for values in found]
        rows = []
        for values in found:
            values = list(values)
            for index, convert in self.converters:
                values[index] = convert(values[index])
            rows.append(self.row(*values))
        return rows
