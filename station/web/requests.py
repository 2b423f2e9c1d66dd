"""A request FastAPI could not validate, said as a catalogued message instead of pydantic's English."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from station.catalogue import Joined, Said
from station.catalogue import request as text

BY_TYPE = {
    "missing": text.MISSING, "extra_forbidden": text.UNKNOWN_FIELD,
    "string_type": text.NOT_TEXT, "int_parsing": text.NOT_NUMBER, "int_type": text.NOT_NUMBER,
    "int_from_float": text.NOT_NUMBER, "float_parsing": text.NOT_DECIMAL, "float_type": text.NOT_DECIMAL,
    "bool_parsing": text.NOT_YES_NO, "bool_type": text.NOT_YES_NO, "list_type": text.NOT_LIST,
    "dict_type": text.NOT_OBJECT, "model_attributes_type": text.NOT_OBJECT,
}
LIMITED = {
    "string_too_long": (text.TOO_LONG, "max_length"), "too_long": (text.TOO_LONG, "max_length"),
    "string_too_short": (text.TOO_SHORT, "min_length"), "too_short": (text.TOO_SHORT, "min_length"),
    "greater_than_equal": (text.AT_LEAST, "ge"), "less_than_equal": (text.AT_MOST, "le"),
    "greater_than": (text.ABOVE, "gt"), "less_than": (text.BELOW, "lt"),
}


def request_problem(errors: Iterable[Mapping[str, Any]]) -> Said:
    problems = [_one(error) for error in errors] or [text.NOT_VALID(field="body")]
    return text.INVALID(problems=Joined.of(problems, "; "))


def _one(error: Mapping[str, Any]) -> Said:
    kind, context = error.get("type", ""), error.get("ctx") or {}
    field = ".".join(str(part) for part in error.get("loc", ())[1:]) or "body"
    if kind == "json_invalid":
        return text.NOT_JSON()
    if kind in BY_TYPE:
        return BY_TYPE[kind](field=field)
    if kind in LIMITED:
        message, key = LIMITED[kind]
        return message(field=field, limit=context.get(key, "?"))
    if kind in ("literal_error", "enum"):
        choices = re.split(r",\s*|\s+or\s+", str(context.get("expected", "?")).replace("'", ""))
        return text.ONE_OF(field=field, choices=Joined.of(choice for choice in choices if choice))
    return text.NOT_VALID(field=field)
