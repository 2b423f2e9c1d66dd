from datetime import UTC, datetime, timedelta

import pytest

from station.custody import states as s
from station.errors import InvalidTransition

NOW = datetime(2026, 11, 27, 2, 0, tzinfo=UTC)
LEGAL = {(status, event) for event, (allowed, _) in s.TRANSITIONS.items() for status in allowed}


def test_the_whole_delivery_path_folds_to_delivered():
    assert s.fold(["received", "disinfected", "shelved", "out_for_delivery", "delivered"]).status == "delivered"


def test_self_pickup_and_a_return_and_reshelving():
    assert s.fold(["received", "disinfected", "shelved", "picked_up"]).status == "picked_up"
    path = ["received", "disinfected", "shelved", "out_for_delivery", "returned", "shelved"]
    assert s.fold(path).status == "shelved"


def test_a_problem_resolves_back_to_where_it_was():
    folded = s.fold(["received", "disinfected", "problem"])
    assert folded == s.Folded("problem", "disinfected")
    assert s.next_status(folded, "resolved").status == "disinfected"


def test_moves_and_notes_keep_the_status():
    assert s.fold(["received", "moved", "note"]).status == "received"


@pytest.mark.parametrize("status", s.STATUSES)
@pytest.mark.parametrize("event", [e for e in s.EVENT_TYPES if e not in ("received", "resolved")])
def test_every_move_outside_the_table_is_refused(status, event):
    state = s.Folded(status, "shelved" if status == "problem" else None)
    if (status, event) in LEGAL:
        s.next_status(state, event)
    else:
        with pytest.raises(InvalidTransition, match="cannot record"):
            s.next_status(state, event)


def test_refusals_say_what_to_do():
    with pytest.raises(InvalidTransition, match="disinfect it first"):
        s.fold(["received", "out_for_delivery"])
    with pytest.raises(InvalidTransition, match="already received"):
        s.fold(["received", "received"])
    with pytest.raises(InvalidTransition, match="no open problem"):
        s.fold(["received", "resolved"])
    with pytest.raises(InvalidTransition, match="first event must be received"):
        s.fold(["shelved"])


def test_nothing_leaves_before_its_dwell_time():
    with pytest.raises(InvalidTransition, match="dwell time"):
        s.check_release(event_type="out_for_delivery", now=NOW, dwell_until=NOW + timedelta(minutes=3),
                        category="express", verification=None)
    s.check_release(event_type="out_for_delivery", now=NOW, dwell_until=NOW, category="express",
                    verification=None)
    with pytest.raises(InvalidTransition, match="dwell time"):
        s.check_release(event_type="picked_up", now=NOW, dwell_until=NOW + timedelta(seconds=1),
                        category="express", verification={"method": "collection_code"})


@pytest.mark.parametrize("category", ["medicine", "valuable"])
def test_medicine_and_valuables_need_a_verified_hand_off(category):
    for event in ("delivered", "picked_up"):
        with pytest.raises(InvalidTransition, match="verified hand-off"):
            s.check_release(event_type=event, now=NOW, dwell_until=None, category=category,
                            verification=None)
        s.check_release(event_type=event, now=NOW, dwell_until=None, category=category,
                        verification={"method": "collection_code", "phone_tail": "checked"})
    s.check_release(event_type="delivered", now=NOW, dwell_until=None, category="express",
                    verification=None)


def test_the_refusal_says_a_verification_is_needed_and_for_which_parcel():
    assert {c for c in ("express", "meal", "fresh", "medicine", "valuable", "bulky")
            if s.needs_verification(c)} == {"medicine", "valuable"}
    with pytest.raises(InvalidTransition) as refused:
        s.check_release(event_type="delivered", now=NOW, dwell_until=None, category="medicine",
                        verification=None, parcel="P123")
    assert refused.value.extra == {"needs_verification": True, "parcel": "P123"}


def test_a_release_needs_the_items_code_or_its_household_card():
    kwargs = {"collection_code": "7K3QX2", "phone": "13812341234", "household_code": "H12345678",
              "category": "express"}
    assert s.verify_handoff(method="collection_code", presented="7k3 qx2", **kwargs) == {"method": "collection_code"}
    assert s.verify_handoff(method="household_code", presented="h12345678", **kwargs) == {"method": "household_code"}
    for method, wrong in [("collection_code", "7K3QX3"), ("collection_code", ""), ("household_code", "H00000000"),
                          ("pickup_code", "MED-01-004"), ("phone_tail", "1234"), ("name_check", "张")]:
        with pytest.raises(InvalidTransition):
            s.verify_handoff(method=method, presented=wrong, **kwargs)
    with pytest.raises(InvalidTransition, match="not this item"):
        s.verify_handoff(method="collection_code", presented="7K3QX2", **(kwargs | {"collection_code": None}))


def test_a_typed_code_reads_o_as_zero_and_i_or_l_as_one():
    kwargs = {"collection_code": "701QX1", "phone": None, "household_code": None, "category": "express"}
    assert s.verify_handoff(method="collection_code", presented="7oi-qxl", **kwargs) == {"method": "collection_code"}


@pytest.mark.parametrize("category", ["medicine", "valuable"])
def test_medicine_and_valuables_also_need_the_phone_tail(category):
    kwargs = {"collection_code": "7K3QX2", "phone": "13812341234", "household_code": "H12345678",
              "category": category}
    for tail in (None, "4321", "34", "12345"):
        with pytest.raises(InvalidTransition, match="phone") as refused:
            s.verify_handoff(method="collection_code", presented="7K3QX2", phone_tail=tail, **kwargs)
        assert refused.value.extra == {"needs_phone_tail": True}
    assert s.verify_handoff(method="household_code", presented="H12345678", phone_tail="1234", **kwargs) == {
        "method": "household_code", "phone_tail": "checked"}
    # A household with no phone on the roster: the code alone.
    assert s.verify_handoff(method="collection_code", presented="7K3QX2", **(kwargs | {"phone": None})) == {
        "method": "collection_code"}


@pytest.mark.parametrize("method, presented, tail", [
    ("household_code", "H１２３４５６７８", None), ("household_code", "户12345678", None),
    ("collection_code", "7K3QX２", None), ("collection_code", "7K3QX2", "١٢٣٤"), ("collection_code", "7K3QX2", "12３4")])
def test_any_characters_typed_are_refused_as_wrong_not_a_crash(method, presented, tail):
    kwargs = {"collection_code": "7K3QX2", "phone": "13812341234", "household_code": "H12345678",
              "category": "medicine"}
    with pytest.raises(InvalidTransition):
        s.verify_handoff(method=method, presented=presented, phone_tail=tail, **kwargs)
