"""Each gate prints on its own printer: here a label printer's raw port on 127.0.0.1 receiving ZPL."""

from fastapi.testclient import TestClient

from station.app import create_app
from station.config import Settings
from tests.labels.test_printers import raw_printer  # noqa: F401  (the fixture)
from tests.support import bearer


def test_intake_at_a_gate_sends_its_label_as_zpl_to_that_gates_printer(db, raw_printer):  # noqa: F811
    settings = Settings(database_url=db.url, printers={"main": f"zpl://127.0.0.1:{raw_printer.port}"})
    with TestClient(create_app(settings, db=db), headers=bearer("gate1")) as client:
        answer = client.post("/api/v1/intake", json={"scan": "SF1234567890123", "destination": "10-2-301",
                                                    "category": "express", "gate": "main"}).json()
        rendered = client.get(answer["label"]["zpl"]).content
        elsewhere = client.post("/api/v1/intake", json={"scan": "SF1234567890124", "destination": "10-2-301",
                                                       "category": "express"}).json()
    assert answer["label"]["printed"] is True and answer["label"]["print_error"] is None
    assert elsewhere["label"]["printed"] is False  # no printer of its own, and none for all gates
    job, = raw_printer.wait()
    assert job.startswith(b"^XA") and job.rstrip().endswith(b"^XZ")
    assert job == rendered  # the label the gate page offers, at the station's size and dpi


def test_a_printer_that_does_not_answer_is_reported_and_the_item_is_kept(db):
    settings = Settings(database_url=db.url, printer="zpl://127.0.0.1:9")
    with TestClient(create_app(settings, db=db), headers=bearer("gate1")) as client:
        answer = client.post("/api/v1/intake", json={"scan": "SF1234567890123", "destination": "10-2-301",
                                                    "category": "express", "gate": "main"})
        assert answer.status_code == 201
        assert "cannot reach label printer 127.0.0.1:9" in answer.json()["label"]["print_error"]
        assert client.get("/api/v1/parcels/SF1234567890123").status_code == 200


def test_gate_printers_from_the_environment(monkeypatch):
    monkeypatch.setenv("STATION_PRINTERS", "main=zpl://10.0.0.5, north=Zebra_GX420")
    settings = Settings.from_env()
    assert settings.printer_for("main") == "zpl://10.0.0.5" and settings.printer_for("north") == "Zebra_GX420"
    assert settings.printer_for("east") is None
