"""Everything the station says to a person: a message with a stable code and English source text
with {named} placeholders, said with its parameters and rendered in the reader's language.

Pure: it knows no web layer. Whoever shows a message hands it a gettext (the page's or the
request's language); logs and the terminal read it in English. `pybabel extract` finds every
`Message(code, text)` by the keyword `Message:2` (babel.cfg).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from station.timefmt import hhmm

Gettext = Callable[[str], str]
ENGLISH: Gettext = str
CATALOGUE: dict[str, Message] = {}


@dataclass(frozen=True)
class Message:
    code: str
    text: str

    def __post_init__(self) -> None:
        known = CATALOGUE.setdefault(self.code, self)
        if known.text != self.text:
            raise ValueError(f"message code {self.code} is used for two texts")

    def __call__(self, **params: Any) -> Said:
        return Said(self, params)


@dataclass(frozen=True)
class Said:
    """A message with its parameters, as a person will read it."""

    message: Message
    params: Mapping[str, Any] = field(default_factory=dict)

    @property
    def code(self) -> str:
        return self.message.code

    def render(self, gettext: Gettext = ENGLISH, locale: str = "en") -> str:
        values = {name: _value(value, gettext, locale) for name, value in self.params.items()}
        return gettext(self.message.text).format(**values)

    def __str__(self) -> str:
        return self.render()

    def to_json(self) -> dict[str, Any]:
        """The message and its parameters as JSON, to keep (an idempotent answer) and say later."""
        return {"code": self.code, "params": {name: _to_json(value) for name, value in self.params.items()}}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Said:
        return cls(CATALOGUE[data["code"]], {name: _from_json(v) for name, v in data["params"].items()})


@dataclass(frozen=True)
class Word:
    """A parameter that is itself a word of the interface (a state, a reason): translated too."""

    text: str


@dataclass(frozen=True)
class Named:
    """A parameter with its own name in each language (a category, zone or method of the site file)."""

    en: str
    zh: str


@dataclass(frozen=True)
class Joined:
    """Several parameters in a row, each rendered, joined by a translated separator."""

    items: tuple[Any, ...]
    separator: str = ", "

    @classmethod
    def of(cls, items: Iterable[Any], separator: str = ", ") -> Joined:
        return cls(tuple(items), separator)


def at(time: datetime, timezone: str) -> str:
    """A time of day as the gate reads it: the site's clock, HH:MM, no zone name."""
    return hhmm(time, timezone)


def render_value(value: Any, gettext: Gettext = ENGLISH, locale: str = "en") -> Any:
    """A message or a parameter (a word, a name, a row of them) in the reader's language."""
    return _value(value, gettext, locale)


def _value(value: Any, gettext: Gettext, locale: str) -> Any:
    if isinstance(value, Said):
        return value.render(gettext, locale)
    if isinstance(value, Word):
        return gettext(value.text)
    if isinstance(value, Named):
        return value.zh if locale.startswith("zh") and value.zh else value.en
    if isinstance(value, Joined):
        return gettext(value.separator).join(str(_value(v, gettext, locale)) for v in value.items)
    return value


def _to_json(value: Any) -> Any:
    if isinstance(value, Said):
        return {"said": value.to_json()}
    if isinstance(value, Word):
        return {"word": value.text}
    if isinstance(value, Named):
        return {"en": value.en, "zh": value.zh}
    if isinstance(value, Joined):
        return {"joined": [_to_json(v) for v in value.items], "separator": value.separator}
    return value if isinstance(value, (int, float)) else str(value)


def _from_json(value: Any) -> Any:
    if not isinstance(value, dict):
        return value
    if "said" in value:
        return Said.from_json(value["said"])
    if "word" in value:
        return Word(value["word"])
    if "joined" in value:
        return Joined(tuple(_from_json(v) for v in value["joined"]), value["separator"])
    return Named(value["en"], value["zh"])


def said(message: Said | Message | str) -> Said:
    """Any message as said: a Message without parameters, or a bare sentence (from a library or an
    older caller), which keeps the generic code and is still looked up in the catalogue."""
    if isinstance(message, Said):
        return message
    if isinstance(message, Message):
        return message()
    return Said(UNCATALOGUED, {"text": Word(message)})


def problem_of(exc: BaseException) -> Said | str:
    """What an exception says: the message it was raised with (a ValueError(Said) of a pure parser), else its text."""
    first = exc.args[0] if exc.args else None
    return first if isinstance(first, Said) else str(exc)


UNCATALOGUED = Message("station.error", "{text}")
