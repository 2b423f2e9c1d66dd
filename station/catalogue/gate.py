"""What the gate says: scans, hand-overs, shelves, disinfection, the unresolved queue."""

from station.catalogue import Message

NOTHING_SCANNED = Message("gate.nothing_scanned", "nothing was scanned")
NO_SHELF = Message("gate.no_shelf", "there is no shelf {shelf} on this site")
SHELF_USED = Message("gate.shelf_used", "shelf {shelf}: {used} of {slots} slots used")
OTHER_CODE = Message("gate.other_code", "{text} is a run code; scan it on the runs page or at pickup")
DESTINATION = Message("gate.destination", "destination {text}")
NO_PARCEL_HAS = Message("gate.no_parcel_has", "no parcel has the code {text}")
NOT_A_PARCEL = Message("gate.not_a_parcel", "not a parcel")
NEW_ITEM = Message("gate.new_item", "new item: where does it go?")
NEW_PREREGISTERED = Message("gate.new_preregistered", "new item: pre-registered")
ONLY_THE_GATE = Message("gate.only_the_gate", "only the gate hands items over")
READY_OF = Message("gate.ready_of", "{room} {name}: {ready} of {total} ready to hand over")
NOT_A_SHELF_CODE = Message("gate.not_a_shelf_code", "'{text}' is not a shelf code such as SH-B10-01")
COURIER_NEEDED = Message("handover.courier_needed", "say who the courier is (name, or company and number)")
NO_HANDOVER = Message("handover.not_found", "there is no hand-over {number}")
HANDOVER_CLOSED = Message("handover.closed", "hand-over {number} was closed at {time}; open a new one")
TWICE_IN_HANDOVER = Message("handover.twice", "scanned twice in this hand-over: counted once")
COUNTED_ALREADY = Message("handover.counted_already",
                          "counted; but it was already recorded before this hand-over: {already}")
COUNTED = Message("handover.counted", "counted: {pickup_code}")
BATCH_TOO_BIG = Message("disinfection.batch_too_big", "a batch takes at most {limit} items; this one has {count}: split it")
NOT_A_TIME = Message("disinfection.not_a_time", "time '{text}' is not HH:MM such as 09:30")
SCAN_ONE_FIRST = Message("disinfection.scan_one_first", "scan at least one item first")
ALREADY_STATUS = Message("disinfection.already", "already {status}")
WAYBILL_OFF = Message("gate.waybill_off", "waybill reading is turned off at this station (STATION_WAYBILL_READING)")
NOT_AN_IMAGE = Message("gate.not_an_image", "{problem}; send a JPEG, PNG or WebP image")
HANDOVER_NOTE = Message("gate.handover_note", "courier hand-over {number}: {courier}")  # kept in the intake's custody event
