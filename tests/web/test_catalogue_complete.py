"""Every message the station can show (Python, with the catalogue's keyword, and the templates), as
`pybabel extract -F babel.cfg` finds it, has a zh translation with the same {placeholders}."""

from __future__ import annotations

import re
import string
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg

from station.web.i18n import catalog

ROOT = Path(__file__).resolve().parents[2]
PERCENT = re.compile(r"%\((\w+)\)s")


def extracted() -> dict[str, str]:
    """msgid -> where it was found (the first place)."""
    with (ROOT / "babel.cfg").open(encoding="utf-8") as config:
        method_map, options_map = parse_mapping_cfg(config)
    found: dict[str, str] = {}
    for filename, lineno, message, _comments, _context in extract_from_dir(
            str(ROOT), method_map, options_map):
        for msgid in (message if isinstance(message, tuple) else (message,)):
            if msgid:
                found.setdefault(msgid, f"{filename}:{lineno}")
    return found


def placeholders(text: str) -> set[str]:
    names = {name for _lit, name, _spec, _conv in string.Formatter().parse(text) if name is not None}
    return names | set(PERCENT.findall(text))


def test_extraction_reads_python_catalogue_and_templates():
    found = extracted()
    assert "{field} is missing" in found  # Message("request.missing", ...) in station/catalogue
    assert any(where.startswith("station/templates/") for where in found.values())


def test_every_message_has_a_chinese_translation():
    zh = catalog("zh_CN")
    missing = sorted(f"{where}: {msgid!r}" for msgid, where in extracted().items() if msgid not in zh)
    assert missing == [], f"{len(missing)} message(s) without a zh translation:\n" + "\n".join(missing)


def test_translations_keep_the_placeholders():
    zh = catalog("zh_CN")
    wrong = sorted(f"{msgid!r} -> {zh[msgid]!r}" for msgid in extracted()
                   if msgid in zh and placeholders(msgid) != placeholders(zh[msgid]))
    assert wrong == [], "\n".join(wrong)
