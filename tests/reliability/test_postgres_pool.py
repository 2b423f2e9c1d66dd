"""PostgreSQL connections the server closed are replaced before a request uses them."""

from __future__ import annotations

import time

import psycopg
import pytest
from sqlalchemy import func, select
from sqlalchemy.engine import make_url

import station.engines
from station.residents.models import Household


def _terminate_the_stations_connections(db) -> int:
    url = make_url(db.url)
    with psycopg.connect(host=url.host, port=url.port, user=url.username, dbname=url.database,
                         autocommit=True) as admin:
        return admin.execute("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                             "WHERE datname = current_database() AND pid <> pg_backend_pid()").fetchone()[0]


def _households(db) -> int:
    with db.read() as session:
        return session.scalar(select(func.count()).select_from(Household))


def test_a_rested_connection_closed_by_the_server_is_replaced_unseen(db, monkeypatch):
    if db.is_sqlite:
        pytest.skip("a SQLite file has no server to close a connection")
    monkeypatch.setattr(station.engines, "IDLE_BEFORE_PING", 0.2)
    counted = _households(db)  # a connection now rests in the pool
    assert _terminate_the_stations_connections(db) >= 1
    time.sleep(0.3)
    assert _households(db) == counted
    assert _households(db) == counted
