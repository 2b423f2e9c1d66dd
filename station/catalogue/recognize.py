"""What the recogniser says about a scanned or typed string: why a number, a code or an address
cannot be read, or which rooms it may name."""

from __future__ import annotations

from collections.abc import Iterable

from station.catalogue import Joined, Message, Said

# -- addresses as written -------------------------------------------------------------------------
UNPLACED = Message("recognize.unplaced", "cannot tell which of {numbers} is the building, unit and room")
TWO_GIVEN = {
    "building": Message("recognize.two_buildings", "two buildings given: {first} and {second}"),
    "unit": Message("recognize.two_units", "two units given: {first} and {second}"),
    "floor": Message("recognize.two_floors", "two floors given: {first} and {second}"),
    "room": Message("recognize.two_rooms", "two rooms given: {first} and {second}"),
}
TOO_MANY_NUMBERS = Message("recognize.too_many_numbers", "{count} numbers are too many for one address")

# -- addresses against the site and the roster ----------------------------------------------------
NO_PHONE = Message("recognize.no_phone", "no household on the roster has the phone {phone}")
NO_TAIL = Message("recognize.no_tail", "no household on the roster has a phone ending {tail}")
PEOPLE_DISAGREE = Message("recognize.people_disagree", "the name and phone point at different households")
PERSON_FITS = Message("recognize.person_fits", "{problem}; the name or phone fits {rooms}")
FIT_THERE = Message("recognize.fit_there", "{missing}; {count} household(s) there fit the name or phone: confirm")
FIT_NO_ONE_THERE = Message("recognize.fit_no_one_there", "{missing}, and the name or phone fits no one there")
ONE_FITS = Message("recognize.one_fits", "only a name or a phone tail fits: confirm with the resident")
SEVERAL_FIT = Message("recognize.several_fit", "several households fit: confirm with the resident")
NO_ROSTER = Message("recognize.no_roster", "a name or phone, but no roster was given to look it up")
PHONE_ELSEWHERE = Message("recognize.phone_elsewhere", "the phone {phone} belongs to {rooms}")
NOT_ON_ROSTER = Message("recognize.not_on_roster", "the room exists but no household there is on the roster")
NOT_THIS_ROOM = Message("recognize.not_this_room", "the name or phone tail is not on the roster for this room")
NO_UNIT_GIVEN = Message("recognize.no_unit_given",
                        "no unit given: room {room} exists in {count} units of building {building}")
NO_BUILDING_GIVEN = Message("recognize.no_building_given", "no building given: {count} rooms fit")
ROOMS_FIT = Message("recognize.rooms_fit", "{count} rooms fit")
NO_ROOM_GIVEN = Message("recognize.no_room_given", "no room number given")
NOTHING_FITS = Message("recognize.nothing_fits",
                       "no building, unit or room given, and no name or phone on the roster fits")
NO_SITE = Message("recognize.no_site", "no site was given to check it against")

# -- what a string is ------------------------------------------------------------------------------
NOT_TEXT = Message("recognize.not_text", "not text")
TOO_LONG = Message("recognize.too_long", "{length} characters is too long: at most {limit} are read")
TOO_LONG_NORMALISED = Message("recognize.too_long_normalised",
                              "too long once normalised: at most {limit} characters are read")
NOTHING = Message("recognize.nothing", "nothing was scanned or typed")
UNREADABLE = Message("recognize.unreadable", "not a code, tracking number or address we can read")
NO_NUMBER_IN = {
    "url": Message("recognize.url_without_number", "a web address with no waybill number in it"),
    "json": Message("recognize.json_without_number", "a JSON payload with no waybill number in it"),
    "text": Message("recognize.text_without_number", "text with no waybill number in it"),
}

# -- tracking numbers ------------------------------------------------------------------------------
UNKNOWN_CARRIER = Message("recognize.unknown_carrier", "expected carrier '{carrier}' is not one we know")
NOT_THAT_CARRIER = Message("recognize.not_that_carrier",
                           "expected {carrier}, but the number does not fit {carrier}'s formats")
SEVERAL_CARRIERS = Message("recognize.several_carriers",
                           "{count} carriers issue numbers of this form: {carriers}; pick the carrier to be sure")
NOT_A_POSTAL_OPERATOR = Message("recognize.not_a_postal_operator",
                                "{format}: {country} is not the code of a postal operator")
CHECK_DIGIT = Message("recognize.check_digit", "{format}: the check digit {check} does not fit the number")
ONE_CHARACTER = Message("recognize.one_character", "a run of one character is not a tracking number")
MOBILE = Message("recognize.mobile", "this is a mobile phone number, not a tracking number")
STARTS_LIKE = Message("recognize.starts_like", "starts like {format} but those numbers are {shape}")

# -- our own codes ---------------------------------------------------------------------------------
NO_ZONE = Message("recognize.no_zone", "there is no zone {zone} on this site")
NO_SHELF = Message("recognize.no_shelf", "zone {zone} has no shelf {shelf} (shelves 01-{shelves})")
NO_SLOT = Message("recognize.no_slot", "shelf {shelf} has no slot {slot} (slots 001-{slots})")

# -- waybills --------------------------------------------------------------------------------------
NO_RECIPIENT = Message("waybill.no_recipient", "no recipient block (收件人 / 收) found on the waybill")
EMPTY_RECIPIENT = Message("waybill.empty_recipient", "the recipient block is empty")
NO_ROOM_OR_PHONE = Message("waybill.no_room_or_phone", "the recipient block names no room or phone")
TAIL_ELSEWHERE = Message("waybill.tail_elsewhere",
                         "the phone tail {tail} is not that of a household at {destination}")
UNCONFIRMED = Message("waybill.unconfirmed", "neither the phone tail nor the name confirms the room")
READ_UNSURELY = Message("waybill.read_unsurely", "the text was read unsurely ({score})")
COMPOUND_UNNAMED = Message("waybill.compound_unnamed", "the compound {compound} is not named")
NOT_SURE = Message("waybill.not_sure", "not sure enough")

REASONS = Message("recognize.reasons", "{reasons}")


def joined(reasons: Iterable[Said]) -> Said | None:
    """Several reasons said as one, in the order given; None when there are none."""
    said = tuple(reasons)
    if len(said) <= 1:
        return said[0] if said else None
    return REASONS(reasons=Joined(said, "; "))
