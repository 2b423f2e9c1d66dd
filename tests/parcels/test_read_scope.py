"""GET /api/v1/parcels/{key}: a runner reads the items of their own runs, a disinfection volunteer
the items not yet shelved; the gate and coordinators read any. Nobody reads a collection code there."""

from __future__ import annotations

from station.parcels import handling
from tests.residents.flows import act, households, receive, site_of
from tests.runs.helpers import READY, claim, stock
from tests.support import bearer


def read(client, who, key):
    return client.get(f"/api/v1/parcels/{key}", headers=bearer(who))


def test_each_role_reads_what_its_work_needs(client, db):
    household, _ = households(db)
    (on_run,) = stock(db, [("10-1-101", "express")])
    (shelved_elsewhere,) = stock(db, [("11-1-101", "express")])
    receive(db, "SF7000000000001", household.destination)  # waiting for disinfection
    claim(db, "runner1", building="10", now=READY)

    for who in ("gate1", "lead"):
        assert {read(client, who, key).status_code for key in (on_run, shelved_elsewhere, "SF7000000000001")} == {200}
    assert read(client, "runner1", on_run).status_code == 200
    assert read(client, "runner1", shelved_elsewhere).status_code == 404
    assert read(client, "runner1", "SF7000000000001").status_code == 404
    assert read(client, "disinfect1", "SF7000000000001").status_code == 200
    assert read(client, "disinfect1", shelved_elsewhere).status_code == 404
    assert read(client, "disinfect1", on_run).status_code == 404
    # Refused as if unknown: the answer does not tell a guessed key exists.
    assert read(client, "runner1", shelved_elsewhere).json()["detail"].startswith("no parcel is known by")

    act(db, "SF7000000000001", handling.disinfect, site=site_of(db), method="alcohol", actor="d", gate="main",
        now=READY)
    act(db, "SF7000000000001", handling.shelve, site=site_of(db), actor="d", gate="main", now=READY)
    assert read(client, "disinfect1", "SF7000000000001").status_code == 404  # shelved: out of its work


def test_no_answer_carries_the_collection_code(client, db):
    (code,) = stock(db, [("10-1-101", "express")])
    with db.read() as session:
        from station.parcels import service
        secret = service.get_parcel(session, code).collection_code
    claim(db, "runner1", building="10", now=READY)
    for who in ("gate1", "lead", "runner1"):
        answer = read(client, who, code)
        assert answer.status_code == 200 and secret not in answer.text
    assert secret not in client.get(f"/gate/labels/{code}.zpl").text
    assert secret not in client.get("/api/v1/recent").text
