import pytest
from click.testing import CliRunner
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from station.cli import main
from tests.parcels.helpers import intake


def test_check_passes_on_an_honest_log(db):
    intake(db, "SF1234567890123")
    result = CliRunner().invoke(main, ["check", "--db", db.url])
    assert result.exit_code == 0, result.output
    assert "ok: 1 parcels" in result.output


@pytest.mark.parametrize("statement", [
    "UPDATE custody_events SET actor = 'someone'",
    "DELETE FROM custody_events",
])
def test_the_database_refuses_to_change_custody_events(db, statement):
    intake(db, "SF1234567890123")
    with pytest.raises(DBAPIError, match="append-only"):
        with db.write_engine.begin() as connection:
            connection.execute(text(statement))


def _drop_triggers(connection, sqlite: bool) -> None:
    if sqlite:
        connection.execute(text("DROP TRIGGER custody_events_no_update"))
    else:
        connection.execute(text("DROP TRIGGER custody_events_append_only ON custody_events"))


def test_an_edited_event_is_found_by_check(db):
    intake(db, "SF1234567890123")
    intake(db, "SF2222222222222")
    with db.write_engine.begin() as connection:
        _drop_triggers(connection, db.is_sqlite)
        connection.execute(text("UPDATE custody_events SET actor = 'mallory' WHERE id = 2"))
    result = CliRunner().invoke(main, ["check", "--db", db.url])
    assert result.exit_code == 1
    assert "custody event #1 breaks the chain" in result.output
    assert "edited after it was written" in result.output


def test_a_status_cache_that_disagrees_is_found_by_check(db):
    intake(db, "SF1234567890123")
    with db.write_engine.begin() as connection:
        connection.execute(text("UPDATE parcels SET status = 'delivered'"))
    result = CliRunner().invoke(main, ["check", "--db", db.url])
    assert result.exit_code == 1
    assert "status says delivered but its events say received" in result.output


def test_events_of_several_parcels_in_one_query_match_each_parcels_own(db):
    from sqlalchemy import select

    from station.custody.service import events_of, events_of_each
    from station.parcels import handling
    from station.parcels.models import Parcel
    from station.siteconfig.service import current_site
    from tests.support import NOW

    codes = [intake(db, f"SF100000000000{n}")[0] for n in (1, 2, 3)]

    def disinfect_second(session):
        parcel = session.scalars(select(Parcel).where(Parcel.code == codes[1])).one()
        handling.disinfect(session, parcel, site=current_site(session), method="alcohol", actor="li",
                           gate="main", now=NOW)

    db.write(disinfect_second)
    with db.read() as session:
        parcels = list(session.scalars(select(Parcel).where(Parcel.code.in_(codes)).order_by(Parcel.id)))
        together = events_of_each(session, parcels)
        one_by_one = {p.id: [e.id for e in events_of(session, p)] for p in parcels}
        assert events_of_each(session, []) == {}
    assert [[e.type for e in together[p.id]] for p in parcels] == [["received"], ["received", "disinfected"], ["received"]]
    assert {k: [e.id for e in v] for k, v in together.items()} == one_by_one
