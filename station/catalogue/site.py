"""What the station says about the compound's places: buildings, units, floors, rooms, gates."""

from station.catalogue import Message

NO_BUILDING = Message("site.no_building", "there is no building {building} on this site")
NO_UNIT = Message("site.no_unit", "building {building} has no unit {unit} (units 1-{units})")
NOT_A_ROOM = Message("site.room_not_a_number", "room '{room}' is not a floor-and-door number such as 301")
NO_FLOOR = Message("site.no_floor", "building {building} has no floor {floor} (floors 1-{floors})")
NO_ROOM = Message("site.no_room", "building {building} has no room {room}: {doors} doors per floor")
NO_UNIT_ROOM = Message("site.no_unit_room", "no building has unit {unit} room {room}")
NO_GATE = Message("site.no_gate", "there is no gate '{gate}'; gates: {gates}")
NOT_FAST_FORM = Message("gate.destination_form", "destination '{text}' is not building-unit-room such as 10-2-301")
DESTINATION_PROBLEM = Message("gate.destination_problem", "destination {destination}: {problem}")
SEVERAL_ROOMS = Message("gate.destination_several", "destination '{text}' fits several rooms: {rooms}")
UNREADABLE = Message("gate.destination_unreadable", "destination '{text}': not an address we can read")
