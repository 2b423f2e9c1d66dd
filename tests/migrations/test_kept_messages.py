"""0012: the English sentences rows held before messages were kept still read, in either language."""

import json

from alembic import command
from sqlalchemy import select, text

from station.catalogue import parcels as parcel_text
from station.migrations import alembic_config
from station.notify.models import Notification
from station.parcels.models import Parcel
from station.residents.models import PreRegistration
from station.web.i18n import catalog
from tests.parcels.helpers import intake
from tests.support import NOW


def zh(message: str) -> str:
    return catalog("zh_CN").get(message, message)


def migrate(db, revision: str, *, down: bool = False) -> None:
    config = alembic_config(db.url)
    with db.write_engine.connect() as connection:
        config.attributes["connection"] = connection
        (command.downgrade if down else command.upgrade)(config, revision)
        connection.commit()


def test_old_english_rows_read_in_the_readers_language_after_0012(db):
    unresolved, _, _ = intake(db, "SF1000000000001", None)
    torn, _, _ = intake(db, "SF1000000000002", None)
    migrate(db, "0011", down=True)
    with db.write_engine.begin() as connection:
        old = connection.execute(text("SELECT unresolved_reason FROM parcels WHERE code = :code"),
                                 {"code": unresolved}).scalar()
        assert old == "no destination given"  # the downgrade writes the English sentence back
        connection.execute(text("UPDATE parcels SET unresolved_reason = 'two rooms pre-registered this number' "
                                "WHERE code = :code"), {"code": torn})
        connection.execute(text(
            "INSERT INTO notifications (channel, target, kind, subject, body, dedupe_key, state, attempts, "
            "next_attempt_at, last_error, created_at) VALUES ('b10', 'x', 'digest', 's', 'b', 'k', 'failed', 1, "
            ":now, :error, :now)"), {"now": NOW.replace(tzinfo=None), "error": "cannot reach 10.0.0.9: refused"})
        connection.execute(text(
            "INSERT INTO preregistrations (tracking_number, building, unit, room, note, source, contested, "
            "created_at) VALUES ('SF7000000000001', '10', 2, '301', 'G1: 2 bags also told for 10-2-302', "
            "'group', :yes, :now)"), {"now": NOW.replace(tzinfo=None), "yes": True})
    migrate(db, "head")

    with db.write_engine.connect() as connection:
        stored = connection.execute(text("SELECT unresolved_reason FROM parcels WHERE code = :code"),
                                    {"code": unresolved}).scalar()
    assert json.loads(stored) == {"code": "parcel.no_destination_given", "params": {}}
    with db.read() as session:
        reasons = dict(session.execute(select(Parcel.code, Parcel.unresolved_reason)
                                       .where(Parcel.code.in_([unresolved, torn]))).all())
        error = session.scalars(select(Notification.last_error)).one()
        note = session.scalars(select(PreRegistration.note).where(
            PreRegistration.tracking_number == "SF7000000000001")).one()
    assert reasons[unresolved] == parcel_text.NO_DESTINATION_GIVEN()
    assert reasons[unresolved].render(zh, "zh_CN") == "未填写去向"
    assert reasons[torn] == parcel_text.PREREG_CONTESTED()
    assert reasons[torn].render(zh, "zh_CN") == "两个房号预登记了同一单号"
    assert error.render(zh, "zh_CN") == error.render() == "cannot reach 10.0.0.9: refused"  # no msgid: as it was
    assert note.render() == "G1: 2 bags also told for 10-2-302"
