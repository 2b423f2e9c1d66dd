"""How the gate pages write times, ages and names in the reader's language."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from station.gate.shelves.rules import age_parts
from station.site import Site
from station.timefmt import local
from station.catalogue.locale import current_locale, gettext, say

STATUS_WORDS = {
    "received": "awaiting disinfection", "disinfected": "disinfected", "shelved": "on shelf",
    "out_for_delivery": "out with a runner", "delivered": "delivered", "returned": "returned",
    "picked_up": "picked up", "problem": "problem", "voided": "undone",
}

CARE_WORDS = {"elderly_alone": "elderly living alone", "pregnant": "pregnant",
              "chronic_medicine": "chronic medicine"}


def age_text(minutes: int) -> str:
    days, hours, mins = age_parts(minutes)
    if days:
        return gettext("{days} d {hours} h").format(days=days, hours=hours)
    if hours:
        return gettext("{hours} h {minutes} min").format(hours=hours, minutes=f"{mins:02d}")
    return gettext("{minutes} min").format(minutes=mins)


@dataclass(frozen=True)
class PageFormat:
    """Handed to templates as `fmt`: the site's clock and names in the current locale."""

    site: Site
    now: datetime

    @property
    def chinese(self) -> bool:
        return current_locale.get() == "zh_CN"

    def when(self, at: datetime | None) -> str:
        """09:12 today, 11-26 21:40 on another day (site time)."""
        if at is None:
            return ""
        there = local(at, self.site.timezone)
        if there.date() == local(self.now, self.site.timezone).date():
            return there.strftime("%H:%M")
        return there.strftime("%m-%d %H:%M")

    def tr(self, message) -> str:
        """A message made at run time (an error, a catalogued message), in the reader's language.

        Not Jinja's _(): that marks its result safe, and these messages may quote what was typed.
        """
        return say(message)

    def hhmm(self, at: datetime) -> str:
        return local(at, self.site.timezone).strftime("%H:%M")

    def age(self, minutes: int) -> str:
        return age_text(minutes)

    def category(self, code: str | None) -> str:
        category = self.site.categories.get(code or "")
        if category is None:
            return code or ""
        return category.name_zh if self.chinese else category.name_en

    def zone(self, code: str) -> str:
        zone = self.site.zones.get(code)
        if zone is None:
            return code
        return zone.name_zh if self.chinese else zone.name_en

    def method(self, code: str) -> str:
        method = self.site.disinfection.get(code)
        if method is None:
            return code
        return method.name_zh if self.chinese else method.name_en

    def status(self, code: str | None) -> str:
        return gettext(STATUS_WORDS.get(code or "", code or ""))

    def care(self, flag: str) -> str:
        return gettext(CARE_WORDS.get(flag, flag))

    def gate(self, code: str | None) -> str:
        return next((gate.name for gate in self.site.gates if gate.code == code), code or "")

    def text_names(self) -> dict[str, dict[str, str]]:
        """The names page scripts need, for a JSON data block."""
        return {"categories": {code: self.category(code) for code in self.site.categories},
                "statuses": {code: self.status(code) for code in STATUS_WORDS}}
