"""What the station says to runners: claims, outcomes at the door, undo, closing a run, stocktakes."""

from station.catalogue import Message

NOT_YOURS = Message("runs.not_yours", "run {run} is {runner}'s: only they, the gate or a coordinator may record it")
NOTHING_SCANNED = Message("runs.nothing_scanned", "nothing was scanned")
NOT_IN_RUN = Message("runs.not_in_run", "parcel {label} ({destination}) is not in run {run}: it is {status}")
CANNOT_CLOSE_YET = Message("runs.cannot_close_yet", "This run cannot close yet: {count} item(s) have no outcome")
RUN_CLOSED = Message("runs.closed", "run {run} was closed at {time}")
OUTCOME_KIND = Message("runs.outcome_kind", "outcome must be delivered or returned")
ALREADY_RECORDED = Message("runs.already_recorded", "parcel {parcel} was already recorded as {outcome} at {time} by {runner}")
DELIVERED_NO_REASON = Message("runs.delivered_no_reason", "a delivered item has no return reason")
RETURNED_NO_CHECK = Message("runs.returned_no_check", "a returned item needs no verification")
SAY_WHY = Message("runs.say_why", "say why it came back: {reasons}")
NOTHING_TO_UNDO = Message("runs.nothing_to_undo", "parcel {parcel} has no outcome to undo")
TOO_LATE_TO_UNDO = Message("runs.too_late_to_undo", "{outcome} was recorded at {time}: an outcome can be undone "
                           "for {minutes} minutes; ask a coordinator")
CANNOT_CLOSE = Message("runs.cannot_close", "run {run} cannot close: {count} item(s) have no outcome yet: {items}")
NO_SUCH_CATEGORY = Message("runs.no_such_category", "there is no category '{category}'; categories: {categories}")
BUILDING_OR_GRID = Message("runs.building_or_grid", "claim a building or a grid, not both")
NO_SUCH_BUILDING = Message("runs.no_such_building", "there is no building {building} on this site")
NO_SUCH_GRID = Message("runs.no_such_grid", "there is no grid {grid}; grids: {grids}")
SAY_WHAT = Message("runs.say_what", "say what to claim: a building, a grid, or one category")
IN_DWELL = Message("runs.in_dwell", "the {count} item(s) of {scope} are still in disinfection dwell time; "
                   "the first may leave at {time}")
NOTHING_TO_DELIVER = Message("runs.nothing_to_deliver",
                             "nothing to deliver for {scope}: no items are waiting on the shelves")
CLAIMED = Message("runs.claimed", "{count} item(s) of {scope} are out with you: run {run}")
CLAIMED_SOME_DWELL = Message("runs.claimed_some_dwell", "{count} item(s) of {scope} are out with you: run {run}; "
                             "{dwelling} still in disinfection dwell time stay on the shelf")
CLAIMED_SOME_DWELL_UNTIL = Message("runs.claimed_some_dwell_until", "{count} item(s) of {scope} are out with you: "
                                   "run {run}; {dwelling} still in disinfection dwell time stay on the shelf "
                                   "(the first may leave at {time})")
DELIVERED = Message("runs.delivered", "delivered: {where} {parcel}")
DELIVERED_VERIFIED = Message("runs.delivered_verified", "delivered: {where} {parcel}, verified by {method}")
RETURNED = Message("runs.returned", "returned ({reason}): {where} {parcel}")
UNDONE = Message("runs.undone", "undone: {where} {parcel} is to deliver again")
ALREADY = Message("runs.replayed", "{message} (already recorded)")
CLOSED_ALL_DELIVERED = Message("runs.closed_all_delivered", "run {run} is closed: every item was delivered")
CLOSED_RETURNS = Message("runs.closed_returns", "run {run} is closed; put the returned items on their shelves: {items}")
STOCKTAKE_CLOSED = Message("runs.stocktake_closed", "stocktake {number} was closed at {time}; start a new one")
SCOPE_BUILDING = Message("runs.scope_building", "building {code}")
SCOPE_GRID = Message("runs.scope_grid", "grid {code}")
SCOPE_ALL = Message("runs.scope_all", "all {categories}")
SCOPE_IN = Message("runs.scope_in", "{categories} in {where}")
ALREADY_CLAIMED = Message("runs.already_claimed", "{what} is already claimed by {holders}")
ALREADY_CLAIMED_NOTE = Message("runs.already_claimed_note", "{what} is already claimed by {holders}; {note}")
HOLDER = Message("runs.holder", "{runner} since {time} (run {run})")
HOLDER_WHAT = Message("runs.holder_what", "{runner} since {time} (run {run}, {what})")
MORE_IN_DWELL = Message("runs.more_in_dwell", "{count} more still in disinfection dwell time (the first may leave at {time})")
NO_SUCH_RUN = Message("runs.no_such_run", "there is no run '{run}'")
UNKNOWN_HERE = Message("runs.stocktake_unknown", "no parcel is known by '{text}': put it aside for the coordinator")
BELONGS_HERE = Message("runs.stocktake_here", "{label} belongs here ({pickup_code})")
BELONGS_ELSEWHERE = Message("runs.stocktake_elsewhere", "{label} belongs on {shelf} (pickup code {pickup_code}): move it there")
OFF_SHELF = Message("runs.stocktake_off_shelf", "{label} should not be on a shelf: it is {status}; take it to the coordinator")

# -- a stocktake's shelf sign ----------------------------------------------------------------------
COUNTING_SHELF = Message("runs.stocktake_counting", "counting shelf {shelf}: scan every item on it")
COUNTING_EMPTY_SHELF = Message("runs.stocktake_counting_empty",
                               "counting shelf {shelf}: scan every item on it (it should be empty)")
SHELF_SIGN_FIRST = Message("runs.stocktake_shelf_first",
                           "scan a shelf sign (such as SH-B10-01) first, then the items on that shelf")
