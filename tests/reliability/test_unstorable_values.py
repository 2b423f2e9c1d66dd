"""Values the database cannot hold are bad input (422 with a reason), never a server error.

Found by the schemathesis run: a path id of 2**31 (PostgreSQL's integer) or 2**64 (SQLite's),
and a NUL character in a name (PostgreSQL), came back as 500.
"""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from station.app import create_app
from station.config import Settings
from station.custody.models import CustodyEvent
from station.errors import InvalidInput
from station.gate.handover import service as handover_service
from station.gate.handover.models import Handover
from station.parcels import handling, service
from station.parcels.models import Parcel
from station.siteconfig.service import current_site
from tests.support import NOW, bearer


@pytest.mark.parametrize("number", [2**31, 2**64])
def test_an_id_past_the_integer_column_is_bad_input(db, number):
    if number < (2**63 if db.is_sqlite else 2**31):  # it fits: simply no such row
        with db.read() as session:
            assert session.get(Parcel, number) is None
        return
    with pytest.raises(InvalidInput, match="cannot be stored|too large"):
        with db.read() as session:
            session.get(Parcel, number)
    with pytest.raises(InvalidInput):
        db.write(lambda session: session.get(Parcel, number))


def test_a_nul_character_is_bad_input_or_kept_and_nothing_half_written(db):
    with db.read() as session:
        site = current_site(session)
    code = db.write(lambda s: service.intake_parcel(
        s, site=site, scan="SF5550000000001", destination="10-2-301", category="express", gate="main",
        actor="gate1", now=NOW).parcel.code)

    def problem_and_a_courier_with_a_nul(session):
        handling.report_problem(session, service.get_parcel(session, code), site=site, note="wet",
                                actor="gate1", gate="main", now=NOW)
        handover_service.open_handover(session, site=site, courier_name="l\x00i", carrier=None, gate="main",
                                       actor="gate1", now=NOW)

    if db.is_sqlite:  # SQLite keeps any text
        db.write(problem_and_a_courier_with_a_nul)
        expected = (2, 1)
    else:
        with pytest.raises(InvalidInput, match="NUL"):
            db.write(problem_and_a_courier_with_a_nul)
        expected = (1, 0)
    with db.read() as session:
        assert (session.scalar(select(func.count(CustodyEvent.id))),
                session.scalar(select(func.count(Handover.id)))) == expected


def test_the_api_answers_422_for_them(db):
    app = create_app(Settings(database_url=db.url), db=db)
    with TestClient(app, raise_server_exceptions=False) as client:
        opened = client.post("/api/v1/handovers", headers=bearer("gate1"),
                             json={"courier_name": "l\x00i", "gate": "main"})
    assert opened.status_code == (201 if db.is_sqlite else 422), opened.text
    assert opened.headers["content-type"].startswith("application/json")
