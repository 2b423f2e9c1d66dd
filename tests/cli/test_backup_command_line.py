"""pg_dump and pg_restore get the database password through their environment, never argv."""

import os

from station.backup import pg_tool_command


def test_the_password_is_in_the_environment_and_not_on_the_command_line():
    command, environment = pg_tool_command("pg_dump", "postgresql+psycopg://station:s3cret@db.local:5432/gate",
                                           ["--format=custom"])
    assert not any("s3cret" in part for part in command)
    assert environment["PGPASSWORD"] == "s3cret"
    assert command[:2] == ["pg_dump", "--dbname=postgresql://station@db.local:5432/gate"]


def test_a_url_without_a_password_sets_none():
    command, environment = pg_tool_command("pg_restore", "postgresql://postgres@127.0.0.1/test", [])
    assert environment.get("PGPASSWORD") == os.environ.get("PGPASSWORD")
    assert command[1] == "--dbname=postgresql://postgres@127.0.0.1/test"
