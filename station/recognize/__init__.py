"""What a scanned or typed string is: tracking numbers and carriers, our own codes, QR payloads,
addresses. Pure: no database, web or clock; the carrier data file is read once."""

from station.recognize.address import AddressParts, parse_address
from station.recognize.carriers import catalogue, identify
from station.recognize.core import KINDS, Recogniser, Recognition, recognize, recognize_lines
from station.recognize.match import RosterEntry

__all__ = [
    "KINDS",
    "AddressParts",
    "Recogniser",
    "Recognition",
    "RosterEntry",
    "catalogue",
    "identify",
    "parse_address",
    "recognize",
    "recognize_lines",
]
