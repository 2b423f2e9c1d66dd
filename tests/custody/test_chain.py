from datetime import UTC, datetime

from station.custody.chain import GENESIS, event_hash, first_broken

AT = datetime(2026, 11, 27, 1, 0, tzinfo=UTC)


def chain(n):
    events, prev = [], GENESIS
    for seq in range(1, n + 1):
        event = {"seq": seq, "type": "note", "actor": "li", "gate": "main", "at": AT,
                 "details": {"n": seq}, "prev_hash": prev}
        event["hash"] = event_hash(prev_hash=prev, parcel_code="P1", seq=seq, event_type="note",
                                   actor="li", gate="main", at=AT, details={"n": seq})
        prev = event["hash"]
        events.append(event)
    return events


def test_an_untouched_chain_verifies():
    assert first_broken("P1", chain(4)) is None


def test_an_edited_event_is_named():
    events = chain(4)
    events[2]["actor"] = "someone else"
    assert first_broken("P1", events) == (3, "its content does not match its hash (edited after it was written)")


def test_a_removed_event_is_found():
    events = chain(4)
    del events[1]
    assert first_broken("P1", events)[0] == 3


def test_events_moved_to_another_parcel_do_not_verify():
    assert first_broken("P2", chain(2))[0] == 1
