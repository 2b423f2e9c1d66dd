"""Carrier tracking numbers: which formats a number fits, by the rules in data/carriers.json."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

from station.catalogue import Said
from station.catalogue import recognize as msg
from station.recognize.checksums import passes

# Numbers as printed are grouped by spaces; hyphens are kept because they separate an address
# (10-2-301) and a piece suffix, never digits of a number.
_WHITESPACE = re.compile(r"\s+")
_SHAPE = re.compile(r"[0-9A-Z-]{5,60}")
# An 11-digit Chinese mobile number (optionally +86) fits the shape of DHL Express numbers by
# chance 1 time in 7; at a compound gate it is a phone number, so it is never taken as tracking.
_MOBILE = re.compile(r"(?:\+?86)?1[3-9]\d{9}")


@dataclass(frozen=True)
class Carrier:
    code: str
    name_en: str
    name_zh: str
    aliases: tuple[str, ...]
    domains: tuple[str, ...]
    same_as: str | None = None


@dataclass(frozen=True)
class Format:
    id: str
    carrier: str
    name: str
    shape: str
    pattern: re.Pattern[str]
    weight: int
    region: str
    prefix: str | None = None
    checksum: Mapping[str, Any] | None = None
    serial_prepend: Mapping[str, str] | None = None
    routing_prefix: Mapping[str, Any] | None = None
    countries: frozenset[str] | None = None
    carrier_by_country: Mapping[str, str] = field(default_factory=dict)
    valid: tuple[str, ...] = ()
    invalid: tuple[str, ...] = ()


@dataclass(frozen=True)
class Match:
    """One format a number fits; `number` is the number as the carrier knows it."""

    carrier: str
    format_id: str
    number: str
    weight: int
    checked: bool  # a check digit was verified


@dataclass(frozen=True)
class Verdict:
    """All formats a number fits, best first, and why the near ones did not fit."""

    text: str
    matches: tuple[Match, ...] = ()
    misses: tuple[Said, ...] = ()
    # A miss is telling when the number starts like one carrier's (SF..., 1Z..., an S10 shape):
    # then the reason is worth more than trying to read the text as an address.
    telling_miss: bool = False

    def carriers(self) -> list[str]:
        seen: list[str] = []
        for match in self.matches:
            if match.carrier not in seen:
                seen.append(match.carrier)
        return seen


@dataclass(frozen=True)
class Catalogue:
    carriers: Mapping[str, Carrier]
    formats: tuple[Format, ...]

    def carrier_code(self, name: str | None) -> str | None:
        """A carrier code from a code, an alias or a Chinese name ('中通' -> 'ZTO'), or None."""
        if not name:
            return None
        wanted = _WHITESPACE.sub(" ", name).strip().upper()
        for carrier in self.carriers.values():
            if wanted == carrier.code or wanted in (a.upper() for a in carrier.aliases):
                return carrier.same_as or carrier.code
            if wanted in (carrier.name_en.upper(), carrier.name_zh):
                return carrier.same_as or carrier.code
        return None

    def carrier_for_host(self, host: str) -> str | None:
        host = host.lower().rstrip(".")
        for carrier in self.carriers.values():
            if any(host == d or host.endswith("." + d) for d in carrier.domains):
                return carrier.same_as or carrier.code
        return None


def _format(entry: Mapping[str, Any], countries: Mapping[str, list[str]]) -> Format:
    country_list = entry.get("country_from")
    return Format(
        id=entry["id"], carrier=entry["carrier"], name=entry["name"], shape=entry["shape"],
        pattern=re.compile(entry["pattern"]), weight=int(entry["weight"]), region=entry["region"],
        prefix=entry.get("prefix"), checksum=entry.get("checksum"),
        serial_prepend=entry.get("serial_prepend"), routing_prefix=entry.get("routing_prefix"),
        countries=frozenset(countries[country_list]) if country_list else None,
        carrier_by_country=entry.get("carrier_by_country", {}),
        valid=tuple(entry.get("valid", ())), invalid=tuple(entry.get("invalid", ())),
    )


def parse_catalogue(document: Mapping[str, Any]) -> Catalogue:
    carriers = {
        code: Carrier(code, c["name_en"], c["name_zh"], tuple(c.get("aliases", ())),
                      tuple(c.get("domains", ())), c.get("same_as"))
        for code, c in document["carriers"].items()
    }
    lists = {"upu_issuers": document.get("upu_issuers", [])}
    formats = tuple(_format(entry, lists) for entry in document["formats"])
    unknown = {f.carrier for f in formats} - set(carriers)
    if unknown:
        raise ValueError(f"formats name carriers not listed: {sorted(unknown)}")
    return Catalogue(carriers, formats)


@cache
def catalogue() -> Catalogue:
    """The packaged carriers.json, read once."""
    source = resources.files("station.recognize") / "data" / "carriers.json"
    return parse_catalogue(json.loads(source.read_text(encoding="utf-8")))


def _bodies(fmt: Format, number: str) -> list[str]:
    """The number itself, and what is left after each routing prefix it may carry (USPS 420+ZIP)."""
    bodies = [number]
    routing = fmt.routing_prefix
    if routing and number.startswith(routing["digits"]):
        start = len(routing["digits"])
        bodies += [number[start + n:] for n in routing["zip_lengths"]
                   if number[start:start + n].isdigit()]
    return bodies


def _fit(fmt: Format, number: str) -> tuple[Match | None, Said | None]:
    """A match, or the reason the closest reading failed (None when the shape does not fit)."""
    reason = None
    for body in _bodies(fmt, number):
        found = fmt.pattern.fullmatch(body)
        if not found:
            continue
        groups = found.groupdict()
        carrier = fmt.carrier
        if fmt.countries is not None:
            country = groups.get("country") or ""
            if country not in fmt.countries:
                reason = msg.NOT_A_POSTAL_OPERATOR(format=fmt.name, country=country)
                continue
            carrier = fmt.carrier_by_country.get(country, carrier)
        if fmt.checksum:
            serial, check = groups["serial"], groups.get("check") or ""
            prepend = fmt.serial_prepend
            if prepend and not serial.startswith(prepend["unless_prefix"]):
                serial = prepend["prepend"] + serial
            if not passes(fmt.checksum, serial, check):
                reason = msg.CHECK_DIGIT(format=fmt.name, check=check)
                continue
        suffix = groups.get("suffix")
        kept = body[: found.start("suffix")] if suffix else body
        return Match(carrier, fmt.id, kept, fmt.weight, bool(fmt.checksum)), None
    return None, reason


def identify(text: str, formats: tuple[Format, ...] | None = None) -> Verdict:
    """Every format `text` fits, ranked by weight; misses explain near forms. Never raises."""
    number = _WHITESPACE.sub("", text).upper()
    if not _SHAPE.fullmatch(number) or not any(c.isdigit() for c in number):
        return Verdict(number)
    if len(set(number)) == 1:
        return Verdict(number, misses=(msg.ONE_CHARACTER(),))
    if _MOBILE.fullmatch(number):
        return Verdict(number, misses=(msg.MOBILE(),))
    matches: list[Match] = []
    misses: list[Said] = []
    telling = False
    for fmt in formats if formats is not None else catalogue().formats:
        match, reason = _fit(fmt, number)
        if match:
            matches.append(match)
            continue
        if reason:
            misses.append(reason)
            telling = telling or bool(fmt.prefix or fmt.countries)
        elif fmt.prefix and number.startswith(fmt.prefix) and number[len(fmt.prefix):].isalnum():
            misses.append(msg.STARTS_LIKE(format=fmt.name, shape=fmt.shape))
            telling = True
    matches.sort(key=lambda m: -m.weight)  # stable: data order breaks ties
    return Verdict(number, tuple(matches), tuple(misses) if not matches else (), telling and not matches)
