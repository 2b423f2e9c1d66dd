"""Shared fixtures: a real database per test (SQLite file; PostgreSQL when configured)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text, update

from station.accounts.service import create_token
from station.db import Database, normalise_url
from station.setup import add_accounts, demo_site_file, set_up
from station.site import Site, load_site

from tests.support import ACCOUNTS, DEMO, NOW, PASSWORD, PG_URL, TOKENS, bearer

pytest_plugins = ["tests.browser_support"]
BROWSER_TESTS = Path(__file__).parent / "browser"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test under tests/browser drives Chromium: mark it, so `-m "not browser"` leaves it out.

    (A `pytestmark` in a conftest.py marks nothing: pytest reads it from test modules only.)
    """
    for item in items:
        if item.path.is_relative_to(BROWSER_TESTS):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def small_site() -> Site:
    return load_site(DEMO / "small.toml")


@pytest.fixture(scope="session")
def large_site() -> Site:
    return load_site(DEMO / "large.toml")


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory) -> Path:
    """A migrated database with the small demo site and roster, copied for each test."""
    path = tmp_path_factory.mktemp("template") / "station.db"
    db = Database(f"sqlite:///{path}")
    _prepare(db)
    db.dispose()
    return path


def _prepare(db: Database) -> None:
    """The small demo site and roster, set up as `station init --demo small` does, and the tests' accounts."""
    set_up(db, demo_site_file("small"), demo=True, actor="test", now=NOW)
    add_accounts(db, ACCOUNTS.items(), password=PASSWORD, now=NOW)
    for name in ACCOUNTS:
        _token, secret = db.write(lambda s: create_token(s, name=name, label="tests", now=NOW))
        if TOKENS.get(name):  # PostgreSQL databases are prepared again: keep one secret per name
            from station.accounts.models import ApiToken
            from station.accounts.service import token_hash

            def keep(s, secret=secret, name=name):
                s.execute(update(ApiToken).where(ApiToken.token_hash == token_hash(secret))
                          .values(token_hash=token_hash(TOKENS[name])))
            db.write(keep)
        else:
            TOKENS[name] = secret


def _copy_sqlite(source: Path, target: Path) -> None:
    src, dst = sqlite3.connect(source), sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()


def reset_postgres(url: str) -> None:
    engine = create_engine(normalise_url(url), isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()


def _backends() -> list:
    return ["sqlite", pytest.param("postgresql", marks=[
        pytest.mark.postgres,
        pytest.mark.skipif(not PG_URL, reason="STATION_TEST_DATABASE_URL is not set"),
    ])]


@pytest.fixture(params=_backends())
def db(request, tmp_path, sqlite_template):
    """A station database with the small demo site and roster, on each configured backend."""
    if request.param == "sqlite":
        path = tmp_path / "station.db"
        _copy_sqlite(sqlite_template, path)
        database = Database(f"sqlite:///{path}")
    else:
        reset_postgres(PG_URL)
        database = Database(PG_URL)
        _prepare(database)
    yield database
    database.dispose()


@pytest.fixture
def sqlite_db(tmp_path, sqlite_template):
    path = tmp_path / "station.db"
    _copy_sqlite(sqlite_template, path)
    database = Database(f"sqlite:///{path}")
    yield database
    database.dispose()


@pytest.fixture
def client(db):
    from fastapi.testclient import TestClient

    from station.app import create_app
    from station.config import Settings

    app = create_app(Settings(database_url=db.url), db=db)
    # The API's client, as an integration asks: in English (pages and zh answers have their own clients).
    with TestClient(app, headers=bearer("gate1") | {"Accept-Language": "en"}) as test_client:
        yield test_client

