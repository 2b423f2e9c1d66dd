"""What a runner may claim, checked against the site."""

from __future__ import annotations

import pytest

from station.errors import InvalidInput
from station.runs.scope import Scope, make_scope


def test_scopes_and_their_words(small_site):
    assert make_scope(small_site, building="10栋") == Scope("building", "10")
    assert make_scope(small_site, grid="g3") == Scope("grid", "G3")
    assert make_scope(small_site, category="meal") == Scope("category", "meal", ("meal",))
    assert make_scope(small_site, category="meal", grid="G3") == Scope("grid", "G3", ("meal",))
    assert make_scope(small_site, building="10", categories=["medicine", "meal", "medicine"]) == \
        Scope("building", "10", ("medicine", "meal"))
    assert Scope("building", "10").describe() == "building 10"
    assert Scope("grid", "G3", ("meal",)).describe() == "meals in grid G3"
    assert Scope("category", "meal", ("meal",)).describe() == "all meals"
    assert Scope("building", "10", ("medicine", "valuable")).describe() == "medicine, valuables in building 10"


def test_the_buildings_a_scope_takes(small_site):
    assert Scope("building", "10").buildings(small_site) == ("10",)
    assert Scope("grid", "G3").buildings(small_site) == ("9", "10", "11", "12")
    assert len(Scope("category", "meal", ("meal",)).buildings(small_site)) == 20


@pytest.mark.parametrize(("kwargs", "message"), [
    ({}, "say what to claim"),
    ({"building": "99"}, "there is no building 99"),
    ({"grid": "G9"}, "there is no grid G9; grids: G1, G2, G3, G4, G5"),
    ({"building": "1", "grid": "G1"}, "not both"),
    ({"category": "pizza"}, "there is no category 'pizza'"),
    ({"categories": ["meal", "fresh"]}, "say what to claim"),
])
def test_bad_scopes_say_what_is_wrong(small_site, kwargs, message):
    with pytest.raises(InvalidInput, match=message):
        make_scope(small_site, **kwargs)
