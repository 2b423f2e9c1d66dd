"""Intake's statements on the bare driver (sqlite3 or psycopg), inside the session's transaction.

Intake runs at every scan: here SQLAlchemy's statement machinery cost more CPU than SQLite's own
work, and on PostgreSQL each statement is a round trip. So the reads intake needs before it
sorts are one statement, the slot lock and the household another, and on PostgreSQL the parcel,
its first custody event and its barcodes go in as one statement. The tables stay the ORM
models' (station.parcels.models, station.custody.models); values are bound through their column
types, so rows read back exactly as the ORM writes them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Table
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from station.custody.models import CustodyEvent
from station.parcels.models import Alias, IdempotencyKey, Parcel
from station.residents.models import CARE_FLAGS
from station.sorting.service import ZONE_LOCKS

PARCEL_COLUMNS = ("code", "tracking_number", "carrier", "category", "building", "unit", "room", "household_id",
                  "zone", "shelf", "slot", "pickup_code", "collection_code", "status", "priority",
                  "unresolved_reason", "gate", "received_at", "dwell_until", "updated_at", "last_seq", "last_hash")
EVENT_COLUMNS = ("seq", "type", "actor", "gate", "at", "details", "prev_hash", "hash")

LOOKUP = """
SELECT (SELECT id FROM parcels WHERE code = :code),
       (SELECT parcel_id FROM aliases WHERE code = :text),
       (SELECT parcel_id FROM aliases WHERE code = :compact),
       (SELECT parcel_id FROM aliases WHERE code = :number),
       (SELECT parcel_id FROM aliases WHERE code = :number_compact),
       (SELECT 1 FROM idempotency_keys WHERE key = :key),
       p.building, p.unit, p.room, p.category, p.household_id, p.contested,
       (SELECT phone FROM households WHERE id = p.household_id)
FROM (SELECT 1 AS one) AS one LEFT JOIN preregistrations AS p ON p.tracking_number = :prereg_number
"""
HOUSEHOLD = ("SELECT h.id, " + ", ".join(f"h.{flag}" for flag in CARE_FLAGS) + "{lock}"
             " FROM (SELECT 1 AS one) AS one LEFT JOIN households AS h"
             " ON h.building = :building AND h.unit = :unit AND h.room = :room LIMIT 1")
# PostgreSQL: the zone's lock (station.sorting.service.occupancy) is taken in the statement
# before the one that reads the zone's slots: a statement sees what was committed when it
# began, so the read must begin after the lock is held.
LOCK = f"pg_advisory_xact_lock({ZONE_LOCKS}, hashtext(:zone))"
OCCUPIED = "SELECT zone, shelf, slot FROM parcels WHERE zone IN ({zones}) AND slot IS NOT NULL"

GIVE_WAY = " ON CONFLICT DO NOTHING"
INSERT_PARCEL = (f"INSERT INTO parcels ({', '.join(PARCEL_COLUMNS)}) "
                 f"VALUES ({', '.join(':' + c for c in PARCEL_COLUMNS)}){GIVE_WAY} RETURNING id")
INSERT_EVENT = (f"INSERT INTO custody_events (parcel_id, {', '.join(EVENT_COLUMNS)}) "
                f"VALUES (:parcel_id, {', '.join(':' + c for c in EVENT_COLUMNS)})")
INSERT_ALIAS = "INSERT INTO aliases (code, parcel_id, kind, created_at) VALUES (:code, :parcel_id, :kind, :created_at)"
REMEMBER = ("INSERT INTO idempotency_keys (key, endpoint, request_digest, response, created_at) "
            "VALUES (:key, :endpoint, :request_digest, :response, :created_at)")
# PostgreSQL: the parcel, its first event and its barcodes in one round trip.
INSERT_ALL = f"""
WITH p AS ({INSERT_PARCEL}),
e AS (INSERT INTO custody_events (parcel_id, {', '.join(EVENT_COLUMNS)})
      SELECT p.id, {', '.join(':e_' + c for c in EVENT_COLUMNS)} FROM p),
a AS (INSERT INTO aliases (code, parcel_id, kind, created_at)
      SELECT c.code, p.id, c.kind, :received_at FROM p,
             unnest(CAST(:alias_codes AS text[]), CAST(:alias_kinds AS text[])) AS c(code, kind))
SELECT id FROM p
"""


@dataclass(frozen=True)
class Found:
    """What intake reads before it sorts, in one statement."""

    parcel_id: int | None  # the parcel the scan (as scanned, compacted, or as its number) names
    by_number: int | None  # ... by the recognised tracking number alone
    key_seen: bool
    prereg: Any  # building, unit, room, category, household_id, contested; None without one
    prereg_phone: str | None


def _pyformat(sql: str) -> str:
    return re.sub(r"(?<!:):([a-z_]+)", r"%(\1)s", sql)


class _Binder:
    """Python values to the driver's, through the columns' own SQLAlchemy types."""

    def __init__(self, dialect, tables: Sequence[Table]) -> None:
        self.processors: dict[tuple[str, str], Any] = {}
        for table in tables:
            for column in table.columns:
                self.processors[(table.name, column.name)] = column.type.bind_processor(dialect)

    def row(self, table: str, values: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
        bound = {}
        for name, value in values.items():
            process = self.processors.get((table, name))
            bound[prefix + name] = process(value) if process is not None and value is not None else value
        return bound


class Statements:
    """Intake's statements for one dialect."""

    def __init__(self, dialect) -> None:
        self.postgres = dialect.name == "postgresql"
        fix = _pyformat if self.postgres else (lambda sql: sql)
        self.sql = {name: fix(sql) for name, sql in (
            ("lookup", LOOKUP), ("household", HOUSEHOLD.format(lock="")),
            ("household_locked", HOUSEHOLD.format(lock=", " + LOCK)), ("lock", "SELECT " + LOCK), ("insert_parcel", INSERT_PARCEL),
            ("insert_event", INSERT_EVENT), ("insert_alias", INSERT_ALIAS), ("remember", REMEMBER),
            ("insert_all", INSERT_ALL), ("insert_parcel_strict", INSERT_PARCEL.replace(GIVE_WAY, "")),
            ("insert_all_strict", INSERT_ALL.replace(GIVE_WAY, "")))}
        self.binder = _Binder(dialect, [Parcel.__table__, CustodyEvent.__table__, Alias.__table__,
                                        IdempotencyKey.__table__])
        if self.postgres:
            from psycopg.types.json import Json

            self.json = Json
        else:
            self.json = None

    def _json(self, value: Any) -> Any:
        return self.json(value, dumps=json.dumps) if self.json is not None else value

    def find(self, cursor, **params: str | None) -> Found:
        """Parameters: code, text, compact, number, number_compact, prereg_number, key."""
        # On PostgreSQL, in a pipeline: psycopg then sends the transaction's BEGIN with it, not a
        # round trip before.
        cursor.execute(self.sql["lookup"], params, pipeline=self.postgres)
        row = cursor.fetchone()
        by_code, by_text, by_compact, by_number, by_number_compact, key_seen = row[:6]
        prereg = _Prereg(*row[6:12]) if row[6] is not None else None
        return Found(by_code or by_text or by_compact, by_number or by_number_compact, bool(key_seen), prereg,
                     row[12])

    def household(self, cursor, *, building: str, unit: int, room: str, lock_zone: str | None):
        """The room's household (id and care flags) or None; on PostgreSQL, `lock_zone` locked too."""
        params = {"building": building, "unit": unit, "room": room}
        if lock_zone is not None and self.postgres:
            cursor.execute(self.sql["household_locked"], {**params, "zone": lock_zone})
        else:
            cursor.execute(self.sql["household"], params)
        row = cursor.fetchone()
        return row[:1 + len(CARE_FLAGS)] if row[0] is not None else None

    def lock_zone(self, cursor, zone: str) -> None:
        if self.postgres:
            cursor.execute(self.sql["lock"], {"zone": zone})

    def occupancy(self, cursor, zones: list[str]) -> list[tuple[str, int, int]]:
        marks = ", ".join(["%s" if self.postgres else "?"] * len(zones))
        cursor.execute(OCCUPIED.format(zones=marks), zones)
        return cursor.fetchall()

    def insert(self, cursor, parcel: Mapping[str, Any], event: Mapping[str, Any],
               aliases: Sequence[tuple[str, str]], *, give_way: bool) -> int | None:
        """The parcel, its first event and its new barcodes. With `give_way`, None when a unique
        value of the parcel is taken (nothing is written then); without, that raises."""
        row = self.binder.row("parcels", parcel)
        if self.postgres:
            params = {**row, **self.binder.row("custody_events", event, prefix="e_"),
                      "alias_codes": [code for code, _ in aliases], "alias_kinds": [kind for _, kind in aliases]}
            params["e_details"] = self._json(event["details"])
            cursor.execute(self.sql["insert_all" if give_way else "insert_all_strict"], params)
            found = cursor.fetchone()
            return found[0] if found else None
        cursor.execute(self.sql["insert_parcel" if give_way else "insert_parcel_strict"], row)
        found = cursor.fetchone()
        if not found:
            return None
        parcel_id = found[0]
        cursor.execute(self.sql["insert_event"], {"parcel_id": parcel_id, **self.binder.row("custody_events", event)})
        if aliases:
            created = row["received_at"]
            cursor.executemany(self.sql["insert_alias"], [{"code": code, "parcel_id": parcel_id, "kind": kind,
                                                    "created_at": created} for code, kind in aliases])
        return parcel_id

    def remember(self, cursor, values: Mapping[str, Any]) -> None:
        row = self.binder.row("idempotency_keys", values)
        row["response"] = self._json(values["response"]) if self.postgres else row["response"]
        cursor.execute(self.sql["remember"], row)


@dataclass(frozen=True)
class _Prereg:
    building: str
    unit: int
    room: str
    category: str | None
    household_id: int | None
    contested: bool


class _Cursor:
    """The driver's cursor, its errors raised as SQLAlchemy's (IntegrityError, OperationalError,
    ...), so that `Database.write` retries and maps them as it does every other statement's."""

    def __init__(self, cursor, dialect) -> None:
        self.cursor, self.dialect = cursor, dialect
        self.fetchone, self.fetchall = cursor.fetchone, cursor.fetchall

    def execute(self, sql: str, params: Any = None, *, pipeline: bool = False) -> None:
        try:
            if pipeline:
                with self.cursor.connection.pipeline():
                    self.cursor.execute(sql, params)
            else:
                self.cursor.execute(sql, params)
        except self.dialect.loaded_dbapi.Error as exc:
            raise DBAPIError.instance(sql, params, exc, self.dialect.loaded_dbapi.Error,
                                      dialect=self.dialect) from exc

    def executemany(self, sql: str, rows: Sequence[Any]) -> None:
        try:
            self.cursor.executemany(sql, rows)
        except self.dialect.loaded_dbapi.Error as exc:
            raise DBAPIError.instance(sql, rows, exc, self.dialect.loaded_dbapi.Error,
                                      dialect=self.dialect) from exc


_by_dialect: dict[str, Statements] = {}


def cursor_of(session: Session) -> tuple[_Cursor, Statements]:
    """A cursor of the session's own connection (its transaction begun), and the dialect's statements."""
    session.flush()  # what the session holds goes first (a no-op when clean)
    connection = session.connection()
    dialect = connection.dialect
    statements = _by_dialect.get(dialect.name)
    if statements is None:
        statements = _by_dialect[dialect.name] = Statements(dialect)
    return _Cursor(connection.connection.driver_connection.cursor(), dialect), statements
