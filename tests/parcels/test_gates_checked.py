"""A gate named in a request must be one of the site's: the custody log never records a gate
that does not exist, and nothing of a refused request is written."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from station.custody.models import CustodyEvent
from station.gate.handover.models import Handover
from station.runs.models import Stocktake
from tests.support import bearer

BAD = "NOPE"


def written(db) -> tuple[int, int, int]:
    with db.read() as session:
        return tuple(session.scalar(select(func.count()).select_from(model))
                     for model in (CustodyEvent, Handover, Stocktake))


@pytest.fixture
def parcel(client) -> str:
    response = client.post("/api/v1/intake", json={"scan": "SF1234567890123", "destination": "10-2-301",
                                                   "gate": "main"})
    assert response.status_code == 201
    return response.json()["parcel"]["code"]


@pytest.mark.parametrize("account, path, body", [
    ("disinfect1", "/api/v1/parcels/{code}/shelve?gate=" + BAD, None),
    ("gate1", "/api/v1/parcels/{code}/move", {"zone": "OVF", "gate": BAD}),
    ("gate1", "/api/v1/parcels/{code}/problem", {"note": "wet", "gate": BAD}),
    ("lead", "/api/v1/parcels/{code}/resolve", {"note": "dried", "gate": BAD}),
    ("gate1", "/api/v1/parcels/{code}/aliases", {"code": "JD-ORDER-778899", "gate": BAD}),
    ("gate1", "/api/v1/parcels/{code}/void", {"note": "wrong room", "gate": BAD}),
    ("gate1", "/api/v1/handovers", {"courier_name": "li", "gate": BAD}),
    ("gate1", "/api/v1/stocktakes", {"gate": BAD}),
])
def test_an_unknown_gate_is_refused_with_the_gates_there_are(client, db, parcel, account, path, body):
    before = written(db)
    response = client.post(path.format(code=parcel), json=body, headers=bearer(account))
    assert response.status_code == 422, response.text
    assert response.json()["detail"] == f"there is no gate {BAD!r}; gates: main"
    assert written(db) == before


def test_a_known_gate_is_recorded_with_the_event(client, db, parcel):
    response = client.post(f"/api/v1/parcels/{parcel}/problem", json={"note": "wet", "gate": "main"})
    assert response.status_code == 200, response.text
    with db.read() as session:
        last = session.scalars(select(CustodyEvent).order_by(CustodyEvent.id.desc())).first()
    assert (last.type, last.gate) == ("problem", "main")
