"""Every text of the dashboard and administration pages has its zh-CN translation."""

from pathlib import Path

import pytest
from babel.messages.extract import extract_from_file

from station.admin.rules import site_changes
from station.dashboard import text as words
from station.web.i18n import catalog
from tests.support import DEMO, ROOT

TEMPLATES = [*sorted((ROOT / "station" / "templates" / "dashboard").glob("*.html")),
             *sorted((ROOT / "station" / "templates" / "admin").glob("*.html"))]


def template_messages(path: Path) -> list[str]:
    found = extract_from_file("jinja2", str(path), keywords={"_": None},
                              options={"extensions": "jinja2.ext.i18n"})
    return [message for _line, message, _comments, _context in found]


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda path: path.name)
def test_every_text_of_the_page_is_translated(path):
    missing = [message for message in template_messages(path) if message not in catalog("zh_CN")]
    assert missing == []


def test_event_types_levels_details_and_site_changes_are_translated():
    from station.site import load_site

    site = load_site(DEMO / "small.toml")
    texts = [*words.EVENTS.values(), *words.LEVELS.values(), *words.DETAILS.values(),
             *words.VERIFICATIONS.values(), *words.REASONS.values(),
             *(change.what for change in site_changes(site, site))]
    assert [text for text in texts if text not in catalog("zh_CN")] == []
