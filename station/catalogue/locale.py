"""The reader's language: the zh-CN (default) and en catalogues, and the request's locale.

Source strings are English; every `station/locale/<locale>/LC_MESSAGES/*.po` holds translations
(one file per part of the station), read with Babel when first needed, so there is no compile step
to forget. The locale is set per request by station.web.i18n; pages, the API and messages read it here.
"""

from __future__ import annotations

from contextvars import ContextVar
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Annotated, Any

from babel.messages.pofile import read_po
from pydantic import PlainSerializer, WithJsonSchema

from station.catalogue import Message, Said, render_value, said

LOCALES = {"zh_CN": "中文", "en": "English"}
DEFAULT_LOCALE = "zh_CN"
LOCALE_DIR = Path(str(resources.files("station") / "locale"))
current_locale: ContextVar[str] = ContextVar("current_locale", default=DEFAULT_LOCALE)


@cache
def catalog(locale: str) -> dict[str, str]:
    merged: dict[str, str] = {}
    for path in sorted((LOCALE_DIR / locale / "LC_MESSAGES").glob("*.po")):
        with path.open("rb") as handle:
            po = read_po(handle, locale=locale)
        merged.update({message.id: message.string for message in po
                       if message.id and message.string and isinstance(message.id, str)})
    return merged


def gettext(message: str) -> str:
    return catalog(current_locale.get()).get(message, message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return gettext(singular if n == 1 else plural)


def say(message: Any) -> str:
    """A catalogued message (or the one an error carries, or a bare sentence) in the reader's language."""
    if hasattr(message, "translated"):
        return message.translated(gettext, current_locale.get())
    if isinstance(message, (Said, Message, str)):
        return said(message).render(gettext, current_locale.get())
    return render_value(message, gettext, current_locale.get())


# A field of an API answer that is a sentence: made as a Said by a service (which may run on another
# request's thread, inside a group commit), put into the reader's language when the answer is sent.
Sentence = Annotated[Any, PlainSerializer(say, return_type=str), WithJsonSchema({"type": "string"})]


def said_later(answer: dict[str, Any], sentences: dict[str, Said | None]) -> dict[str, Any]:
    """An answer made inside a write (run on whichever request's thread commits, and remembered
    for replays) with its sentences kept as messages, by path ("parcel.unresolved_reason")."""
    kept = {path: message.to_json() for path, message in sentences.items() if message is not None}
    return answer | {"said": kept} if kept else answer


def said_now(answer: dict[str, Any]) -> dict[str, Any]:
    """The answer with the sentences `said_later` kept put into the reader's language."""
    for path, data in answer.pop("said", {}).items():
        *outer, name = path.split(".")
        place = answer
        for key in outer:
            place = place[key]
        place[name] = say(Said.from_json(data))
    return answer
