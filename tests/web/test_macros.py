"""The pages' shared macros: one error banner, written the same way wherever a page shows one."""

from __future__ import annotations

import re

from markupsafe import Markup

from station.web.pages import TEMPLATE_DIR, environment


def banner(*args, **kwargs) -> str:
    return str(environment().get_template("_macros.html").module.error_banner(*args, **kwargs))


def test_the_banner_escapes_what_was_typed_and_keeps_what_is_markup():
    assert banner("no parcel is known by '<b>'") == (
        '<p class="card error" role="alert">no parcel is known by &#39;&lt;b&gt;&#39;</p>')
    assert banner(Markup("<b>kept</b>"), "alert") == '<p class="alert" role="alert"><b>kept</b></p>'


def test_the_banner_carries_the_id_a_script_looks_for_and_a_hint():
    assert banner("run R1 is closed", id="run-error") == (
        '<p id="run-error" class="card error" role="alert">run R1 is closed</p>')
    assert banner("bad file", hint="Nothing was changed.") == (
        '<section class="card site-error" role="alert"><p class="error">bad file</p>'
        '<p class="hint">Nothing was changed.</p></section>')


def test_no_page_writes_an_alert_paragraph_by_hand():
    by_hand = re.compile(r'<p\b[^>]*role="alert"')
    pages = [path for path in TEMPLATE_DIR.rglob("*.html") if path.name != "_macros.html"]
    assert len(pages) > 30
    assert [path.relative_to(TEMPLATE_DIR).as_posix() for path in pages
            if by_hand.search(path.read_text(encoding="utf-8"))] == []
