"""`station users` and `station token`: volunteer accounts and device tokens."""

from __future__ import annotations

import click

from station.cli_options import db_option, run_write
from station.db import Database, utcnow


@click.group()
def users() -> None:
    """Volunteer accounts."""


@users.command("add")
@db_option
@click.argument("name")
@click.option("--role", type=click.Choice(["gate", "disinfection", "runner", "coordinator"]), required=True)
@click.option("--password", help="asked for when not given")
def users_add(db_url: str, name: str, role: str, password: str | None) -> None:
    """Add a volunteer with a role."""
    from station.accounts.service import add_user

    if password is None:
        password = click.prompt("password", hide_input=True, confirmation_prompt=True)
    run_write(db_url, lambda s: add_user(s, name=name, role=role, password=password, now=utcnow()))
    click.echo(f"added {name} ({role})")


@users.command("disable")
@db_option
@click.argument("name")
def users_disable(db_url: str, name: str) -> None:
    """Disable a volunteer: their sessions end and device tokens stop working."""
    from station.accounts.service import disable_user

    run_write(db_url, lambda s: disable_user(s, name=name, now=utcnow()))
    click.echo(f"disabled {name}; their sessions and tokens no longer work")


@users.command("password")
@db_option
@click.argument("name")
def users_password(db_url: str, name: str) -> None:
    """Set a volunteer's password."""
    from station.accounts.service import set_password

    password = click.prompt("new password", hide_input=True, confirmation_prompt=True)
    run_write(db_url, lambda s: set_password(s, name=name, password=password))
    click.echo(f"password of {name} changed")


@users.command("list")
@db_option
def users_list(db_url: str) -> None:
    """List volunteers."""
    from sqlalchemy import select

    from station.accounts.models import User

    with Database(db_url) as db, db.read() as session:
        for user in session.scalars(select(User).order_by(User.name)):
            click.echo(f"{user.name:<20} {user.role:<13} {'active' if user.active else 'disabled'}")


@click.group()
def token() -> None:
    """Device tokens for the JSON API (scanner program, runner's phone)."""


@token.command("create")
@db_option
@click.argument("name")
@click.option("--label", default="device", show_default=True, help="which device holds it")
def token_create(db_url: str, name: str, label: str) -> None:
    """Create a token for volunteer NAME; it is printed once."""
    from station.accounts.service import create_token

    token_row, secret = run_write(db_url, lambda s: create_token(s, name=name, label=label, now=utcnow()))
    click.echo(secret)
    click.echo(f"token {token_row.id} for {name} ({label}); send it as 'Authorization: Bearer <token>'", err=True)


@token.command("revoke")
@db_option
@click.argument("token_id", type=int)
def token_revoke(db_url: str, token_id: int) -> None:
    """Revoke a device token by its number."""
    from station.accounts.service import revoke_token

    run_write(db_url, lambda s: revoke_token(s, token_id=token_id, now=utcnow()))
    click.echo(f"token {token_id} revoked")
