"""The one entry point: what a scanned or typed string is.

Order of precedence, when a string could be read several ways:
1. our own codes (parcel, run and household labels, shelf and pickup codes): exact shapes we
   print, so a match is certain;
2. a QR payload (web address, JSON, key=value or labelled text): the waybill number is taken
   out of it and read as in 3;
3. a carrier tracking number: every format it fits, ranked; a bare number that several carriers
   could have issued stays ambiguous unless the caller's `expected_carrier` settles it;
4. an address (with names and phones), matched against the site and the roster.
A Chinese mobile number is the one exception to 3 before 4: it is read as a phone (step 4).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from station.catalogue import Joined, Named, Said
from station.catalogue import recognize as msg
from station.recognize.address import AddressParts, parse_address
from station.recognize.carriers import Verdict, catalogue, identify
from station.recognize.match import Directory, RosterEntry
from station.recognize.own_codes import read_own_code
from station.recognize.payload import Payload, extract_payload
from station.recognize.text import MAX_INPUT, clean

if TYPE_CHECKING:
    from station.site.model import Site

KINDS = ("tracking", "parcel", "shelf", "pickup", "run", "household", "address", "unknown")
_ECHO = 200  # how much of an over-long input is echoed back


@dataclass(frozen=True)
class Recognition:
    """What a string is. `as_json()` is the stable public shape; the rest is for callers in code."""

    input: str
    kind: str
    valid: bool
    carrier: str | None = None
    number: str | None = None
    reason: Said | None = None
    candidates: tuple[str, ...] = ()
    destination: str | None = None
    household_id: int | str | None = None
    formats: tuple[str, ...] = ()  # tracking formats the number fits, best first
    address: AddressParts | None = field(default=None, compare=False)

    def as_json(self) -> dict[str, Any]:
        return {
            "input": self.input, "kind": self.kind, "carrier": self.carrier, "number": self.number,
            "valid": self.valid, "reason": None if self.reason is None else str(self.reason),
            "candidates": list(self.candidates),
            "destination": self.destination,
        }


class Recogniser:
    """Reads strings against one site and roster (indexed once: use it for many strings)."""

    def __init__(self, site: Site | None = None, roster: Iterable[RosterEntry] = ()) -> None:
        self.site = site
        self.directory = Directory(site, roster)
        self.catalogue = catalogue()

    def __call__(self, text: str, *, expected_carrier: str | None = None) -> Recognition:
        if not isinstance(text, str):
            return Recognition(repr(text)[:_ECHO], "unknown", False, reason=msg.NOT_TEXT())
        if len(text) > MAX_INPUT:
            return Recognition(text[:_ECHO] + "…", "unknown", False,
                               reason=msg.TOO_LONG(length=len(text), limit=MAX_INPUT))
        cleaned = clean(text)
        if len(cleaned) > MAX_INPUT:  # NFKC can lengthen a string many times over
            return Recognition(text[:_ECHO] + "…", "unknown", False,
                               reason=msg.TOO_LONG_NORMALISED(limit=MAX_INPUT))
        if not cleaned:
            return Recognition(text, "unknown", False, reason=msg.NOTHING())
        hint = self.catalogue.carrier_code(expected_carrier)
        hint_note = (msg.UNKNOWN_CARRIER(carrier=expected_carrier)
                     if expected_carrier and hint is None else None)
        return (self._own(text, cleaned)
                or self._payload(text, cleaned, hint, hint_note)
                or self._tracking(text, cleaned, hint, hint_note)
                or self._address(text, cleaned))

    # -- 1. our codes ----------------------------------------------------------------------------

    def _own(self, text: str, cleaned: str) -> Recognition | None:
        code = read_own_code(cleaned, self.site)
        if code is None:
            return None
        return Recognition(text, code.kind, code.problem is None, number=code.code, reason=code.problem)

    # -- 2. QR payloads --------------------------------------------------------------------------

    def _payload(self, text: str, cleaned: str, hint: str | None,
                 hint_note: Said | None) -> Recognition | None:
        payload = extract_payload(cleaned)
        if payload is None:
            return None
        hint = hint or (self.catalogue.carrier_for_host(payload.host) if payload.host else None)
        for value in payload.values:
            for piece in _pieces(value, payload):
                if own := self._own(text, piece):
                    return own
                verdict = identify(piece)
                if verdict.matches:
                    return self._from_verdict(text, verdict, hint, hint_note)
        return Recognition(text, "unknown", False, reason=msg.NO_NUMBER_IN[payload.form]())

    # -- 3. tracking numbers ---------------------------------------------------------------------

    def _tracking(self, text: str, cleaned: str, hint: str | None,
                  hint_note: Said | None) -> Recognition | None:
        verdict = identify(cleaned)
        if verdict.matches:
            return self._from_verdict(text, verdict, hint, hint_note)
        if verdict.telling_miss:
            return Recognition(text, "tracking", False, number=verdict.text,
                               reason=msg.joined(verdict.misses))
        return None

    def _from_verdict(self, text: str, verdict: Verdict, hint: str | None,
                      hint_note: Said | None) -> Recognition:
        carriers = verdict.carriers()
        formats = tuple(m.format_id for m in verdict.matches)
        best = verdict.matches[0]
        if hint and hint in carriers:
            chosen = next(m for m in verdict.matches if m.carrier == hint)
            ranked = (hint, *[c for c in carriers if c != hint])
            return Recognition(text, "tracking", True, hint, chosen.number, hint_note, ranked,
                               formats=formats)
        notes = [hint_note] if hint_note else []
        if hint:
            notes.append(msg.NOT_THAT_CARRIER(carrier=self._named(hint)))
        if len(carriers) == 1:
            return Recognition(text, "tracking", True, best.carrier, best.number,
                               msg.joined(notes), tuple(carriers), formats=formats)
        several = msg.SEVERAL_CARRIERS(count=len(carriers), carriers=Joined.of(map(self._named, carriers)))
        notes.insert(0, several)
        return Recognition(text, "tracking", True, None, best.number, msg.joined(notes),
                           tuple(carriers), formats=formats)

    def _named(self, carrier: str) -> Named:
        """A carrier as a reason names it: its code in English, its Chinese name in Chinese."""
        known = self.catalogue.carriers.get(carrier)
        return Named(carrier, known.name_zh if known else carrier)

    # -- 4. addresses ----------------------------------------------------------------------------

    def _address(self, text: str, cleaned: str) -> Recognition:
        parts = parse_address(cleaned)
        if parts is None:
            miss = identify(cleaned).misses
            return Recognition(text, "unknown", False, reason=msg.joined(miss) or msg.UNREADABLE())
        found = self.directory.resolve(parts)
        if not (parts.has_location or parts.phone or parts.phone_tail or found.candidates
                or found.destination):
            # Words alone are an address only when they name someone on the roster.
            return Recognition(text, "unknown", False, reason=parts.problem or msg.UNREADABLE())
        valid = found.destination is not None and self.site is not None
        return Recognition(text, "address", valid, reason=found.reason,
                           candidates=found.candidates, destination=found.destination,
                           household_id=found.household_id, address=parts)


def _pieces(value: str, payload: Payload) -> list[str]:
    """A payload value as given, then its leading words (text after a label runs on)."""
    cleaned = clean(value)
    if payload.form != "text":
        return [cleaned]
    words = cleaned.split(" ")
    return [" ".join(words[:n]) for n in range(min(len(words), 8), 0, -1)]


def recognize(text: str, *, site: Site | None = None, roster: Sequence[RosterEntry] = (),
              expected_carrier: str | None = None) -> Recognition:
    """What `text` is: see the module docstring for the order things are tried in."""
    return Recogniser(site, roster)(text, expected_carrier=expected_carrier)


def recognize_lines(lines: Iterable[str], site: Site | None = None,
                    roster: Iterable[RosterEntry] = (), *,
                    expected_carrier: str | None = None) -> Iterator[dict[str, Any]]:
    """One JSON-ready dict per line, for `station recognize` (site and roster indexed once)."""
    recogniser = Recogniser(site, roster)
    for line in lines:
        yield recogniser(line, expected_carrier=expected_carrier).as_json()
