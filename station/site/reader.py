"""Typed access to a parsed site file, whose every refusal names the file, the key and what was expected (pure)."""

from __future__ import annotations

import re
from typing import Any

BUILDING_CODE = re.compile(r"^[0-9]{1,4}[A-Z]?$")


class SiteError(ValueError):
    """A site file that cannot be used, with where and why."""

    def __init__(self, source: str, key: str, expected: str, got: Any = None) -> None:
        self.source, self.key, self.expected = source, key, expected
        detail = f"{source}: {key}: expected {expected}"
        if got is not None:
            detail += f", got {got!r}"
        super().__init__(detail)


class Reader:
    """Typed access to the parsed TOML that raises SiteError with the key path."""

    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, key: str, expected: str, got: Any = None) -> SiteError:
        return SiteError(self.source, key, expected, got)

    def table(self, data: dict, key: str, path: str, *, required: bool = True) -> dict:
        value = data.get(key, None if required else {})
        if not isinstance(value, dict):
            raise self.fail(join_key(path, key), "a table", value)
        return value

    def tables(self, data: dict, key: str, path: str = "") -> list[dict]:
        value = data.get(key)
        if not isinstance(value, list) or not value or not all(isinstance(v, dict) for v in value):
            raise self.fail(join_key(path, key), "a non-empty array of tables ([[" + key + "]])", value)
        return value

    def text(self, data: dict, key: str, path: str, default: str | None = None) -> str:
        value = data.get(key, default)
        if not isinstance(value, str) or not value.strip():
            raise self.fail(join_key(path, key), "a non-empty string", value)
        return value.strip()

    def integer(self, data: dict, key: str, path: str, default: int | None = None,
                *, low: int = 1, high: int = 100_000) -> int:
        value = data.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise self.fail(join_key(path, key), f"a whole number from {low} to {high}", value)
        return value


def join_key(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def expand_codes(spec: Any, key: str, reader: Reader) -> list[str]:
    """'1-8' or ['1', '3', '5-7'] -> building codes."""
    items = spec if isinstance(spec, list) else [spec]
    codes: list[str] = []
    for item in items:
        item = str(item).strip() if isinstance(item, (str, int)) and not isinstance(item, bool) else None
        if item is None:
            raise reader.fail(key, "building numbers such as \"1-8\" or [\"1\", \"3\"]", spec)
        match = re.fullmatch(r"(\d+)\s*-\s*(\d+)", item)
        if match:
            low, high = int(match[1]), int(match[2])
            if low > high:
                raise reader.fail(key, "a range whose first number is the smaller", item)
            codes.extend(str(n) for n in range(low, high + 1))
        elif BUILDING_CODE.match(item):
            codes.append(item)
        else:
            raise reader.fail(key, "a building number such as \"10\" or a range \"1-8\"", item)
    return codes
