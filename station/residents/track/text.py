"""The words of a parcel card on /track, in the reader's language: its category, its status and
each step of its timeline. Plain functions the page calls, where template macros cost more than
the lookup itself; as the page's `_()` does, a translation is markup and its parameters are
escaped."""

from __future__ import annotations

from markupsafe import Markup

from station.custody import states
from station.residents.timeline import Step
from station.site import Site
from station.web.i18n import current_locale, gettext

STATUS = {
    states.RECEIVED: "Received at the gate, waiting for disinfection",
    states.DISINFECTED: "Disinfected, about to go on its shelf",
    states.SHELVED: "On its shelf at the gate",
    states.OUT_FOR_DELIVERY: "On its way to you with a runner",
    states.DELIVERED: "Delivered",
    states.RETURNED: "Brought back to the gate",
    states.PICKED_UP: "Collected at the gate",
    states.PROBLEM: "There is a problem with this parcel",
    states.VOIDED: "This record was undone at the gate",
}
# A step's words; (with its place, without) where a step may name a gate or a shelf.
STEP = {
    states.RECEIVED: ("Received at %(gate)s", "Received at the gate"),
    states.DISINFECTED: "Disinfected",
    states.SHELVED: ("On shelf %(shelf)s", "On its shelf"),
    states.MOVED: ("Moved to shelf %(shelf)s", "Moved to shelf %(shelf)s"),
    states.OUT_FOR_DELIVERY: "Out with a runner",
    states.DELIVERED: "Delivered",
    states.RETURNED: "Brought back to the gate",
    states.PICKED_UP: ("Collected at the gate on the household's behalf", "Collected at the gate"),
    states.PROBLEM: "A volunteer marked a problem",
    states.RESOLVED: "The problem was sorted out",
    states.VOIDED: "The gate undid this record",
    states.OUTCOME_UNDONE: "The runner took back the last step: on the way to you again",
}
PLACE = {states.RECEIVED: "gate", states.SHELVED: "shelf", states.MOVED: "shelf"}


def _(message: str) -> Markup:
    return Markup(gettext(message))


def status(code: str) -> Markup | str:
    return _(STATUS[code]) if code in STATUS else code


def step(step: Step) -> Markup:
    words = STEP.get(step.kind)
    if words is None:
        return Markup()
    if isinstance(words, str):
        if step.kind == states.RETURNED:
            return Markup(": ").join((_(words), _(step.reason_words or "")))
        return _(words)
    if step.kind == states.PICKED_UP:
        return _(words[0] if step.proxy else words[1])
    if step.place or step.kind == states.MOVED:
        return _(words[0]) % {PLACE[step.kind]: step.place}
    return _(words[1])


def category(site: Site, code: str) -> str:
    found = site.categories.get(code)
    if found is None:
        return code
    return found.name_zh if current_locale.get() == "zh_CN" else found.name_en
