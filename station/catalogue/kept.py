"""A message kept in a column or a custody detail: the JSON of its Said, said again when read.

Rows written before messages were kept hold an English sentence; read back, it is the generic
message around that sentence, so it still shows (translated where the sentence is a msgid).
"""

from __future__ import annotations

import importlib
import json
import pkgutil
from collections.abc import Mapping
from functools import cache
from typing import Any

import station.catalogue
from station.catalogue import CATALOGUE, Message, Said, said


def keep(message: Said | Message | str | None) -> str | None:
    """The text a column keeps for a message (a bare sentence is kept as the generic message)."""
    if message is None:
        return None
    return json.dumps(said(message).to_json(), ensure_ascii=False, separators=(",", ":"))


def kept(text: str | None) -> Said | None:
    """The message a column kept, or an older row's plain sentence as said."""
    if text is None or text == "":
        return None
    try:
        data = json.loads(text)
    except ValueError:
        return said(text)
    return kept_detail(data) or said(text)


def kept_detail(value: Any) -> Said | None:
    """The message in a custody detail kept as `Said.to_json()`; None for any other value."""
    if not (isinstance(value, Mapping) and set(value) == {"code", "params"} and isinstance(value["params"], Mapping)):
        return None
    if value["code"] not in CATALOGUE:
        _every_message()  # a reader (a CLI command, a worker) that has not imported the message's part
    try:
        return Said.from_json(value)
    except (KeyError, TypeError, ValueError):  # a code no longer catalogued
        return None


@cache
def _every_message() -> None:
    for module in pkgutil.iter_modules(station.catalogue.__path__):
        importlib.import_module(f"station.catalogue.{module.name}")
