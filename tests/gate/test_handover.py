from pypdf import PdfReader
from sqlalchemy import func, select

from station.gate.handover.models import HandoverItem
from station.parcels.models import Parcel
from tests.support import bearer


def open_handover(client):
    response = client.post("/api/v1/handovers", json={"courier_name": "王师傅", "carrier": "ZTO", "gate": "main"})
    assert response.status_code == 201
    return response.json()["id"]


def test_a_courier_batch_is_counted_once_per_item_and_closed_with_a_receipt(client, db):
    handover = open_handover(client)
    scans = ["773012345678901", "773012345678902", "773012345678901", "773012345678903"]
    answers = [client.post(f"/api/v1/handovers/{handover}/scans", json={"scan": s}).json() for s in scans]
    assert [a["count"] for a in answers] == [1, 2, 2, 3]
    assert answers[2]["duplicate_in_batch"] is True
    assert {a["parcel"]["zone"] for a in answers} == {"UNRES"}  # waiting to be sorted
    with db.read() as session:
        assert session.scalar(select(func.count(Parcel.id))) == 3
        assert session.scalar(select(func.count(HandoverItem.id))) == 3
    close = client.post(f"/gate/handover/{handover}/close", headers={"Origin": "http://testserver"},
                        follow_redirects=False)
    assert close.status_code == 303
    after = client.post(f"/api/v1/handovers/{handover}/scans", json={"scan": "773012345678904"})
    assert after.status_code == 409 and "closed" in after.json()["detail"]
    receipt = client.get(f"/gate/handover/{handover}/receipt.pdf")
    assert receipt.headers["content-type"] == "application/pdf"
    import io

    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(receipt.content)).pages)
    assert "王师傅" in text and "Count: 3" in text
    for number in ("773012345678901", "773012345678902", "773012345678903"):
        assert number in text


def test_a_hand_over_scan_and_its_note_read_in_the_askers_language(client):
    handover = open_handover(client)
    english = client.post(f"/api/v1/handovers/{handover}/scans", json={"scan": "773012345678901"}).json()
    assert english["parcel"]["unresolved_reason"] == "no destination given"
    chinese = client.post(f"/api/v1/handovers/{handover}/scans", json={"scan": "773012345678902"},
                          headers={"Accept-Language": "zh-CN"}).json()
    assert chinese["parcel"]["unresolved_reason"] == "未填写去向"
    assert chinese["message"].startswith("已计数")
    events = client.get("/api/v1/parcels/773012345678902", headers={"Accept-Language": "zh-CN"}).json()["events"]
    assert events[0]["details"]["note"] == f"快递交接 {handover}：王师傅"
    events = client.get("/api/v1/parcels/773012345678902").json()["events"]
    assert events[0]["details"]["note"] == f"courier hand-over {handover}: 王师傅"


def test_an_item_recorded_before_the_hand_over_is_flagged(client):
    client.post("/api/v1/intake", json={"scan": "SF1234567890123", "destination": "10-2-301"})
    handover = open_handover(client)
    answer = client.post(f"/api/v1/handovers/{handover}/scans", json={"scan": "SF1234567890123"}).json()
    assert answer["already_recorded"] is True and answer["count"] == 1
    assert answer["parcel"]["zone"] == "B10"


def test_a_runner_cannot_open_a_hand_over(client):
    response = client.post("/api/v1/handovers", json={"courier_name": "x"}, headers=bearer("runner1"))
    assert response.status_code == 403


def test_a_hand_over_needs_a_courier_name(client):
    response = client.post("/api/v1/handovers", json={"courier_name": "  "})
    assert response.status_code == 422
