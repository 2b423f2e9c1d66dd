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
# A pre-registration's note (kept with it): a group list's row, and the rooms that also told its number.
GROUP_NOTE = Message("prereg.group_note", "{group}: {items}")
ALSO_TOLD_FOR = Message("prereg.also_told_for", "also told for {destination}")
NOTE_ALSO_TOLD_FOR = Message("prereg.note_also_told_for", "{note}; also told for {destination}")
