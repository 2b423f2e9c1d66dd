"""Every interface text of the residents' part has its zh-CN translation, with the same fields."""

from __future__ import annotations

import ast
import re

import pytest

from station.residents import lookup, prereg
from station.residents.timeline import RETURN_WORDS
from station.residents.track import text as track_text
from station.web.i18n import catalog
from tests.support import ROOT

TEMPLATES = sorted((ROOT / "station" / "templates" / "residents").glob("*.html"))
GETTEXT = re.compile(r'_\("((?:[^"\\]|\\.)*)"')
RAISERS = {"BadRow": 1, "ValueError": 0, "LookupProblem": 0, "InvalidInput": 0, "Conflict": 0}
FIELD = re.compile(r"%\((\w+)\)s")


def template_texts() -> set[str]:
    return {m for path in TEMPLATES for m in GETTEXT.findall(path.read_text(encoding="utf-8"))}


def python_texts() -> set[str]:
    """Constants and literal messages the residents' modules show through the templates."""
    texts = {lookup.NEED_ROOM, lookup.NEED_TAIL, lookup.NEED_TRACKING, lookup.BAD_TRACKING, lookup.TOO_LONG,
             prereg.NOT_ACCEPTED.text, prereg.ALREADY_HERE.text, prereg.TAKEN.text, prereg.CHOOSE_CATEGORY.text,
             prereg.NOT_A_PARCEL.text}
    texts.update(track_text.STATUS.values(), RETURN_WORDS.values())
    texts.update(w for words in track_text.STEP.values() for w in ((words,) if isinstance(words, str) else words))
    for module in ("groupbuy.py", "prereg.py", "households/routes.py"):
        tree = ast.parse((ROOT / "station" / "residents" / module).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) in RAISERS:
                index = RAISERS[node.func.id]
                if len(node.args) > index and isinstance(node.args[index], ast.Constant):
                    texts.add(node.args[index].value)
            if isinstance(node, ast.IfExp) and all(isinstance(b, ast.Constant) for b in (node.body, node.orelse)):
                texts.update(b.value for b in (node.body, node.orelse) if isinstance(b.value, str) and "%(" in b.value)
    return {text for text in texts if not text.startswith("category must be")}  # guarded by the route


@pytest.mark.parametrize("text", sorted(template_texts() | python_texts()))
def test_translated_with_the_same_fields(text):
    translated = catalog("zh_CN").get(text)
    assert translated, f"no zh_CN translation for {text!r}"
    assert sorted(FIELD.findall(translated)) == sorted(FIELD.findall(text))


def test_the_scan_found_the_templates():
    assert len(TEMPLATES) >= 6 and len(template_texts()) > 70
    assert "Received at %(gate)s" in python_texts() and "nobody was home" in python_texts()


def test_a_lists_refusals_are_catalogued_messages():
    """A bad row of a group-buy list, or a list that cannot be read, says a catalogued message (its
    translation checked by tests/web/test_catalogue_complete.py), never a bare sentence."""
    bare = []
    for module in ("groupbuy.py", "prereg.py", "files.py", "roster.py", "households/routes.py"):
        tree = ast.parse((ROOT / "station" / "residents" / module).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) in ("BadRow", "Rejected", "ValueError"):
                index = 1 if node.func.id in ("BadRow", "Rejected") else 0
                if len(node.args) > index and isinstance(node.args[index], (ast.Constant, ast.JoinedStr)):
                    bare.append(f"{module}:{node.lineno}")
    assert bare == []
