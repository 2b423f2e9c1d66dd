"""db.get_or_not_found: a row by its key or by a column, or the NotFound a person reads."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from station.accounts.models import User
from station.db import get_or_not_found
from station.errors import NotFound
from station.residents.models import Household


def test_a_row_by_primary_key_or_by_column(db):
    with db.read() as session:
        household = session.scalars(select(Household)).first()
        assert get_or_not_found(session, Household, household.id, "unused") is household
        user = get_or_not_found(session, User, "gate1", "unused", by=User.name)
        assert user.name == "gate1"


def test_a_missing_row_is_not_found_with_the_message_given(db):
    with db.read() as session:
        with pytest.raises(NotFound, match="^there is no household number 999999$"):
            get_or_not_found(session, Household, 999999, "there is no household number 999999")
        with pytest.raises(NotFound, match="^no volunteer called nobody$"):
            get_or_not_found(session, User, "nobody", "no volunteer called nobody", by=User.name)


def test_a_row_locked_for_update(db):
    def run(session):
        household = session.scalars(select(Household)).first()
        by_key = get_or_not_found(session, Household, household.id, "unused", for_update=True)
        by_code = get_or_not_found(session, Household, household.code, "unused", by=Household.code, for_update=True)
        return by_key is by_code is household

    assert db.write(run)
