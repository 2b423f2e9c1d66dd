"""What the station says about residents' items: self pickup, pre-registration, the roster, /track."""

from station.catalogue import Message

NOTHING_WAITS = Message("pickup.nothing_waits",
                        "no item waits for this code: check it with the resident, or look it up by room and phone")
NAME_THE_ITEM = Message("pickup.name_the_item", "with the household card, scan or type the item too")
IN_DWELL_UNTIL = Message("pickup.in_dwell_until", "in disinfection dwell time until {time}")
WHO_COLLECTS = Message("pickup.who_collects", "say who is collecting: the resident, or a neighbour's name or relation")
NOT_ACCEPTED = Message("prereg.not_accepted", "We could not take this. Check the room (building-unit-room) and the "
                       "last four digits of the phone registered for it, or ask your building volunteer.")
ALREADY_HERE = Message("prereg.already_here", "This parcel is already at the station: look it up by its number.")
TAKEN = Message("prereg.taken",
                "This number was already told to the station for another room. If that is wrong, call the gate.")
CHOOSE_CATEGORY = Message("prereg.choose_category", "Choose what kind of item it is from the list.")
NOT_A_PARCEL = Message("prereg.not_a_parcel", "That is one of the station's own codes, not a parcel's tracking number.")
CATEGORY_ONE_OF = Message("prereg.category_one_of", "category must be one of {categories}")

# -- a group leader's list ------------------------------------------------------------------------
GROUP_CODE_FORM = Message("groupbuy.code_form", "the group code must be 2 to 16 letters and digits")
GROUP_NEEDS_CODE = Message("groupbuy.needs_code", "give the group's code, or its name and a code is made for it")
GROUP_CHOOSE_KIND = Message("groupbuy.choose_kind", "choose the kind of goods from the list")
LIST_EMPTY = Message("groupbuy.list_empty", "the list is empty")
LIST_NEEDS_ROOM = Message("groupbuy.needs_room_column", "the header row needs a room column (room or 房号)")
LIST_TOO_LONG = Message("groupbuy.list_too_long", "the list has more than {limit} rows; split it")
ROW_NO_ROOM = Message("groupbuy.row_no_room", "the room is missing")
ROW_NOT_A_ROOM = Message("groupbuy.row_not_a_room", "{text} is not building-unit-room such as 10-2-301")
ROW_NOT_ON_SITE = Message("groupbuy.row_not_on_site", "room {room} is not on this site: {problem}")
ROW_ITEMS_TOO_LONG = Message("groupbuy.row_items_too_long", "the items are longer than {limit} characters")
ROW_CODE_FORM = Message("groupbuy.row_code_form", "code {code} is not letters and digits (6 to 40)")
ROW_CODE_TWICE = Message("groupbuy.row_code_twice", "code {code} is already on row {other}")
ROW_OWN_CODE = Message("groupbuy.row_own_code", "{code} is one of the station's own codes")
ROW_ARRIVED = Message("groupbuy.row_arrived", "{code} has already been received at the gate")
ROW_TAKEN = Message("groupbuy.row_taken", "{code} is already pre-registered for another room")

# -- a roster file ---------------------------------------------------------------------------------
ROSTER_NO_HEADER = Message("roster.no_header", "the file is empty")
ROSTER_NEEDS_COLUMNS = Message("roster.needs_columns", "the header row needs columns {columns} (or 楼栋, 单元, 房号)")
ROSTER_PHONE_FORM = Message("roster.phone_form", "phone '{phone}' is not a mobile number (11 digits) or a landline")
ROSTER_PLACE_NEEDED = Message("roster.place_needed", "building, unit and room are all needed")
ROSTER_UNIT_FORM = Message("roster.unit_form", "unit '{unit}' is not a number")
ROSTER_NAME_TOO_LONG = Message("roster.name_too_long", "name is longer than {limit} characters")
ROSTER_ROOM_TWICE = Message("roster.room_twice", "room {room} is already on row {other}")

# -- any uploaded table ----------------------------------------------------------------------------
FILE_TOO_MANY_ROWS = Message("files.too_many_rows", "the file has more than {limit} rows; split it")
FILE_TOO_MANY_COLUMNS = Message("files.too_many_columns", "row {row} has more than {limit} columns")
FILE_LONG_CELL = Message("files.long_cell", "row {row} has a cell longer than {limit} characters")
FILE_NOT_CSV = Message("files.not_csv", "the file is not a readable CSV ({error})")
FILE_NOT_TEXT = Message("files.not_text", "the file is not UTF-8 or GB18030 text; save it as CSV (UTF-8)")

# A pre-registration's note (kept with it): a group list's row, and the rooms that also told its number.
GROUP_NOTE = Message("prereg.group_note", "{group}: {items}")
ALSO_TOLD_FOR = Message("prereg.also_told_for", "also told for {destination}")
NOTE_ALSO_TOLD_FOR = Message("prereg.note_also_told_for", "{note}; also told for {destination}")

# -- a roster import's outcome ---------------------------------------------------------------------
ROSTER_IMPORTED = Message("roster.imported", "{added} added, {updated} updated, {unchanged} unchanged, {rejected} rejected")
NO_HOUSEHOLD = Message("roster.no_household", "there is no household number {number}")
