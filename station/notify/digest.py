"""Building digests for group chats (pure): counts, never people.

A digest says how many items of each kind wait for a building, which of them need a verified
hand-off, and what is to be collected at the gate. It takes counts and pickup codes only, so a
name, a phone number or a tracking number cannot reach a group: the inputs have none.
Pickup codes appear only when the site allows it (`show_pickup_codes`), because anyone in the
group reads them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from station.custody.states import VERIFIED_CATEGORIES
from station.notify.text import PHRASES, counts_text, joined, phrase
from station.site import Site

MAX_CODES = 20  # pickup codes listed per building; the rest are counted
MAX_BODY_BYTES = 3800  # WeCom takes 4096 bytes of markdown; DingTalk and Feishu more


@dataclass(frozen=True)
class BuildingFacts:
    """What the station holds for one building at one moment, by category."""

    building: str
    waiting: Mapping[str, int] = field(default_factory=dict)  # to be delivered to the door
    at_gate: Mapping[str, int] = field(default_factory=dict)  # to be collected at the gate
    out: Mapping[str, int] = field(default_factory=dict)  # with runners now
    gate_pickup_codes: tuple[str, ...] = ()  # of the at-gate items
    gate_dwelling: int = 0  # of the at-gate items, those still in their disinfection dwell
    gate_ready_by: str = ""  # HH:MM on the site's clock when the last of them is ready

    @property
    def empty(self) -> bool:
        return not any(self.waiting.values()) and not any(self.at_gate.values()) and not any(self.out.values())


@dataclass(frozen=True)
class Composed:
    subject: str
    body: str


def compose_digest(site: Site, facts: Sequence[BuildingFacts], *, scope: str, at: str, lang: str,
                   show_pickup_codes: bool) -> Composed | None:
    """The digest of a building (or a grid's buildings) at `at` ('10:00'); None when all is quiet."""
    shown = [f for f in facts if not f.empty]
    if not shown:
        return None
    blocks = []
    for one in shown:
        lines = _counts_lines(site, one, lang, waiting_key="waiting", with_out=True)
        lines += _gate_lines(site, one, lang, show_pickup_codes)
        blocks.append(_section(one.building, lines, lang, titled=len(facts) > 1))
    return Composed(phrase(lang, "digest_subject", scope=scope, time=at), _body(blocks))


def compose_run_digest(site: Site, run_items: Sequence[tuple[str, Mapping[str, int]]],
                       facts: Sequence[BuildingFacts], *, scope: str, at: str, lang: str,
                       show_pickup_codes: bool) -> Composed | None:
    """Told when a runner sets out: what is on the way per building, and what still waits."""
    taken = [(building, counts) for building, counts in run_items if any(counts.values())]
    if not taken:
        return None
    by_building = {f.building: f for f in facts}
    blocks = []
    for building, counts in taken:
        lines = [phrase(lang, "on_run", counts=counts_text(site, lang, counts), total=sum(counts.values()))]
        lines += _verify_lines(site, counts, lang)
        lines.append(phrase(lang, "listen"))
        rest = by_building.get(building)
        if rest is not None:
            lines += _counts_lines(site, rest, lang, waiting_key="still_waiting", with_out=False,
                                   verify=False)
            lines += _gate_lines(site, rest, lang, show_pickup_codes)
        blocks.append(_section(building, lines, lang, titled=len(taken) > 1))
    return Composed(phrase(lang, "run_subject", scope=scope, time=at), _body(blocks))


def _counts_lines(site: Site, facts: BuildingFacts, lang: str, *, waiting_key: str, with_out: bool,
                  verify: bool = True) -> list[str]:
    lines = []
    if any(facts.waiting.values()):
        lines.append(phrase(lang, waiting_key, counts=counts_text(site, lang, facts.waiting)))
    if with_out and any(facts.out.values()):
        lines.append(phrase(lang, "out", counts=counts_text(site, lang, facts.out)))
    if verify:
        door = {code: facts.waiting.get(code, 0) + (facts.out.get(code, 0) if with_out else 0)
                for code in VERIFIED_CATEGORIES}
        lines += _verify_lines(site, door, lang)
    return lines


def _verify_lines(site: Site, counts: Mapping[str, int], lang: str) -> list[str]:
    verified = {code: counts.get(code, 0) for code in VERIFIED_CATEGORIES if counts.get(code)}
    return [phrase(lang, "verify", counts=counts_text(site, lang, verified))] if verified else []


def _gate_lines(site: Site, facts: BuildingFacts, lang: str, show_pickup_codes: bool) -> list[str]:
    if not any(facts.at_gate.values()):
        return []
    lines = [phrase(lang, "at_gate", counts=counts_text(site, lang, facts.at_gate))]
    if facts.gate_dwelling:
        lines.append(phrase(lang, "gate_dwelling", count=facts.gate_dwelling, time=facts.gate_ready_by))
    if show_pickup_codes and facts.gate_pickup_codes:
        codes = sorted(facts.gate_pickup_codes)
        text = joined(lang, codes[:MAX_CODES])
        if len(codes) > MAX_CODES:
            text += PHRASES[lang]["list_sep"] + phrase(lang, "more", total=len(codes))
        lines.append(phrase(lang, "pickup_codes", codes=text))
    return lines


def _section(building: str, lines: list[str], lang: str, *, titled: bool) -> list[str]:
    if not titled:
        return lines
    return [phrase(lang, "section", scope=phrase(lang, "building", building=building)), *lines]


def _body(blocks: list[list[str]]) -> str:
    return truncate("\n\n".join("\n".join(block) for block in blocks), MAX_BODY_BYTES)


def truncate(text: str, limit: int) -> str:
    """At most `limit` UTF-8 bytes, cut at a line end where possible, marked with '…'."""
    if len(text.encode()) <= limit:
        return text
    cut = text.encode()[: limit - 4].decode(errors="ignore")
    cut = cut[: cut.rfind("\n")] if "\n" in cut else cut
    return cut + "\n…"
