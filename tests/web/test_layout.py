"""The layout every volunteer page shares: the nav offers what the role may open, the icon is there."""

from __future__ import annotations

import re

import pytest

from station.app import create_app
from station.config import Settings
from tests.support import ACCOUNTS, signed_in_client

# Each page of the top bar, and what it asks of the signed-in volunteer, as its route declares.
NAV = ("/gate", "/gate/handover", "/disinfect", "/shelves", "/runs", "/dashboard", "/gate/unresolved",
       "/residents/group-buys", "/notify", "/admin")


@pytest.fixture
def app(sqlite_db):
    return create_app(Settings(database_url=sqlite_db.url), db=sqlite_db)


@pytest.mark.parametrize("name", sorted(ACCOUNTS))
def test_the_nav_offers_exactly_the_pages_the_role_may_open(app, name):
    client = signed_in_client(app, name)
    shelves = client.get("/shelves")  # every role may open the shelf map
    nav = re.search(r"<nav\b.*?</nav>", shelves.text, re.S).group(0)
    offered = set(re.findall(r'href="([^"]+)"', nav))
    may_open = {path for path in NAV if client.get(path).status_code == 200}
    assert offered == may_open


def test_every_page_links_an_icon_that_answers(app):
    client = signed_in_client(app, "lead")
    for path in ("/gate", "/dashboard", "/track", "/login"):
        icon = re.search(r'<link rel="icon" href="([^"]+)"', client.get(path).text).group(1)
        answer = client.get(icon)
        assert answer.status_code == 200 and answer.headers["content-type"].startswith("image/")
    assert client.get("/favicon.ico").status_code == 200  # for a browser tab on a PDF or JSON answer
