"""What the station says when a custody move is refused (the state machine, release rules)."""

from station.catalogue import Message

ALREADY_RECEIVED = Message("custody.already_received", "this item was already received")
NO_OPEN_PROBLEM = Message("custody.no_open_problem", "there is no open problem: the item is {status}")
UNKNOWN_EVENT = Message("custody.unknown_event", "unknown event type '{event}'")
NOT_NOW = Message("custody.not_now", "cannot record {event}: the item is {status}")
NOT_NOW_ADVICE = Message("custody.not_now_advice", "cannot record {event}: the item is {status}; {advice}")
FIRST_EVENT = Message("custody.first_event", "the first event must be received, not {event}")
NO_EVENTS = Message("custody.no_events", "no events")
IN_DWELL = Message("custody.in_dwell", "still in disinfection dwell time until {time} (about {minutes} min more); "
                   "it may not leave the shelf yet")
NEEDS_VERIFICATION = Message("custody.needs_verification", "{category} needs a verified hand-off: the collection "
                             "code or the household card, and the phone's last four digits")
SHOW_A_CODE = Message("custody.show_a_code", "show the item's collection code or the household card")
CODE_MISMATCH = Message("custody.code_mismatch", "the code shown is not this item's: nothing was handed over")
TAIL_NEEDED = Message("custody.tail_needed",
                      "medicine and valuables also need the last four digits of the household's phone")
TAIL_MISMATCH = Message("custody.tail_mismatch",
                        "the last four digits of the phone do not match: nothing was handed over")
