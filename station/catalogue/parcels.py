"""What the station says about parcels: scans, intake, where an item is, the gate's mending."""

from station.catalogue import Message

SCAN_TOO_LONG = Message("parcel.scan_too_long", "the scan is {length} characters long; at most {limit} are kept")
NOT_A_PARCEL_CODE = Message("parcel.other_code", "{text} is {kind}, not a parcel")
UNKNOWN_FORMAT = Message("parcel.unknown_format", "unknown number format")
UNKNOWN_FORMAT_WHY = Message("parcel.unknown_format_why", "unknown number format ({why})")
LOOKS_LIKE_ADDRESS = Message("parcel.looks_like_address",
                             "'{text}' is not a barcode we can keep: it looks like an address: type it as the destination")
NOT_A_BARCODE = Message("parcel.not_a_barcode", "'{text}' is not a barcode we can keep: {why}")
UNREADABLE = Message("parcel.unreadable", "'{text}' is not a barcode we can keep: unreadable")
NOT_KNOWN = Message("parcel.not_known", "no parcel is known by '{key}'")
OUR_LABEL_UNKNOWN = Message("parcel.label_unknown", "{text} looks like one of our parcel labels, but no parcel has it")
NOT_A_PARCEL = Message("parcel.not_a_parcel", "this is not a parcel")
NO_SUCH_CATEGORY = Message("parcel.no_such_category", "category must be one of {categories}, not '{category}'")
ON_SHELF_SINCE = Message("parcel.on_shelf_since", "on shelf {shelf} (pickup code {pickup_code}) since {time}")
STATUS_SINCE = Message("parcel.status_since", "{status} since {time}")
ALREADY_HERE = Message("parcel.already_here", "parcel {label} is already {where}")
IS_WHERE = Message("parcel.is_where", "parcel {label} is {where}")
PUT_IT_ON = Message("parcel.put_it_on", "put it on {zone}-{shelf} slot {slot}")
PUT_IT_ON_OVERFLOW = Message("parcel.put_it_on_overflow",
                             "put it on {zone}-{shelf} slot {slot} (overflow: its own shelf is full)")
UNRESOLVED_TOO = Message("parcel.unresolved_too", "{placed}; destination unresolved: {reason}")
PREREG_UNCONFIRMED = Message("parcel.prereg_unconfirmed", "pre-registered, not confirmed against the waybill")
PREREG_CONTESTED = Message("parcel.prereg_contested", "two rooms pre-registered this number")
PREREG_UNCHECKED = Message("parcel.prereg_unchecked",
                           "pre-registered for a room without a checked roster entry")
NO_SUCH_METHOD = Message("parcel.no_such_method", "unknown disinfection method '{method}'; methods: {methods}")
NO_SUCH_ZONE = Message("parcel.no_such_zone", "there is no zone '{zone}'")
ZONE_FULL = Message("parcel.zone_full", "zone {zone} is full")
REASON_ONE_OF = Message("parcel.reason_one_of", "reason must be {choices}")
PROBLEM_ZONE_FULL = Message("parcel.problem_zone_full", "the problem zone {zone} is full: make room there first")
SAY_THE_PROBLEM = Message("parcel.say_the_problem", "say what the problem is")
NOTHING_SCANNED = Message("parcel.nothing_scanned", "nothing was scanned")
ALIAS_TAKEN = Message("parcel.alias_taken", "{code} already belongs to parcel {parcel} ({destination})")
NO_DESTINATION = Message("parcel.no_destination", "no destination")
NOT_ON_A_SHELF = Message("parcel.not_on_a_shelf", "parcel {label} is not on a shelf: it is {status}")
SHELVES_FULL = Message("parcel.shelves_full", "zone {zone} is full: clear delivered items or add shelves in the site file")
SHELVES_AND_OVERFLOW_FULL = Message("parcel.shelves_overflow_full", "zone {zone} and its overflow {overflow} are "
                                    "full: clear delivered items or add shelves in the site file")
LABEL_FORMAT = Message("parcel.label_format", "label format must be png, pdf or zpl")
# Why an item waits in UNRES: kept with the parcel (station.catalogue.kept) and said to whoever reads it.
NO_DESTINATION_GIVEN = Message("parcel.no_destination_given", "no destination given")
PREREG_UNCONFIRMED_FOR = Message("parcel.prereg_unconfirmed_for",
                                 "pre-registered for {destination}, not confirmed against the waybill")
# The words the gate sends as a note (its problem menu, a move, an undo), by what it sends: kept as
# messages in the custody detail, so the trail says them in its reader's language.
GATE_NOTES = {
    "damaged": Message("parcel.note.damaged", "damaged"),
    "leaking": Message("parcel.note.leaking", "leaking"),
    "not ours": Message("parcel.note.not_ours", "not for this compound"),
    "moved at the gate": Message("parcel.note.moved_at_gate", "moved at the gate"),
    "undo at the gate": Message("parcel.note.undo_at_gate", "undo at the gate"),
}
