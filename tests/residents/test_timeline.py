from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from station.residents.timeline import Step, build_timeline, shelf_of_pickup_code, when

TZ = "Asia/Shanghai"
START = datetime(2026, 11, 27, 1, 12, tzinfo=UTC)  # 09:12 in the compound


@dataclass
class Event:
    type: str
    minutes: int
    gate: str | None = None
    details: dict = field(default_factory=dict)
    actor: str = "张志愿"

    @property
    def at(self):
        return START + timedelta(minutes=self.minutes)


def timeline(events, now=START + timedelta(hours=2)):
    return build_timeline(events, gate_names={"main": "大门 Main gate"}, timezone=TZ, now=now)


def test_the_way_to_the_door_in_local_time_with_gate_names_and_shelves():
    events = [Event("received", 0, "main", {"zone": "B10", "shelf": 7, "slot": 23}),
              Event("disinfected", 19, "main"), Event("shelved", 20, "main"),
              Event("out_for_delivery", 53), Event("delivered", 68)]
    assert timeline(events) == [Step("received", "09:12", place="大门 Main gate"),
                                Step("disinfected", "09:31"), Step("shelved", "09:32", place="B10-07"),
                                Step("out_for_delivery", "10:05"), Step("delivered", "10:20")]


def test_no_volunteer_name_or_note_reaches_the_steps():
    events = [Event("received", 0, "main", {"zone": "B10", "shelf": 7}),
              Event("problem", 5, details={"note": "张志愿 says the box is torn"}),
              Event("note", 6, details={"alias": "X"}), Event("resolved", 7, details={"note": "taped"})]
    steps = timeline(events)
    assert [s.kind for s in steps] == ["received", "problem", "resolved"]
    assert "张" not in repr(steps).replace("大门", "")


def test_moves_returns_and_proxy_pickups():
    events = [Event("received", 0, "main", {"zone": "UNRES", "shelf": 1}),
              Event("moved", 3, details={"from": "UNRES-01-004", "to": "B3-02-001"}),
              Event("moved", 4, details={"from": "B3-02-001", "to": "B3-02-005"}),  # same shelf: not shown
              Event("disinfected", 5), Event("shelved", 6), Event("out_for_delivery", 30),
              Event("returned", 50, details={"reason": "nobody_home"}),
              Event("shelved", 55, details={"zone": "B3", "shelf": 1, "slot": 2}),
              Event("picked_up", 90, details={"collected_by": "邻居"})]
    steps = timeline(events)
    assert [(s.kind, s.place) for s in steps if s.kind in ("moved", "shelved")] == [
        ("moved", "B3-02"), ("shelved", "B3-02"), ("shelved", "B3-01")]
    assert Step("returned", "10:02", reason="nobody_home") in steps
    assert steps[-1] == Step("picked_up", "10:42", proxy=True)


def test_an_unknown_gate_or_return_reason_is_not_made_up():
    steps = timeline([Event("received", 0, "side"), Event("returned", 1, details={"reason": "<b>"})])
    assert steps[0].place is None and steps[1].reason == "other"


def test_yesterday_shows_the_date():
    assert when(START, timezone=TZ, now=START + timedelta(hours=1)) == "09:12"
    assert when(START, timezone=TZ, now=START + timedelta(days=1)) == "11-27 09:12"


def test_shelf_of_a_pickup_code():
    assert shelf_of_pickup_code("B10-07-023") == "B10-07"
    assert shelf_of_pickup_code("junk") is None
    assert shelf_of_pickup_code(None) is None


def test_a_delivery_taken_back_by_the_runner_is_shown_as_a_step():
    events = [Event("received", 0, "main", {"zone": "B10", "shelf": 7}), Event("out_for_delivery", 30),
              Event("delivered", 40), Event("outcome_undone", 41, details={"undoes": "delivered"})]
    assert [s.kind for s in timeline(events)][-2:] == ["delivered", "outcome_undone"]
