"""How the runs pages write scopes, rounds, reasons and care marks in the reader's language."""

from __future__ import annotations

from dataclasses import dataclass

from station.gate.page_format import PageFormat
from station.runs.ordering import Round
from station.runs.scope import Scope
from station.runs.service import AlreadyClaimed
from station.web.i18n import gettext

REASONS = {"nobody_home": "nobody home", "refused": "refused", "wrong_address": "wrong address",
           "other": "other reason"}
VERIFICATIONS = {"pickup_code": "pickup code", "phone_tail": "phone's last four digits",
                 "household_code": "household code", "name_check": "name check"}


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

    def already_claimed(self, exc: AlreadyClaimed) -> str:
        """The refusal of a claim, in the reader's language, naming who has the items since when."""
        holders = gettext("; ").join(
            gettext("{runner} since {time} (run {run})").format(runner=h.runner, time=self.hhmm(h.since), run=h.run)
            for h in exc.holders)
        return gettext("{what} is already claimed by {holders}").format(what=self.scope(exc.scope), holders=holders)
