"""Categories: the codes the API and the site file use, and the names every one of them has."""

from __future__ import annotations

import pytest

from station.runs.scope import PLURALS
from station.site import CategoryCode, load_site
from tests.support import DEMO


def test_the_codes_are_the_ones_clients_send():
    assert [code.value for code in CategoryCode] == ["meal", "fresh", "express", "medicine", "valuable", "bulky"]


def test_every_category_has_its_plural_for_a_claim():
    assert set(PLURALS) == set(CategoryCode)


@pytest.mark.parametrize("name", ["small.toml", "large.toml"])
def test_every_demo_site_names_every_category_in_both_languages(name):
    site = load_site(DEMO / name)
    assert set(site.categories) == set(CategoryCode)
    assert all(c.name_zh and c.name_en and c.symbol for c in site.categories.values())
