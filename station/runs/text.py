"""Words a person reads about runs: the pages' scopes, rounds, reasons and care marks in the reader's
language, and what the API says back after a claim, an outcome or a close."""

from __future__ import annotations

from dataclasses import dataclass

from station.catalogue import Said, Word
from station.catalogue import runs as text
from station.custody.states import CHECKED_METHODS, VerificationMethod
from station.custody.text import RETURN_REASONS
from station.gate.text import PageFormat
from station.runs.ordering import Round
from station.runs.outcomes import DELIVERED, CloseResult, OutcomeResult
from station.runs.scope import Scope
from station.runs.service import AlreadyClaimed, ClaimResult
from station.timefmt import hhmm
from station.web.i18n import gettext

REASONS = RETURN_REASONS
VERIFICATIONS = {
    VerificationMethod.collection_code: "collection code",
    VerificationMethod.pickup_code: "shelf position (before collection codes)",
    VerificationMethod.phone_tail: "phone's last four digits",
    VerificationMethod.household_code: "household code",
    VerificationMethod.name_check: "name check",
}


@dataclass(frozen=True)
class RunFormat(PageFormat):
    def scope(self, scope: Scope) -> str:
        """'10栋' / 'building 10', '网格 G3 的盒饭' / 'meals in grid G3', ..."""
        kinds = gettext(", ").join(self.category(c) for c in scope.categories)
        if scope.kind == "category":
            return gettext("all {categories}").format(categories=kinds)
        where = (gettext("building {code}") if scope.kind == "building" else gettext("grid {code}")).format(
            code=scope.value)
        return gettext("{categories} in {where}").format(categories=kinds, where=where) if kinds else where

    def building(self, code: str) -> str:
        return gettext("building {code}").format(code=code)

    def unit(self, unit: int | None) -> str:
        return gettext("unit {unit}").format(unit=unit if unit is not None else "?")

    def floor(self, floor: str) -> str:
        return gettext("floor {floor}").format(floor=floor) if floor else gettext("floor unknown")

    def round_title(self, number: int, round_: Round) -> str:
        names = gettext(", ").join(self.category(c) for c in round_.categories)
        if round_.window is None:
            return gettext("Round {number} · overdue: deliver first · {categories}").format(
                number=number, categories=names)
        return gettext("Round {number} · {window} · {categories}").format(
            number=number, window=str(round_.window), categories=names)

    def reason(self, code: str | None) -> str:
        return gettext(REASONS.get(code or "", code or ""))

    def verification(self, code: str | None) -> str:
        return gettext(VERIFICATIONS.get(code or "", code or ""))

    def checked_methods(self) -> tuple[VerificationMethod, ...]:
        """The checks a runner may choose on the run page."""
        return CHECKED_METHODS

    def page_names(self) -> dict[str, dict[str, str]]:
        """Every return reason and verification by name, for the run page's script."""
        return {"reasons": {code.value: self.reason(code) for code in REASONS},
                "verifications": {code.value: self.verification(code) for code in VERIFICATIONS}}

    def already_claimed(self, exc: AlreadyClaimed) -> str:
        """The refusal of a claim, in the reader's language, naming who has the items since when."""
        holders = gettext("; ").join(
            gettext("{runner} since {time} (run {run})").format(runner=h.runner, time=self.hhmm(h.since), run=h.run)
            for h in exc.holders)
        return gettext("{what} is already claimed by {holders}").format(what=self.scope(exc.scope), holders=holders)



def claim_message(result: ClaimResult, scope: Scope, timezone: str) -> Said:
    said = {"count": len(result.parcels), "scope": scope.said(), "run": result.run.code}
    if not result.in_dwell:
        return text.CLAIMED(**said)
    if result.ready_at:
        return text.CLAIMED_SOME_DWELL_UNTIL(**said, dwelling=len(result.in_dwell), time=hhmm(result.ready_at, timezone))
    return text.CLAIMED_SOME_DWELL(**said, dwelling=len(result.in_dwell))


def outcome_message(result: OutcomeResult) -> Said:
    parcel, item = result.parcel, result.item
    where = parcel.destination or parcel.code
    if item.outcome == DELIVERED and item.verified_by:
        said = text.DELIVERED_VERIFIED(where=where, parcel=parcel.code,
                                       method=Word(VERIFICATIONS.get(item.verified_by, item.verified_by)))
    elif item.outcome == DELIVERED:
        said = text.DELIVERED(where=where, parcel=parcel.code)
    else:
        said = text.RETURNED(reason=Word(REASONS.get(item.reason or "", item.reason or "")), where=where,
                             parcel=parcel.code)
    return text.ALREADY(message=said) if result.replayed else said


def undo_message(result: OutcomeResult) -> Said:
    parcel = result.parcel
    said = text.UNDONE(where=parcel.destination or parcel.code, parcel=parcel.code)
    return text.ALREADY(message=said) if result.replayed else said


def close_message(result: CloseResult) -> Said:
    if not result.shelved:
        return text.CLOSED_ALL_DELIVERED(run=result.run.code)
    codes = ", ".join(f"{p.code} -> {p.pickup_code}" for p in result.shelved)
    return text.CLOSED_RETURNS(run=result.run.code, items=codes)
