"""station.setup: what `station init`, the benchmarks and these tests build their databases with."""

from __future__ import annotations

from sqlalchemy import select

from station.accounts.models import User
from station.setup import add_accounts, demo_site_file, device_token, set_up


def test_if_empty_leaves_a_loaded_site_as_it_is(sqlite_db):
    result = set_up(sqlite_db, demo_site_file("large"), demo=True, if_empty=True)
    assert result.skipped and result.roster is None
    assert len(result.site.buildings) == 20  # still the small compound


def test_accounts_already_there_are_left_and_new_ones_get_a_demo_password_each(sqlite_db):
    added = add_accounts(sqlite_db, [("gate1", "gate"), ("gate9", "gate"), ("runner9", "runner")])
    assert [(name, role) for name, role, _password in added] == [("gate9", "gate"), ("runner9", "runner")]
    passwords = [password for _name, _role, password in added]
    assert all(password.startswith("demo-") for password in passwords) and len(set(passwords)) == 2


def test_a_device_token_belongs_to_an_account_without_a_password(sqlite_db):
    assert device_token(sqlite_db, name="scanner", role="gate").startswith("st_")
    with sqlite_db.read() as session:
        user = session.scalars(select(User).where(User.name == "scanner")).one()
    assert user.role == "gate" and user.password_hash is None
